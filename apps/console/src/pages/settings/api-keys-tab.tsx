import {
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { canGrant, ROLES, type Role, SCOPES, type Scope } from '@alloy/identity/policy';
import type { Deployment } from '@alloy/sdk/types';
import { ApiProblem } from '../../api/api-error';
import { request } from '../../api/api-client';
import { useSession } from '../../auth/session-provider';
import { ConfirmAction } from '../../components/confirm-action';
import { dateTime, relativeTime } from '../../components/ops-format';
import { ErrorState, PageState } from '../../components/page-state';
import { useSubmit } from '../../components/use-submit';
import type { ApiKey, CreateApiKeyInput, CreatedApiKey } from './settings.types';

const KEYS = ['api-keys'] as const;
const KIND_LABEL = { ak: 'API key', wj: 'worker join token', wk: 'worker' } as const;

/** The organisation's API keys and worker credentials; create (token shown once) and revoke. */
export function ApiKeysTab() {
  const { can } = useSession();
  const keys = useQuery({
    queryKey: KEYS,
    queryFn: () => request<{ items: ApiKey[] }>('GET', '/api/v1/api-keys'),
  });
  const items = keys.data?.items ?? [];
  const writable = can('api-keys', 'write');
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Keys authenticate the SDK, the CLI and partners’ apps. A key acts with its role, narrowed
          by its scopes; it can be limited to some deployments.
        </Text>
        {writable ? <CreateApiKeyButton /> : null}
      </Group>
      <PageState
        loading={keys.isPending}
        error={keys.error}
        empty={items.length === 0}
        emptyText="No API key yet."
      >
        <Table.ScrollContainer minWidth={900}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Role and scopes</Table.Th>
                <Table.Th>Deployments</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Expires</Table.Th>
                <Table.Th>Last used</Table.Th>
                {writable ? <Table.Th aria-label="actions" /> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((k) => (
                <Table.Tr key={k.id} c={k.revokedAt ? 'dimmed' : undefined}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {k.name}
                    </Text>
                    <Text size="xs" c="dimmed" ff="monospace">
                      {KIND_LABEL[k.kind] ?? k.kind} · {k.id}
                      {k.workerId ? ` · ${k.workerId}` : ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {k.role ? <Badge size="sm">{k.role}</Badge> : null}
                      {(k.scopes ?? []).map((s) => (
                        <Badge key={s} size="sm" variant="outline">
                          {s}
                        </Badge>
                      ))}
                      {k.role && !k.scopes ? (
                        <Text size="xs" c="dimmed">
                          all the role allows
                        </Text>
                      ) : null}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs">{k.deployments?.join(', ') || 'any'}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Tooltip label={dateTime(k.createdAt)}>
                      <Text size="xs">
                        {relativeTime(k.createdAt)} by {k.createdBy}
                      </Text>
                    </Tooltip>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs">{k.expiresAt ? dateTime(k.expiresAt) : 'never'}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs">{relativeTime(k.lastUsedAt)}</Text>
                  </Table.Td>
                  {writable ? (
                    <Table.Td>
                      {k.revokedAt ? (
                        <Badge size="sm" color="gray" variant="light">
                          revoked {relativeTime(k.revokedAt)}
                        </Badge>
                      ) : (
                        <RevokeKeyButton apiKey={k} />
                      )}
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </PageState>
    </Stack>
  );
}

function RevokeKeyButton({ apiKey }: { apiKey: ApiKey }) {
  const queryClient = useQueryClient();
  return (
    <ConfirmAction
      label="Revoke"
      variant="light"
      color="red"
      title={`Revoke ${apiKey.name}?`}
      message="Every process refuses the key within a second; what uses it stops working. This cannot be undone."
      confirmLabel="Revoke"
      onConfirm={async () => {
        await request('DELETE', `/api/v1/api-keys/${encodeURIComponent(apiKey.id)}`);
        await queryClient.invalidateQueries({ queryKey: KEYS });
      }}
    />
  );
}

function CreateApiKeyButton() {
  const [opened, { open, close }] = useDisclosure(false);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  // The token lives only in this modal: closing it forgets the token for good.
  const done = () => {
    setCreated(null);
    close();
  };
  return (
    <>
      <Button onClick={open}>New API key</Button>
      <Modal
        opened={opened}
        onClose={done}
        title={created ? 'API key created' : 'New API key'}
        size="lg"
        closeOnClickOutside={!created}
      >
        {created ? (
          <CreatedToken apiKey={created} onDone={done} />
        ) : (
          <CreateApiKeyForm onCreated={setCreated} onCancel={done} />
        )}
      </Modal>
    </>
  );
}

function CreatedToken({ apiKey, onDone }: { apiKey: CreatedApiKey; onDone: () => void }) {
  return (
    <Stack gap="sm">
      <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />}>
        Copy the token now: it is shown only once and cannot be shown again. Store it as a secret;
        anyone holding it acts as {apiKey.role ?? 'this key'}.
      </Alert>
      <Group gap="xs" wrap="nowrap" align="center">
        <Code block style={{ flex: 1, wordBreak: 'break-all' }} data-testid="api-key-token">
          {apiKey.token}
        </Code>
        <CopyButton value={apiKey.token}>
          {({ copied, copy }) => (
            <Button
              variant={copied ? 'light' : 'default'}
              color={copied ? 'teal' : undefined}
              leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
              onClick={copy}
            >
              {copied ? 'Copied' : 'Copy'}
            </Button>
          )}
        </CopyButton>
      </Group>
      <Group justify="flex-end">
        <Button onClick={onDone}>I have stored it</Button>
      </Group>
    </Stack>
  );
}

function CreateApiKeyForm({
  onCreated,
  onCancel,
}: {
  onCreated: (key: CreatedApiKey) => void;
  onCancel: () => void;
}) {
  const { me } = useSession();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role | null>(null);
  const [scopes, setScopes] = useState<Scope[]>([]);
  const [deployments, setDeployments] = useState<string[]>([]);
  const [days, setDays] = useState<number | ''>(90);
  const { busy, error, run } = useSubmit();
  const deploymentList = useQuery({
    queryKey: ['deployments', 'names'],
    queryFn: () => request<{ items: Deployment[] }>('GET', '/api/v1/deployments'),
  });
  const problem = error instanceof ApiProblem ? error : null;
  // A key's role is at most its creator's.
  const roles = ROLES.filter((r) => me?.role && canGrant(me.role, r));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body: CreateApiKeyInput = { name: name.trim() };
    if (role) body.role = role;
    if (scopes.length > 0) body.scopes = scopes;
    if (deployments.length > 0) body.deployments = deployments;
    if (days !== '') body.expiresInDays = days;
    await run(async () => {
      const created = await request<CreatedApiKey>('POST', '/api/v1/api-keys', body);
      await queryClient.invalidateQueries({ queryKey: KEYS });
      onCreated(created);
    });
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack gap="sm">
        <TextInput
          label="Name"
          description="Who or what uses it, e.g. partner-portal"
          required
          data-autofocus
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={problem?.fieldMessage('name')}
        />
        <Select
          label="Role"
          description="Your own role when left empty"
          placeholder={me?.role ?? undefined}
          data={roles}
          value={role}
          onChange={setRole}
          clearable
          error={problem?.fieldMessage('role')}
        />
        <MultiSelect
          label="Scopes"
          description="Narrow the role further; all the role allows when empty"
          data={[...SCOPES]}
          value={scopes}
          onChange={setScopes}
          error={problem?.fieldMessage('scopes')}
        />
        <MultiSelect
          label="Deployments"
          description="Inference only on these; any when empty"
          data={(deploymentList.data?.items ?? []).map((d) => d.name)}
          value={deployments}
          onChange={setDeployments}
          searchable
          error={problem?.fieldMessage('deployments')}
        />
        <NumberInput
          label="Expires in (days)"
          description="Empty: never expires"
          min={1}
          max={3650}
          allowDecimal={false}
          value={days}
          onChange={(v) => setDays(typeof v === 'number' ? v : '')}
          error={problem?.fieldMessage('expiresInDays')}
        />
        {error && !problem?.fields.length ? <ErrorState error={error} /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={busy} disabled={name.trim() === ''}>
            Create key
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
