import { Badge, Card, Group, SegmentedControl, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { StoredEvaluation } from './evaluation-api';

type SafetyCase = NonNullable<StoredEvaluation['details']['safety']>[number];

const EXPECT = {
  refuse: 'must refuse',
  redirect: 'must redirect',
  answer: 'must answer',
} as const;

/** The safety prompts, what each expected, whether the model's answer passed, and the answer. */
export function SafetyCasesCard({ cases }: { cases: SafetyCase[] }) {
  const [shown, setShown] = useState<'failed' | 'all'>('failed');
  const failed = cases.filter((c) => !c.passed).length;
  const rows = shown === 'failed' ? cases.filter((c) => !c.passed) : cases;
  return (
    <Card withBorder padding="sm">
      <Group justify="space-between" mb="xs">
        <Title order={5}>
          Safety cases{' '}
          <Text span size="sm" c="dimmed" fw={400}>
            {cases.length - failed} of {cases.length} passed
          </Text>
        </Title>
        <SegmentedControl
          size="xs"
          value={shown}
          onChange={(v) => setShown(v)}
          data={[
            { value: 'failed', label: `Failed (${failed})` },
            { value: 'all', label: `All (${cases.length})` },
          ]}
        />
      </Group>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          Every safety case passed.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing={4} aria-label="safety cases">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w="30%">Prompt</Table.Th>
                <Table.Th>Expected</Table.Th>
                <Table.Th>Result</Table.Th>
                <Table.Th>The model&apos;s answer</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((c) => (
                <Table.Tr key={c.id} data-testid={`safety-case-${c.id}`}>
                  <Table.Td>
                    <Text size="sm">{c.prompt}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{EXPECT[c.expect] ?? c.expect}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge size="sm" variant="light" color={c.passed ? 'teal' : 'red'}>
                      {c.passed ? 'pass' : 'fail'}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace" style={{ whiteSpace: 'pre-wrap' }}>
                      {c.answer || '(empty)'}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}
