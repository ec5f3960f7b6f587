import { Button, Code, Group, ScrollArea, Stack, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { request } from '../../api/api-client';
import { PageState } from '../../components/page-state';

const PAGE = 10;

interface PreviewPage {
  records: Record<string, unknown>[];
  offset: number;
  more: boolean;
}

/** How a cleaned record reads best: the text, the conversation, or the JSON. */
function RecordBody({ record }: { record: Record<string, unknown> }) {
  if (typeof record.text === 'string') {
    return (
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} lineClamp={8}>
        {record.text}
      </Text>
    );
  }
  if (Array.isArray(record.messages)) {
    return (
      <Stack gap={4}>
        {(record.messages as { role?: unknown; content?: unknown }[]).map((m, i) => (
          <Text key={i} size="sm" style={{ whiteSpace: 'pre-wrap' }} lineClamp={6}>
            <Text span fw={600} size="xs" tt="uppercase" c="dimmed" mr={6}>
              {String(m.role)}
            </Text>
            {String(m.content)}
          </Text>
        ))}
      </Stack>
    );
  }
  return (
    <Code block fz="xs">
      {JSON.stringify(record, null, 2)}
    </Code>
  );
}

/** The cleaned records of a ready version, a page at a time. */
export function RecordPreview({ dataset, version }: { dataset: string; version: number }) {
  const [offset, setOffset] = useState(0);
  const page = useQuery({
    queryKey: ['datasets', dataset, 'versions', version, 'preview', offset],
    queryFn: () =>
      request<PreviewPage>(
        'GET',
        `/api/v1/datasets/${encodeURIComponent(dataset)}/versions/${version}/preview?offset=${offset}&limit=${PAGE}`,
      ),
    placeholderData: keepPreviousData,
  });
  const records = page.data?.records ?? [];
  return (
    <PageState
      loading={page.isPending}
      error={page.error}
      empty={records.length === 0 && offset === 0}
      emptyText="This version has no records."
    >
      <ScrollArea.Autosize mah={520} type="auto">
        <Stack gap={0} aria-label="Records">
          {records.map((r, i) => (
            <Group
              key={offset + i}
              align="flex-start"
              wrap="nowrap"
              py={6}
              style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
            >
              <Text size="xs" c="dimmed" ff="monospace" w={48} ta="right">
                {offset + i + 1}
              </Text>
              <div style={{ flex: 1, minWidth: 0 }}>
                <RecordBody record={r} />
              </div>
            </Group>
          ))}
        </Stack>
      </ScrollArea.Autosize>
      <Group justify="space-between" mt="xs">
        <Text size="xs" c="dimmed">
          Records {offset + 1}–{offset + records.length}
        </Text>
        <Group gap="xs">
          <Button
            size="compact-sm"
            variant="default"
            disabled={offset === 0 || page.isFetching}
            onClick={() => setOffset(Math.max(0, offset - PAGE))}
          >
            Previous
          </Button>
          <Button
            size="compact-sm"
            variant="default"
            disabled={!page.data?.more || page.isFetching}
            onClick={() => setOffset(offset + PAGE)}
          >
            Next
          </Button>
        </Group>
      </Group>
    </PageState>
  );
}
