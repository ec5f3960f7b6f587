import { type EvaluationEntity, ModelVersionEntity } from '@alloy/db';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApiError } from '../common/errors/api-error';
import { ModelVersionErrorCode } from '../model-versions/model-versions.errors';
import { ModelsService } from '../models/models.service';
import {
  EvaluationDto,
  type EvaluationComparisonDto,
  type VersionEvaluationDto,
} from './dto/evaluation.dto';
import { datasetKey, type EvaluationSubject, latestEvaluation } from './evaluation-datasets';
import { compareMetrics } from './metric-comparison';
import { PromotionGateService } from './promotion-gate.service';

/** A version's evaluation beside its parent's and its base model's, with the promotion gate. */
@Injectable()
export class EvaluationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly models: ModelsService,
    private readonly gates: PromotionGateService,
  ) {}

  async ofVersion(modelName: string, versionNumber: number): Promise<VersionEvaluationDto> {
    const manager = this.dataSource.manager;
    const model = await this.models.findEntity(modelName);
    const version = Number.isSafeInteger(versionNumber)
      ? await manager.findOneBy(ModelVersionEntity, { modelId: model.id, version: versionNumber })
      : null;
    if (!version)
      throw ApiError.notFound(
        'model version',
        `${modelName}@${versionNumber}`,
        ModelVersionErrorCode.VERSION_NOT_FOUND,
      );
    const org = model.organizationId;
    const evaluation = await latestEvaluation(manager, org, { versionId: version.id });
    const compare = async (
      subject: EvaluationSubject,
      described: EvaluationComparisonDto['subject'],
    ): Promise<EvaluationComparisonDto> => {
      const other =
        (evaluation && (await latestEvaluation(manager, org, subject, evaluation.datasets))) ??
        (await latestEvaluation(manager, org, subject));
      const same = !!evaluation && !!other && sameDatasets(evaluation, other);
      return {
        subject: described,
        evaluation: other ? EvaluationDto.from(other) : null,
        sameDatasets: same,
        deltas: same ? compareMetrics(evaluation.metrics, other.metrics) : [],
      };
    };
    const parent = await this.gates.parentOf(manager, model, version);
    const base = await this.gates.baseOf(manager, model);
    const [parentComparison, baseComparison, gate, overrides] = await Promise.all([
      compare(parent.subject, { kind: parent.kind, id: parent.id, name: parent.name }),
      compare(base.subject, { kind: base.kind, id: base.id, name: base.name }),
      this.gates.check(manager, model, version),
      this.gates.overridesOf([version.id], manager),
    ]);
    return {
      model: model.name,
      version: version.version,
      versionId: version.id,
      evaluation: evaluation ? EvaluationDto.from(evaluation) : null,
      parent: parentComparison,
      base: baseComparison,
      gate,
      overrides: overrides.get(version.id) ?? [],
    };
  }
}

function sameDatasets(a: EvaluationEntity, b: EvaluationEntity): boolean {
  return datasetKey(a.datasets) === datasetKey(b.datasets);
}
