import type { CreateDeploymentInput, Model, ModelVersion, Page } from '@alloy/sdk/types';
import { Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { request } from '../../api/api-client';
import { ApiProblem } from '../../api/api-error';
import { ErrorState } from '../../components/page-state';
import { useSubmit } from '../../components/use-submit';
import { TrafficSplitBar } from '../../components/traffic-split-bar';

const NAME = /^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$|^[a-z0-9]$/;

/**
 * Deploys ready versions of a model. One version takes all traffic; a second, when chosen, starts
 * as a canary at 10% (changed later on the deployment's page).
 */
export function CreateDeploymentModal({ onClose }: { onClose: () => void }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [model, setModel] = useState<string | null>(null);
  const [primary, setPrimary] = useState<string | null>(null);
  const [canary, setCanary] = useState<string | null>(null);
  const [canaryWeight, setCanaryWeight] = useState(10);
  const { busy, error, run } = useSubmit();
  const problem = error instanceof ApiProblem ? error : null;

  const models = useQuery({
    queryKey: ['models', 'all-for-deploy'],
    queryFn: () => request<Page<Model>>('GET', '/api/v1/models?limit=100&sort=name&order=asc'),
  });
  const versions = useQuery({
    queryKey: ['models', model, 'versions', 'ready'],
    queryFn: () =>
      request<Page<ModelVersion>>(
        'GET',
        `/api/v1/models/${encodeURIComponent(model!)}/versions?status=ready&sort=version&order=desc&limit=100`,
      ),
    enabled: model !== null,
  });
  const ready = versions.data?.items ?? [];
  const traffic = [
    ...(primary ? [{ version: Number(primary), weight: canary ? 100 - canaryWeight : 100 }] : []),
    ...(canary ? [{ version: Number(canary), weight: canaryWeight }] : []),
  ];
  const nameHint =
    name && !NAME.test(name) ? 'a-z, 0-9 and "-", not starting or ending with "-"' : undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!model || traffic.length === 0 || !NAME.test(name)) return;
    await run(async () => {
      const body: CreateDeploymentInput = { name, model, traffic };
      await request('POST', '/api/v1/deployments', body);
      await queryClient.invalidateQueries({ queryKey: ['deployments'] });
      onClose();
      void navigate(`/deployments/${encodeURIComponent(name)}`);
    });
  };

  const fieldError = (field: string) => problem?.fieldMessage(field);
  const placed = problem && ['name', 'model', 'traffic'].some((f) => fieldError(f));
  return (
    <Modal opened onClose={onClose} title="New deployment" centered>
      <form onSubmit={(e) => void submit(e)}>
        <Stack gap="sm">
          <TextInput
            label="Name"
            description="Clients reach it through the model's name; the deployment's name is how you manage it"
            required
            data-autofocus
            value={name}
            onChange={(e) => setName(e.currentTarget.value.trim())}
            error={fieldError('name') ?? nameHint}
          />
          <Select
            label="Model"
            required
            searchable
            data={(models.data?.items ?? []).map((m) => ({
              value: m.name,
              label: `${m.name} (${m.domain})`,
            }))}
            value={model}
            onChange={(v) => {
              setModel(v);
              setPrimary(null);
              setCanary(null);
              if (v && !name) setName(v);
            }}
            placeholder={models.isPending ? 'loading…' : undefined}
            error={fieldError('model') ?? (models.error ? 'models could not be listed' : undefined)}
          />
          <Select
            label="Version"
            description="Only ready versions can take traffic"
            required
            disabled={!model}
            data={ready.map((v) => ({
              value: String(v.version),
              label: `v${v.version}${v.aliases.length ? ` (${v.aliases.join(', ')})` : ''}`,
            }))}
            value={primary}
            onChange={setPrimary}
            nothingFoundMessage="No ready version"
            placeholder={
              model && versions.data && ready.length === 0
                ? 'this model has no ready version'
                : undefined
            }
            error={fieldError('traffic.0.version')}
          />
          <Group grow align="flex-end">
            <Select
              label="Canary version (optional)"
              clearable
              disabled={!primary}
              data={ready
                .filter((v) => String(v.version) !== primary)
                .map((v) => ({ value: String(v.version), label: `v${v.version}` }))}
              value={canary}
              onChange={setCanary}
              error={fieldError('traffic.1.version')}
            />
            <Select
              label="Canary share"
              disabled={!canary}
              data={['1', '5', '10', '20', '25', '50'].map((w) => ({ value: w, label: `${w}%` }))}
              value={String(canaryWeight)}
              onChange={(v) => setCanaryWeight(Number(v ?? 10))}
            />
          </Group>
          {traffic.length ? (
            <div>
              <Text size="xs" c="dimmed" mb={4}>
                Traffic
              </Text>
              <TrafficSplitBar traffic={traffic} legend />
            </div>
          ) : null}
          {fieldError('traffic') ? (
            <Text size="sm" c="red">
              {fieldError('traffic')}
            </Text>
          ) : null}
          {error && !placed ? <ErrorState error={error} /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button
              type="submit"
              loading={busy}
              disabled={!name || !!nameHint || !model || !primary}
            >
              Deploy
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
