import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import type { StoredEvaluation } from './evaluation-api';

type Sample = NonNullable<StoredEvaluation['details']['samples']>[number];

/** What the version wrote for the fixed sample prompts (greedy, so the same each time). */
export function GenerationSamplesCard({ samples }: { samples: Sample[] }) {
  return (
    <Card withBorder padding="sm">
      <Title order={5} mb="xs">
        Generation samples
      </Title>
      <Stack gap="xs">
        {samples.map((s, i) => (
          <Card key={i} withBorder padding="xs" data-testid="generation-sample">
            <Group gap="xs" mb={4}>
              <Badge size="xs" variant="outline">
                {s.mode}
              </Badge>
              <Text size="sm" fw={500}>
                {s.prompt}
              </Text>
            </Group>
            <Text size="sm" ff="monospace" style={{ whiteSpace: 'pre-wrap' }}>
              {s.output || '(empty)'}
            </Text>
          </Card>
        ))}
      </Stack>
    </Card>
  );
}
