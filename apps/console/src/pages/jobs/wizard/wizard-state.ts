import type { Dataset, DatasetVersion, Domain, Job, Model, ModelVersion } from '@alloy/sdk/types';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { request } from '../../../api/api-client';
import { ApiProblem } from '../../../api/api-error';
import {
  checkInputs,
  datasetKindFor,
  defaultInputs,
  type HyperparameterInputs,
  KIND_OPTIONS,
  SERVER_FIELDS,
  toHyperparameters,
  type TrainingKind,
  type TrainingMethod,
} from '../job-wizard-form';

export const NEW_MODEL = '__new__';
const NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$|^[a-z0-9]$/;
export const STEPS = [
  'Domain',
  'Model',
  'Datasets',
  'Training',
  'Hyperparameters',
  'Review',
] as const;

export interface BaseModel {
  name: string;
  description: string;
  parameterCount: number;
}

/** A ready dataset version the wizard offers, with the dataset it belongs to. */
export interface DatasetChoice {
  id: string;
  dataset: string;
  kind: string;
  version: number;
  records: number | null;
}

/** The model the wizard creates before the job when "Create a new model…" is picked. */
export interface NewModelDraft {
  name: string;
  baseModel: string | null;
  description: string;
}

export type FieldErrors = Record<string, string | undefined>;

export const HYPERPARAMETER_LABELS: Record<
  keyof HyperparameterInputs,
  { label: string; hint?: string }
> = {
  learningRate: { label: 'Learning rate', hint: 'peak of the cosine schedule, e.g. 2e-4' },
  maxSteps: { label: 'Steps', hint: 'optimizer steps to run' },
  batchSize: { label: 'Batch size', hint: 'sequences per optimizer step' },
  seqLen: { label: 'Sequence length', hint: 'tokens per sequence' },
  warmupSteps: { label: 'Warmup steps' },
  loraRank: { label: 'LoRA rank' },
  loraAlpha: { label: 'LoRA alpha' },
  loraDropout: { label: 'LoRA dropout' },
  adapterBottleneck: { label: 'Adapter bottleneck' },
  selectiveTopLayers: { label: 'Top layers trained' },
};

/** Ready versions of the domain's corpus and chat datasets, newest version first. */
async function readyVersions(domain: string): Promise<DatasetChoice[]> {
  const datasets = await request<{ items: Dataset[] }>(
    'GET',
    `/api/v1/datasets?domain=${encodeURIComponent(domain)}&limit=100`,
  );
  const trainable = datasets.items.filter((d) => d.kind === 'corpus' || d.kind === 'chat');
  const versions = await Promise.all(
    trainable.map((d) =>
      request<{ items: DatasetVersion[] }>(
        'GET',
        `/api/v1/datasets/${encodeURIComponent(d.name)}/versions?limit=100&order=desc`,
      ).then((page) =>
        page.items
          .filter((v) => v.status === 'ready')
          .map((v) => ({
            id: v.id,
            dataset: d.name,
            kind: d.kind,
            version: v.version,
            records: v.recordCount,
          })),
      ),
    ),
  );
  return versions.flat();
}

/** The step a server field belongs to, to go back to it. */
function stepOfField(field: string): number {
  if (field === 'model' || field === 'baseVersionId' || field === 'name' || field === 'baseModel') {
    return 1;
  }
  if (field.startsWith('datasetVersionIds')) return 2;
  if (field === 'kind' || field === 'method') return 3;
  return 4;
}

/** What the steps have collected, as far as checking a step needs it. */
export interface WizardDraft {
  domain: string | null;
  model: string | null;
  newModel: NewModelDraft;
  datasetIds: string[];
  /** The dataset kinds of the chosen versions, each once. */
  chosenKinds: string[];
  kind: TrainingKind;
  method: TrainingMethod;
  inputs: HyperparameterInputs;
}

/** The problems of one step, as messages by field label. */
export function checkStep(step: number, draft: WizardDraft): FieldErrors {
  const { domain, model, newModel, datasetIds, chosenKinds, kind, method, inputs } = draft;
  const creatingModel = model === NEW_MODEL;
  const e: FieldErrors = {};
  if (step === 0 && !domain) e.domain = 'pick the domain to train in';
  if (step === 1) {
    if (!model) e.model = 'pick a model, or create one';
    if (creatingModel) {
      if (!NAME_PATTERN.test(newModel.name)) {
        e.name = 'a lowercase slug: a-z, 0-9 and "-", 1 to 64 characters';
      }
      if (!newModel.baseModel) e.baseModel = 'pick the base model to start from';
    }
  }
  if (step === 2) {
    if (datasetIds.length === 0) e.datasetVersionIds = 'pick at least one ready dataset version';
    else if (chosenKinds.length > 1) {
      e.datasetVersionIds = 'pick datasets of one kind: corpus for pretraining, chat for SFT';
    }
  }
  if (step === 3 && chosenKinds.length === 1 && datasetKindFor(kind) !== chosenKinds[0]) {
    e.kind = `the datasets are ${chosenKinds[0]}: ${
      chosenKinds[0] === 'chat' ? 'use instruction tuning (SFT)' : 'use continued pretraining'
    }`;
  }
  if (step === 4) Object.assign(e, checkInputs(method, inputs));
  return e;
}

/**
 * The wizard's choices, the lists it offers them from, and its moves: advancing past a checked
 * step, and creating the model (when new) and the job.
 */
export function useJobWizard(onCreated: (job: Job) => void) {
  const [active, setActive] = useState(0);
  const [domain, setDomain] = useState<string | null>(null);
  const [model, setModel] = useState<string | null>(null);
  const [newModel, setNewModel] = useState<NewModelDraft>({
    name: '',
    baseModel: null,
    description: '',
  });
  const [baseVersionId, setBaseVersionId] = useState<string | null>(null);
  const [datasetIds, setDatasetIds] = useState<string[]>([]);
  const [kind, setKind] = useState<TrainingKind>('continued_pretraining');
  const [method, setMethod] = useState<TrainingMethod>('full');
  const [inputs, setInputs] = useState<HyperparameterInputs>(
    defaultInputs('continued_pretraining', 'full'),
  );
  const [precision, setPrecision] = useState<string>('fp32');
  const [gpus, setGpus] = useState<string>('0');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [creating, setCreating] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  const creatingModel = model === NEW_MODEL;
  const domains = useQuery({
    queryKey: ['domains'],
    queryFn: () => request<{ items: Domain[] }>('GET', '/api/v1/domains'),
  });
  const models = useQuery({
    queryKey: ['models', 'by-domain', domain],
    queryFn: () =>
      request<{ items: Model[] }>(
        'GET',
        `/api/v1/models?domain=${encodeURIComponent(domain ?? '')}&limit=100`,
      ),
    enabled: domain !== null,
  });
  const baseModels = useQuery({
    queryKey: ['base-models'],
    queryFn: () => request<{ items: BaseModel[] }>('GET', '/api/v1/base-models'),
    enabled: creatingModel,
  });
  const modelVersions = useQuery({
    queryKey: ['models', model, 'versions', 'ready'],
    queryFn: () =>
      request<{ items: ModelVersion[] }>(
        'GET',
        `/api/v1/models/${encodeURIComponent(model ?? '')}/versions?status=ready&limit=100`,
      ),
    enabled: model !== null && !creatingModel,
  });
  const datasets = useQuery({
    queryKey: ['datasets', 'ready-versions', domain],
    queryFn: () => readyVersions(domain ?? ''),
    enabled: domain !== null,
  });

  const chosen = (datasets.data ?? []).filter((d) => datasetIds.includes(d.id));
  const chosenKinds = [...new Set(chosen.map((d) => d.kind))];
  const modelName = creatingModel ? newModel.name : (model ?? '');

  const setTrainingKind = (k: TrainingKind, m: TrainingMethod) => {
    setKind(k);
    setMethod(m);
    // The defaults depend on both (a LoRA run takes a larger learning rate than a full one).
    setInputs(defaultInputs(k, m));
  };

  const chooseDomain = (d: string | null) => {
    setDomain(d);
    setModel(null);
    setBaseVersionId(null);
    setDatasetIds([]);
    setErrors({});
  };

  const chooseModel = (m: string | null) => {
    setModel(m);
    setBaseVersionId(null);
    setErrors({});
  };

  const chooseDatasets = (ids: string[]) => {
    setDatasetIds(ids);
    setErrors({});
  };

  const setInput = (f: keyof HyperparameterInputs, value: string) => {
    setInputs((i) => ({ ...i, [f]: value }));
    setErrors((e) => ({ ...e, [f]: undefined }));
  };

  const next = () => {
    const e = checkStep(active, {
      domain,
      model,
      newModel,
      datasetIds,
      chosenKinds,
      kind,
      method,
      inputs,
    });
    setErrors(e);
    if (Object.values(e).some(Boolean)) return;
    if (active === 2 && chosenKinds.length === 1) {
      // The kind follows the data: corpus versions mean continued pretraining, chat means SFT.
      const follows = KIND_OPTIONS.find((k) => k.datasetKind === chosenKinds[0])?.value;
      if (follows && follows !== kind) setTrainingKind(follows, method);
    }
    setActive(active + 1);
  };

  const create = async () => {
    setCreating(true);
    setFailure(null);
    setErrors({});
    try {
      if (creatingModel) {
        await request<Model>('POST', '/api/v1/models', {
          name: newModel.name,
          domain,
          baseModel: newModel.baseModel,
          description: newModel.description || undefined,
        });
        // From here the model exists: a retry must not try to create it again.
        setModel(newModel.name);
      }
      const job = await request<Job>('POST', '/api/v1/jobs', {
        model: modelName,
        kind,
        method,
        ...(baseVersionId && !creatingModel ? { baseVersionId } : {}),
        datasetVersionIds: datasetIds,
        hyperparameters: toHyperparameters(method, inputs),
        precision,
        resources: { gpus: Number(gpus) },
      });
      onCreated(job);
    } catch (error) {
      if (error instanceof ApiProblem && error.fields.length > 0) {
        const e: FieldErrors = {};
        for (const f of error.fields)
          e[SERVER_FIELDS[f.field] ?? f.field.split('.')[0]] = f.message;
        setErrors(e);
        setActive(Math.min(...error.fields.map((f) => stepOfField(f.field))));
      }
      setFailure(error);
    } finally {
      setCreating(false);
    }
  };

  return {
    active,
    setActive,
    domain,
    chooseDomain,
    model,
    chooseModel,
    creatingModel,
    newModel,
    setNewModel,
    baseVersionId,
    setBaseVersionId,
    datasetIds,
    chooseDatasets,
    chosen,
    kind,
    method,
    setTrainingKind,
    inputs,
    setInput,
    precision,
    setPrecision,
    gpus,
    setGpus,
    errors,
    creating,
    failure,
    domains,
    models,
    baseModels,
    modelVersions,
    datasets,
    next,
    create,
  };
}
