import { Button, Group, Paper, Stack, Switch, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiProblem } from '../../api/api-error';
import { request } from '../../api/api-client';
import { useSession } from '../../auth/session-provider';
import { dateTime } from '../../components/ops-format';
import { ErrorState, PageState } from '../../components/page-state';
import { useSubmit } from '../../components/use-submit';
import type { OrganizationSettings } from './settings.types';

const ORGANIZATION = ['organization'] as const;

/** The acting organisation's own settings (GET/PATCH /api/v1/organization). */
export function OrganizationTab() {
  const settings = useQuery({
    queryKey: ORGANIZATION,
    queryFn: () => request<OrganizationSettings>('GET', '/api/v1/organization'),
  });
  return (
    <PageState loading={settings.isPending} error={settings.error}>
      {settings.data ? (
        // Keyed so that the form starts again from what the server saved.
        <OrganizationForm key={JSON.stringify(settings.data)} settings={settings.data} />
      ) : null}
    </PageState>
  );
}

function OrganizationForm({ settings }: { settings: OrganizationSettings }) {
  const { can } = useSession();
  const queryClient = useQueryClient();
  const writable = can('organization-settings', 'write');
  const [displayName, setDisplayName] = useState(settings.displayName);
  const [logging, setLogging] = useState(settings.inferenceContentLogging);
  const { busy, error, run } = useSubmit();
  const problem = error instanceof ApiProblem ? error : null;
  const changed =
    displayName !== settings.displayName || logging !== settings.inferenceContentLogging;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await run(async () => {
      const body: Partial<OrganizationSettings> = {};
      if (displayName !== settings.displayName) body.displayName = displayName.trim();
      if (logging !== settings.inferenceContentLogging) body.inferenceContentLogging = logging;
      const saved = await request<OrganizationSettings>('PATCH', '/api/v1/organization', body);
      queryClient.setQueryData(ORGANIZATION, saved);
      notifications.show({ message: 'Organisation settings saved', color: 'teal' });
    });
  };

  return (
    <Paper withBorder p="md" maw={640} component="form" onSubmit={(e) => void submit(e)}>
      <Stack gap="sm">
        <Group gap="xl">
          <div>
            <Text size="xs" c="dimmed">
              Name
            </Text>
            <Text size="sm" ff="monospace">
              {settings.name}
            </Text>
          </div>
          <div>
            <Text size="xs" c="dimmed">
              Created
            </Text>
            <Text size="sm">{dateTime(settings.createdAt)}</Text>
          </div>
          {settings.platform ? (
            <Text size="xs" c="dimmed">
              This organisation runs the installation.
            </Text>
          ) : null}
        </Group>
        <TextInput
          label="Display name"
          required
          readOnly={!writable}
          value={displayName}
          onChange={(e) => setDisplayName(e.currentTarget.value)}
          error={problem?.fieldMessage('displayName')}
        />
        <Switch
          label="Record inference content"
          description="Keep prompts and outputs in the inference audit (GET /api/v1/inference-audit). Off: only who called which model, tokens, latency and status."
          checked={logging}
          disabled={!writable}
          onChange={(e) => setLogging(e.currentTarget.checked)}
          error={problem?.fieldMessage('inferenceContentLogging')}
        />
        {error && !problem?.fields.length ? <ErrorState error={error} /> : null}
        {writable ? (
          <Group justify="flex-end">
            <Button type="submit" loading={busy} disabled={!changed}>
              Save
            </Button>
          </Group>
        ) : null}
      </Stack>
    </Paper>
  );
}
