import type { Dataset, DatasetVersion } from '@alloy/sdk/types';
import {
  Anchor,
  Breadcrumbs,
  Button,
  Card,
  Grid,
  Group,
  NavLink,
  ScrollArea,
  Stack,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconUpload } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { request } from '../../api/api-client';
import { useSession } from '../../auth/session-provider';
import { useCursorPages } from '../../components/cursor-pages';
import { PageHeader } from '../../components/page-header';
import { ErrorState, PageState } from '../../components/page-state';
import { DatasetVersionStatusBadge, isIngesting } from './dataset-version-status-badge';
import { type IngestionReportData, IngestionReportView } from './ingestion-report-view';
import { RecordPreview } from './record-preview';
import { IngestionProgress, UploadVersionModal, useIngestion } from './upload-version-modal';

const bytes = (n: number | null) =>
  n === null
    ? '—'
    : n < 1024 ** 2
      ? `${(n / 1024).toFixed(1)} KiB`
      : `${(n / 1024 ** 2).toFixed(1)} MiB`;

/** One version: its ingestion while it runs, then its report and records. */
function VersionDetail({ dataset, version }: { dataset: string; version: number }) {
  const v = useIngestion(dataset, version);
  const ready = v.data?.status === 'ready';
  const report = useQuery({
    queryKey: ['datasets', dataset, 'versions', version, 'report'],
    queryFn: () =>
      request<IngestionReportData>(
        'GET',
        `/api/v1/datasets/${encodeURIComponent(dataset)}/versions/${version}/report`,
      ),
    enabled: ready,
  });
  return (
    <PageState loading={v.isPending} error={v.error}>
      {v.data ? (
        <Stack gap="sm">
          <Group gap="lg">
            <Title order={3} size="h4">
              Version {v.data.version}
            </Title>
            <DatasetVersionStatusBadge status={v.data.status} />
            <Text size="xs" c="dimmed">
              {bytes(v.data.sourceBytes)} uploaded {new Date(v.data.createdAt).toLocaleString()}
            </Text>
            {v.data.recordCount != null ? (
              <Text size="xs" c="dimmed">
                {v.data.recordCount.toLocaleString('en')} records
              </Text>
            ) : null}
            <Text size="xs" c="dimmed" ff="monospace" title="version id, for jobs">
              {v.data.id}
            </Text>
          </Group>
          {isIngesting(v.data.status) ? <IngestionProgress version={v.data} /> : null}
          {v.data.status === 'failed' ? (
            <ErrorState error={new Error(v.data.error ?? 'ingestion failed')} />
          ) : null}
          {ready ? (
            <Tabs defaultValue="report" keepMounted={false}>
              <Tabs.List>
                <Tabs.Tab value="report">Ingestion report</Tabs.Tab>
                <Tabs.Tab value="preview">Records</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="report" pt="sm">
                <PageState loading={report.isPending} error={report.error}>
                  {report.data ? <IngestionReportView report={report.data} /> : null}
                </PageState>
              </Tabs.Panel>
              <Tabs.Panel value="preview" pt="sm">
                <RecordPreview dataset={dataset} version={version} />
              </Tabs.Panel>
            </Tabs>
          ) : null}
        </Stack>
      ) : null}
    </PageState>
  );
}

/** A dataset: its versions, and for the chosen one its ingestion report and records. */
export function DatasetPage() {
  const { name = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const { can } = useSession();
  const [uploading, uploadModal] = useDisclosure(false);
  const dataset = useQuery({
    queryKey: ['datasets', name],
    queryFn: () => request<Dataset>('GET', `/api/v1/datasets/${encodeURIComponent(name)}`),
  });
  const versions = useCursorPages<DatasetVersion>(
    ['datasets', name, 'versions'],
    `/api/v1/datasets/${encodeURIComponent(name)}/versions?order=desc`,
  );
  const chosen = Number(search.get('version')) || dataset.data?.latestVersion || null;

  return (
    <>
      <Breadcrumbs mb="xs" fz="sm">
        <Anchor component={Link} to="/datasets">
          Datasets
        </Anchor>
        <Text size="sm">{name}</Text>
      </Breadcrumbs>
      <PageHeader
        title={name}
        description={
          dataset.data
            ? `${dataset.data.kind} · ${dataset.data.domain}${dataset.data.description ? ` · ${dataset.data.description}` : ''}`
            : undefined
        }
        actions={
          can('datasets', 'write') && dataset.data ? (
            <Button leftSection={<IconUpload size={16} />} onClick={uploadModal.open}>
              Upload a version
            </Button>
          ) : null
        }
      />
      <PageState loading={dataset.isPending} error={dataset.error}>
        <Grid>
          <Grid.Col span={{ base: 12, md: 3 }}>
            <Card withBorder padding="xs">
              <Text size="xs" fw={600} c="dimmed" tt="uppercase" mb={4}>
                Versions
              </Text>
              <PageState
                loading={versions.loading}
                error={versions.error}
                empty={versions.items.length === 0}
                emptyText="No versions yet: upload a file."
              >
                <ScrollArea.Autosize mah={480}>
                  <nav aria-label="Versions">
                    {versions.items.map((v) => (
                      <NavLink
                        key={v.id}
                        component="button"
                        aria-current={v.version === chosen ? 'true' : undefined}
                        active={v.version === chosen}
                        label={`Version ${v.version}`}
                        description={new Date(v.createdAt).toLocaleString()}
                        rightSection={<DatasetVersionStatusBadge status={v.status} />}
                        onClick={() => setSearch({ version: String(v.version) })}
                      />
                    ))}
                  </nav>
                </ScrollArea.Autosize>
                {versions.hasMore ? (
                  <Button
                    variant="subtle"
                    size="compact-sm"
                    fullWidth
                    loading={versions.loadingMore}
                    onClick={versions.loadMore}
                  >
                    Load more
                  </Button>
                ) : null}
              </PageState>
            </Card>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 9 }}>
            {chosen ? (
              <VersionDetail key={chosen} dataset={name} version={chosen} />
            ) : (
              <Text c="dimmed" size="sm">
                Upload a file to create the first version.
              </Text>
            )}
          </Grid.Col>
        </Grid>
      </PageState>
      {uploading ? <UploadVersionModal dataset={name} opened onClose={uploadModal.close} /> : null}
    </>
  );
}
