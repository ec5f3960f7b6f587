import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import type { Observable } from 'rxjs';
import { authStorage } from './auth-context';
import { authOf } from './auth.guard';

/**
 * Runs the handler (and its pipes) inside the AuthContext the guard accepted. Nest binds the
 * deferred handler to the async context in which `next.handle()` is called, so calling it inside
 * `run` is enough for everything the handler awaits.
 */
@Injectable()
export class AuthContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const auth = authOf(context);
    return auth ? authStorage.run(auth, () => next.handle()) : next.handle();
  }
}
