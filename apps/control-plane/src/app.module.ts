import { dataSourceOptions } from '@alloy/db';
import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ArtifactsModule } from './artifacts/artifacts.module';
import { AuditModule } from './audit/audit.module';
import { InferenceAuditModule } from './inference-audit/inference-audit.module';
import { BaseModelsModule } from './base-models/base-models.module';
import { RedisModule } from './common/redis/redis.module';
import type { AppConfig } from './config/app-config';
import { APP_CONFIG, ConfigModule } from './config/config.module';
import { DatasetsModule } from './datasets/datasets.module';
import { DeploymentsModule } from './deployments/deployments.module';
import { DomainsModule } from './domains/domains.module';
import { HealthModule } from './health/health.module';
import { ModelVersionsModule } from './model-versions/model-versions.module';
import { EvaluationsModule } from './evaluations/evaluations.module';
import { ModelExportModule } from './model-export/model-export.module';
import { ModelsModule } from './models/models.module';
import { JobsModule } from './jobs/jobs.module';
import { WorkersModule } from './workers/workers.module';
import { OrganizationsModule } from './organizations/organizations.module';
import { AuthModule } from './auth/auth.module';
import { PluginsModule } from './plugins/plugins.module';

/** Feature modules served under /api/v1 (the prefix is set in main.ts). */
const API_MODULES = [
  DomainsModule,
  BaseModelsModule,
  ModelsModule,
  ModelVersionsModule,
  EvaluationsModule,
  ModelExportModule,
  DeploymentsModule,
  AuditModule,
  InferenceAuditModule,
  WorkersModule,
  JobsModule,
  DatasetsModule,
  PluginsModule,
];

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (c: AppConfig) => ({
            ...dataSourceOptions({
              url: c.database.url,
              logging: c.database.logging,
              poolSize: c.database.poolSize,
              applicationName: 'alloy-control-plane',
            }),
            // Fail boot instead of retrying forever when the database is unreachable.
            retryAttempts: 2,
            retryDelay: 500,
          }),
        }),
        RedisModule,
        ArtifactsModule,
        OrganizationsModule,
        AuthModule,
        HealthModule,
        ...API_MODULES,
      ],
    };
  }
}
