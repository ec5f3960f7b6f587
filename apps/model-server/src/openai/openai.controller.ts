import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiServingErrors, jsonOrEvents } from '../openapi/openapi-decorators';
import { schemaRef } from '../openapi/openapi-schemas';
import { clientGone } from '../common/sse';
import { chatCompletionSchema, completionSchema, parseOpenAiBody } from './openai-request.dto';
import { OpenAiService } from './openai.service';

/** The OpenAI-compatible surface: the official clients work against it unchanged. */
@ApiTags('openai')
@ApiServingErrors()
@Controller('v1')
export class OpenAiController {
  constructor(private readonly openai: OpenAiService) {}

  @Get('models')
  @ApiOperation({
    summary: 'The models this key may call: each deployment, model, version and alias id',
  })
  @ApiOkResponse({ schema: schemaRef('ModelList') })
  models(): object {
    return this.openai.models();
  }

  @Post('chat/completions')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'A chat completion, as OpenAI answers it; with `stream: true` chunks as Server-Sent Events',
    description:
      '`model` is `<model>`, `<model>@<version>` or `<model>:<alias>`; the version that answered is in `X-Alloy-Model-Version`.',
  })
  @ApiBody({ schema: schemaRef('ChatCompletionRequest') })
  @ApiResponse(jsonOrEvents('ChatCompletion', 'ChatCompletionChunk'))
  async chat(@Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.openai.chat(parseOpenAiBody(chatCompletionSchema, body), res, clientGone(req, res));
  }

  @Post('completions')
  @HttpCode(200)
  @ApiOperation({ summary: 'A text completion of a raw prompt (legacy OpenAI endpoint)' })
  @ApiBody({ schema: schemaRef('CompletionRequest') })
  @ApiResponse(jsonOrEvents('Completion', 'Completion'))
  async completions(
    @Body() body: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.openai.completions(
      parseOpenAiBody(completionSchema, body),
      res,
      clientGone(req, res),
    );
  }
}
