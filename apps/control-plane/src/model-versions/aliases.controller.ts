import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Ctx, type RequestContext } from '../common/context/request-context';
import { AliasesService } from './aliases.service';
import { AliasDto, AliasHistoryDto, AliasListDto } from './dto/alias.dto';
import { SetAliasDto } from './dto/set-alias.dto';
import { ForResource } from '../auth/auth.decorators';

@ApiTags('aliases')
@ForResource('models')
@Controller('models/:name/aliases')
export class AliasesController {
  constructor(private readonly aliases: AliasesService) {}

  @Get()
  @ApiOperation({ summary: "List a model's aliases" })
  @ApiOkResponse({ type: AliasListDto })
  async list(@Param('name') name: string): Promise<AliasListDto> {
    return { items: await this.aliases.list(name) };
  }

  @Put(':alias')
  @ApiOperation({
    summary:
      'Point an alias (production, staging, ...) at a version, atomically; production only through the promotion gate',
  })
  @ApiOkResponse({ type: AliasDto })
  @ApiConflictResponse({
    description:
      'PROMOTION_GATE_FAILED: the version fails the promotion gate (details: each failing check with its value and threshold); or the version cannot hold an alias',
  })
  @ApiForbiddenResponse({ description: 'GATE_OVERRIDE_FORBIDDEN: an override by a non-admin' })
  set(
    @Ctx() ctx: RequestContext,
    @Param('name') name: string,
    @Param('alias') alias: string,
    @Body() body: SetAliasDto,
  ): Promise<AliasDto> {
    return this.aliases.set(ctx, name, alias, body.version, undefined, {
      override: body.override,
    });
  }

  @Delete(':alias')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove an alias (its history is kept)' })
  @ApiNoContentResponse()
  remove(
    @Ctx() ctx: RequestContext,
    @Param('name') name: string,
    @Param('alias') alias: string,
  ): Promise<void> {
    return this.aliases.remove(ctx, name, alias);
  }

  @Get(':alias/history')
  @ApiOperation({ summary: 'Every move of an alias, oldest first' })
  @ApiOkResponse({ type: AliasHistoryDto })
  async history(
    @Param('name') name: string,
    @Param('alias') alias: string,
  ): Promise<AliasHistoryDto> {
    return { items: await this.aliases.history(name, alias) };
  }
}
