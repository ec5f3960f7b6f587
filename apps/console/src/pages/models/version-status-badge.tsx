import { Badge } from '@mantine/core';

const COLOR: Record<string, string> = {
  ready: 'green',
  registered: 'blue',
  failed: 'red',
  archived: 'gray',
};

/** A model version's status, coloured the same on every page. */
export function VersionStatusBadge({ status }: { status: string }) {
  return (
    <Badge size="xs" variant="light" color={COLOR[status] ?? 'gray'}>
      {status}
    </Badge>
  );
}
