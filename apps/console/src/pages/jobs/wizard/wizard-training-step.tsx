import { Select, SimpleGrid } from '@mantine/core';
import {
  KIND_OPTIONS,
  METHOD_OPTIONS,
  type TrainingKind,
  type TrainingMethod,
} from '../job-wizard-form';
import type { FieldErrors } from './wizard-state';

/** The kind of training (which follows the data) and the method. */
export function WizardTrainingStep({
  kind,
  method,
  onChange,
  errors,
}: {
  kind: TrainingKind;
  method: TrainingMethod;
  onChange: (kind: TrainingKind, method: TrainingMethod) => void;
  errors: FieldErrors;
}) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} maw={640}>
      <Select
        label="Kind"
        data={KIND_OPTIONS.map(({ value, label }) => ({ value, label }))}
        value={kind}
        onChange={(k) => k && onChange(k, method)}
        allowDeselect={false}
        error={errors.kind}
      />
      <Select
        label="Method"
        data={METHOD_OPTIONS}
        value={method}
        onChange={(m) => m && onChange(kind, m)}
        allowDeselect={false}
        error={errors.method}
      />
    </SimpleGrid>
  );
}
