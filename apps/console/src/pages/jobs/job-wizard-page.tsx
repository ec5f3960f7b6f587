import type { Dataset, DatasetVersion, Domain, Job, Model, ModelVersion } from '@alloy/sdk/types';
import {
  Alert,
  Button,
  Card,
  Group,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  Stepper,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useNavigate } from 'react-router';
import { request } from '../../api/api-client';
import { ApiProblem } from '../../api/api-error';
import { useSession } from '../../auth/session-provider';
import { PageHeader } from '../../components/page-header';
import { ErrorState } from '../../components/page-state';
import {
  checkInputs,
  datasetKindFor,
  defaultInputs,
  fieldsFor,
  type HyperparameterInputs,
  KIND_OPTIONS,
  METHOD_OPTIONS,
  SERVER_FIELDS,
  toHyperparameters,
  type TrainingKind,
  type TrainingMethod,
} from './job-wizard-form';

const NEW_MODEL = '__new__';
const NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$|^[a-z0-9]$/;
const STEPS = ['Domain', 'Model', 'Datasets', 'Training', 'Hyperparameters', 'Review'] as const;

interface BaseModel {
  name: string;
  description: string;
  parameterCount: number;
}

/** A ready dataset version the wizard offers, with the dataset it belongs to. */
interface DatasetChoice {
  id: string;
  dataset: string;
  kind: string;
  version: number;
  records: number | null;
}

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

const HYPERPARAMETER_LABELS: Record<keyof HyperparameterInputs, { label: string; hint?: string }> =
  {
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

type FieldErrors = Record<string, string | undefined>;

/** The step a server field belongs to, to go back to it. */
function stepOfField(field: string): number {
  if (field === 'model' || field === 'baseVersionId' || field === 'name' || field === 'baseModel') {
    return 1;
  }
  if (field.startsWith('datasetVersionIds')) return 2;
  if (field === 'kind' || field === 'method') return 3;
  return 4;
}

/**
 * A training job in steps: domain, model (or a new one) and base version, datasets, kind and
 * method, hyperparameters, then a review that creates it and opens its page.
 */
export function JobWizardPage() {
  const { can } = useSession();
  const navigate = useNavigate();
  const [active, setActive] = useState(0);
  const [domain, setDomain] = useState<string | null>(null);
  const [model, setModel] = useState<string | null>(null);
  const [newModel, setNewModel] = useState({
    name: '',
    baseModel: null as string | null,
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

  if (!can('jobs', 'write')) {
    return (
      <>
        <PageHeader title="New job" />
        <Alert color="gray">Your role may look at jobs but not create them.</Alert>
      </>
    );
  }

  const chosen = (datasets.data ?? []).filter((d) => datasetIds.includes(d.id));
  const chosenKinds = [...new Set(chosen.map((d) => d.kind))];
  const modelName = creatingModel ? newModel.name : (model ?? '');

  const setTrainingKind = (k: TrainingKind, m: TrainingMethod) => {
    setKind(k);
    setMethod(m);
    // The defaults depend on both (a LoRA run takes a larger learning rate than a full one).
    setInputs(defaultInputs(k, m));
  };

  /** The problems of one step, as messages by field label. */
  const check = (step: number): FieldErrors => {
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
  };

  const next = () => {
    const e = check(active);
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
      void navigate(`/jobs/${job.id}`);
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

  const hyperInput = (f: keyof HyperparameterInputs) => (
    <TextInput
      key={f}
      label={HYPERPARAMETER_LABELS[f].label}
      description={HYPERPARAMETER_LABELS[f].hint}
      inputMode="decimal"
      value={inputs[f]}
      onChange={(ev) => {
        const value = ev.currentTarget.value;
        setInputs((i) => ({ ...i, [f]: value }));
        setErrors((e) => ({ ...e, [f]: undefined }));
      }}
      error={errors[f]}
    />
  );

  const review: [string, ReactNode][] = [
    ['Domain', domain],
    ['Model', creatingModel ? `${newModel.name} (new, from ${newModel.baseModel})` : model],
    [
      'Starts from',
      creatingModel || !baseVersionId
        ? 'the base model'
        : `version ${modelVersions.data?.items.find((v) => v.id === baseVersionId)?.version ?? baseVersionId}`,
    ],
    ['Datasets', chosen.map((d) => `${d.dataset} v${d.version}`).join(', ')],
    ['Kind', KIND_OPTIONS.find((k) => k.value === kind)?.label],
    ['Method', METHOD_OPTIONS.find((m) => m.value === method)?.label],
    ...fieldsFor(method).map((f): [string, ReactNode] => [
      HYPERPARAMETER_LABELS[f].label,
      inputs[f],
    ]),
    ['Precision', precision],
    ['GPUs', gpus === '0' ? 'none (CPU worker)' : gpus],
  ];

  return (
    <>
      <PageHeader title="New job" description="Teach a domain model from ready dataset versions." />
      <Card withBorder padding="md">
        <Stepper active={active} onStepClick={(s) => s < active && setActive(s)} size="sm">
          <Stepper.Step label={STEPS[0]}>
            <Select
              label="Domain"
              placeholder={domains.isPending ? 'Loading…' : 'Pick a domain'}
              data={(domains.data?.items ?? []).map((d) => ({
                value: d.name,
                label: d.displayName || d.name,
              }))}
              value={domain}
              onChange={(d) => {
                setDomain(d);
                setModel(null);
                setBaseVersionId(null);
                setDatasetIds([]);
                setErrors({});
              }}
              error={errors.domain}
              maw={360}
            />
            {domains.error ? <ErrorState error={domains.error} /> : null}
          </Stepper.Step>

          <Stepper.Step label={STEPS[1]}>
            <Stack gap="sm" maw={480}>
              <Select
                label="Model"
                placeholder={models.isPending ? 'Loading…' : 'Pick a model'}
                data={[
                  ...(models.data?.items ?? [])
                    .filter((m) => !m.archivedAt)
                    .map((m) => ({ value: m.name, label: `${m.name} (from ${m.baseModel})` })),
                  ...(can('models', 'write')
                    ? [{ value: NEW_MODEL, label: 'Create a new model…' }]
                    : []),
                ]}
                value={model}
                onChange={(m) => {
                  setModel(m);
                  setBaseVersionId(null);
                  setErrors({});
                }}
                error={errors.model}
              />
              {creatingModel ? (
                <>
                  <TextInput
                    label="New model name"
                    placeholder="fin-advisor"
                    value={newModel.name}
                    onChange={(ev) => {
                      const name = ev.currentTarget.value;
                      setNewModel((n) => ({ ...n, name }));
                    }}
                    error={errors.name}
                  />
                  <Select
                    label="Base model"
                    placeholder={baseModels.isPending ? 'Loading…' : 'Pick a base model'}
                    data={(baseModels.data?.items ?? []).map((b) => ({
                      value: b.name,
                      label: b.name,
                    }))}
                    value={newModel.baseModel}
                    onChange={(baseModel) => setNewModel((n) => ({ ...n, baseModel }))}
                    error={errors.baseModel}
                  />
                  <Textarea
                    label="Model description"
                    autosize
                    minRows={2}
                    value={newModel.description}
                    onChange={(ev) => {
                      const description = ev.currentTarget.value;
                      setNewModel((n) => ({ ...n, description }));
                    }}
                  />
                </>
              ) : model ? (
                <Select
                  label="Base version"
                  description="the version training starts from"
                  placeholder="The model's base model"
                  clearable
                  data={(modelVersions.data?.items ?? []).map((v) => ({
                    value: v.id,
                    label: `version ${v.version}${v.aliases.length ? ` (${v.aliases.join(', ')})` : ''}`,
                  }))}
                  value={baseVersionId}
                  onChange={setBaseVersionId}
                  error={errors.baseVersionId}
                />
              ) : null}
              {models.error ? <ErrorState error={models.error} /> : null}
            </Stack>
          </Stepper.Step>

          <Stepper.Step label={STEPS[2]}>
            <Stack gap="sm" maw={560}>
              <MultiSelect
                label="Datasets"
                description="ready versions of this domain: corpus for continued pretraining, chat for SFT"
                placeholder={datasets.isPending ? 'Loading…' : 'Pick dataset versions'}
                data={['corpus', 'chat']
                  .map((k) => ({
                    group: k,
                    items: (datasets.data ?? [])
                      .filter((d) => d.kind === k)
                      .map((d) => ({
                        value: d.id,
                        label: `${d.dataset} v${d.version}${d.records != null ? ` · ${d.records.toLocaleString('en')} records` : ''}`,
                      })),
                  }))
                  .filter((g) => g.items.length > 0)}
                value={datasetIds}
                onChange={(ids) => {
                  setDatasetIds(ids);
                  setErrors({});
                }}
                error={errors.datasetVersionIds}
                searchable
              />
              {datasets.data && datasets.data.length === 0 ? (
                <Text size="sm" c="dimmed">
                  No ready corpus or chat versions in this domain yet: upload data on the Datasets
                  page.
                </Text>
              ) : null}
              {datasets.error ? <ErrorState error={datasets.error} /> : null}
            </Stack>
          </Stepper.Step>

          <Stepper.Step label={STEPS[3]}>
            <SimpleGrid cols={{ base: 1, sm: 2 }} maw={640}>
              <Select
                label="Kind"
                data={KIND_OPTIONS.map(({ value, label }) => ({ value, label }))}
                value={kind}
                onChange={(k) => k && setTrainingKind(k, method)}
                allowDeselect={false}
                error={errors.kind}
              />
              <Select
                label="Method"
                data={METHOD_OPTIONS}
                value={method}
                onChange={(m) => m && setTrainingKind(kind, m)}
                allowDeselect={false}
                error={errors.method}
              />
            </SimpleGrid>
          </Stepper.Step>

          <Stepper.Step label={STEPS[4]}>
            <SimpleGrid cols={{ base: 1, sm: 3 }} maw={840}>
              {fieldsFor(method).map(hyperInput)}
              <Select
                label="Precision"
                data={['fp32', 'bf16', 'fp16']}
                value={precision}
                onChange={(p) => p && setPrecision(p)}
                allowDeselect={false}
                error={errors.precision}
              />
              <Select
                label="GPUs"
                description="0 runs on a CPU worker"
                data={['0', '1', '2', '4', '8']}
                value={gpus}
                onChange={(g) => g && setGpus(g)}
                allowDeselect={false}
                error={errors.resources}
              />
            </SimpleGrid>
          </Stepper.Step>

          <Stepper.Completed>
            <Table maw={640} fz="sm" aria-label="Review">
              <Table.Tbody>
                {review.map(([label, value]) => (
                  <Table.Tr key={label}>
                    <Table.Th w={200}>{label}</Table.Th>
                    <Table.Td>{value}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stepper.Completed>
        </Stepper>

        {failure ? (
          <Stack mt="sm">
            <ErrorState error={failure} />
          </Stack>
        ) : null}

        <Group justify="space-between" mt="lg">
          <Button variant="default" onClick={() => setActive(active - 1)} disabled={active === 0}>
            Back
          </Button>
          {active < STEPS.length - 1 ? (
            <Button onClick={next}>Next</Button>
          ) : (
            <Button onClick={() => void create()} loading={creating}>
              Create job
            </Button>
          )}
        </Group>
      </Card>
    </>
  );
}
