import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Ctx, type RequestContext } from '../common/context/request-context';
import { RegisterWorkerDto, WorkerHeartbeatDto } from './dto/register-worker.dto';
import { WorkerAssignmentDto, WorkerDto, WorkerListDto } from './dto/worker.dto';
import { WorkersService } from './workers.service';
import type { AuthContext } from '../auth/auth-context';
import { Auth, ForResource, WorkerProtocol } from '../auth/auth.decorators';
import { CredentialsService } from '../auth/credentials.service';
import { WorkerCredentialDto } from '../auth/dto/auth.dto';

@ApiTags('workers')
@ForResource('workers')
@Controller('workers')
export class WorkersController {
  constructor(
    private readonly workers: WorkersService,
    private readonly credentials: CredentialsService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'List workers with their GPUs, labels, running jobs and last heartbeat',
  })
  @ApiOkResponse({ type: WorkerListDto })
  async list(): Promise<WorkerListDto> {
    return { items: await this.workers.list() };
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a worker' })
  @ApiOkResponse({ type: WorkerDto })
  get(@Param('id') id: string): Promise<WorkerDto> {
    return this.workers.get(id);
  }

  @Post(':id/credentials')
  @WorkerProtocol('join')
  @ApiOperation({
    summary:
      "Exchange a worker join token (Authorization: Bearer <WORKER_TOKEN>) for this worker's own credential and signing key",
  })
  @ApiCreatedResponse({ type: WorkerCredentialDto })
  exchange(
    @Auth() auth: AuthContext,
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
  ): Promise<WorkerCredentialDto> {
    return this.credentials.exchangeJoinToken(auth.principal, ctx, id);
  }

  @Put(':id')
  @WorkerProtocol('report')
  @ApiOperation({
    summary: 'Register (or re-register) a worker; answers with the queue it consumes',
  })
  @ApiOkResponse({ type: WorkerAssignmentDto })
  @ApiConflictResponse({
    description: "REDIS_NAMESPACE_MISMATCH: the worker's redisNamespace is not the control plane's",
  })
  register(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() body: RegisterWorkerDto,
  ): Promise<WorkerAssignmentDto> {
    return this.workers.register(ctx, id, body);
  }

  @Post(':id/heartbeat')
  @WorkerProtocol('report')
  @HttpCode(200)
  @ApiOperation({ summary: 'Worker heartbeat: GPU utilisation and running jobs' })
  @ApiOkResponse({ type: WorkerAssignmentDto })
  heartbeat(
    @Param('id') id: string,
    @Body() body: WorkerHeartbeatDto,
  ): Promise<WorkerAssignmentDto> {
    return this.workers.heartbeat(id, body);
  }

  @Post(':id/cordon')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop scheduling new jobs on a worker' })
  @ApiOkResponse({ type: WorkerDto })
  cordon(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<WorkerDto> {
    return this.workers.setState(ctx, id, 'cordon');
  }

  @Post(':id/uncordon')
  @HttpCode(200)
  @ApiOperation({ summary: 'Schedule jobs on a worker again' })
  @ApiOkResponse({ type: WorkerDto })
  uncordon(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<WorkerDto> {
    return this.workers.setState(ctx, id, 'uncordon');
  }

  @Post(':id/drain')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cordon a worker and let it exit once its running jobs end' })
  @ApiOkResponse({ type: WorkerDto })
  drain(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<WorkerDto> {
    return this.workers.setState(ctx, id, 'drain');
  }
}
