/**
 * What the job wizard collects, its defaults and its checks. Bounds are those of the job spec
 * schema (libs/contracts/src/schemas/job-spec.schema.json) and CreateJobDto, checked here so a
 * mistake shows at its field before anything is sent; the server checks them again.
 */

export type TrainingKind = 'continued_pretraining' | 'sft';
export type TrainingMethod = 'full' | 'lora' | 'adapter' | 'selective';

export const KIND_OPTIONS: { value: TrainingKind; label: string; datasetKind: string }[] = [
  {
    value: 'continued_pretraining',
    label: 'Continued pretraining (corpus)',
    datasetKind: 'corpus',
  },
  { value: 'sft', label: 'Instruction tuning, SFT (chat)', datasetKind: 'chat' },
];

export const METHOD_OPTIONS: { value: TrainingMethod; label: string }[] = [
  { value: 'full', label: 'Full fine-tuning' },
  { value: 'lora', label: 'LoRA (low-rank adapters)' },
  { value: 'adapter', label: 'Adapter layers' },
  { value: 'selective', label: 'Selective (norms and top layers)' },
];

/** The dataset kind a training kind reads. */
export const datasetKindFor = (kind: TrainingKind) =>
  KIND_OPTIONS.find((k) => k.value === kind)?.datasetKind ?? 'corpus';

/** Inputs are kept as typed text, so "2e-5" and half-typed values survive until checked. */
export interface HyperparameterInputs {
  learningRate: string;
  maxSteps: string;
  batchSize: string;
  seqLen: string;
  warmupSteps: string;
  loraRank: string;
  loraAlpha: string;
  loraDropout: string;
  adapterBottleneck: string;
  selectiveTopLayers: string;
}

/** The control plane's defaults (libs/contracts hyperparameter-defaults.ts), as inputs. */
export function defaultInputs(kind: TrainingKind, method: TrainingMethod): HyperparameterInputs {
  const learningRate =
    method === 'full'
      ? kind === 'continued_pretraining'
        ? '1e-4'
        : '2e-5'
      : method === 'lora'
        ? '2e-4'
        : '1e-4';
  return {
    learningRate,
    maxSteps: '200',
    batchSize: '8',
    seqLen: '256',
    warmupSteps: '10',
    loraRank: '8',
    loraAlpha: '16',
    loraDropout: '0.05',
    adapterBottleneck: '16',
    selectiveTopLayers: '2',
  };
}

interface Bound {
  integer: boolean;
  min: number;
  /** true: the value must be above min, not equal to it. */
  exclusiveMin?: boolean;
  max: number;
}

const BOUNDS: Record<keyof HyperparameterInputs, Bound> = {
  learningRate: { integer: false, min: 0, exclusiveMin: true, max: 1 },
  maxSteps: { integer: true, min: 1, max: 10_000_000 },
  batchSize: { integer: true, min: 1, max: 65_536 },
  seqLen: { integer: true, min: 8, max: 131_072 },
  warmupSteps: { integer: true, min: 0, max: 10_000_000 },
  loraRank: { integer: true, min: 1, max: 1024 },
  loraAlpha: { integer: false, min: 0, exclusiveMin: true, max: 16_384 },
  loraDropout: { integer: false, min: 0, max: 1 },
  adapterBottleneck: { integer: true, min: 1, max: 65_536 },
  selectiveTopLayers: { integer: true, min: 0, max: 1024 },
};

/** The fields a method uses; the others are not sent. */
export function fieldsFor(method: TrainingMethod): (keyof HyperparameterInputs)[] {
  const base: (keyof HyperparameterInputs)[] = [
    'learningRate',
    'maxSteps',
    'batchSize',
    'seqLen',
    'warmupSteps',
  ];
  if (method === 'lora') return [...base, 'loraRank', 'loraAlpha', 'loraDropout'];
  if (method === 'adapter') return [...base, 'adapterBottleneck'];
  if (method === 'selective') return [...base, 'selectiveTopLayers'];
  return base;
}

/** Why a value is refused, or null when it is fine. */
export function checkValue(field: keyof HyperparameterInputs, text: string): string | null {
  const b = BOUNDS[field];
  if (text.trim() === '') return 'required';
  const n = Number(text);
  if (!Number.isFinite(n)) return 'must be a number';
  if (b.integer && !Number.isInteger(n)) return 'must be a whole number';
  if (b.exclusiveMin ? n <= b.min : n < b.min) {
    return b.exclusiveMin ? `must be greater than ${b.min}` : `must be at least ${b.min}`;
  }
  if (n > b.max) return `must be at most ${b.max.toLocaleString('en')}`;
  return null;
}

/** Every refused field of a method's inputs. */
export function checkInputs(
  method: TrainingMethod,
  inputs: HyperparameterInputs,
): Partial<Record<keyof HyperparameterInputs, string>> {
  const errors: Partial<Record<keyof HyperparameterInputs, string>> = {};
  for (const f of fieldsFor(method)) {
    const e = checkValue(f, inputs[f]);
    if (e) errors[f] = e;
  }
  return errors;
}

/** The hyperparameters object of CreateJobDto. */
export function toHyperparameters(
  method: TrainingMethod,
  inputs: HyperparameterInputs,
): Record<string, unknown> {
  const n = (f: keyof HyperparameterInputs) => Number(inputs[f]);
  const h: Record<string, unknown> = {
    learningRate: n('learningRate'),
    maxSteps: n('maxSteps'),
    batchSize: n('batchSize'),
    seqLen: n('seqLen'),
    warmupSteps: n('warmupSteps'),
  };
  if (method === 'lora')
    h.lora = { rank: n('loraRank'), alpha: n('loraAlpha'), dropout: n('loraDropout') };
  if (method === 'adapter') h.adapter = { bottleneck: n('adapterBottleneck') };
  if (method === 'selective') h.selective = { norms: true, topLayers: n('selectiveTopLayers') };
  return h;
}

/** The input a server field path (`hyperparameters.lora.rank`) belongs to. */
export const SERVER_FIELDS: Record<string, keyof HyperparameterInputs> = {
  'hyperparameters.learningRate': 'learningRate',
  'hyperparameters.maxSteps': 'maxSteps',
  'hyperparameters.batchSize': 'batchSize',
  'hyperparameters.seqLen': 'seqLen',
  'hyperparameters.warmupSteps': 'warmupSteps',
  'hyperparameters.lora.rank': 'loraRank',
  'hyperparameters.lora.alpha': 'loraAlpha',
  'hyperparameters.lora.dropout': 'loraDropout',
  'hyperparameters.adapter.bottleneck': 'adapterBottleneck',
  'hyperparameters.selective.topLayers': 'selectiveTopLayers',
};
