import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Query,
  Sse,
  type MessageEvent,
  UseGuards,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Observable } from 'rxjs';
import { Ctx, type RequestContext } from '../common/context/request-context';
import { CreateJobDto, CreatePipelineDto } from './dto/create-job.dto';
import { JobEventPageDto, ListJobEventsQuery, MetricSeriesDto } from './dto/job-events.dto';
import { JobDto, JobPageDto, PipelineDto } from './dto/job.dto';
import { ListJobsQuery } from './dto/list-jobs.query';
import { JobEventsService } from './job-events.service';
import { JobStreamGuard } from './job-stream.guard';
import { JobsService } from './jobs.service';
import { SchedulerService } from './scheduler.service';
import { ForResource } from '../auth/auth.decorators';

@ApiTags('jobs')
@ForResource('jobs')
@Controller()
export class JobsController {
  constructor(
    private readonly jobs: JobsService,
    private readonly events: JobEventsService,
    private readonly scheduler: SchedulerService,
  ) {}

  @Post('jobs')
  @ApiOperation({ summary: 'Create a training, evaluation or export job' })
  @ApiCreatedResponse({ type: JobDto })
  async create(@Ctx() ctx: RequestContext, @Body() body: CreateJobDto): Promise<JobDto> {
    const job = await this.jobs.create(ctx, body);
    // Place it now rather than at the next scheduler tick.
    void this.scheduler.tick();
    return job;
  }

  @Get('jobs')
  @ApiOperation({ summary: 'List jobs (filters: status, kind, model, worker, pipeline)' })
  @ApiOkResponse({ type: JobPageDto })
  list(@Query() query: ListJobsQuery): Promise<JobPageDto> {
    return this.jobs.list(query);
  }

  @Get('jobs/:id')
  @ApiOperation({ summary: 'Get a job with its status history' })
  @ApiOkResponse({ type: JobDto })
  get(@Param('id') id: string): Promise<JobDto> {
    return this.jobs.get(id);
  }

  @Post('jobs/:id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a job (the trainer checkpoints first)' })
  @ApiOkResponse({ type: JobDto })
  cancel(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<JobDto> {
    return this.jobs.cancel(ctx, id);
  }

  @Post('jobs/:id/retry')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Run a failed or cancelled job again, resuming from its last checkpoint',
  })
  @ApiOkResponse({ type: JobDto })
  retry(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<JobDto> {
    return this.jobs.retry(ctx, id);
  }

  @Get('jobs/:id/events')
  @ApiOperation({ summary: "A job's events, oldest first (paginate with `after`)" })
  @ApiOkResponse({ type: JobEventPageDto })
  listEvents(
    @Param('id') id: string,
    @Query() query: ListJobEventsQuery,
  ): Promise<JobEventPageDto> {
    return this.events.list(id, query);
  }

  @Get('jobs/:id/metrics')
  @ApiOperation({
    summary: "A job's metric series: loss, learning rate, tokens/s, memory, eval loss per step",
  })
  @ApiOkResponse({ type: MetricSeriesDto })
  async metrics(@Param('id') id: string): Promise<MetricSeriesDto> {
    return { items: await this.events.metrics(id) };
  }

  @Sse('jobs/:id/events/stream')
  @UseGuards(JobStreamGuard)
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description:
      'Server-Sent Events: each job event as `event: <type>`, `id: <position>` and a JobEventDto ' +
      'as JSON `data`; when the job has finished, a last `event: end` whose data is ' +
      '{"status", "resultVersionId"}',
    content: {
      'text/event-stream': {
        schema: {
          type: 'string',
          example: 'event: started\nid: 1\ndata: {"position":1,"type":"started",...}\n\n',
        },
      },
    },
  })
  @ApiOperation({
    summary:
      'Live events over Server-Sent Events; resumes after Last-Event-ID; ends when the job does',
  })
  stream(
    @Param('id') id: string,
    @Query() query: ListJobEventsQuery,
    @Headers('last-event-id') lastEventId?: string,
  ): Promise<Observable<MessageEvent>> {
    const after = Number(lastEventId ?? query.after ?? 0);
    return this.events.stream(id, Number.isSafeInteger(after) && after > 0 ? after : 0);
  }

  @Post('pipelines')
  @ApiOperation({
    summary: "Create a chain of jobs, each starting from the previous step's version",
  })
  @ApiCreatedResponse({ type: PipelineDto })
  async createPipeline(
    @Ctx() ctx: RequestContext,
    @Body() body: CreatePipelineDto,
  ): Promise<PipelineDto> {
    const pipeline = await this.jobs.createPipeline(ctx, body);
    void this.scheduler.tick();
    return pipeline;
  }

  @Get('pipelines/:id')
  @ApiOperation({ summary: 'Get a pipeline: its jobs in order' })
  @ApiOkResponse({ type: PipelineDto })
  getPipeline(@Param('id') id: string): Promise<PipelineDto> {
    return this.jobs.getPipeline(id);
  }
}
