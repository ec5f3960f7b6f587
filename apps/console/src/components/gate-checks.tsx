import type { ControlPlaneComponents } from '@alloy/sdk/types';
import { Badge, Table, Text } from '@mantine/core';

type Schemas = ControlPlaneComponents['schemas'];
/** One check of a promotion gate (GateCheckDto); a refusal or an override lists the failed ones. */
export type GateCheck = Schemas['GateCheckDto'];
export type FailedGateCheck = Schemas['FailedGateCheckDto'];
type AnyCheck = Pick<GateCheck, 'field' | 'message' | 'value' | 'threshold'> & {
  status?: GateCheck['status'];
};

/** What each check of the gate guards, in words. */
export const CHECK_LABEL: Record<string, string> = {
  evaluation: 'Evaluation',
  accuracy: 'Multiple-choice accuracy',
  forgetting: 'General perplexity (forgetting)',
  safety: 'Safety pass rate',
  provenance: 'Provenance',
};

const STATUS_COLOR = { passed: 'teal', failed: 'red', skipped: 'gray' } as const;

const num = (n: number) => String(Number(n.toPrecision(4)));

/** The measured value of a check, as read beside its bound. */
export function checkValue(c: AnyCheck): string {
  if (c.value === null || c.value === undefined) return '—';
  if (c.field === 'evaluation') return c.value ? 'evaluated' : 'none';
  if (c.field === 'provenance') return `${c.value} lacking`;
  return num(c.value);
}

/** The bound a check's value had to respect: at least, at most, or required. */
export function checkThreshold(c: AnyCheck): string {
  const t = c.threshold;
  if (t === null || t === undefined) return '—';
  if (typeof t === 'boolean') return t ? 'required' : 'not required';
  if (c.field === 'provenance') return `at most ${t} lacking`;
  if (c.field === 'forgetting') return `at most ${num(t)}`;
  return `at least ${num(t)}`;
}

/** A gate's checks with what was measured and the bound, failed ones marked. */
export function GateChecksTable({ checks, label }: { checks: AnyCheck[]; label: string }) {
  return (
    <Table verticalSpacing={4} aria-label={label}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Check</Table.Th>
          {checks.some((c) => c.status) ? <Table.Th>Result</Table.Th> : null}
          <Table.Th>Value</Table.Th>
          <Table.Th>Threshold</Table.Th>
          <Table.Th>Why</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {checks.map((c) => (
          <Table.Tr key={c.field} data-testid={`gate-check-${c.field}`}>
            <Table.Td>
              <Text size="sm" fw={500}>
                {CHECK_LABEL[c.field] ?? c.field}
              </Text>
            </Table.Td>
            {c.status ? (
              <Table.Td>
                <Badge size="sm" variant="light" color={STATUS_COLOR[c.status]}>
                  {c.status}
                </Badge>
              </Table.Td>
            ) : checks.some((x) => x.status) ? (
              <Table.Td />
            ) : null}
            <Table.Td>
              <Text size="sm" ff="monospace">
                {checkValue(c)}
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm" ff="monospace">
                {checkThreshold(c)}
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="xs" c="dimmed">
                {c.message}
              </Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
