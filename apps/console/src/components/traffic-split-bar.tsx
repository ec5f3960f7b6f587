import { Group, Progress, Text, Tooltip } from '@mantine/core';

/** The share of traffic one version takes, in percent. */
export interface VersionWeight {
  version: number;
  weight: number;
}

const PALETTE = ['blue', 'teal', 'grape', 'orange', 'cyan', 'pink', 'lime', 'indigo', 'yellow'];

/** A version keeps its colour wherever a split is drawn, so before and after read alike. */
export function versionColor(version: number): string {
  return PALETTE[version % PALETTE.length];
}

/** A traffic split as one stacked bar, each version a section; hover names it. */
export function TrafficSplitBar({
  traffic,
  size = 'md',
  legend = false,
}: {
  traffic: VersionWeight[];
  size?: 'sm' | 'md' | 'lg' | 'xl';
  legend?: boolean;
}) {
  const shares = traffic.filter((s) => s.weight > 0);
  const summary = shares.map((s) => `v${s.version} ${s.weight}%`).join(', ');
  return (
    <div>
      <Progress.Root size={size} aria-label={`traffic: ${summary || 'none'}`} role="img">
        {shares.map((s) => (
          <Tooltip key={s.version} label={`version ${s.version}: ${s.weight}%`} withArrow>
            <Progress.Section value={s.weight} color={versionColor(s.version)}>
              {size === 'lg' || size === 'xl' ? (
                <Progress.Label>
                  {s.weight >= 12 ? `v${s.version} ${s.weight}%` : ''}
                </Progress.Label>
              ) : null}
            </Progress.Section>
          </Tooltip>
        ))}
      </Progress.Root>
      {legend ? (
        <Group gap="sm" mt={4}>
          {traffic.map((s) => (
            <Group key={s.version} gap={4} wrap="nowrap">
              <Text span c={versionColor(s.version)} fw={700} aria-hidden>
                ■
              </Text>
              <Text size="xs">
                v{s.version} {s.weight}%
              </Text>
            </Group>
          ))}
        </Group>
      ) : null}
    </div>
  );
}
