import { FINISHED_JOB_STATUSES, JobEntity, JobEventEntity, JobMetricEntity } from '@alloy/db';
import { Injectable, type MessageEvent } from '@nestjs/common';
import { Observable } from 'rxjs';
import { DataSource, MoreThan } from 'typeorm';
import {
  JobEventDto,
  type JobEventPageDto,
  type ListJobEventsQuery,
  MetricPointDto,
} from './dto/job-events.dto';
import { JobsService } from './jobs.service';

const POLL_MS = 500;

@Injectable()
export class JobEventsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
  ) {}

  async list(jobId: string, query: ListJobEventsQuery): Promise<JobEventPageDto> {
    await this.jobs.findEntity(jobId);
    const rows = await this.dataSource.getRepository(JobEventEntity).find({
      where: { jobId, position: MoreThan(query.after ?? 0) },
      order: { position: 'ASC' },
      take: query.limit,
    });
    return {
      items: rows.map((r) => JobEventDto.from(r)),
      nextAfter: rows.at(-1)?.position ?? query.after ?? null,
    };
  }

  async metrics(jobId: string): Promise<MetricPointDto[]> {
    await this.jobs.findEntity(jobId);
    const rows = await this.dataSource
      .getRepository(JobMetricEntity)
      .find({ where: { jobId }, order: { step: 'ASC' } });
    return rows.map((r) => MetricPointDto.from(r));
  }

  /**
   * Server-Sent Events: every stored event after `after` (Last-Event-ID), then new ones as they are
   * stored, until the job has finished. Reading from PostgreSQL lets any control-plane instance serve
   * the stream, whichever instance ingested the events.
   */
  async stream(jobId: string, after: number): Promise<Observable<MessageEvent>> {
    await this.jobs.findEntity(jobId);
    const events = this.dataSource.getRepository(JobEventEntity);
    const jobs = this.dataSource.getRepository(JobEntity);
    return new Observable<MessageEvent>((subscriber) => {
      let last = after;
      let closed = false;
      let timer: NodeJS.Timeout | undefined;
      const poll = async () => {
        try {
          const job = await jobs.findOneByOrFail({ id: jobId });
          const rows = await events.find({
            where: { jobId, position: MoreThan(last) },
            order: { position: 'ASC' },
            take: 500,
          });
          for (const row of rows) {
            last = row.position;
            subscriber.next({
              id: String(row.position),
              type: row.type,
              data: JobEventDto.from(row),
            });
          }
          if (FINISHED_JOB_STATUSES.includes(job.status) && rows.length < 500) {
            subscriber.next({
              type: 'end',
              data: { status: job.status, resultVersionId: job.resultVersionId },
            });
            subscriber.complete();
            return;
          }
        } catch (error) {
          subscriber.error(error);
          return;
        }
        if (!closed) timer = setTimeout(() => void poll(), POLL_MS);
      };
      void poll();
      return () => {
        closed = true;
        clearTimeout(timer);
      };
    });
  }
}
