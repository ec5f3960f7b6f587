import { Anchor, Card, Group, Loader, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { ErrorState } from '../../components/page-state';

/** What a card needs of a query: a useQuery result, or a stand-in for one. */
export interface QueryLike<T> {
  data: T | undefined;
  error: unknown;
  isPending: boolean;
}

/** An overview card: a title, a link to the page that has the whole list, and its content. */
export function Section({
  title,
  to,
  link,
  children,
}: {
  title: string;
  to: string;
  link: string;
  children: ReactNode;
}) {
  return (
    <Card withBorder padding="sm">
      <Group justify="space-between" mb="xs">
        <Title order={5}>{title}</Title>
        <Anchor component={Link} to={to} size="xs">
          {link}
        </Anchor>
      </Group>
      {children}
    </Card>
  );
}

/** A card's content while its query has no data: its error, or a loader. */
export function Pending({ query }: { query: QueryLike<unknown> }) {
  if (query.error) return <ErrorState error={query.error} />;
  return (
    <Group justify="center" py="md" role="status" aria-label="loading">
      <Loader size="sm" />
    </Group>
  );
}
