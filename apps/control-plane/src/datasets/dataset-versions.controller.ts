import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { DatasetVersionsService } from './dataset-versions.service';
import { DatasetPreviewDto, DatasetVersionDto } from './dto/dataset.dto';
import { IngestionReportDto, ReasonStatsDto } from './dto/ingestion-report.dto';
import { PreviewQuery } from './dto/upload-dataset-version.query';
import { ForResource } from '../auth/auth.decorators';

@ApiTags('datasets')
@ForResource('datasets')
@Controller('dataset-versions')
export class DatasetVersionsController {
  constructor(private readonly versions: DatasetVersionsService) {}

  @Get(':id')
  @ApiOperation({ summary: 'Get a dataset version by id' })
  @ApiNotFoundResponse()
  @ApiOkResponse({ type: DatasetVersionDto })
  get(@Param('id') id: string): Promise<DatasetVersionDto> {
    return this.versions.get({ id });
  }

  @Get(':id/report')
  @ApiOperation({ summary: 'The ingestion report of a dataset version' })
  @ApiConflictResponse({ description: 'ingestion has not finished' })
  @ApiExtraModels(ReasonStatsDto)
  @ApiOkResponse({ type: IngestionReportDto })
  report(@Param('id') id: string): Promise<Record<string, unknown>> {
    return this.versions.getReport({ id });
  }

  @Get(':id/preview')
  @ApiOperation({ summary: 'A page of the cleaned records of a ready dataset version' })
  @ApiConflictResponse({ description: 'the version is not ready' })
  @ApiOkResponse({ type: DatasetPreviewDto })
  preview(@Param('id') id: string, @Query() query: PreviewQuery): Promise<DatasetPreviewDto> {
    return this.versions.getPreview({ id }, query);
  }
}
