import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Ctx, type RequestContext } from '../common/context/request-context';
import { CreateModelDto } from './dto/create-model.dto';
import { ListModelsQuery } from './dto/list-models.query';
import { ModelDto, ModelPageDto } from './dto/model.dto';
import { ModelsService } from './models.service';
import { ForResource } from '../auth/auth.decorators';

@ApiTags('models')
@ForResource('models')
@Controller('models')
export class ModelsController {
  constructor(private readonly models: ModelsService) {}

  @Get()
  @ApiOperation({ summary: 'List models (cursor pagination, filters by domain and base model)' })
  @ApiOkResponse({ type: ModelPageDto })
  list(@Query() query: ListModelsQuery): Promise<ModelPageDto> {
    return this.models.list(query);
  }

  @Get(':name')
  @ApiOperation({ summary: 'Get a model' })
  @ApiNotFoundResponse()
  @ApiOkResponse({ type: ModelDto })
  get(@Param('name') name: string): Promise<ModelDto> {
    return this.models.get(name);
  }

  @Post()
  @ApiOperation({ summary: 'Create a model in a domain on a base model' })
  @ApiConflictResponse({ description: 'a model with this name exists' })
  @ApiCreatedResponse({ type: ModelDto })
  create(@Ctx() ctx: RequestContext, @Body() body: CreateModelDto): Promise<ModelDto> {
    return this.models.create(ctx, body);
  }

  @Post(':name/archive')
  @ApiOperation({ summary: 'Archive a model: it keeps its versions but takes no new ones' })
  @ApiCreatedResponse({ type: ModelDto })
  archive(@Ctx() ctx: RequestContext, @Param('name') name: string): Promise<ModelDto> {
    return this.models.archive(ctx, name);
  }
}
