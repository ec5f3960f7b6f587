import type { Deployment, Model, ModelVersion } from '@alloy/sdk/types';
import { Anchor, Badge, Button, Card, Grid, Group, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { request } from '../../api/api-client';
import { useCursorPages } from '../../components/cursor-pages';
import { PageHeader } from '../../components/page-header';
import { PageState } from '../../components/page-state';
import { type ModelAlias, ModelAliasesPanel } from './model-aliases-panel';
import { ModelLineagePanel } from './model-lineage-panel';
import { ModelVersionsTable } from './model-versions-table';

/** A model: its versions, its aliases and the lineage of the version chosen. */
export function ModelPage() {
  const { name = '' } = useParams();
  const queryClient = useQueryClient();
  const path = `/api/v1/models/${encodeURIComponent(name)}`;
  const model = useQuery({
    queryKey: ['models', name],
    queryFn: () => request<Model>('GET', path),
  });
  const versions = useCursorPages<ModelVersion>(
    ['models', name, 'versions'],
    `${path}/versions?sort=version&order=desc`,
  );
  const aliases = useQuery({
    queryKey: ['models', name, 'aliases'],
    queryFn: () => request<{ items: ModelAlias[] }>('GET', `${path}/aliases`),
  });
  const deployments = useQuery({
    queryKey: ['deployments', { model: name }],
    queryFn: () =>
      request<{ items: Deployment[] }>(
        'GET',
        `/api/v1/deployments?model=${encodeURIComponent(name)}`,
      ),
  });
  const [chosen, setChosen] = useState<string | null>(null);
  const selectedId = chosen ?? versions.items[0]?.id ?? null;

  // An alias move changes the aliases, the versions' alias badges and the models list.
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: ['models', name] });
    await queryClient.invalidateQueries({ queryKey: ['model-versions'] });
  };

  return (
    <PageState loading={model.isPending} error={model.error}>
      {model.data ? (
        <>
          <PageHeader
            title={model.data.name}
            description={
              <>
                {model.data.description ? `${model.data.description} · ` : ''}
                domain{' '}
                <Anchor
                  component={Link}
                  to={`/models?domain=${encodeURIComponent(model.data.domain)}`}
                  size="sm"
                >
                  {model.data.domain}
                </Anchor>{' '}
                · base model{' '}
                <Text span ff="monospace" size="sm">
                  {model.data.baseModel}
                </Text>
                {model.data.archivedAt ? ' · archived' : ''}
              </>
            }
            actions={
              <Button
                component={Link}
                to={`/jobs/new?model=${encodeURIComponent(name)}`}
                variant="default"
              >
                Train a version
              </Button>
            }
          />
          <Grid gap="md">
            <Grid.Col span={{ base: 12, lg: 8 }}>
              <Card withBorder padding="sm">
                <Title order={4} mb="xs">
                  Versions
                </Title>
                <PageState
                  loading={versions.loading}
                  error={versions.error}
                  empty={versions.items.length === 0}
                  emptyText="No versions yet. A training job registers one when it completes."
                >
                  <ModelVersionsTable
                    model={name}
                    versions={versions.items}
                    aliases={aliases.data?.items ?? []}
                    selectedId={selectedId}
                    onSelect={(v) => setChosen(v.id)}
                    onAliasMoved={refresh}
                  />
                  {versions.hasMore ? (
                    <Group justify="center" mt="sm">
                      <Button
                        variant="default"
                        size="xs"
                        loading={versions.loadingMore}
                        onClick={versions.loadMore}
                      >
                        Load more
                      </Button>
                    </Group>
                  ) : null}
                </PageState>
              </Card>
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 4 }}>
              <Card withBorder padding="sm" mb="md">
                <Title order={4} mb="xs">
                  Aliases
                </Title>
                <ModelAliasesPanel
                  model={name}
                  aliases={aliases.data?.items ?? []}
                  loading={aliases.isPending}
                  error={aliases.error}
                  onMoved={refresh}
                />
              </Card>
              <Card withBorder padding="sm">
                <Title order={4} mb="xs">
                  Deployments
                </Title>
                <PageState
                  loading={deployments.isPending}
                  error={deployments.error}
                  empty={(deployments.data?.items.length ?? 0) === 0}
                  emptyText="Not deployed."
                >
                  <Group gap="xs">
                    {deployments.data?.items.map((d) => (
                      <Anchor
                        key={d.id}
                        component={Link}
                        to={`/deployments/${encodeURIComponent(d.name)}`}
                      >
                        <Badge variant="light" style={{ cursor: 'pointer' }}>
                          {d.name} ·{' '}
                          {d.traffic.map((t) => `v${t.version} ${t.weight}%`).join(' / ')}
                        </Badge>
                      </Anchor>
                    ))}
                  </Group>
                </PageState>
              </Card>
            </Grid.Col>
          </Grid>
          <Card withBorder padding="sm" mt="md">
            <Title order={4} mb="xs">
              Lineage
            </Title>
            {selectedId ? (
              <ModelLineagePanel
                key={selectedId}
                versionId={selectedId}
                baseModel={model.data.baseModel}
                known={versions.items}
                onSelect={setChosen}
              />
            ) : (
              <Text size="sm" c="dimmed">
                The lineage shows once the model has a version.
              </Text>
            )}
          </Card>
        </>
      ) : null}
    </PageState>
  );
}
