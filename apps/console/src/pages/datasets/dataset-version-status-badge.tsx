import { Badge } from '@mantine/core';

const COLORS: Record<string, string> = {
  uploaded: 'gray',
  processing: 'blue',
  ready: 'green',
  failed: 'red',
};

/** A dataset version's ingestion status. */
export function DatasetVersionStatusBadge({ status }: { status: string }) {
  return (
    <Badge size="sm" variant="light" color={COLORS[status] ?? 'gray'}>
      {status}
    </Badge>
  );
}

/** Whether ingestion of a version is still to finish (so it is worth polling). */
export function isIngesting(status: string | undefined): boolean {
  return status === 'uploaded' || status === 'processing';
}
