import { Body, Controller, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, type RequestContext } from '../common/context/request-context';
import type { AuthContext } from './auth-context';
import { Auth, ForResource } from './auth.decorators';
import { CredentialsService } from './credentials.service';
import { CreateWorkerTokenDto, WorkerTokenDto } from './dto/auth.dto';

@ApiTags('workers')
@ForResource('workers')
@Controller('worker-tokens')
export class WorkerTokensController {
  constructor(private readonly credentials: CredentialsService) {}

  @Post()
  @ApiOperation({
    summary: 'Create a worker join token: start a worker with WORKER_TOKEN=<token> (shown once)',
  })
  @ApiCreatedResponse({ type: WorkerTokenDto })
  create(
    @Auth() auth: AuthContext,
    @Ctx() ctx: RequestContext,
    @Body() body: CreateWorkerTokenDto,
  ): Promise<WorkerTokenDto> {
    return this.credentials.createWorkerToken(auth, ctx, body);
  }
}
