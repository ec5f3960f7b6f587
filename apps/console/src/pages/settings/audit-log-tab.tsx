import {
  ActionIcon,
  Button,
  Code,
  Collapse,
  Group,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { type ChangeEvent, Fragment, useState } from 'react';
import { useCursorPages } from '../../components/cursor-pages';
import { dateTime, relativeTime } from '../../components/ops-format';
import { PageState } from '../../components/page-state';
import type { AuditEntry } from './settings.types';

interface AuditFilters {
  entityType: string;
  action: string;
  entityId: string;
}

/** The list URL for filters; empty filters are left out. */
export function auditUrl(filters: AuditFilters): string {
  const params = new URLSearchParams();
  for (const key of ['entityType', 'action', 'entityId'] as const) {
    const value = filters[key].trim();
    if (value) params.set(key, value);
  }
  const query = params.toString();
  return `/api/v1/audit-log${query ? `?${query}` : ''}`;
}

/** Every mutation and sign-in of the organisation, newest first, with what it changed. */
export function AuditLogTab() {
  const [filters, setFilters] = useState<AuditFilters>({
    entityType: '',
    action: '',
    entityId: '',
  });
  // Typing a filter should not send a request per key.
  const [debounced] = useDebouncedValue(filters, 300);
  const pages = useCursorPages<AuditEntry>(['audit-log'], auditUrl(debounced));
  const [open, setOpen] = useState<string | null>(null);
  const set = (key: keyof AuditFilters) => (e: ChangeEvent<HTMLInputElement>) => {
    const value = e.currentTarget.value;
    setFilters((f) => ({ ...f, [key]: value }));
  };
  return (
    <Stack gap="sm">
      <Group gap="sm" align="flex-end">
        <TextInput
          label="Entity type"
          placeholder="model"
          value={filters.entityType}
          onChange={set('entityType')}
        />
        <TextInput
          label="Action"
          placeholder="model.alias.set"
          value={filters.action}
          onChange={set('action')}
        />
        <TextInput
          label="Entity id"
          placeholder="id or name"
          value={filters.entityId}
          onChange={set('entityId')}
        />
        <Text size="xs" c="dimmed" pb={6}>
          Filters match exactly.
        </Text>
      </Group>
      <PageState
        loading={pages.loading}
        error={pages.error}
        empty={pages.items.length === 0}
        emptyText="No audit entry matches."
      >
        <Table.ScrollContainer minWidth={800}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={32} />
                <Table.Th>When</Table.Th>
                <Table.Th>Actor</Table.Th>
                <Table.Th>Action</Table.Th>
                <Table.Th>Entity</Table.Th>
                <Table.Th>Request</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {pages.items.map((e) => {
                const expanded = open === e.id;
                return (
                  <Fragment key={e.id}>
                    <Table.Tr>
                      <Table.Td>
                        <ActionIcon
                          variant="subtle"
                          size="sm"
                          aria-expanded={expanded}
                          aria-label={`${expanded ? 'hide' : 'show'} the change of ${e.action}`}
                          onClick={() => setOpen(expanded ? null : e.id)}
                        >
                          {expanded ? (
                            <IconChevronDown size={14} />
                          ) : (
                            <IconChevronRight size={14} />
                          )}
                        </ActionIcon>
                      </Table.Td>
                      <Table.Td>
                        <Tooltip label={dateTime(e.createdAt)}>
                          <Text size="xs">{relativeTime(e.createdAt)}</Text>
                        </Tooltip>
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs">{e.actor}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Code>{e.action}</Code>
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs">
                          {e.entityType}{' '}
                          <Text span c="dimmed" ff="monospace" size="xs">
                            {e.entityId}
                          </Text>
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs" c="dimmed" ff="monospace">
                          {e.requestId ?? '—'}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                    {expanded ? (
                      <Table.Tr>
                        <Table.Td colSpan={6}>
                          <Collapse expanded>
                            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
                              <ChangeSide title="Before" value={e.before} />
                              <ChangeSide title="After" value={e.after} />
                            </SimpleGrid>
                          </Collapse>
                        </Table.Td>
                      </Table.Tr>
                    ) : null}
                  </Fragment>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {pages.hasMore ? (
          <Group justify="center">
            <Button variant="default" loading={pages.loadingMore} onClick={pages.loadMore}>
              Load more
            </Button>
          </Group>
        ) : null}
      </PageState>
    </Stack>
  );
}

function ChangeSide({ title, value }: { title: string; value: Record<string, unknown> | null }) {
  return (
    <div>
      <Text size="xs" c="dimmed" mb={2}>
        {title}
      </Text>
      {value ? (
        <Code block style={{ maxHeight: 320, overflow: 'auto' }}>
          {JSON.stringify(value, null, 2)}
        </Code>
      ) : (
        <Text size="xs" c="dimmed">
          nothing
        </Text>
      )}
    </div>
  );
}
