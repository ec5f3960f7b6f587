import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, type RequestContext } from '../common/context/request-context';
import type { AuthContext } from './auth-context';
import { Auth, Authenticated, Public } from './auth.decorators';
import { PrincipalDto, SessionDto, SignInDto } from './dto/auth.dto';
import { SessionsService } from './sessions.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly sessions: SessionsService) {}

  @Post('sign-in')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Sign in with email and password; answers a session token (locked after repeated failures)',
  })
  @ApiOkResponse({ type: SessionDto })
  signIn(@Ctx() ctx: RequestContext, @Body() body: SignInDto): Promise<SessionDto> {
    return this.sessions.signIn(body, ctx.requestId);
  }

  @Post('refresh')
  @Authenticated()
  @HttpCode(200)
  @ApiOperation({ summary: 'Rotate the session: a new token, the current one revoked' })
  @ApiOkResponse({ type: SessionDto })
  refresh(@Auth() auth: AuthContext, @Ctx() ctx: RequestContext): Promise<SessionDto> {
    return this.sessions.refresh(auth, ctx);
  }

  @Post('sign-out')
  @Authenticated()
  @HttpCode(204)
  @ApiOperation({ summary: 'End the current session' })
  @ApiNoContentResponse()
  async signOut(@Auth() auth: AuthContext, @Ctx() ctx: RequestContext): Promise<void> {
    await this.sessions.signOut(auth, ctx);
  }

  @Get('me')
  @Authenticated()
  @ApiOperation({ summary: 'Who the credential belongs to, its role and organisation' })
  @ApiOkResponse({ type: PrincipalDto })
  me(@Auth() auth: AuthContext): PrincipalDto {
    const p = auth.principal;
    return {
      kind: p.kind,
      id: p.id,
      name: p.name,
      organizationId: p.organizationId,
      actingOrganizationId: auth.organizationId,
      platform: p.platform,
      role: p.role,
      scopes: p.scopes,
    };
  }
}
