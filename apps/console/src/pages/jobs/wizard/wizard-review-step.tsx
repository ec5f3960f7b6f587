import type { ModelVersion } from '@alloy/sdk/types';
import { Table } from '@mantine/core';
import type { ReactNode } from 'react';
import {
  fieldsFor,
  type HyperparameterInputs,
  KIND_OPTIONS,
  METHOD_OPTIONS,
  type TrainingKind,
  type TrainingMethod,
} from '../job-wizard-form';
import { type DatasetChoice, HYPERPARAMETER_LABELS, type NewModelDraft } from './wizard-state';

/** Everything chosen, as the job will be created. */
export function WizardReviewStep({
  domain,
  model,
  creatingModel,
  newModel,
  baseVersionId,
  modelVersions,
  chosen,
  kind,
  method,
  inputs,
  precision,
  gpus,
}: {
  domain: string | null;
  model: string | null;
  creatingModel: boolean;
  newModel: NewModelDraft;
  baseVersionId: string | null;
  modelVersions: ModelVersion[] | undefined;
  chosen: DatasetChoice[];
  kind: TrainingKind;
  method: TrainingMethod;
  inputs: HyperparameterInputs;
  precision: string;
  gpus: string;
}) {
  const review: [string, ReactNode][] = [
    ['Domain', domain],
    ['Model', creatingModel ? `${newModel.name} (new, from ${newModel.baseModel})` : model],
    [
      'Starts from',
      creatingModel || !baseVersionId
        ? 'the base model'
        : `version ${modelVersions?.find((v) => v.id === baseVersionId)?.version ?? baseVersionId}`,
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
  );
}
