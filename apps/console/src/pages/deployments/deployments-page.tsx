import { Anchor, Box, Button, Table, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { request } from '../../api/api-client';
import { useSession } from '../../auth/session-provider';
import { PageHeader } from '../../components/page-header';
import { PageState } from '../../components/page-state';
import { TrafficSplitBar } from '../../components/traffic-split-bar';
import { CreateDeploymentModal } from './create-deployment-modal';
import type { DeploymentDetail } from './deployment-types';

/** Every deployment with its model, the revision in force and how traffic is split. */
export function DeploymentsPage() {
  const { can } = useSession();
  const [creating, setCreating] = useState(false);
  const deployments = useQuery({
    queryKey: ['deployments'],
    queryFn: () => request<{ items: DeploymentDetail[] }>('GET', '/api/v1/deployments'),
  });
  const items = deployments.data?.items ?? [];
  return (
    <>
      <PageHeader
        title="Deployments"
        description="What the model servers serve: ready versions of a model and the share of traffic each takes."
        actions={
          can('deployments', 'write') ? (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
              New deployment
            </Button>
          ) : null
        }
      />
      <PageState
        loading={deployments.isPending}
        error={deployments.error}
        empty={items.length === 0}
        emptyText="Nothing deployed yet."
      >
        <Table.ScrollContainer minWidth={760}>
          <Table striped highlightOnHover verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Deployment</Table.Th>
                <Table.Th>Model</Table.Th>
                <Table.Th>Revision</Table.Th>
                <Table.Th w="35%">Traffic</Table.Th>
                <Table.Th>Last change</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((d) => {
                const current = d.revisions?.find((r) => r.revision === d.currentRevision);
                return (
                  <Table.Tr key={d.id}>
                    <Table.Td>
                      <Anchor
                        component={Link}
                        to={`/deployments/${encodeURIComponent(d.name)}`}
                        fw={600}
                      >
                        {d.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Anchor
                        component={Link}
                        to={`/models/${encodeURIComponent(d.model)}`}
                        size="sm"
                      >
                        {d.model}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        #{d.currentRevision}
                        {current ? (
                          <Text span c="dimmed" size="xs">
                            {' '}
                            {current.action}
                          </Text>
                        ) : null}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Box maw={360}>
                        <TrafficSplitBar traffic={d.traffic} size="sm" legend />
                      </Box>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" title={d.updatedAt}>
                        {new Date(current?.createdAt ?? d.updatedAt).toLocaleString()}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </PageState>
      {creating ? <CreateDeploymentModal onClose={() => setCreating(false)} /> : null}
    </>
  );
}
