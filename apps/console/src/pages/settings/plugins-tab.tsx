import {
  Badge,
  Button,
  Card,
  FileInput,
  Group,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconUpload } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { Domain, Model, Page, PluginEnablementInput } from '@alloy/sdk/types';
import { ApiProblem } from '../../api/api-error';
import { authHeaders, request } from '../../api/api-client';
import { useSession } from '../../auth/session-provider';
import { ConfirmAction } from '../../components/confirm-action';
import { dateTime, relativeTime } from '../../components/ops-format';
import { ErrorState, PageState } from '../../components/page-state';
import { useSubmit } from '../../components/use-submit';
import { type ConfigSchema, PluginConfigForm } from './plugin-config-form';
import type { InstalledPlugin, PluginEnablement } from './settings.types';

const PLUGINS = ['plugins'] as const;

/** Installed plugins, where each runs in this organisation, and their configuration. */
export function PluginsTab() {
  const { can } = useSession();
  const plugins = useQuery({
    queryKey: PLUGINS,
    queryFn: () => request<{ items: InstalledPlugin[] }>('GET', '/api/v1/plugins'),
  });
  const items = plugins.data?.items ?? [];
  const writable = can('plugins', 'write');
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Plugins add industry rules to ingestion and inference. The most specific enablement wins:
          model, then domain, then organisation.
        </Text>
        {writable ? <InstallPluginButton /> : null}
      </Group>
      <PageState
        loading={plugins.isPending}
        error={plugins.error}
        empty={items.length === 0}
        emptyText="No plugin is installed."
      >
        <Stack gap="sm">
          {items.map((p) => (
            <PluginCard key={p.id} plugin={p} writable={writable} />
          ))}
        </Stack>
      </PageState>
    </Stack>
  );
}

function PluginCard({ plugin: p, writable }: { plugin: InstalledPlugin; writable: boolean }) {
  const latest = p.versions.find((v) => v.version === p.latestVersion);
  return (
    <Card withBorder padding="sm">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Group gap="xs">
            <Text fw={600}>{p.displayName ?? p.id}</Text>
            <Text size="xs" c="dimmed" ff="monospace">
              {p.id}
            </Text>
            <Badge size="sm" variant="light" color={p.state === 'enabled' ? 'teal' : 'gray'}>
              {p.state}
            </Badge>
          </Group>
          {p.description ? (
            <Text size="sm" c="dimmed">
              {p.description}
            </Text>
          ) : null}
          <Text size="xs" c="dimmed" mt={4}>
            domains: {p.domains.length ? p.domains.join(', ') : 'any'} · versions:{' '}
            {p.versions.map((v) => `${v.version}${v.platform ? ' (platform)' : ''}`).join(', ')}
            {latest
              ? ` · latest installed ${relativeTime(latest.installedAt)} by ${latest.installedBy}${
                  latest.signedBy ? `, signed by ${latest.signedBy}` : ''
                }`
              : ''}
          </Text>
        </div>
        {writable ? <EnablePluginButton plugin={p} /> : null}
      </Group>
      {p.enablements.length > 0 ? (
        <Table mt="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Enabled for</Table.Th>
              <Table.Th>Version</Table.Th>
              <Table.Th>Position</Table.Th>
              <Table.Th>Configuration</Table.Th>
              <Table.Th>By</Table.Th>
              {writable ? <Table.Th aria-label="actions" /> : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {p.enablements.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td>
                  <Badge size="sm" variant="outline">
                    {e.scope}
                  </Badge>
                </Table.Td>
                <Table.Td>{e.version}</Table.Td>
                <Table.Td>{e.position}</Table.Td>
                <Table.Td>
                  <Tooltip
                    label={<pre style={{ margin: 0 }}>{JSON.stringify(e.config, null, 2)}</pre>}
                    multiline
                  >
                    <Text size="xs" ff="monospace" lineClamp={1} maw={280}>
                      {JSON.stringify(e.config)}
                    </Text>
                  </Tooltip>
                </Table.Td>
                <Table.Td>
                  <Tooltip label={dateTime(e.updatedAt)}>
                    <Text size="xs">{e.enabledBy}</Text>
                  </Tooltip>
                </Table.Td>
                {writable ? (
                  <Table.Td>
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      <EnablePluginButton plugin={p} enablement={e} />
                      <DisablePluginButton plugin={p} enablement={e} />
                    </Group>
                  </Table.Td>
                ) : null}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Text size="xs" c="dimmed" mt="xs">
          Not enabled anywhere in this organisation.
        </Text>
      )}
    </Card>
  );
}

function DisablePluginButton({
  plugin,
  enablement,
}: {
  plugin: InstalledPlugin;
  enablement: PluginEnablement;
}) {
  const queryClient = useQueryClient();
  return (
    <ConfirmAction
      label="Disable"
      variant="light"
      color="red"
      title={`Disable ${plugin.displayName ?? plugin.id} for ${enablement.scope}?`}
      message="Its hooks stop running there; a less specific enablement, if any, applies instead. Its configuration here is forgotten."
      confirmLabel="Disable"
      onConfirm={async () => {
        await request(
          'DELETE',
          `/api/v1/plugins/${encodeURIComponent(plugin.id)}/enablements/${encodeURIComponent(enablement.id)}`,
        );
        await queryClient.invalidateQueries({ queryKey: PLUGINS });
      }}
    />
  );
}

type Scope = PluginEnablementInput['scope'];

/** `domain:finance` -> the form's scope and target. */
function parseScope(scope: string | undefined): { scope: Scope; target: string | null } {
  if (scope?.startsWith('domain:')) return { scope: 'domain', target: scope.slice(7) };
  if (scope?.startsWith('model:')) return { scope: 'model', target: scope.slice(6) };
  return { scope: 'organization', target: null };
}

/** Enables a plugin somewhere, or (given an enablement) changes its version and configuration. */
function EnablePluginButton({
  plugin,
  enablement,
}: {
  plugin: InstalledPlugin;
  enablement?: PluginEnablement;
}) {
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <>
      <Button variant={enablement ? 'default' : 'filled'} onClick={open} style={{ flexShrink: 0 }}>
        {enablement ? 'Configure' : 'Enable'}
      </Button>
      <Modal
        opened={opened}
        onClose={close}
        size="lg"
        title={`${enablement ? 'Configure' : 'Enable'} ${plugin.displayName ?? plugin.id}`}
      >
        {opened ? <EnableForm plugin={plugin} enablement={enablement} onDone={close} /> : null}
      </Modal>
    </>
  );
}

function EnableForm({
  plugin,
  enablement,
  onDone,
}: {
  plugin: InstalledPlugin;
  enablement?: PluginEnablement;
  onDone: () => void;
}) {
  const queryClient = useQueryClient();
  const initial = parseScope(enablement?.scope);
  const [scope, setScope] = useState<Scope>(initial.scope);
  const [target, setTarget] = useState<string | null>(initial.target);
  const [version, setVersion] = useState<string>(enablement?.version ?? plugin.latestVersion);
  const { busy, error, run } = useSubmit();
  const problem = error instanceof ApiProblem ? error : null;
  const domains = useQuery({
    queryKey: ['domains'],
    queryFn: () => request<{ items: Domain[] }>('GET', '/api/v1/domains'),
    enabled: scope === 'domain',
  });
  const models = useQuery({
    queryKey: ['models', 'names'],
    queryFn: () => request<Page<Model>>('GET', '/api/v1/models?limit=100&sort=name&order=asc'),
    enabled: scope === 'model',
  });
  const schema = plugin.versions.find((v) => v.version === version)?.manifest.config as
    ConfigSchema | undefined;
  const domainChoices = (domains.data?.items ?? [])
    .filter((d) => plugin.domains.length === 0 || plugin.domains.includes(d.name))
    .map((d) => ({ value: d.name, label: d.displayName || d.name }));
  const modelChoices = (models.data?.items ?? [])
    .filter((m) => plugin.domains.length === 0 || plugin.domains.includes(m.domain))
    .map((m) => ({ value: m.name, label: `${m.name} (${m.domain})` }));

  const submit = async (config: Record<string, unknown>) => {
    const body: PluginEnablementInput = { scope, version, config };
    if (scope === 'domain' && target) body.domain = target;
    if (scope === 'model' && target) body.model = target;
    if (enablement) body.position = enablement.position;
    await run(async () => {
      await request('PUT', `/api/v1/plugins/${encodeURIComponent(plugin.id)}/enablements`, body);
      await queryClient.invalidateQueries({ queryKey: PLUGINS });
      notifications.show({
        message: `${plugin.displayName ?? plugin.id} ${enablement ? 'reconfigured' : 'enabled'}`,
        color: 'teal',
      });
      onDone();
    });
  };

  return (
    <PluginConfigForm
      // A version's schema may differ from another's: start its form afresh.
      key={version}
      schema={schema}
      initial={enablement?.version === version ? enablement.config : undefined}
      problem={error}
      busy={busy}
      submitLabel={enablement ? 'Save' : 'Enable'}
      onSubmit={submit}
    >
      <Group grow align="flex-start">
        <Select
          label="Enable for"
          data={[
            { value: 'organization', label: 'the whole organisation' },
            { value: 'domain', label: 'a domain' },
            { value: 'model', label: 'a model' },
          ]}
          value={scope}
          onChange={(v) => {
            setScope(v ?? 'organization');
            setTarget(null);
          }}
          allowDeselect={false}
          disabled={!!enablement}
          error={problem?.fieldMessage('scope')}
        />
        {scope === 'domain' ? (
          <Select
            label="Domain"
            required
            data={domainChoices}
            value={target}
            onChange={setTarget}
            disabled={!!enablement || domains.isPending}
            searchable
            error={
              problem?.fieldMessage('domain') ??
              (domains.error ? 'domains could not be listed' : undefined)
            }
          />
        ) : null}
        {scope === 'model' ? (
          <Select
            label="Model"
            required
            data={modelChoices}
            value={target}
            onChange={setTarget}
            disabled={!!enablement || models.isPending}
            searchable
            error={
              problem?.fieldMessage('model') ??
              (models.error ? 'models could not be listed' : undefined)
            }
          />
        ) : null}
        <Select
          label="Version"
          data={plugin.versions.map((v) => v.version)}
          value={version}
          onChange={(v) => v && setVersion(v)}
          allowDeselect={false}
          error={problem?.fieldMessage('version')}
        />
      </Group>
    </PluginConfigForm>
  );
}

function InstallPluginButton() {
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <>
      <Button leftSection={<IconUpload size={14} />} onClick={open}>
        Install package
      </Button>
      <Modal opened={opened} onClose={close} title="Install a plugin package">
        {opened ? <InstallForm onDone={close} /> : null}
      </Modal>
    </>
  );
}

function InstallForm({ onDone }: { onDone: () => void }) {
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [signature, setSignature] = useState('');
  const { busy, error, run } = useSubmit();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    await run(async () => {
      const headers: Record<string, string> = {
        ...authHeaders(),
        'content-type': 'application/gzip',
      };
      if (signature.trim()) headers['x-alloy-signature'] = signature.trim();
      const response = await fetch('/api/v1/plugins', { method: 'POST', headers, body: file });
      if (!response.ok) throw await ApiProblem.from(response);
      const installed = (await response.json()) as InstalledPlugin;
      await queryClient.invalidateQueries({ queryKey: PLUGINS });
      notifications.show({
        message: `${installed.id} ${installed.latestVersion} installed`,
        color: 'teal',
      });
      onDone();
    });
  };

  return (
    <form onSubmit={(e) => void submit(e)}>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          A package made by <code>alloy-plugin pack</code>. It is checked (signature, layout,
          manifest, bundle hash, a test load in a sandbox) before anything is stored; an installed
          version never changes.
        </Text>
        <FileInput
          label="Package (.tgz)"
          required
          accept=".tgz,.tar.gz,application/gzip"
          value={file}
          onChange={setFile}
          clearable
        />
        <TextInput
          label="Signature"
          description="base64 ed25519 signature (X-Alloy-Signature); required when the installation trusts signing keys"
          value={signature}
          onChange={(e) => setSignature(e.currentTarget.value)}
        />
        {error ? <ErrorState error={error} /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={busy} disabled={!file}>
            Install
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
