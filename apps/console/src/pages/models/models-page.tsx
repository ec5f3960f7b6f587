import type { Domain, Model } from '@alloy/sdk/types';
import { Anchor, Badge, Button, Chip, Group, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { request } from '../../api/api-client';
import { useSession } from '../../auth/session-provider';
import { useCursorPages } from '../../components/cursor-pages';
import { PageHeader } from '../../components/page-header';
import { PageState } from '../../components/page-state';
import { VersionStatusBadge } from './version-status-badge';
import { CreateModelModal } from './create-model-modal';

/** The model's highest-numbered version, as the list carries it. */
function LatestVersion({ latest }: { latest: Model['latestVersion'] }) {
  if (!latest)
    return (
      <Text size="sm" c="dimmed">
        none yet
      </Text>
    );
  return (
    <Group gap={6} wrap="nowrap">
      <Text size="sm" fw={600}>
        v{latest.version}
      </Text>
      <VersionStatusBadge status={latest.status} />
      {latest.aliases.map((a) => (
        <Badge key={a} size="xs" variant="outline">
          {a}
        </Badge>
      ))}
    </Group>
  );
}

/** Domains as filters over the organisation's models, and a way to create one. */
export function ModelsPage() {
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const domain = params.get('domain');
  const [creating, { open, close }] = useDisclosure(false);
  const domains = useQuery({
    queryKey: ['domains'],
    queryFn: () => request<{ items: Domain[] }>('GET', '/api/v1/domains'),
  });
  const models = useCursorPages<Model>(
    ['models'],
    domain ? `/api/v1/models?domain=${encodeURIComponent(domain)}` : '/api/v1/models',
  );
  const domainList = domains.data?.items ?? [];
  const current = domainList.find((d) => d.name === domain);
  const displayName = (name: string) =>
    domainList.find((d) => d.name === name)?.displayName || name;

  return (
    <>
      <PageHeader
        title="Domains and models"
        description={
          current?.description ||
          'Each model is a name over the versions trained from a base model for one domain.'
        }
        actions={
          can('models', 'write') ? (
            <Button leftSection={<IconPlus size={16} />} onClick={open} disabled={!domains.data}>
              New model
            </Button>
          ) : null
        }
      />
      <PageState loading={domains.isPending} error={domains.error}>
        <Chip.Group
          multiple={false}
          value={domain ?? ''}
          onChange={(value) => setParams(value ? { domain: value } : {})}
        >
          <Group gap="xs" mb="md" role="radiogroup" aria-label="domain">
            <Chip value="" size="sm">
              All domains
            </Chip>
            {domainList.map((d) => (
              <Chip key={d.name} value={d.name} size="sm">
                {d.displayName || d.name}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
      </PageState>
      <PageState
        loading={models.loading}
        error={models.error}
        empty={models.items.length === 0}
        emptyText={
          domain
            ? `No models in ${displayName(domain)} yet.`
            : 'No models yet. Create the first one.'
        }
      >
        <Table.ScrollContainer minWidth={720}>
          <Table striped highlightOnHover verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Model</Table.Th>
                <Table.Th>Domain</Table.Th>
                <Table.Th>Base model</Table.Th>
                <Table.Th>Latest version</Table.Th>
                <Table.Th>Created</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {models.items.map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/models/${encodeURIComponent(m.name)}`} fw={600}>
                      {m.name}
                    </Anchor>
                    {m.description ? (
                      <Text size="xs" c="dimmed" lineClamp={1}>
                        {m.description}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light">{displayName(m.domain)}</Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {m.baseModel}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <LatestVersion latest={m.latestVersion} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" title={m.createdAt}>
                      {new Date(m.createdAt).toLocaleDateString()}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {models.hasMore ? (
          <Group justify="center" mt="md">
            <Button variant="default" loading={models.loadingMore} onClick={models.loadMore}>
              Load more
            </Button>
          </Group>
        ) : null}
      </PageState>
      {creating ? (
        <CreateModelModal opened onClose={close} domains={domainList} defaultDomain={domain} />
      ) : null}
    </>
  );
}
