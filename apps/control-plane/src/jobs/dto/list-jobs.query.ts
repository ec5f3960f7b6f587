import { JOB_KINDS, type JobKind } from '@alloy/contracts';
import { JOB_STATUSES, type JobStatus } from '@alloy/db';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page-query.dto';

export class ListJobsQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: JOB_STATUSES }) @IsOptional() @IsIn(JOB_STATUSES) status?: JobStatus;
  @ApiPropertyOptional({ enum: JOB_KINDS }) @IsOptional() @IsIn(JOB_KINDS) kind?: JobKind;
  @ApiPropertyOptional({ description: 'model name' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  model?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) worker?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() pipeline?: string;

  @ApiPropertyOptional({ enum: ['createdAt'], default: 'createdAt' })
  @IsOptional()
  @IsIn(['createdAt'])
  sort = 'createdAt' as const;
}
