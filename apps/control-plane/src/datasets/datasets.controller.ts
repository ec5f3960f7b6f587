import type { Request } from 'express';
import { Body, Controller, Get, Param, Post, Query, Req } from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { Ctx, type RequestContext } from '../common/context/request-context';
import { PositiveIntPipe } from '../common/http/int-param.pipe';
import { DatasetVersionsService } from './dataset-versions.service';
import { DatasetsService } from './datasets.service';
import { CreateDatasetDto } from './dto/create-dataset.dto';
import {
  DatasetDto,
  DatasetPageDto,
  DatasetPreviewDto,
  DatasetVersionDto,
  DatasetVersionPageDto,
} from './dto/dataset.dto';
import { ListDatasetVersionsQuery, ListDatasetsQuery } from './dto/list-datasets.query';
import { IngestionReportDto, ReasonStatsDto } from './dto/ingestion-report.dto';
import { PreviewQuery, UploadDatasetVersionQuery } from './dto/upload-dataset-version.query';
import { ForResource } from '../auth/auth.decorators';

@ApiTags('datasets')
@ForResource('datasets')
@Controller('datasets')
export class DatasetsController {
  constructor(
    private readonly datasets: DatasetsService,
    private readonly versions: DatasetVersionsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List datasets (cursor pagination, filters by domain and kind)' })
  @ApiOkResponse({ type: DatasetPageDto })
  list(@Query() query: ListDatasetsQuery): Promise<DatasetPageDto> {
    return this.datasets.list(query);
  }

  @Post()
  @ApiOperation({ summary: 'Create a dataset of corpus, chat or multiple-choice records' })
  @ApiConflictResponse({ description: 'a dataset with this name exists' })
  @ApiNotFoundResponse({ description: 'unknown domain' })
  @ApiCreatedResponse({ type: DatasetDto })
  create(@Ctx() ctx: RequestContext, @Body() body: CreateDatasetDto): Promise<DatasetDto> {
    return this.datasets.create(ctx, body);
  }

  @Get(':name')
  @ApiOperation({ summary: 'Get a dataset' })
  @ApiNotFoundResponse()
  @ApiOkResponse({ type: DatasetDto })
  get(@Param('name') name: string): Promise<DatasetDto> {
    return this.datasets.get(name);
  }

  @Post(':name/versions')
  @ApiOperation({
    summary: 'Upload a file as a new immutable version and queue its ingestion',
    description:
      'The body is streamed to the artifact store (raw, or the one file of a multipart body) and hashed on the way. ' +
      'Formats: .txt corpora, .jsonl and .json records ({"text"}, {"messages"}, Alpaca, multiple choice). ' +
      'Poll the version for status and progress; the report comes with it once ready.',
  })
  @ApiConsumes('application/octet-stream', 'multipart/form-data')
  @ApiBody({
    schema: {
      oneOf: [
        { type: 'string', format: 'binary' },
        { type: 'object', properties: { file: { type: 'string', format: 'binary' } } },
      ],
    },
  })
  @ApiPayloadTooLargeResponse({ description: 'larger than DATASET_UPLOAD_LIMIT' })
  @ApiUnsupportedMediaTypeResponse()
  @ApiCreatedResponse({ type: DatasetVersionDto })
  upload(
    @Ctx() ctx: RequestContext,
    @Param('name') name: string,
    @Query() query: UploadDatasetVersionQuery,
    @Req() request: Request,
  ): Promise<DatasetVersionDto> {
    return this.versions.upload(ctx, name, { headers: request.headers, stream: request }, query);
  }

  @Get(':name/versions')
  @ApiOperation({ summary: "List a dataset's versions (reports left out)" })
  @ApiOkResponse({ type: DatasetVersionPageDto })
  listVersions(
    @Param('name') name: string,
    @Query() query: ListDatasetVersionsQuery,
  ): Promise<DatasetVersionPageDto> {
    return this.versions.list(name, query);
  }

  @Get(':name/versions/:version')
  @ApiOperation({ summary: 'Get a version with its status, ingestion progress and report' })
  @ApiNotFoundResponse()
  @ApiOkResponse({ type: DatasetVersionDto })
  getVersion(
    @Param('name') name: string,
    @Param('version', new PositiveIntPipe('version')) version: number,
  ): Promise<DatasetVersionDto> {
    return this.versions.get({ name, version });
  }

  @Get(':name/versions/:version/report')
  @ApiOperation({ summary: 'The ingestion report of a version' })
  @ApiConflictResponse({ description: 'ingestion has not finished' })
  @ApiExtraModels(ReasonStatsDto)
  @ApiOkResponse({ type: IngestionReportDto })
  getReport(
    @Param('name') name: string,
    @Param('version', new PositiveIntPipe('version')) version: number,
  ): Promise<Record<string, unknown>> {
    return this.versions.getReport({ name, version });
  }

  @Get(':name/versions/:version/preview')
  @ApiOperation({ summary: 'A page of the cleaned records of a ready version' })
  @ApiConflictResponse({ description: 'the version is not ready' })
  @ApiOkResponse({ type: DatasetPreviewDto })
  preview(
    @Param('name') name: string,
    @Param('version', new PositiveIntPipe('version')) version: number,
    @Query() query: PreviewQuery,
  ): Promise<DatasetPreviewDto> {
    return this.versions.getPreview({ name, version }, query);
  }
}
