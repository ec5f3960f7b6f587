import {
  Column,
  CreateDateColumn,
  Entity,
  Generated,
  Index,
  PrimaryGeneratedColumn,
} from 'typeorm';
import type { JobStatus } from './job.entity';
import { bigintAsNumber } from './column-transformers';

/** Every status change of a job, with its time and reason. */
@Entity({ name: 'job_transitions' })
@Index(['jobId', 'seq'])
export class JobTransitionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  @Generated('increment')
  seq!: number;

  @Column({ name: 'job_id', type: 'uuid' })
  jobId!: string;

  @Column({ name: 'from_status', type: 'varchar', length: 16, nullable: true })
  fromStatus!: JobStatus | null;

  @Column({ name: 'to_status', type: 'varchar', length: 16 })
  toStatus!: JobStatus;

  @Column({ type: 'text', default: '' })
  reason!: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  at!: Date;
}
