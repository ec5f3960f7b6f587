import { Authenticator } from '@alloy/identity';
import { Global, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AuditModule } from '../audit/audit.module';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ApiKeysController } from './api-keys.controller';
import { AuthContextInterceptor } from './auth-context.interceptor';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { BootstrapAdminService } from './bootstrap-admin.service';
import { CredentialsService } from './credentials.service';
import { OrganizationSettingsController } from './organization-settings.controller';
import { OrganizationsController } from './organizations.controller';
import { RateLimiter } from './rate-limiter';
import { SessionsService } from './sessions.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';
import { WorkerTokensController } from './worker-tokens.controller';

/** Identity: the guard on every route, sign-in, API keys, users, organisations, worker tokens. */
@Global()
@Module({
  imports: [AuditModule],
  controllers: [
    AuthController,
    ApiKeysController,
    UsersController,
    OrganizationsController,
    OrganizationSettingsController,
    WorkerTokensController,
  ],
  providers: [
    {
      provide: Authenticator,
      inject: [DataSource, APP_CONFIG],
      useFactory: (dataSource: DataSource, config: AppConfig) =>
        new Authenticator(dataSource, { sessionIdleMs: config.auth.sessionIdleMs }),
    },
    RateLimiter,
    CredentialsService,
    SessionsService,
    UsersService,
    BootstrapAdminService,
    AuthGuard,
    // useExisting: the one guard instance is also reachable as AuthGuard (app.get(AuthGuard)).
    { provide: APP_GUARD, useExisting: AuthGuard },
    { provide: APP_INTERCEPTOR, useClass: AuthContextInterceptor },
  ],
  exports: [Authenticator, CredentialsService],
})
export class AuthModule {}
