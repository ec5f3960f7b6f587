import type { ControlPlaneComponents, Domain } from '@alloy/sdk/types';
import { Button, Group, Modal, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { request } from '../../api/api-client';
import { ApiProblem } from '../../api/api-error';
import { ErrorState } from '../../components/page-state';
import { useSubmit } from '../../components/use-submit';

/** What GET /api/v1/base-models lists (the fields this form shows). */
interface BaseModelSummary {
  name: string;
  architecture: string;
  parameterCount: number;
}

const NAME = /^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$|^[a-z0-9]$/;

function parameters(count: number): string {
  if (count >= 1e9) return `${(count / 1e9).toFixed(1)}B`;
  if (count >= 1e6) return `${(count / 1e6).toFixed(0)}M`;
  return `${count}`;
}

/** Creates a model in a domain on a base model; the server's refusals show at their fields. */
export function CreateModelModal({
  opened,
  onClose,
  domains,
  defaultDomain,
}: {
  opened: boolean;
  onClose: () => void;
  domains: Domain[];
  defaultDomain: string | null;
}) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const baseModels = useQuery({
    queryKey: ['base-models'],
    queryFn: () => request<{ items: BaseModelSummary[] }>('GET', '/api/v1/base-models'),
    enabled: opened,
  });
  const [name, setName] = useState('');
  const [domain, setDomain] = useState<string | null>(defaultDomain);
  const [baseModel, setBaseModel] = useState<string | null>(null);
  const [description, setDescription] = useState('');
  const { busy, error, run } = useSubmit();
  const problem = error instanceof ApiProblem ? error : null;
  const nameHint =
    name && !NAME.test(name) ? 'a-z, 0-9 and "-", not starting or ending with "-"' : undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!domain || !baseModel || !NAME.test(name)) return;
    await run(async () => {
      const body: ControlPlaneComponents['schemas']['CreateModelDto'] = {
        name,
        domain,
        baseModel,
        ...(description ? { description } : {}),
      };
      await request('POST', '/api/v1/models', body);
      await queryClient.invalidateQueries({ queryKey: ['models'] });
      onClose();
      void navigate(`/models/${encodeURIComponent(name)}`);
    });
  };

  const unplaced =
    problem && !['name', 'domain', 'baseModel', 'description'].some((f) => problem.fieldMessage(f));

  return (
    <Modal opened={opened} onClose={onClose} title="New model" centered size="md">
      <form onSubmit={(e) => void submit(e)}>
        <Stack gap="sm">
          <TextInput
            label="Name"
            description="Used in URLs and by clients: fin-advisor"
            required
            data-autofocus
            value={name}
            onChange={(e) => setName(e.currentTarget.value.trim())}
            error={problem?.fieldMessage('name') ?? nameHint}
          />
          <Select
            label="Domain"
            required
            data={domains.map((d) => ({ value: d.name, label: d.displayName || d.name }))}
            value={domain}
            onChange={setDomain}
            error={problem?.fieldMessage('domain')}
          />
          <Select
            label="Base model"
            required
            searchable
            placeholder={baseModels.isPending ? 'loading…' : 'choose the open model to start from'}
            data={(baseModels.data?.items ?? []).map((b) => ({
              value: b.name,
              label: `${b.name} (${b.architecture}, ${parameters(b.parameterCount)})`,
            }))}
            value={baseModel}
            onChange={setBaseModel}
            error={
              problem?.fieldMessage('baseModel') ??
              (baseModels.error ? 'base models could not be listed' : undefined)
            }
            nothingFoundMessage="No base model registered"
          />
          <Textarea
            label="Description"
            autosize
            minRows={2}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            error={problem?.fieldMessage('description')}
          />
          {error && (!problem || unplaced) ? <ErrorState error={error} /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button
              type="submit"
              loading={busy}
              disabled={!name || !domain || !baseModel || !!nameHint}
            >
              Create model
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
