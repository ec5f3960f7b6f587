import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ModelVersionsModule } from '../model-versions/model-versions.module';
import { ModelsModule } from '../models/models.module';
import { JobCompletionService } from './job-completion.service';
import { JobEventsBatchWriter } from './job-events.batch-writer';
import { JobEventsIngestor } from './job-events.ingestor';
import { JobEventsService } from './job-events.service';
import { JobPlanner } from './job-planner';
import { JobQueues } from './job-queues';
import { PipelineEvaluationPlanner } from './pipeline-evaluation';
import { JobsController } from './jobs.controller';
import { JobEventGate } from './job-events.gate';
import { JobsService } from './jobs.service';
import { SchedulerService } from './scheduler.service';

@Module({
  imports: [AuditModule, ModelsModule, ModelVersionsModule],
  controllers: [JobsController],
  providers: [
    JobsService,
    JobEventsService,
    JobPlanner,
    PipelineEvaluationPlanner,
    JobQueues,
    SchedulerService,
    JobEventsIngestor,
    JobEventsBatchWriter,
    JobCompletionService,
    JobEventGate,
  ],
  exports: [JobsService, SchedulerService],
})
export class JobsModule {}
