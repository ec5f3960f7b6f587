import { Column, Entity, Generated, Index, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from './column-transformers';

/**
 * An event a worker sent for a job. (jobId, runId, seq) is unique: events are delivered at least
 * once and stored once. `position` orders them and serves as the SSE event id.
 */
@Entity({ name: 'job_events' })
@Index(['jobId', 'runId', 'seq'], { unique: true })
@Index(['jobId', 'position'])
export class JobEventEntity {
  @PrimaryColumn({
    type: 'bigint',
    transformer: bigintAsNumber,
  })
  @Generated('increment')
  position!: number;

  @Column({ name: 'job_id', type: 'uuid' })
  jobId!: string;

  @Column({ name: 'run_id', type: 'varchar', length: 64 })
  runId!: string;

  @Column({ type: 'integer' })
  seq!: number;

  @Column({ type: 'integer' })
  attempt!: number;

  @Column({ name: 'worker_id', type: 'varchar', length: 64 })
  workerId!: string;

  @Column({ type: 'varchar', length: 16 })
  type!: string;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @Column({ type: 'timestamptz', precision: 3 })
  time!: Date;
}
