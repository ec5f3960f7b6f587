import { Select, SimpleGrid, TextInput } from '@mantine/core';
import { fieldsFor, type HyperparameterInputs, type TrainingMethod } from '../job-wizard-form';
import { type FieldErrors, HYPERPARAMETER_LABELS } from './wizard-state';

/** The hyperparameters the method uses, the precision and the GPUs. */
export function WizardHyperparametersStep({
  method,
  inputs,
  onInput,
  precision,
  onPrecisionChange,
  gpus,
  onGpusChange,
  errors,
}: {
  method: TrainingMethod;
  inputs: HyperparameterInputs;
  onInput: (field: keyof HyperparameterInputs, value: string) => void;
  precision: string;
  onPrecisionChange: (precision: string) => void;
  gpus: string;
  onGpusChange: (gpus: string) => void;
  errors: FieldErrors;
}) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }} maw={840}>
      {fieldsFor(method).map((f) => (
        <TextInput
          key={f}
          label={HYPERPARAMETER_LABELS[f].label}
          description={HYPERPARAMETER_LABELS[f].hint}
          inputMode="decimal"
          value={inputs[f]}
          onChange={(ev) => onInput(f, ev.currentTarget.value)}
          error={errors[f]}
        />
      ))}
      <Select
        label="Precision"
        data={['fp32', 'bf16', 'fp16']}
        value={precision}
        onChange={(p) => p && onPrecisionChange(p)}
        allowDeselect={false}
        error={errors.precision}
      />
      <Select
        label="GPUs"
        description="0 runs on a CPU worker"
        data={['0', '1', '2', '4', '8']}
        value={gpus}
        onChange={(g) => g && onGpusChange(g)}
        allowDeselect={false}
        error={errors.resources}
      />
    </SimpleGrid>
  );
}
