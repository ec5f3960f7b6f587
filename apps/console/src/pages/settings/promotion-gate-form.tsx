import type { ControlPlaneComponents } from '@alloy/sdk/types';
import { Button, Group, NumberInput, Stack, Switch, Text } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { ApiProblem } from '../../api/api-error';
import { ErrorState } from '../../components/page-state';
import { useSubmit } from '../../components/use-submit';

type Schemas = ControlPlaneComponents['schemas'];
export type GateThresholds = Schemas['GateThresholdsDto'];
export type PromotionGate = Schemas['PromotionGateDto'];
type Update = Schemas['UpdateGateThresholdsDto'];

/** The numeric thresholds, their bounds (as the server checks them) and how they read. */
export const NUMERIC = [
  {
    key: 'maxAccuracyDrop',
    label: 'Largest accuracy drop',
    description: 'Multiple-choice accuracy may fall at most this much below the parent’s (0–1).',
    min: 0,
    max: 1,
  },
  {
    key: 'maxGeneralPerplexityIncreasePct',
    label: 'Largest general perplexity rise (%)',
    description: 'General-text perplexity may rise at most this percent above the parent’s.',
    min: 0,
    max: 10000,
  },
  {
    key: 'minSafetyPassRate',
    label: 'Smallest safety pass rate',
    description: 'Share of safety prompts answered as expected (0–1).',
    min: 0,
    max: 1,
  },
] as const;

export const SWITCHES = [
  {
    key: 'requireEvaluation',
    label: 'Require an evaluation',
    description: 'A version never evaluated may not take production.',
  },
  {
    key: 'requireProvenance',
    label: 'Require provenance',
    description:
      'Every dataset version in the lineage was ingested with PII scrubbed and duplicates removed.',
  },
] as const;

type NumericKey = (typeof NUMERIC)[number]['key'];
type Draft = Record<NumericKey, number | string> &
  Pick<GateThresholds, (typeof SWITCHES)[number]['key']>;

/** What is wrong with each numeric field, before anything is sent. */
export function validateThresholds(draft: Draft): Partial<Record<NumericKey, string>> {
  const errors: Partial<Record<NumericKey, string>> = {};
  for (const f of NUMERIC) {
    const v = draft[f.key];
    if (v === '' || typeof v !== 'number' || !Number.isFinite(v))
      errors[f.key] = 'a number is required';
    else if (v < f.min || v > f.max) errors[f.key] = `between ${f.min} and ${f.max}`;
  }
  return errors;
}

/**
 * One domain's thresholds. Values equal to the defaults are left to the defaults (they follow
 * a change of the defaults); the others are saved as the organisation's own.
 */
export function PromotionGateForm({
  gate,
  defaults,
  onSave,
  onCancel,
}: {
  gate: PromotionGate;
  defaults: GateThresholds;
  onSave: (body: Update) => Promise<unknown>;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState<Draft>({ ...gate.thresholds });
  const [checked, setChecked] = useState(false);
  const { busy, error, run } = useSubmit();
  const problem = error instanceof ApiProblem ? error : null;
  const errors = checked ? validateThresholds(draft) : {};
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setChecked(true);
    if (Object.keys(validateThresholds(draft)).length) return;
    const body: Record<string, number | boolean> = {};
    for (const key of [...NUMERIC, ...SWITCHES].map((f) => f.key)) {
      if (draft[key] !== defaults[key]) body[key] = draft[key] as number | boolean;
    }
    await run(() => onSave(body));
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-label={`${gate.domain} thresholds`}>
      <Stack gap="sm">
        {NUMERIC.map((f) => (
          <NumberInput
            key={f.key}
            label={f.label}
            description={`${f.description} Default ${defaults[f.key]}.`}
            value={draft[f.key]}
            onChange={(v) => set({ [f.key]: v })}
            decimalScale={4}
            step={f.max === 1 ? 0.01 : 1}
            error={errors[f.key] ?? problem?.fieldMessage(f.key)}
          />
        ))}
        {SWITCHES.map((f) => (
          <Switch
            key={f.key}
            label={f.label}
            description={`${f.description} Default ${defaults[f.key] ? 'on' : 'off'}.`}
            checked={draft[f.key]}
            onChange={(e) => set({ [f.key]: e.currentTarget.checked })}
            error={problem?.fieldMessage(f.key)}
          />
        ))}
        {error && !problem?.fields.length ? <ErrorState error={error} /> : null}
        <Text size="xs" c="dimmed">
          A value equal to the default follows the default.
        </Text>
        <Group justify="space-between">
          <Button variant="subtle" color="gray" onClick={() => setDraft({ ...defaults })}>
            Use the defaults
          </Button>
          <Group gap="xs">
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              Save
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}
