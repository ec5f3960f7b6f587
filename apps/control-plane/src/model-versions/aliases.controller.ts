import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
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
  @ApiOperation({ summary: 'Point an alias (production, staging, ...) at a version, atomically' })
  @ApiOkResponse({ type: AliasDto })
  set(
    @Ctx() ctx: RequestContext,
    @Param('name') name: string,
    @Param('alias') alias: string,
    @Body() body: SetAliasDto,
  ): Promise<AliasDto> {
    return this.aliases.set(ctx, name, alias, body.version);
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
