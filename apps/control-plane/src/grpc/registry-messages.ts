import type {
  Alias,
  BaseModel,
  Domain,
  Lineage,
  LineageNode,
  Metric__Output,
  Model,
  ModelVersion,
} from '@alloy/proto';
import type { BaseModelDto } from '../base-models/dto/base-model.dto';
import type { DomainDto } from '../domains/dto/domain.dto';
import type { AliasDto } from '../model-versions/dto/alias.dto';
import type {
  LineageDto,
  LineageNodeDto,
  ModelVersionDto,
} from '../model-versions/dto/model-version.dto';
import type { ModelDto } from '../models/dto/model.dto';

// proto3 has no null: absent values travel as '' or 0.

export const domainMessage = (d: DomainDto): Domain => ({ ...d });

export const baseModelMessage = (b: BaseModelDto): BaseModel => ({
  ...b,
  parameterCount: String(b.parameterCount),
  tokenizer: {
    ...b.tokenizer,
    type: b.tokenizer.type ?? '',
    vocabSize: b.tokenizer.vocabSize ?? 0,
  },
  files: b.files.map((f) => ({ ...f, bytes: String(f.bytes) })),
});

export const modelMessage = (m: ModelDto): Model => ({
  id: m.id,
  name: m.name,
  description: m.description,
  domain: m.domain,
  baseModel: m.baseModel,
  archivedAt: m.archivedAt ?? '',
  createdAt: m.createdAt,
  updatedAt: m.updatedAt,
});

export const modelVersionMessage = ({
  hyperparameters,
  parentVersionId,
  jobId,
  files,
  metrics,
  ...rest
}: ModelVersionDto): ModelVersion => ({
  ...rest,
  metrics: Object.entries(metrics).map(([name, value]) => ({ name, value })),
  parentVersionId: parentVersionId ?? '',
  jobId: jobId ?? '',
  files: files.map((f) => ({ ...f, bytes: String(f.bytes) })),
  hyperparametersJson: JSON.stringify(hyperparameters),
});

const lineageNode = (n: LineageNodeDto): LineageNode => ({
  ...n,
  parentVersionId: n.parentVersionId ?? '',
});

export const lineageMessage = (l: LineageDto): Lineage => ({
  version: modelVersionMessage(l.version),
  ancestors: l.ancestors.map(lineageNode),
  descendants: l.descendants.map(lineageNode),
});

export const aliasMessage = (a: AliasDto): Alias => ({ ...a });

/** `[{name, value}]` from the wire into the `{name: value}` the services take. */
export const metricsFromMessage = (
  metrics: Metric__Output[],
): Record<string, number> | undefined =>
  metrics.length ? Object.fromEntries(metrics.map((m) => [m.name, m.value])) : undefined;
