import type { GpuInfo } from '@alloy/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A registered GPU (or CPU-only) worker, kept fresh by heartbeats. */
@Entity({ name: 'workers' })
export class WorkerEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ type: 'varchar', length: 255 })
  host!: string;

  @Column({ type: 'jsonb', default: [] })
  gpus!: GpuInfo[];

  @Column({ type: 'jsonb', default: {} })
  labels!: Record<string, string>;

  @Column({ name: 'max_concurrent_jobs', type: 'integer', default: 1 })
  maxConcurrentJobs!: number;

  @Column({ name: 'protocol_version', type: 'integer' })
  protocolVersion!: number;

  @Column({ name: 'spec_versions', type: 'integer', array: true })
  specVersions!: number[];

  @Column({ type: 'varchar', length: 64, default: '' })
  version!: string;

  /** No new jobs are scheduled on a cordoned worker. */
  @Column({ type: 'boolean', default: false })
  cordoned!: boolean;

  /** Cordoned, and asked to exit once its running jobs end. */
  @Column({ type: 'boolean', default: false })
  draining!: boolean;

  @Column({ name: 'running_job_ids', type: 'jsonb', default: [] })
  runningJobIds!: string[];

  @Column({ name: 'last_heartbeat_at', type: 'timestamptz', precision: 3 })
  lastHeartbeatAt!: Date;

  @CreateDateColumn({ name: 'registered_at', type: 'timestamptz', precision: 3 })
  registeredAt!: Date;
}
