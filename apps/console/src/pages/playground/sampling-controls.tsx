import { Group, NumberInput, Slider, Stack, Text } from '@mantine/core';
import type { Sampling } from './use-chat-session';

function LabelledSlider({
  label,
  value,
  min,
  max,
  step,
  onChange,
}: {
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
  onChange: (value: number) => void;
}) {
  return (
    <div>
      <Group justify="space-between" gap={4}>
        <Text size="sm" fw={500} id={`${label}-label`}>
          {label}
        </Text>
        <Text size="sm" ff="monospace">
          {value.toFixed(2)}
        </Text>
      </Group>
      <Slider
        aria-labelledby={`${label}-label`}
        value={value}
        min={min}
        max={max}
        step={step}
        onChange={onChange}
        label={null}
      />
    </div>
  );
}

/** Temperature, top_p, max_tokens and seed, within the ranges the model server accepts. */
export function SamplingControls({
  value,
  onChange,
}: {
  value: Sampling;
  onChange: (value: Sampling) => void;
}) {
  return (
    <Stack gap="sm">
      <LabelledSlider
        label="temperature"
        value={value.temperature}
        min={0}
        max={2}
        step={0.05}
        onChange={(temperature) => onChange({ ...value, temperature })}
      />
      <LabelledSlider
        label="top_p"
        value={value.topP}
        min={0.05}
        max={1}
        step={0.05}
        onChange={(topP) => onChange({ ...value, topP })}
      />
      <NumberInput
        label="max_tokens"
        size="xs"
        min={1}
        max={8192}
        allowDecimal={false}
        clampBehavior="strict"
        value={value.maxTokens}
        onChange={(v) => onChange({ ...value, maxTokens: typeof v === 'number' ? v : 256 })}
      />
      <NumberInput
        label="seed"
        description="Blank: a new one each time"
        size="xs"
        min={0}
        max={4294967295}
        allowDecimal={false}
        allowNegative={false}
        value={value.seed ?? ''}
        onChange={(v) => onChange({ ...value, seed: typeof v === 'number' ? v : null })}
      />
    </Stack>
  );
}
