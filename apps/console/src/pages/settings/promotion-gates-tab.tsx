import { Badge, Button, Group, Modal, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ControlPlaneComponents } from '@alloy/sdk/types';
import { request } from '../../api/api-client';
import { useSession } from '../../auth/session-provider';
import { dateTime } from '../../components/ops-format';
import { PageState } from '../../components/page-state';
import { NUMERIC, type PromotionGate, PromotionGateForm, SWITCHES } from './promotion-gate-form';

const GATES = ['organization', 'promotion-gates'] as const;

function Threshold({
  gate,
  field,
}: {
  gate: PromotionGate;
  field: keyof PromotionGate['thresholds'];
}) {
  const value = gate.thresholds[field];
  const own = gate.custom[field] !== undefined;
  return (
    <Group gap={4} wrap="nowrap">
      <Text size="sm" ff="monospace">
        {typeof value === 'boolean' ? (value ? 'required' : 'off') : value}
      </Text>
      {own ? null : (
        <Badge size="xs" variant="outline" color="gray">
          default
        </Badge>
      )}
    </Group>
  );
}

/**
 * What a version must show before it takes production, per domain (GET/PUT
 * /api/v1/organization/promotion-gates): the organisation's own thresholds over the defaults.
 */
export function PromotionGatesTab() {
  const { can } = useSession();
  const writable = can('organization-settings', 'write');
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<PromotionGate | null>(null);
  const gates = useQuery({
    queryKey: GATES,
    queryFn: () =>
      request<ControlPlaneComponents['schemas']['PromotionGateListDto']>(
        'GET',
        '/api/v1/organization/promotion-gates',
      ),
  });
  const fields = [...NUMERIC, ...SWITCHES];
  return (
    <PageState
      loading={gates.isPending}
      error={gates.error}
      empty={(gates.data?.items.length ?? 0) === 0}
      emptyText="No domain yet."
    >
      <Text size="sm" c="dimmed" mb="sm">
        Moving a model&apos;s production alias to a version that fails its domain&apos;s gate is
        refused; an admin may override it with a reason, which is audited.
      </Text>
      <Table.ScrollContainer minWidth={900}>
        <Table verticalSpacing="xs" aria-label="promotion gates">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Domain</Table.Th>
              {fields.map((f) => (
                <Table.Th key={f.key}>{f.label}</Table.Th>
              ))}
              <Table.Th>Changed</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(gates.data?.items ?? []).map((g) => (
              <Table.Tr key={g.domain} data-testid={`gate-${g.domain}`}>
                <Table.Td fw={600}>{g.domain}</Table.Td>
                {fields.map((f) => (
                  <Table.Td key={f.key}>
                    <Threshold gate={g} field={f.key} />
                  </Table.Td>
                ))}
                <Table.Td>
                  <Text size="xs" c="dimmed">
                    {g.updatedAt ? `${dateTime(g.updatedAt)} by ${g.updatedBy ?? '?'}` : '—'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {writable ? (
                    <Button size="compact-sm" variant="light" onClick={() => setEditing(g)}>
                      Edit {g.domain}
                    </Button>
                  ) : null}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing ? `Promotion gate of ${editing.domain}` : ''}
        centered
      >
        {editing && gates.data ? (
          <PromotionGateForm
            gate={editing}
            defaults={gates.data.defaults}
            onCancel={() => setEditing(null)}
            onSave={async (body) => {
              await request<PromotionGate>(
                'PUT',
                `/api/v1/organization/promotion-gates/${encodeURIComponent(editing.domain)}`,
                body,
              );
              await queryClient.invalidateQueries({ queryKey: GATES });
              notifications.show({ message: `${editing.domain} gate saved`, color: 'teal' });
              setEditing(null);
            }}
          />
        ) : null}
      </Modal>
    </PageState>
  );
}
