import type { DatasetVersion } from '@alloy/sdk/types';
import {
  Alert,
  Anchor,
  Button,
  FileInput,
  Group,
  Modal,
  Progress,
  Stack,
  Text,
} from '@mantine/core';
import { IconUpload } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { request } from '../../api/api-client';
import { ErrorState } from '../../components/page-state';
import { DatasetVersionStatusBadge, isIngesting } from './dataset-version-status-badge';
import { type UploadProgress, uploadDatasetFile } from './upload-dataset-file';

const POLL_MS = 1000;

const bytes = (n: number) =>
  n < 1024
    ? `${n} B`
    : n < 1024 ** 2
      ? `${(n / 1024).toFixed(1)} KiB`
      : n < 1024 ** 3
        ? `${(n / 1024 ** 2).toFixed(1)} MiB`
        : `${(n / 1024 ** 3).toFixed(2)} GiB`;

/** How far ingestion has read a version, 0 to 100. */
function ingestionPercent(v: DatasetVersion): number {
  if (v.status === 'ready' || v.status === 'failed') return 100;
  const p = v.progress;
  if (!p?.totalBytes) return 0;
  return Math.min(100, (p.bytesRead / p.totalBytes) * 100);
}

/** Follows a version's ingestion until it is ready or failed, polling the version. */
export function useIngestion(dataset: string, version: number | null) {
  return useQuery({
    queryKey: ['datasets', dataset, 'versions', version],
    queryFn: () =>
      request<DatasetVersion>(
        'GET',
        `/api/v1/datasets/${encodeURIComponent(dataset)}/versions/${version}`,
      ),
    enabled: version !== null,
    refetchInterval: (q) => (isIngesting(q.state.data?.status) || !q.state.data ? POLL_MS : false),
  });
}

/** The progress of one version's ingestion: status, bytes read, records kept. */
export function IngestionProgress({ version }: { version: DatasetVersion }) {
  const p = version.progress;
  return (
    <Stack gap={4}>
      <Group justify="space-between">
        <Text size="sm">
          Ingestion of version {version.version}{' '}
          <DatasetVersionStatusBadge status={version.status} />
        </Text>
        {p ? (
          <Text size="xs" c="dimmed">
            {p.recordsOut.toLocaleString('en')} of {p.recordsIn.toLocaleString('en')} records kept
          </Text>
        ) : null}
      </Group>
      <Progress
        value={ingestionPercent(version)}
        animated={isIngesting(version.status)}
        color={version.status === 'failed' ? 'red' : version.status === 'ready' ? 'green' : 'blue'}
        aria-label="Ingestion progress"
      />
      {version.error ? (
        <Text size="sm" c="red">
          {version.error}
        </Text>
      ) : null}
    </Stack>
  );
}

/**
 * Uploads a file as a new version: a real progress bar of the bytes sent, then the ingestion's
 * own progress until the version is ready (or failed).
 */
export function UploadVersionModal({
  dataset,
  opened,
  onClose,
}: {
  dataset: string;
  opened: boolean;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [sent, setSent] = useState<UploadProgress | null>(null);
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState<number | null>(null);
  const abort = useRef<AbortController | null>(null);
  const ingestion = useIngestion(dataset, version);

  useEffect(() => {
    if (ingestion.data && !isIngesting(ingestion.data.status)) {
      void queryClient.invalidateQueries({ queryKey: ['datasets'] });
    }
  }, [ingestion.data, queryClient]);

  const reset = () => {
    setFile(null);
    setSent(null);
    setError(null);
    setVersion(null);
  };
  const close = () => {
    abort.current?.abort();
    reset();
    onClose();
  };
  const upload = async () => {
    if (!file) return;
    const controller = new AbortController();
    abort.current = controller;
    setUploading(true);
    setError(null);
    setSent({ loaded: 0, total: file.size });
    try {
      const created = await uploadDatasetFile(dataset, file, setSent, controller.signal);
      setVersion(created.version);
      void queryClient.invalidateQueries({ queryKey: ['datasets'] });
    } catch (e) {
      if (!(e instanceof DOMException && e.name === 'AbortError')) setError(e);
      setSent(null);
    } finally {
      setUploading(false);
      abort.current = null;
    }
  };
  const percent = sent && sent.total > 0 ? (sent.loaded / sent.total) * 100 : 0;
  const done = ingestion.data && !isIngesting(ingestion.data.status);

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={`Upload a version of ${dataset}`}
      centered
      size="lg"
    >
      <Stack gap="sm">
        <FileInput
          label="File"
          description=".txt corpora, .jsonl or .json records ({text}, {messages}, Alpaca, multiple choice, safety {prompt, expect})"
          placeholder="Choose a file"
          accept=".txt,.jsonl,.json"
          leftSection={<IconUpload size={16} />}
          value={file}
          onChange={(f) => {
            reset();
            setFile(f);
          }}
          disabled={uploading || version !== null}
          clearable
        />
        {sent ? (
          <Stack gap={4}>
            <Group justify="space-between">
              <Text size="sm">{uploading ? 'Uploading' : 'Uploaded'}</Text>
              <Text size="xs" c="dimmed">
                {bytes(sent.loaded)} of {bytes(sent.total)} ({Math.floor(percent)}%)
              </Text>
            </Group>
            <Progress value={percent} aria-label="Upload progress" />
          </Stack>
        ) : null}
        {ingestion.data ? <IngestionProgress version={ingestion.data} /> : null}
        {ingestion.error ? <ErrorState error={ingestion.error} /> : null}
        {error ? <ErrorState error={error} /> : null}
        {done && ingestion.data?.status === 'ready' ? (
          <Alert color="green" variant="light">
            Version {ingestion.data.version} is ready.{' '}
            <Anchor
              component={Link}
              to={`/datasets/${encodeURIComponent(dataset)}?version=${ingestion.data.version}`}
              onClick={close}
            >
              See its report
            </Anchor>
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {uploading ? 'Cancel upload' : 'Close'}
          </Button>
          {version === null ? (
            <Button onClick={() => void upload()} disabled={!file} loading={uploading}>
              Upload
            </Button>
          ) : null}
        </Group>
      </Stack>
    </Modal>
  );
}
