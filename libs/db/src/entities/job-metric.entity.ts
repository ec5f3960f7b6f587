import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from './column-transformers';

/** One point of a job's metric series, unique per (job, step): a resumed run never duplicates it. */
@Entity({ name: 'job_metrics' })
export class JobMetricEntity {
  @PrimaryColumn({ name: 'job_id', type: 'uuid' })
  jobId!: string;

  @PrimaryColumn({ type: 'integer' })
  step!: number;

  @Column({ type: 'double precision' })
  loss!: number;

  @Column({ type: 'double precision', nullable: true })
  lr!: number | null;

  @Column({ name: 'tokens_per_second', type: 'double precision', nullable: true })
  tokensPerSecond!: number | null;

  @Column({ name: 'memory_bytes', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  memoryBytes!: number | null;

  @Column({ name: 'eval_loss', type: 'double precision', nullable: true })
  evalLoss!: number | null;

  @Column({ type: 'double precision', nullable: true })
  perplexity!: number | null;

  @Column({ type: 'timestamptz', precision: 3 })
  time!: Date;
}
