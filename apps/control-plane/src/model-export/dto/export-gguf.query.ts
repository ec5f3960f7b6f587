import { GGUF_TYPES, type GgufType } from '@alloy/model-builder';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export class ExportGgufQuery {
  @ApiPropertyOptional({
    enum: GGUF_TYPES,
    default: 'f16',
    description:
      'weight type of the 2-D tensors: f32, f16, q8_0 or q4_0 (ggml block quantisation); norms stay f32, and a matrix whose rows are not whole blocks of 32 falls back to f16',
  })
  @IsOptional()
  @IsIn(GGUF_TYPES)
  type: GgufType = 'f16';
}
