import { AuditLogEntity } from './audit-log.entity';
import { BaseModelEntity } from './base-model.entity';
import { DatasetVersionEntity } from './dataset-version.entity';
import { DatasetEntity } from './dataset.entity';
import { DeploymentRevisionEntity } from './deployment-revision.entity';
import { DeploymentEntity } from './deployment.entity';
import { DomainEntity } from './domain.entity';
import { ModelAliasEventEntity } from './model-alias-event.entity';
import { ModelAliasEntity } from './model-alias.entity';
import { ModelVersionEntity } from './model-version.entity';
import { ModelEntity } from './model.entity';
import { JobEventEntity } from './job-event.entity';
import { JobMetricEntity } from './job-metric.entity';
import { JobTransitionEntity } from './job-transition.entity';
import { JobEntity } from './job.entity';
import { WorkerEntity } from './worker.entity';
import { OrganizationEntity } from './organization.entity';
import { UserEntity } from './user.entity';
import { UserSessionEntity } from './user-session.entity';
import { ApiKeyEntity } from './api-key.entity';
import { InferenceAuditEntity } from './inference-audit.entity';
import { PluginVersionEntity } from './plugin-version.entity';
import { PluginEnablementEntity } from './plugin-enablement.entity';
import { EvaluationEntity } from './evaluation.entity';
import { PromotionGateEntity } from './promotion-gate.entity';
import { GateOverrideEntity } from './gate-override.entity';

export * from './artifact-file';
export * from './audit-log.entity';
export * from './base-model.entity';
export * from './dataset-version.entity';
export * from './dataset.entity';
export * from './deployment-revision.entity';
export * from './deployment.entity';
export * from './domain.entity';
export * from './model-alias-event.entity';
export * from './model-alias.entity';
export * from './model-version.entity';
export * from './model.entity';
export * from './job-event.entity';
export * from './job-metric.entity';
export * from './job-transition.entity';
export * from './job.entity';
export * from './worker.entity';
export * from './organization.entity';
export * from './user.entity';
export * from './user-session.entity';
export * from './api-key.entity';
export * from './inference-audit.entity';
export * from './plugin-version.entity';
export * from './plugin-enablement.entity';
export * from './evaluation.entity';
export * from './promotion-gate.entity';
export * from './gate-override.entity';

/** Every entity, in one list for the DataSource. */
export const ENTITIES = [
  OrganizationEntity,
  DomainEntity,
  BaseModelEntity,
  ModelEntity,
  ModelVersionEntity,
  ModelAliasEntity,
  ModelAliasEventEntity,
  DatasetEntity,
  DatasetVersionEntity,
  AuditLogEntity,
  WorkerEntity,
  JobEntity,
  JobTransitionEntity,
  JobEventEntity,
  JobMetricEntity,
  DeploymentEntity,
  DeploymentRevisionEntity,
  UserEntity,
  UserSessionEntity,
  ApiKeyEntity,
  InferenceAuditEntity,
  PluginVersionEntity,
  PluginEnablementEntity,
  EvaluationEntity,
  PromotionGateEntity,
  GateOverrideEntity,
];
