import {
  DomainEntity,
  GateOverrideEntity,
  type ModelEntity,
  ModelVersionEntity,
  PromotionGateEntity,
  type PromotionGateThresholds,
  BaseModelEntity,
} from '@alloy/db';
import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { currentAuth } from '../auth/auth-context';
import type { RequestContext } from '../common/context/request-context';
import { ApiError } from '../common/errors/api-error';
import { DomainErrorCode } from '../domains/domains.errors';
import { OrganizationsService } from '../organizations/organizations.service';
import type {
  GateResultDto,
  PromotionGateDto,
  PromotionGateListDto,
  UpdateGateThresholdsDto,
} from './dto/gate.dto';
import { GateOverrideDto } from './dto/gate.dto';
import { type EvaluationSubject, latestEvaluation } from './evaluation-datasets';
import { EvaluationErrorCode } from './evaluations.errors';
import {
  DEFAULT_GATE_THRESHOLDS,
  type GateCheck,
  type GateThresholds,
  gateChecks,
} from './gate-checks';

/** Aliases a version takes only through its promotion gate. */
export const GATED_ALIASES: ReadonlySet<string> = new Set(['production']);

const THRESHOLD_KEYS = Object.keys(DEFAULT_GATE_THRESHOLDS) as (keyof GateThresholds)[];

interface LineageDatasetRow {
  id: string;
  name: string;
  version: number;
  status: string;
  has_report: boolean;
  pii: string | null;
  dedup: string | null;
}

// The version and its ancestors (bounded, as the lineage queries are), and their training data.
const LINEAGE_DATASETS_SQL = `
  WITH RECURSIVE chain AS (
    SELECT v.id, v.parent_version_id, 0 AS depth FROM model_versions v WHERE v.id = $1
    UNION ALL
    SELECT p.id, p.parent_version_id, chain.depth + 1
    FROM model_versions p JOIN chain ON p.id = chain.parent_version_id
    WHERE chain.depth < 1000
  )
  SELECT DISTINCT dv.id, d.name, dv.version, dv.status, dv.report IS NOT NULL AS has_report,
         dv.report->'settings'->>'pii' AS pii, dv.report->'settings'->'dedup'->>'exact' AS dedup
  FROM chain
  JOIN model_version_datasets mvd ON mvd.model_version_id = chain.id
  JOIN dataset_versions dv ON dv.id = mvd.dataset_version_id
  JOIN datasets d ON d.id = dv.dataset_id
  ORDER BY d.name, dv.version`;

/** What a dataset version lacks for provenance, or null when it has it. */
function provenanceProblem(row: LineageDatasetRow): string | null {
  const what = `dataset "${row.name}" v${row.version}`;
  if (row.status !== 'ready') return `${what} is ${row.status}`;
  if (!row.has_report) return `${what} has no ingestion report`;
  const lacks = [
    row.pii !== 'true' ? 'PII was not scrubbed' : null,
    row.dedup !== 'true' ? 'duplicates were not removed' : null,
  ].filter(Boolean);
  return lacks.length ? `${what}: ${lacks.join(', ')}` : null;
}

/**
 * The promotion gate: what a version must show before it takes `production`, with thresholds per
 * domain that an organisation's admins set (code defaults otherwise), and the admin override.
 */
@Injectable()
export class PromotionGateService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly organizations: OrganizationsService,
  ) {}

  async thresholdsFor(
    manager: EntityManager,
    organizationId: string,
    domainId: string,
  ): Promise<GateThresholds> {
    const row = await manager.findOneBy(PromotionGateEntity, { organizationId, domainId });
    return { ...DEFAULT_GATE_THRESHOLDS, ...(row?.thresholds ?? {}) };
  }

  /** Parent version, or the base model for a version trained straight from it. */
  async parentOf(
    manager: EntityManager,
    model: ModelEntity,
    version: ModelVersionEntity,
  ): Promise<{
    subject: EvaluationSubject;
    kind: 'version' | 'base-model';
    id: string;
    name: string;
    label: string;
  }> {
    if (version.parentVersionId) {
      const parent = await manager.findOneOrFail(ModelVersionEntity, {
        where: { id: version.parentVersionId },
      });
      return {
        subject: { versionId: parent.id },
        kind: 'version',
        id: parent.id,
        name: String(parent.version),
        label: `parent version ${parent.version}`,
      };
    }
    return { ...(await this.baseOf(manager, model)), label: 'the base model' };
  }

  async baseOf(
    manager: EntityManager,
    model: ModelEntity,
  ): Promise<{ subject: EvaluationSubject; kind: 'base-model'; id: string; name: string }> {
    const base = await manager.findOneByOrFail(BaseModelEntity, { id: model.baseModelId });
    return { subject: { baseModelId: base.id }, kind: 'base-model', id: base.id, name: base.name };
  }

  /** Every check of the gate for a version of `model`, now. */
  async check(
    manager: EntityManager,
    model: ModelEntity,
    version: ModelVersionEntity,
  ): Promise<GateResultDto> {
    const domain = await manager.findOneByOrFail(DomainEntity, { id: model.domainId });
    const thresholds = await this.thresholdsFor(manager, model.organizationId, model.domainId);
    const evaluation = await latestEvaluation(manager, model.organizationId, {
      versionId: version.id,
    });
    const parent = await this.parentOf(manager, model, version);
    const parentEvaluation = evaluation
      ? await latestEvaluation(manager, model.organizationId, parent.subject, evaluation.datasets)
      : null;
    const rows = await manager.query<LineageDatasetRow[]>(LINEAGE_DATASETS_SQL, [version.id]);
    const problems = rows.map(provenanceProblem).filter((p): p is string => p !== null);
    const checks = gateChecks({
      thresholds,
      evaluation,
      parent: { label: parent.label, metrics: parentEvaluation?.metrics ?? null },
      provenanceProblems: problems,
      datasetVersionCount: rows.length,
    });
    return {
      domain: domain.name,
      passed: checks.every((c) => c.status !== 'failed'),
      thresholds,
      checks,
    };
  }

  /**
   * Called under the model row lock before a gated alias moves to `version`: refuses a failing
   * version with 409 listing each failing check, or, with an admin's override, records the
   * override and its audit row in the caller's transaction.
   */
  async enforce(
    manager: EntityManager,
    ctx: RequestContext,
    model: ModelEntity,
    version: ModelVersionEntity,
    alias: string,
    override?: { reason: string },
  ): Promise<void> {
    if (override && currentAuth()?.principal.role !== 'admin') {
      throw new ApiError(
        HttpStatus.FORBIDDEN,
        EvaluationErrorCode.GATE_OVERRIDE_FORBIDDEN,
        'override: only an admin may override a promotion gate',
        [{ field: 'override', message: 'admins only' }],
      );
    }
    if (!GATED_ALIASES.has(alias)) return;
    const result = await this.check(manager, model, version);
    const failed = result.checks.filter((c) => c.status === 'failed').map(failure);
    if (!failed.length) return;
    if (!override) {
      throw new ApiError(
        HttpStatus.CONFLICT,
        EvaluationErrorCode.PROMOTION_GATE_FAILED,
        `version ${version.version} of "${model.name}" fails the ${result.domain} promotion gate for "${alias}": ${failed
          .map((c) => `${c.field}: ${c.message}`)
          .join('; ')}`,
        failed,
      );
    }
    const saved = await manager.save(
      manager.create(GateOverrideEntity, {
        modelVersionId: version.id,
        alias,
        reason: override.reason,
        actor: ctx.actor,
        checks: failed,
      }),
    );
    await this.audit.record(manager, ctx, {
      action: 'model_version.gate_override',
      entityType: 'model_version',
      entityId: version.id,
      after: {
        alias,
        version: version.version,
        reason: override.reason,
        checks: failed,
        overrideId: saved.id,
      },
    });
  }

  /** Overrides of each version, oldest first. */
  async overridesOf(
    versionIds: string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, GateOverrideDto[]>> {
    const result = new Map<string, GateOverrideDto[]>(versionIds.map((id) => [id, []]));
    if (!versionIds.length) return result;
    const rows = await manager.find(GateOverrideEntity, {
      where: { modelVersionId: In(versionIds) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    for (const row of rows) result.get(row.modelVersionId)?.push(GateOverrideDto.from(row));
    return result;
  }

  async list(): Promise<PromotionGateListDto> {
    const organizationId = await this.organizations.currentId();
    const [domains, rows] = await Promise.all([
      this.dataSource.getRepository(DomainEntity).find({ order: { name: 'ASC' } }),
      this.dataSource.getRepository(PromotionGateEntity).findBy({ organizationId }),
    ]);
    const byDomain = new Map(rows.map((r) => [r.domainId, r]));
    return {
      defaults: DEFAULT_GATE_THRESHOLDS,
      items: domains.map((d) => gateDto(d, byDomain.get(d.id) ?? null)),
    };
  }

  async get(domainName: string): Promise<PromotionGateDto> {
    const domain = await this.findDomain(this.dataSource.manager, domainName);
    const row = await this.dataSource.getRepository(PromotionGateEntity).findOneBy({
      organizationId: await this.organizations.currentId(),
      domainId: domain.id,
    });
    return gateDto(domain, row);
  }

  /** Replaces the organisation's thresholds for a domain; those left out take the defaults. */
  async set(
    ctx: RequestContext,
    domainName: string,
    input: UpdateGateThresholdsDto,
  ): Promise<PromotionGateDto> {
    const organizationId = await this.organizations.currentId();
    return this.dataSource.transaction(async (manager) => {
      const domain = await this.findDomain(manager, domainName);
      const thresholds: PromotionGateThresholds = Object.fromEntries(
        THRESHOLD_KEYS.filter((k) => input[k] !== undefined).map((k) => [k, input[k]]),
      );
      const current = await manager.findOne(PromotionGateEntity, {
        where: { organizationId, domainId: domain.id },
        lock: { mode: 'pessimistic_write' },
      });
      const before = gateDto(domain, current);
      const row =
        current ?? manager.create(PromotionGateEntity, { organizationId, domainId: domain.id });
      row.thresholds = thresholds;
      row.updatedBy = ctx.actor;
      const saved = await manager.save(row);
      const after = gateDto(domain, saved);
      await this.audit.record(manager, ctx, {
        action: 'organization.promotion_gate.update',
        entityType: 'organization',
        entityId: organizationId,
        before: { domain: domain.name, thresholds: before.thresholds },
        after: { domain: domain.name, thresholds: after.thresholds },
      });
      return after;
    });
  }

  private async findDomain(manager: EntityManager, name: string): Promise<DomainEntity> {
    const domain = await manager.findOneBy(DomainEntity, { name });
    if (!domain) throw ApiError.notFound('domain', name, DomainErrorCode.DOMAIN_NOT_FOUND);
    return domain;
  }
}

function failure(c: GateCheck) {
  return { field: c.field, message: c.message, value: c.value, threshold: c.threshold };
}

function gateDto(domain: DomainEntity, row: PromotionGateEntity | null): PromotionGateDto {
  return {
    domain: domain.name,
    thresholds: { ...DEFAULT_GATE_THRESHOLDS, ...(row?.thresholds ?? {}) },
    custom: row?.thresholds ?? {},
    updatedBy: row?.updatedBy ?? null,
    updatedAt: row?.updatedAt.toISOString() ?? null,
  };
}
