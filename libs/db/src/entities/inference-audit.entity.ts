import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One row per inference request of a known caller, written by the model server in batches. It
 * records who asked for what and how it went, never what was said: `prompt` and `output` stay null
 * unless the organisation has turned on `inference_content_logging`. The control plane deletes
 * rows older than INFERENCE_AUDIT_RETENTION_DAYS; the model server may only insert.
 */
@Entity({ name: 'inference_audit' })
@Index(['organizationId', 'createdAt'])
export class InferenceAuditEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  /** The API key (or session) the request authenticated with. */
  @Column({ name: 'credential_id', type: 'varchar', length: 32 })
  credentialId!: string;

  /** The model as routed, or as asked for when the request failed before routing. */
  @Column({ type: 'varchar', length: 128, nullable: true })
  model!: string | null;

  @Column({ type: 'integer', nullable: true })
  version!: number | null;

  @Column({ name: 'version_id', type: 'uuid', nullable: true })
  versionId!: string | null;

  /** `rest`, `openai` or `grpc`. */
  @Column({ type: 'varchar', length: 16 })
  surface!: string;

  @Column({ type: 'boolean', default: false })
  stream!: boolean;

  @Column({ name: 'prompt_tokens', type: 'integer', nullable: true })
  promptTokens!: number | null;

  @Column({ name: 'completion_tokens', type: 'integer', nullable: true })
  completionTokens!: number | null;

  @Column({ name: 'latency_ms', type: 'integer' })
  latencyMs!: number;

  /** The HTTP status answered (gRPC calls: the HTTP status their gRPC status maps from). */
  @Column({ name: 'status_code', type: 'smallint' })
  statusCode!: number;

  /** `ok`, or the error code answered (`MODEL_NOT_FOUND`, `CANCELLED`, ...). */
  @Column({ type: 'varchar', length: 64 })
  outcome!: string;

  /** `allowed`, or `refused:<code>` when the key's role, limits or the input refused it. */
  @Column({ type: 'varchar', length: 80 })
  decision!: string;

  /** The prompt (chat messages as JSON), only when the organisation logs content. */
  @Column({ type: 'text', nullable: true })
  prompt!: string | null;

  /** The generated text, only when the organisation logs content. */
  @Column({ type: 'text', nullable: true })
  output!: string | null;

  /** When the request arrived (rows are written a little later, in batches). */
  @Index()
  @Column({ name: 'created_at', type: 'timestamptz', precision: 3, default: () => 'now()' })
  createdAt!: Date;
}
