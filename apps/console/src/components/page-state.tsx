import { Alert, Center, Loader, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconInbox } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { ApiProblem } from '../api/api-error';

interface PageStateProps {
  /** The query (or queries) behind the page part. */
  loading: boolean;
  error: unknown;
  /** True when loaded and there is nothing to show. */
  empty?: boolean;
  emptyText?: ReactNode;
  children: ReactNode;
}

/** Loading, error and empty states, the same on every page; the content once there is some. */
export function PageState({ loading, error, empty, emptyText, children }: PageStateProps) {
  if (error) return <ErrorState error={error} />;
  if (loading) {
    return (
      <Center py="xl" role="status" aria-label="loading">
        <Loader size="sm" />
      </Center>
    );
  }
  if (empty) {
    return (
      <Center py="xl">
        <Stack align="center" gap={4}>
          <IconInbox size={28} stroke={1.5} aria-hidden />
          <Text c="dimmed" size="sm">
            {emptyText ?? 'Nothing here yet.'}
          </Text>
        </Stack>
      </Center>
    );
  }
  return <>{children}</>;
}

export function ErrorState({ error }: { error: unknown }) {
  const problem = error instanceof ApiProblem ? error : null;
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertTriangle size={18} />}
      title={problem ? `${problem.status} ${problem.code}` : 'Something went wrong'}
      data-testid="error-state"
    >
      {error instanceof Error ? error.message : String(error)}
      {problem?.requestId ? (
        <Text size="xs" c="dimmed" mt={4}>
          request {problem.requestId}
        </Text>
      ) : null}
    </Alert>
  );
}
