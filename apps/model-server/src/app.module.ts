import { dataSourceOptions } from '@alloy/db';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { Authenticator } from '@alloy/identity';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { InferenceAuditWriter } from './audit/inference-audit.writer';
import { CallerInterceptor, InferenceAuthGuard } from './auth/inference-auth.guard';
import { InferenceRateLimiter } from './auth/inference-rate-limiter';
import { ROOT_LOGGER } from './common/logger';
import { StreamDrain } from './serving/stream-drain';
import { ConfigModule, SERVER_CONFIG } from './config/config.module';
import type { ServerConfig } from './config/server-config';
import { DeploymentReader } from './deployments/deployment.reader';
import { DeploymentWatcher } from './deployments/deployment-watcher.service';
import { InferenceGrpcServer } from './grpc/inference.grpc-server';
import { HealthController } from './health/health.controller';
import { MetricsController } from './metrics/metrics.controller';
import { OpenAiController } from './openai/openai.controller';
import { OpenAiService } from './openai/openai.service';
import { GenerateController } from './rest/generate.controller';
import { RestGenerateService } from './rest/rest-generate.service';
import { GenerationService } from './serving/generation.service';
import { ModelRouter } from './serving/model-router.service';
import { InferencePlugins } from './plugins/inference-plugins.service';
import { ModelPluginsController } from './plugins/model-plugins.controller';
import { ModelPluginsService } from './plugins/model-plugins.service';

@Module({})
export class AppModule {
  static forRoot(config: ServerConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRootAsync({
          inject: [SERVER_CONFIG],
          useFactory: (c: ServerConfig) => ({
            ...dataSourceOptions({
              url: c.database.url,
              poolSize: c.database.poolSize,
              applicationName: 'alloy-model-server',
            }),
            retryAttempts: 2,
            retryDelay: 500,
          }),
        }),
      ],
      // OpenAI's fixed paths come before the generic /v1/models/:target route.
      controllers: [
        HealthController,
        MetricsController,
        OpenAiController,
        GenerateController,
        ModelPluginsController,
      ],
      providers: [
        { provide: ROOT_LOGGER, useValue: logger },
        {
          provide: Authenticator,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => new Authenticator(dataSource),
        },
        InferenceRateLimiter,
        InferenceAuditWriter,
        { provide: APP_GUARD, useClass: InferenceAuthGuard },
        { provide: APP_INTERCEPTOR, useClass: CallerInterceptor },
        DeploymentReader,
        DeploymentWatcher,
        ModelRouter,
        InferencePlugins,
        ModelPluginsService,
        StreamDrain,
        GenerationService,
        RestGenerateService,
        OpenAiService,
        InferenceGrpcServer,
      ],
    };
  }
}
