import type { Model, ModelVersion } from '@alloy/sdk/types';
import { Select, Stack, Textarea, TextInput } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { Dispatch, SetStateAction } from 'react';
import { ErrorState } from '../../../components/page-state';
import { type BaseModel, type FieldErrors, NEW_MODEL, type NewModelDraft } from './wizard-state';

/** The model to train (or a new one, from a base model) and the version training starts from. */
export function WizardModelStep({
  models,
  baseModels,
  modelVersions,
  mayCreateModel,
  model,
  onModelChange,
  creatingModel,
  newModel,
  setNewModel,
  baseVersionId,
  onBaseVersionChange,
  errors,
}: {
  models: UseQueryResult<{ items: Model[] }>;
  baseModels: UseQueryResult<{ items: BaseModel[] }>;
  modelVersions: UseQueryResult<{ items: ModelVersion[] }>;
  mayCreateModel: boolean;
  model: string | null;
  onModelChange: (model: string | null) => void;
  creatingModel: boolean;
  newModel: NewModelDraft;
  setNewModel: Dispatch<SetStateAction<NewModelDraft>>;
  baseVersionId: string | null;
  onBaseVersionChange: (id: string | null) => void;
  errors: FieldErrors;
}) {
  return (
    <Stack gap="sm" maw={480}>
      <Select
        label="Model"
        placeholder={models.isPending ? 'Loading…' : 'Pick a model'}
        data={[
          ...(models.data?.items ?? [])
            .filter((m) => !m.archivedAt)
            .map((m) => ({ value: m.name, label: `${m.name} (from ${m.baseModel})` })),
          ...(mayCreateModel ? [{ value: NEW_MODEL, label: 'Create a new model…' }] : []),
        ]}
        value={model}
        onChange={onModelChange}
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
          onChange={onBaseVersionChange}
          error={errors.baseVersionId}
        />
      ) : null}
      {models.error ? <ErrorState error={models.error} /> : null}
    </Stack>
  );
}
