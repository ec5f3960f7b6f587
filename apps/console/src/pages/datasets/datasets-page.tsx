import type { Dataset, Domain } from '@alloy/sdk/types';
import { Anchor, Button, Group, Select, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus, IconUpload } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { request } from '../../api/api-client';
import { useSession } from '../../auth/session-provider';
import { useCursorPages } from '../../components/cursor-pages';
import { PageHeader } from '../../components/page-header';
import { PageState } from '../../components/page-state';
import { CreateDatasetModal, DATASET_KIND_OPTIONS } from './create-dataset-modal';
import { DatasetVersionStatusBadge, isIngesting } from './dataset-version-status-badge';
import { UploadVersionModal } from './upload-version-modal';

/** The newest version as the list carries it; only a row still being ingested is polled. */
function LatestVersionCell({ dataset }: { dataset: Dataset }) {
  const listed = dataset.latest ?? null;
  const polled = useQuery({
    queryKey: ['datasets', dataset.name, 'latest', listed?.version],
    queryFn: () => request<Dataset>('GET', `/api/v1/datasets/${encodeURIComponent(dataset.name)}`),
    enabled: isIngesting(listed?.status),
    refetchInterval: (q) => (isIngesting(q.state.data?.latest?.status) ? 2000 : false),
  });
  const latest = polled.data?.latest ?? listed;
  if (!latest) {
    return (
      <Text size="sm" c="dimmed">
        no versions
      </Text>
    );
  }
  return (
    <Group gap="xs" wrap="nowrap">
      <Text size="sm">v{latest.version}</Text>
      <DatasetVersionStatusBadge status={latest.status} />
      {latest.recordCount != null ? (
        <Text size="xs" c="dimmed">
          {latest.recordCount.toLocaleString('en')} records
        </Text>
      ) : null}
    </Group>
  );
}

/** Datasets of the organisation, filtered by domain and kind; create one, upload versions. */
export function DatasetsPage() {
  const { can } = useSession();
  const canWrite = can('datasets', 'write');
  const [domain, setDomain] = useState<string | null>(null);
  const [kind, setKind] = useState<string | null>(null);
  const [creating, createModal] = useDisclosure(false);
  const [uploadTo, setUploadTo] = useState<string | null>(null);
  const domains = useQuery({
    queryKey: ['domains'],
    queryFn: () => request<{ items: Domain[] }>('GET', '/api/v1/domains'),
  });
  const params = new URLSearchParams();
  if (domain) params.set('domain', domain);
  if (kind) params.set('kind', kind);
  const query = params.toString();
  const list = useCursorPages<Dataset>(['datasets'], `/api/v1/datasets${query ? `?${query}` : ''}`);

  return (
    <>
      <PageHeader
        title="Datasets"
        description="Uploaded data, cleaned into immutable versions with an ingestion report."
        actions={
          canWrite ? (
            <Button leftSection={<IconPlus size={16} />} onClick={createModal.open}>
              New dataset
            </Button>
          ) : null
        }
      />
      <Group mb="sm" gap="sm">
        <Select
          label="Domain"
          placeholder="All domains"
          clearable
          w={200}
          data={(domains.data?.items ?? []).map((d) => ({
            value: d.name,
            label: d.displayName || d.name,
          }))}
          value={domain}
          onChange={setDomain}
        />
        <Select
          label="Kind"
          placeholder="All kinds"
          clearable
          w={200}
          data={DATASET_KIND_OPTIONS.map((o) => ({ value: o.value, label: o.value }))}
          value={kind}
          onChange={setKind}
        />
      </Group>
      <PageState
        loading={list.loading}
        error={list.error}
        empty={list.items.length === 0}
        emptyText={
          domain || kind ? 'No datasets match these filters.' : 'No datasets yet: create one.'
        }
      >
        <Table striped highlightOnHover verticalSpacing="xs" fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Kind</Table.Th>
              <Table.Th>Domain</Table.Th>
              <Table.Th>Latest version</Table.Th>
              <Table.Th>Updated</Table.Th>
              {canWrite ? <Table.Th aria-label="actions" /> : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.items.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/datasets/${encodeURIComponent(d.name)}`}>
                    {d.name}
                  </Anchor>
                  {d.description ? (
                    <Text size="xs" c="dimmed" lineClamp={1}>
                      {d.description}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>{d.kind}</Table.Td>
                <Table.Td>{d.domain}</Table.Td>
                <Table.Td>
                  <LatestVersionCell dataset={d} />
                </Table.Td>
                <Table.Td>{new Date(d.updatedAt).toLocaleString()}</Table.Td>
                {canWrite ? (
                  <Table.Td>
                    <Button
                      size="compact-xs"
                      variant="light"
                      leftSection={<IconUpload size={14} />}
                      onClick={() => setUploadTo(d.name)}
                      aria-label={`Upload a version of ${d.name}`}
                    >
                      Upload
                    </Button>
                  </Table.Td>
                ) : null}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {list.hasMore ? (
          <Group justify="center" mt="sm">
            <Button variant="default" loading={list.loadingMore} onClick={list.loadMore}>
              Load more
            </Button>
          </Group>
        ) : null}
      </PageState>
      {canWrite ? (
        <>
          <CreateDatasetModal
            opened={creating}
            onClose={createModal.close}
            onCreated={(dataset) => {
              createModal.close();
              // A new dataset has no data yet: offer the upload straight away.
              setUploadTo(dataset.name);
            }}
          />
          {uploadTo ? (
            <UploadVersionModal dataset={uploadTo} opened onClose={() => setUploadTo(null)} />
          ) : null}
        </>
      ) : null}
    </>
  );
}
