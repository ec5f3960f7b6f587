import type { Dataset, Domain } from '@alloy/sdk/types';
import { Button, Group, Modal, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { request } from '../../api/api-client';
import { ApiProblem } from '../../api/api-error';
import { ErrorState } from '../../components/page-state';

export const DATASET_KIND_OPTIONS = [
  { value: 'corpus', label: 'corpus (plain text, for pretraining)' },
  { value: 'chat', label: 'chat (instructions, for fine-tuning)' },
  { value: 'multiple_choice', label: 'multiple choice (for evaluation)' },
  { value: 'safety', label: 'safety (prompts to refuse, redirect or answer, for evaluation)' },
];

const NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$|^[a-z0-9]$/;

/** The form that creates a dataset; the server's refusals show at their fields. */
export function CreateDatasetModal({
  opened,
  onClose,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  onCreated: (dataset: Dataset) => void;
}) {
  const queryClient = useQueryClient();
  const domains = useQuery({
    queryKey: ['domains'],
    queryFn: () => request<{ items: Domain[] }>('GET', '/api/v1/domains'),
    enabled: opened,
  });
  const [name, setName] = useState('');
  const [kind, setKind] = useState<string | null>('corpus');
  const [domain, setDomain] = useState<string | null>(null);
  const [description, setDescription] = useState('');
  const [touched, setTouched] = useState(false);
  const create = useMutation({
    mutationFn: () =>
      request<Dataset>('POST', '/api/v1/datasets', { name, kind, domain, description }),
    onSuccess: (dataset) => {
      void queryClient.invalidateQueries({ queryKey: ['datasets'] });
      setName('');
      setDescription('');
      setTouched(false);
      create.reset();
      onCreated(dataset);
    },
  });
  const problem = create.error instanceof ApiProblem ? create.error : null;
  const nameError =
    problem?.fieldMessage('name') ??
    (touched && !NAME_PATTERN.test(name)
      ? 'a lowercase slug: a-z, 0-9 and "-", 1 to 64 characters'
      : undefined);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!NAME_PATTERN.test(name) || !kind || !domain) return;
    create.mutate();
  };
  const shownError = create.error && problem?.fields.length ? null : create.error;
  return (
    <Modal opened={opened} onClose={onClose} title="New dataset" centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput
            label="Name"
            placeholder="finance-corpus"
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={nameError}
            data-autofocus
          />
          <Select
            label="Kind"
            required
            data={DATASET_KIND_OPTIONS}
            value={kind}
            onChange={setKind}
            allowDeselect={false}
            error={problem?.fieldMessage('kind')}
          />
          <Select
            label="Domain"
            required
            placeholder={domains.isPending ? 'Loading domains…' : 'Pick a domain'}
            data={(domains.data?.items ?? []).map((d) => ({
              value: d.name,
              label: d.displayName || d.name,
            }))}
            value={domain}
            onChange={setDomain}
            error={
              problem?.fieldMessage('domain') ??
              (touched && !domain ? 'pick the domain the data belongs to' : undefined)
            }
          />
          <Textarea
            label="Description"
            autosize
            minRows={2}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            error={problem?.fieldMessage('description')}
          />
          {shownError ? <ErrorState error={shownError} /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create dataset
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
