import {
  ActionIcon,
  Button,
  Group,
  Modal,
  NumberInput,
  Select,
  Slider,
  Stack,
  Switch,
  Table,
  Text,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconTrash } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { ErrorState } from './page-state';
import { useSubmit } from './use-submit';
import { TrafficSplitBar, versionColor, type VersionWeight } from './traffic-split-bar';

/**
 * Sets `weights[index]` to `value` and rescales the others in proportion so the total stays 100;
 * rounding leftovers go to the largest fractions, so whole percents still add up exactly.
 */
export function rebalance(weights: number[], index: number, value: number): number[] {
  const target = Math.max(0, Math.min(100, Math.round(value)));
  if (weights.length === 1) return [100];
  const others = weights.map((_, i) => i).filter((i) => i !== index);
  const rest = 100 - target;
  const othersTotal = others.reduce((sum, i) => sum + weights[i], 0);
  const raw = others.map((i) =>
    othersTotal === 0 ? rest / others.length : (weights[i] * rest) / othersTotal,
  );
  const floors = raw.map(Math.floor);
  let left = rest - floors.reduce((a, b) => a + b, 0);
  const order = raw
    .map((r, k) => ({ k, frac: r - Math.floor(r) }))
    .sort((a, b) => b.frac - a.frac || a.k - b.k);
  for (const { k } of order) {
    if (left <= 0) break;
    floors[k] += 1;
    left -= 1;
  }
  const next = [...weights];
  next[index] = target;
  others.forEach((i, k) => (next[i] = floors[k]));
  return next;
}

/** Scales weights to a total of 100 (after a version was removed). */
function normalise(weights: number[]): number[] {
  if (weights.length === 0) return [];
  // Rebalancing around the first share with its own scaled value keeps every proportion.
  const total = weights.reduce((a, b) => a + b, 0);
  const first = total === 0 ? 100 / weights.length : (weights[0] * 100) / total;
  return rebalance(weights, 0, first);
}

const total = (shares: VersionWeight[]) => shares.reduce((sum, s) => sum + s.weight, 0);

interface TrafficSplitEditorProps {
  /** The split in force. */
  current: VersionWeight[];
  /** Versions that may take traffic (the model's ready versions). */
  candidates: number[];
  /** Sends the new split; throws an ApiProblem when the server refuses it. */
  onSubmit: (traffic: VersionWeight[]) => Promise<unknown>;
}

/**
 * Edits a deployment's traffic split with one slider per version. By default moving one slider
 * rescales the others so the weights always total 100; with balancing off each moves alone, and
 * the split cannot be applied until the total is 100 again.
 */
export function TrafficSplitEditor({ current, candidates, onSubmit }: TrafficSplitEditorProps) {
  const [shares, setShares] = useState<VersionWeight[]>(current);
  const [balance, setBalance] = useState(true);
  const sum = total(shares);
  const unchanged =
    shares.length === current.length &&
    shares.every((s) => current.some((c) => c.version === s.version && c.weight === s.weight));
  const [opened, { open, close }] = useDisclosure(false);
  const { busy, error, run } = useSubmit();
  const confirm = async () => {
    await run(async () => {
      await onSubmit(shares);
      close();
    });
  };
  const addable = useMemo(
    () => candidates.filter((v) => !shares.some((s) => s.version === v)).sort((a, b) => b - a),
    [candidates, shares],
  );

  const setWeight = (index: number, value: number) => {
    const weights = shares.map((s) => s.weight);
    const next = balance
      ? rebalance(weights, index, value)
      : weights.map((w, i) => (i === index ? Math.max(0, Math.min(100, Math.round(value))) : w));
    setShares(shares.map((s, i) => ({ ...s, weight: next[i] })));
  };

  const remove = (index: number) => {
    const kept = shares.filter((_, i) => i !== index);
    const weights = balance ? normalise(kept.map((s) => s.weight)) : kept.map((s) => s.weight);
    setShares(kept.map((s, i) => ({ ...s, weight: weights[i] })));
  };

  const add = (value: string | null) => {
    if (!value) return;
    setShares([...shares, { version: Number(value), weight: 0 }]);
  };

  return (
    <Stack gap="sm">
      <TrafficSplitBar traffic={shares} size="xl" />
      <Table verticalSpacing={6} withRowBorders={false}>
        <Table.Tbody>
          {shares.map((s, i) => (
            <Table.Tr key={s.version}>
              <Table.Td w={70}>
                <Text fw={600} c={versionColor(s.version)}>
                  v{s.version}
                </Text>
              </Table.Td>
              <Table.Td>
                <Slider
                  aria-label={`weight of version ${s.version}`}
                  value={s.weight}
                  onChange={(v) => setWeight(i, v)}
                  min={0}
                  max={100}
                  step={1}
                  color={versionColor(s.version)}
                  label={(v) => `${v}%`}
                  disabled={balance && shares.length === 1}
                />
              </Table.Td>
              <Table.Td w={110}>
                <NumberInput
                  aria-label={`percent for version ${s.version}`}
                  value={s.weight}
                  onChange={(v) => setWeight(i, typeof v === 'number' ? v : Number(v) || 0)}
                  min={0}
                  max={100}
                  clampBehavior="strict"
                  allowDecimal={false}
                  suffix="%"
                  size="xs"
                  disabled={balance && shares.length === 1}
                />
              </Table.Td>
              <Table.Td w={40}>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  aria-label={`remove version ${s.version} from the split`}
                  disabled={shares.length === 1}
                  onClick={() => remove(i)}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group justify="space-between" align="flex-end">
        <Group align="flex-end">
          <Select
            label="Add a version"
            placeholder={addable.length ? 'ready version' : 'no other ready version'}
            data={addable.map((v) => ({ value: String(v), label: `version ${v}` }))}
            value={null}
            onChange={add}
            disabled={addable.length === 0}
            size="xs"
            w={180}
          />
          <Switch
            label="Balance the others as I move one"
            checked={balance}
            onChange={(e) => setBalance(e.currentTarget.checked)}
          />
        </Group>
        <Text size="sm" fw={600} c={sum === 100 ? undefined : 'red'} role="status">
          Total {sum}%{sum === 100 ? '' : ' — must be 100%'}
        </Text>
      </Group>
      <Group justify="flex-end">
        <Button variant="default" disabled={unchanged} onClick={() => setShares(current)}>
          Reset
        </Button>
        <Button disabled={sum !== 100 || unchanged} onClick={open}>
          Apply split
        </Button>
      </Group>
      <Modal opened={opened} onClose={close} title="Change the traffic split" centered>
        <SplitChange before={current} after={shares} />
        {error ? <ErrorState error={error} /> : null}
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button loading={busy} onClick={() => void confirm()}>
            Apply
          </Button>
        </Group>
      </Modal>
    </Stack>
  );
}

/** Before and after, version by version, so a confirmation says exactly what will change. */
export function SplitChange({
  before,
  after,
}: {
  before: VersionWeight[];
  after: VersionWeight[];
}) {
  const versions = [...new Set([...before, ...after].map((s) => s.version))].sort((a, b) => b - a);
  const weight = (list: VersionWeight[], v: number) =>
    list.find((s) => s.version === v)?.weight ?? 0;
  return (
    <Stack gap="xs">
      <Text size="sm">A new revision of the deployment will send traffic as follows.</Text>
      <Table withTableBorder fz="sm" data-testid="split-change">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Version</Table.Th>
            <Table.Th>Before</Table.Th>
            <Table.Th>After</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {versions.map((v) => (
            <Table.Tr key={v}>
              <Table.Td>v{v}</Table.Td>
              <Table.Td>{weight(before, v)}%</Table.Td>
              <Table.Td fw={weight(before, v) === weight(after, v) ? undefined : 700}>
                {weight(after, v)}%
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
