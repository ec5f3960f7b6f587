import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { authStorage } from '../auth/auth-context';
import { authOf } from '../auth/auth.guard';
import { JobsService } from './jobs.service';

/**
 * Nest sends the 200 and the headers of a Server-Sent Events response one macrotask after the
 * handler starts, before a job the handler looks up is found missing: the client would get a 200
 * whose one event is an internal error. Guards finish before any of that, so an unknown job (or
 * one of another organisation) is answered 404 here. Runs after the AuthGuard, as its tenant.
 */
@Injectable()
export class JobStreamGuard implements CanActivate {
  constructor(private readonly jobs: JobsService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const id = String(context.switchToHttp().getRequest<Request>().params.id ?? '');
    const auth = authOf(context);
    if (auth) await authStorage.run(auth, () => this.jobs.findEntity(id));
    return true;
  }
}
