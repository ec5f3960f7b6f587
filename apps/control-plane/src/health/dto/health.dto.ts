import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class LivenessDto {
  @ApiProperty({ enum: ['ok'] }) status!: 'ok';
}

export class DependencyCheckDto {
  @ApiProperty({ enum: ['ok', 'down'] }) status!: 'ok' | 'down';
  @ApiPropertyOptional({ description: 'why the check failed' }) error?: string;
}

export class ReadinessChecksDto {
  @ApiProperty({ type: () => DependencyCheckDto }) postgres!: DependencyCheckDto;
  @ApiProperty({ type: () => DependencyCheckDto }) redis!: DependencyCheckDto;
}

/** The body of /readyz, with 200 when every check is ok and 503 otherwise. */
export class ReadinessDto {
  @ApiProperty({ enum: ['ok', 'unavailable'] }) status!: 'ok' | 'unavailable';
  @ApiProperty({ type: () => ReadinessChecksDto }) checks!: ReadinessChecksDto;
}
