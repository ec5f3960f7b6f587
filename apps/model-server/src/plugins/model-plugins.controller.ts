import { Body, Controller, Get, Param, Post, Req } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { ApiServingErrors } from '../openapi/openapi-decorators';
import { parseBody } from '../common/parse-body';
import { ServingError } from '../common/serving-error';
import { clientGone } from '../common/sse';
import {
  type ModelEvaluation,
  type ModelPlugins,
  ModelPluginsService,
} from './model-plugins.service';

const MODEL = /^[a-z0-9][a-z0-9-]{0,127}$/;

export const evaluationBodySchema = z
  .object({
    evaluator: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, { error: 'must be an evaluator name' }),
    version: z.number().int().min(1).optional(),
  })
  .strict();

/** What the plugins enabled for a model offer it: their tools and evaluators. */
@ApiTags('plugins')
@ApiServingErrors()
@Controller('v1/models')
export class ModelPluginsController {
  constructor(private readonly service: ModelPluginsService) {}

  @Get(':model/plugins')
  @ApiOperation({ summary: 'The plugins that run on a model, with their tools and evaluators' })
  @ApiParam({ name: 'model', example: 'fin-advisor' })
  plugins(@Param('model') model: string): Promise<ModelPlugins> {
    return this.service.describe(this.checked(model));
  }

  @Post(':model/evaluations')
  @ApiOperation({
    summary: "Run one of the model's plugin evaluators on a deployed version; returns its metrics",
  })
  @ApiParam({ name: 'model', example: 'fin-advisor' })
  @ApiBody({
    schema: z.toJSONSchema(evaluationBodySchema, { target: 'openapi-3.0' }) as object,
  })
  evaluate(
    @Param('model') model: string,
    @Body() body: unknown,
    @Req() req: Request,
  ): Promise<ModelEvaluation> {
    const parsed = parseBody(evaluationBodySchema, body);
    return this.service.evaluate(
      { model: this.checked(model), version: parsed.version },
      parsed.evaluator,
      clientGone(req, req.res as Response),
    );
  }

  private checked(model: string): string {
    if (!MODEL.test(model)) throw ServingError.invalid('model', 'must be a model name');
    return model;
  }
}
