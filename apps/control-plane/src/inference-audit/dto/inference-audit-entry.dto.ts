import type { InferenceAuditEntity } from '@alloy/db';
import { ApiProperty } from '@nestjs/swagger';

/** One inference request as a model server recorded it. */
export class InferenceAuditEntryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'the API key id the request authenticated with' })
  apiKeyId!: string;
  @ApiProperty({ nullable: true, type: String }) model!: string | null;
  @ApiProperty({ nullable: true, type: Number }) version!: number | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) versionId!: string | null;
  @ApiProperty({ enum: ['rest', 'openai', 'grpc'] }) surface!: string;
  @ApiProperty() stream!: boolean;
  @ApiProperty({ nullable: true, type: Number }) promptTokens!: number | null;
  @ApiProperty({ nullable: true, type: Number }) completionTokens!: number | null;
  @ApiProperty() latencyMs!: number;
  @ApiProperty({ description: 'the HTTP status answered (gRPC: the status it maps from)' })
  statusCode!: number;
  @ApiProperty({ example: 'ok', description: '`ok` or the error code answered' })
  outcome!: string;
  @ApiProperty({ example: 'allowed', description: '`allowed` or `refused:<code>`' })
  decision!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'only when the organisation logs inference content',
  })
  prompt!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'only when the organisation logs inference content',
  })
  output!: string | null;
  @ApiProperty() createdAt!: string;

  static from(e: InferenceAuditEntity): InferenceAuditEntryDto {
    return {
      id: e.id,
      apiKeyId: e.credentialId,
      model: e.model,
      version: e.version,
      versionId: e.versionId,
      surface: e.surface,
      stream: e.stream,
      promptTokens: e.promptTokens,
      completionTokens: e.completionTokens,
      latencyMs: e.latencyMs,
      statusCode: e.statusCode,
      outcome: e.outcome,
      decision: e.decision,
      prompt: e.prompt,
      output: e.output,
      createdAt: e.createdAt.toISOString(),
    };
  }
}

export class InferenceAuditPageDto {
  @ApiProperty({ type: [InferenceAuditEntryDto] }) items!: InferenceAuditEntryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
