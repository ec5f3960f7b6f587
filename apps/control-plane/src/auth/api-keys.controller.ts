import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, type RequestContext } from '../common/context/request-context';
import type { AuthContext } from './auth-context';
import { Auth, ForResource } from './auth.decorators';
import { CredentialsService } from './credentials.service';
import { ApiKeyDto, ApiKeyListDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/auth.dto';

@ApiTags('api-keys')
@ForResource('api-keys')
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly credentials: CredentialsService) {}

  @Get()
  @ApiOperation({
    summary: "List the organisation's API keys and worker credentials (never their secrets)",
  })
  @ApiOkResponse({ type: ApiKeyListDto })
  async list(@Auth() auth: AuthContext): Promise<ApiKeyListDto> {
    return { items: await this.credentials.list(auth.organizationId) };
  }

  @Post()
  @ApiOperation({ summary: 'Create an API key; its token is shown once, in this answer' })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  create(
    @Auth() auth: AuthContext,
    @Ctx() ctx: RequestContext,
    @Body() body: CreateApiKeyDto,
  ): Promise<CreatedApiKeyDto> {
    return this.credentials.createApiKey(auth, ctx, body);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Revoke a key (every process refuses it within a second)' })
  @ApiOkResponse({ type: ApiKeyDto })
  revoke(
    @Auth() auth: AuthContext,
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
  ): Promise<ApiKeyDto> {
    return this.credentials.revoke(auth.organizationId, ctx, id);
  }
}
