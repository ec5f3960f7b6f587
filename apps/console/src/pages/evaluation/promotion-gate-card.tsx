import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconShieldCheck, IconShieldX } from '@tabler/icons-react';
import { GateChecksTable } from '../../components/gate-checks';
import type { GateOverride, VersionEvaluationReport } from './evaluation-api';

/** Each time an admin moved an alias to this version past its failing gate: who, when, why. */
function Overrides({ overrides }: { overrides: GateOverride[] }) {
  if (overrides.length === 0) return null;
  return (
    <Stack gap="xs" mt="sm" aria-label="gate overrides">
      <Title order={6}>Overrides</Title>
      {overrides.map((o, i) => (
        <Card key={`${o.createdAt}-${i}`} withBorder padding="xs" data-testid="gate-override">
          <Text size="sm">
            <Text span fw={600}>
              {o.actor}
            </Text>{' '}
            moved {o.alias} here on {new Date(o.createdAt).toLocaleString()}, past {o.checks.length}{' '}
            failing check{o.checks.length === 1 ? '' : 's'}:
          </Text>
          <Text size="sm" fs="italic" my={4}>
            “{o.reason}”
          </Text>
          <GateChecksTable checks={o.checks} label="checks overridden" />
        </Card>
      ))}
    </Stack>
  );
}

/** Whether the version may take production now: each check of its domain's gate, and overrides. */
export function PromotionGateCard({ report }: { report: VersionEvaluationReport }) {
  const { gate, overrides } = report;
  const Icon = gate.passed ? IconShieldCheck : IconShieldX;
  return (
    <Card withBorder padding="sm">
      <Group gap="xs" mb="xs">
        <Icon size={16} aria-hidden />
        <Title order={5}>Promotion gate ({gate.domain})</Title>
        <Badge color={gate.passed ? 'teal' : 'red'} variant="light">
          {gate.passed ? 'may take production' : 'production refused'}
        </Badge>
      </Group>
      <GateChecksTable checks={gate.checks} label="gate checks" />
      <Overrides overrides={overrides} />
    </Card>
  );
}
