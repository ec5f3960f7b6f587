import {
  Badge,
  Button,
  Group,
  Modal,
  PasswordInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { canGrant, ROLES, type Role } from '@alloy/identity/policy';
import { ApiProblem } from '../../api/api-error';
import { request } from '../../api/api-client';
import { useSession } from '../../auth/session-provider';
import { ConfirmAction } from '../../components/confirm-action';
import { dateTime, relativeTime } from '../../components/ops-format';
import { ErrorState, PageState } from '../../components/page-state';
import { useSubmit } from '../../components/use-submit';
import type { OrganizationMember } from './settings.types';

const USERS = ['users'] as const;

/** The organisation's console users: add one, change a role, disable or enable an account. */
export function MembersTab() {
  const { can } = useSession();
  const users = useQuery({
    queryKey: USERS,
    queryFn: () => request<{ items: OrganizationMember[] }>('GET', '/api/v1/users'),
  });
  const items = users.data?.items ?? [];
  const writable = can('users', 'write');
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          People who sign in to the console. What each role may do is the policy table in the
          README.
        </Text>
        {writable ? <AddMemberButton /> : null}
      </Group>
      <PageState
        loading={users.isPending}
        error={users.error}
        empty={items.length === 0}
        emptyText="No member yet."
      >
        <Table.ScrollContainer minWidth={760}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Member</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Last sign-in</Table.Th>
                {writable ? <Table.Th aria-label="actions" /> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((u) => (
                <MemberRow key={u.id} member={u} writable={writable} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </PageState>
    </Stack>
  );
}

function MemberRow({ member: u, writable }: { member: OrganizationMember; writable: boolean }) {
  const { me } = useSession();
  const queryClient = useQueryClient();
  const [saving, setSaving] = useState(false);
  const locked = u.lockedUntil !== null && Date.parse(u.lockedUntil) > Date.now();
  const update = async (body: { role?: Role; disabled?: boolean }) => {
    await request('PATCH', `/api/v1/users/${encodeURIComponent(u.id)}`, body);
    await queryClient.invalidateQueries({ queryKey: USERS });
  };
  const changeRole = async (role: Role | null) => {
    if (!role || role === u.role) return;
    setSaving(true);
    try {
      await update({ role });
      notifications.show({ message: `${u.email} is now ${role}`, color: 'teal' });
    } catch (e) {
      notifications.show({
        title: 'Role not changed',
        message: e instanceof Error ? e.message : String(e),
        color: 'red',
      });
    } finally {
      setSaving(false);
    }
  };
  const roles = ROLES.filter((r) => me?.role && canGrant(me.role, r));
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={500}>
          {u.displayName || u.email}
        </Text>
        <Text size="xs" c="dimmed">
          {u.email}
        </Text>
      </Table.Td>
      <Table.Td>
        {writable ? (
          <Select
            aria-label={`role of ${u.email}`}
            data={roles}
            value={u.role}
            onChange={(v) => void changeRole(v)}
            allowDeselect={false}
            disabled={saving}
            w={170}
          />
        ) : (
          <Badge size="sm">{u.role}</Badge>
        )}
      </Table.Td>
      <Table.Td>
        <Group gap={4}>
          {u.disabled ? (
            <Badge size="sm" color="gray">
              disabled
            </Badge>
          ) : (
            <Badge size="sm" color="teal" variant="light">
              active
            </Badge>
          )}
          {locked ? (
            <Tooltip label={`too many wrong passwords; until ${dateTime(u.lockedUntil)}`}>
              <Badge size="sm" color="orange" variant="light">
                locked
              </Badge>
            </Tooltip>
          ) : null}
        </Group>
      </Table.Td>
      <Table.Td>
        <Tooltip label={dateTime(u.lastSignInAt)} disabled={!u.lastSignInAt}>
          <Text size="xs">{relativeTime(u.lastSignInAt)}</Text>
        </Tooltip>
      </Table.Td>
      {writable ? (
        <Table.Td>
          {u.disabled ? (
            <ConfirmAction
              label="Enable"
              variant="default"
              color="teal"
              title={`Enable ${u.email}?`}
              message="The member can sign in again."
              confirmLabel="Enable"
              onConfirm={() => update({ disabled: false })}
            />
          ) : (
            <ConfirmAction
              label="Disable"
              variant="light"
              color="red"
              title={`Disable ${u.email}?`}
              message="The member can no longer sign in; their sessions end."
              confirmLabel="Disable"
              onConfirm={() => update({ disabled: true })}
            />
          )}
        </Table.Td>
      ) : null}
    </Table.Tr>
  );
}

function AddMemberButton() {
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <>
      <Button onClick={open}>Add member</Button>
      <Modal opened={opened} onClose={close} title="Add member">
        {opened ? <AddMemberForm onDone={close} /> : null}
      </Modal>
    </>
  );
}

function AddMemberForm({ onDone }: { onDone: () => void }) {
  const { me } = useSession();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role | null>('viewer');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useSubmit();
  const problem = error instanceof ApiProblem ? error : null;
  const roles = ROLES.filter((r) => me?.role && canGrant(me.role, r));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await run(async () => {
      await request('POST', '/api/v1/users', {
        email: email.trim(),
        ...(displayName.trim() ? { displayName: displayName.trim() } : {}),
        role,
        password,
      });
      await queryClient.invalidateQueries({ queryKey: USERS });
      notifications.show({ message: `${email} added`, color: 'teal' });
      onDone();
    });
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack gap="sm">
        <TextInput
          label="Email"
          type="email"
          required
          data-autofocus
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
          error={problem?.fieldMessage('email')}
        />
        <TextInput
          label="Display name"
          value={displayName}
          onChange={(e) => setDisplayName(e.currentTarget.value)}
          error={problem?.fieldMessage('displayName')}
        />
        <Select
          label="Role"
          required
          data={roles}
          value={role}
          onChange={setRole}
          allowDeselect={false}
          error={problem?.fieldMessage('role')}
        />
        <PasswordInput
          label="Initial password"
          description="At least 12 characters; give it to the member out of band"
          required
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={problem?.fieldMessage('password')}
        />
        {error && !problem?.fields.length ? <ErrorState error={error} /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            Add member
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
