import type { Request } from 'express';
import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  Post,
  Put,
  Req,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ForResource } from '../auth/auth.decorators';
import { Ctx, type RequestContext } from '../common/context/request-context';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { EnablePluginDto, InstallFromDirectoryDto } from './dto/enable-plugin.dto';
import { PluginDto, PluginEnablementDto, PluginListDto } from './dto/plugin.dto';
import { PluginCatalog } from './plugin-catalog';
import { PluginEnablementsService } from './plugin-enablements.service';
import { PluginInstallService } from './plugin-install.service';
import { PACKAGE_TYPES, readPackage } from './plugin-upload';

@ApiTags('plugins')
@ForResource('plugins')
@Controller('plugins')
export class PluginsController {
  constructor(
    private readonly catalog: PluginCatalog,
    private readonly installer: PluginInstallService,
    private readonly enablements: PluginEnablementsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Installed plugins with their versions and where they are enabled' })
  @ApiOkResponse({ type: PluginListDto })
  async list(@Ctx() ctx: RequestContext): Promise<PluginListDto> {
    return { items: await this.catalog.list(ctx.organizationId!) };
  }

  @Get(':pluginId')
  @ApiOperation({ summary: 'One installed plugin' })
  @ApiNotFoundResponse()
  @ApiOkResponse({ type: PluginDto })
  get(@Ctx() ctx: RequestContext, @Param('pluginId') pluginId: string): Promise<PluginDto> {
    return this.catalog.get(ctx.organizationId!, pluginId);
  }

  @Post()
  @ApiOperation({
    summary: 'Install a plugin package (a tarball made by alloy-plugin pack)',
    description:
      'Installed for the acting organisation; by the platform organisation, for every organisation. ' +
      'With PLUGIN_TRUSTED_KEYS set, the package must carry a signature by a trusted key.',
  })
  @ApiConsumes(...PACKAGE_TYPES)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiHeader({
    name: 'X-Alloy-Signature',
    required: false,
    description: 'base64 ed25519 signature',
  })
  @ApiCreatedResponse({ type: PluginDto })
  async install(
    @Ctx() ctx: RequestContext,
    @Req() request: Request,
    @Headers('x-alloy-signature') signature?: string,
  ): Promise<PluginDto> {
    const bytes = await readPackage(
      request.headers['content-type'],
      request,
      this.config.plugins.uploadLimitBytes,
    );
    return this.installer.installTarball(ctx, bytes, signature);
  }

  @Post('from-directory')
  @ApiOperation({
    summary: 'Install a built plugin from a directory on the server (platform admins)',
  })
  @ApiCreatedResponse({ type: PluginDto })
  installFromDirectory(
    @Ctx() ctx: RequestContext,
    @Body() body: InstallFromDirectoryDto,
  ): Promise<PluginDto> {
    return this.installer.installDirectory(ctx, body.directory);
  }

  @Put(':pluginId/enablements')
  @ApiOperation({
    summary:
      'Enable a plugin for the organisation, a domain or a model (or change its configuration)',
  })
  @ApiOkResponse({ type: PluginEnablementDto })
  enable(
    @Ctx() ctx: RequestContext,
    @Param('pluginId') pluginId: string,
    @Body() body: EnablePluginDto,
  ): Promise<PluginEnablementDto> {
    return this.enablements.enable(ctx, pluginId, body);
  }

  @Delete(':pluginId/enablements/:enablementId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Disable a plugin where it was enabled' })
  @ApiNoContentResponse()
  async disable(
    @Ctx() ctx: RequestContext,
    @Param('pluginId') pluginId: string,
    @Param('enablementId') enablementId: string,
  ): Promise<void> {
    await this.enablements.disable(ctx, pluginId, enablementId);
  }
}
