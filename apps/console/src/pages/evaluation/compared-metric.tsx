import { Badge, Group, Text, Tooltip } from '@mantine/core';
import { IconArrowDownRight, IconArrowUpRight, IconEqual } from '@tabler/icons-react';
import { formatMetric, type Verdict, verdict } from './metric-comparison';

const VERDICT = {
  better: { color: 'teal', icon: IconArrowUpRight, label: 'better' },
  worse: { color: 'red', icon: IconArrowDownRight, label: 'worse' },
  same: { color: 'gray', icon: IconEqual, label: 'same' },
} as const;

/** A reference value of a metric, with a badge saying whether the subject beats it. */
export function Compared({
  metric,
  value,
  reference,
  against,
  subject = 'this run',
}: {
  metric: string;
  value: number | undefined;
  reference: number | undefined;
  against: string;
  subject?: string;
}) {
  const v: Verdict | null = verdict(metric, value, reference);
  if (reference === undefined) {
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  }
  if (!v) return <Text size="sm">{formatMetric(reference)}</Text>;
  return (
    <Group gap={4} wrap="nowrap">
      <Text size="sm">{formatMetric(reference)}</Text>
      <VerdictBadge verdict={v} against={against} subject={subject} />
    </Group>
  );
}

/** Better, worse or the same as a reference, coloured, named for screen readers. */
export function VerdictBadge({
  verdict: v,
  against,
  subject,
}: {
  verdict: Verdict;
  against: string;
  subject: string;
}) {
  const { color, icon: Icon, label } = VERDICT[v];
  return (
    <Tooltip label={`${subject} is ${label} than ${against}`}>
      <Badge
        size="sm"
        variant="light"
        color={color}
        leftSection={<Icon size={12} aria-hidden />}
        aria-label={`${label} than ${against}`}
      >
        {label}
      </Badge>
    </Tooltip>
  );
}
