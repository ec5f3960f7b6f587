import { Body, Controller, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiServingErrors, jsonOrEvents } from '../openapi/openapi-decorators';
import { schemaRef } from '../openapi/openapi-schemas';
import { parseBody } from '../common/parse-body';
import { ServingError, ServingErrorCode } from '../common/serving-error';
import { clientGone } from '../common/sse';
import { RestGenerateService } from './rest-generate.service';

const VERSION_TARGET = /^([1-9]\d{0,8}):generate$/;
const MODEL_TARGET = /^([a-z0-9][a-z0-9-]{0,127}):generate$/;
const ALIAS_PATTERN = /^[a-z][a-z0-9-]{0,62}$/;

/**
 * Alloy's versioned REST surface. The `:generate` verb is part of the last path segment (Google's
 * custom-method style), so the routes take that segment whole and split it here.
 */
@ApiTags('generate')
@ApiServingErrors()
@Controller('v1/models')
export class GenerateController {
  constructor(private readonly service: RestGenerateService) {}

  @Post(':model/versions/:target')
  @ApiOperation({ summary: 'Generate with one version of a model' })
  @ApiParam({ name: 'model', example: 'fin-advisor' })
  @ApiParam({ name: 'target', description: '<version>:generate', example: '2:generate' })
  @ApiBody({ schema: schemaRef('GenerateRequest') })
  @ApiResponse(jsonOrEvents('GenerateResponse', 'GenerateChunk'))
  async byVersion(
    @Param('model') model: string,
    @Param('target') target: string,
    @Body() body: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const match = VERSION_TARGET.exec(target);
    if (!match) throw notFound(req);
    await this.service.handle(
      { model, version: Number(match[1]) },
      parseBody(this.service.schema, body),
      res,
      clientGone(req, res),
    );
  }

  @Post(':target')
  @ApiOperation({
    summary: "Generate with a model: its alias's version, or a version drawn by the traffic split",
  })
  @ApiParam({ name: 'target', description: '<model>:generate', example: 'fin-advisor:generate' })
  @ApiQuery({
    name: 'alias',
    required: false,
    description: 'an alias of the model',
    example: 'prod',
  })
  @ApiBody({ schema: schemaRef('GenerateRequest') })
  @ApiResponse(jsonOrEvents('GenerateResponse', 'GenerateChunk'))
  async byModel(
    @Param('target') target: string,
    @Query('alias') alias: string | undefined,
    @Body() body: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const match = MODEL_TARGET.exec(target);
    if (!match) throw notFound(req);
    if (alias !== undefined && (typeof alias !== 'string' || !ALIAS_PATTERN.test(alias)))
      throw ServingError.invalid('alias', 'must be a lowercase slug starting with a letter');
    await this.service.handle(
      { model: match[1], alias },
      parseBody(this.service.schema, body),
      res,
      clientGone(req, res),
    );
  }
}

function notFound(req: Request): ServingError {
  return ServingError.notFound(ServingErrorCode.NOT_FOUND, `no route for POST ${req.path}`);
}
