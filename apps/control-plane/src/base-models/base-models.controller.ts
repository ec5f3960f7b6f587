import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Ctx, type RequestContext } from '../common/context/request-context';
import { BaseModelsService } from './base-models.service';
import { BaseModelDto, BaseModelListDto } from './dto/base-model.dto';
import { RegisterBaseModelDto } from './dto/register-base-model.dto';
import { ForResource } from '../auth/auth.decorators';

@ApiTags('base-models')
@ForResource('base-models')
@Controller('base-models')
export class BaseModelsController {
  constructor(private readonly baseModels: BaseModelsService) {}

  @Get()
  @ApiOperation({ summary: 'List base models' })
  @ApiOkResponse({ type: BaseModelListDto })
  async list(): Promise<BaseModelListDto> {
    return { items: await this.baseModels.list() };
  }

  @Get(':name')
  @ApiOperation({ summary: 'Get a base model' })
  @ApiNotFoundResponse()
  @ApiOkResponse({ type: BaseModelDto })
  get(@Param('name') name: string): Promise<BaseModelDto> {
    return this.baseModels.get(name);
  }

  @Post()
  @ApiOperation({
    summary: 'Register a base model from a Hugging Face model directory on the artifact store',
    description:
      'Reads config.json, records parameter count, context length, tokenizer and sha256 of every file.',
  })
  @ApiBadRequestResponse({
    description: 'missing directory, bad config.json or unsupported architecture',
  })
  @ApiConflictResponse({ description: 'a base model with this name exists' })
  @ApiCreatedResponse({ type: BaseModelDto })
  register(@Ctx() ctx: RequestContext, @Body() body: RegisterBaseModelDto): Promise<BaseModelDto> {
    return this.baseModels.register(ctx, body);
  }
}
