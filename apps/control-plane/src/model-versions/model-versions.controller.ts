import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { PositiveIntPipe } from '../common/http/int-param.pipe';
import {
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Ctx, type RequestContext } from '../common/context/request-context';
import { ListModelVersionsQuery } from './dto/list-model-versions.query';
import { LineageDto, ModelVersionDto, ModelVersionPageDto } from './dto/model-version.dto';
import { RegisterModelVersionDto } from './dto/register-model-version.dto';
import { UpdateModelVersionDto } from './dto/update-model-version.dto';
import { LineageService } from './lineage.service';
import { ModelVersionsService } from './model-versions.service';
import { ForResource } from '../auth/auth.decorators';

@ApiTags('model-versions')
@ForResource('models')
@Controller()
export class ModelVersionsController {
  constructor(
    private readonly versions: ModelVersionsService,
    private readonly lineageService: LineageService,
  ) {}

  @Post('models/:name/versions')
  @ApiOperation({ summary: 'Register a new version of a model from an artifact directory' })
  @ApiCreatedResponse({ type: ModelVersionDto })
  register(
    @Ctx() ctx: RequestContext,
    @Param('name') name: string,
    @Body() body: RegisterModelVersionDto,
  ): Promise<ModelVersionDto> {
    return this.versions.register(ctx, name, body);
  }

  @Get('models/:name/versions')
  @ApiOperation({ summary: "List a model's versions" })
  @ApiOkResponse({ type: ModelVersionPageDto })
  listOfModel(
    @Param('name') name: string,
    @Query() query: ListModelVersionsQuery,
  ): Promise<ModelVersionPageDto> {
    return this.versions.listOfModel(name, query);
  }

  @Get('models/:name/versions/:version')
  @ApiOperation({ summary: 'Get a version by its number within the model' })
  @ApiNotFoundResponse()
  @ApiOkResponse({ type: ModelVersionDto })
  getByNumber(
    @Param('name') name: string,
    @Param('version', new PositiveIntPipe('version')) version: number,
  ): Promise<ModelVersionDto> {
    return this.versions.getByNumber(name, version);
  }

  @Get('model-versions')
  @ApiOperation({ summary: 'List versions across models (filters: model, domain, status, base)' })
  @ApiOkResponse({ type: ModelVersionPageDto })
  list(@Query() query: ListModelVersionsQuery): Promise<ModelVersionPageDto> {
    return this.versions.list(query);
  }

  @Get('model-versions/:id')
  @ApiOperation({ summary: 'Get a version by id' })
  @ApiNotFoundResponse()
  @ApiOkResponse({ type: ModelVersionDto })
  get(@Param('id') id: string): Promise<ModelVersionDto> {
    return this.versions.getById(id);
  }

  @Get('model-versions/:id/lineage')
  @ApiOperation({ summary: 'Ancestors and descendants of a version' })
  @ApiOkResponse({ type: LineageDto })
  lineage(@Param('id') id: string): Promise<LineageDto> {
    return this.lineageService.lineage(id);
  }

  @Patch('model-versions/:id')
  @ApiOperation({ summary: 'Mark a version ready or failed, or add metrics' })
  @ApiOkResponse({ type: ModelVersionDto })
  update(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Body() body: UpdateModelVersionDto,
  ): Promise<ModelVersionDto> {
    return this.versions.update(ctx, id, body);
  }

  @Post('model-versions/:id/archive')
  @ApiOperation({ summary: 'Archive a version (it must hold no alias)' })
  @ApiCreatedResponse({ type: ModelVersionDto })
  archive(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<ModelVersionDto> {
    return this.versions.archive(ctx, id);
  }
}
