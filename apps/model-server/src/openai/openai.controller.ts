import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { clientGone } from '../common/sse';
import { chatCompletionSchema, completionSchema, parseOpenAiBody } from './openai-request.dto';
import { OpenAiService } from './openai.service';

/** The OpenAI-compatible surface: the official clients work against it unchanged. */
@Controller('v1')
export class OpenAiController {
  constructor(private readonly openai: OpenAiService) {}

  @Get('models')
  models(): object {
    return this.openai.models();
  }

  @Post('chat/completions')
  @HttpCode(200)
  async chat(@Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.openai.chat(parseOpenAiBody(chatCompletionSchema, body), res, clientGone(req, res));
  }

  @Post('completions')
  @HttpCode(200)
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
