import { Alert, Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { IconShieldX } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { ApiProblem } from '../api/api-error';
import { useSession } from '../auth/session-provider';
import { type FailedGateCheck, GateChecksTable } from './gate-checks';
import { ErrorState } from './page-state';
import { useSubmit } from './use-submit';

/** The failing checks of a 409 PROMOTION_GATE_FAILED, or null for any other error. */
export function gateFailures(error: unknown): FailedGateCheck[] | null {
  if (!(error instanceof ApiProblem) || error.code !== 'PROMOTION_GATE_FAILED') return null;
  return error.fields.map((f) => ({
    field: f.field as FailedGateCheck['field'],
    message: f.message,
    value: f.value ?? null,
    threshold: f.threshold ?? null,
  }));
}

/**
 * What a move of production answered when it failed. A promotion gate's refusal lists each
 * failing check with its value and threshold; an admin may then resend the move with a reason
 * (`override: {reason}`), which the server audits. Any other error shows as usual.
 */
export function GateRefusal({
  error,
  onOverride,
}: {
  error: unknown;
  /** Resends the same move with `override: {reason}`. */
  onOverride: (reason: string) => Promise<unknown>;
}) {
  const { me } = useSession();
  const failures = gateFailures(error);
  if (!failures) return <ErrorState error={error} />;
  const admin = me?.role === 'admin';
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconShieldX size={18} />}
      title="Refused by the promotion gate"
      data-testid="gate-refusal"
    >
      <Stack gap="xs">
        <Text size="sm">
          This version fails {failures.length === 1 ? 'a check' : `${failures.length} checks`} of
          its domain&apos;s promotion gate, so production stays where it is.
        </Text>
        <GateChecksTable checks={failures} label="failing checks" />
        {admin ? (
          <OverrideForm onOverride={onOverride} />
        ) : (
          <Text size="xs" c="dimmed">
            Only an admin may move production past a failing gate, with a reason that is audited.
          </Text>
        )}
      </Stack>
    </Alert>
  );
}

function OverrideForm({ onOverride }: { onOverride: (reason: string) => Promise<unknown> }) {
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const { busy, error, run } = useSubmit();
  const problem = error instanceof ApiProblem ? error : null;
  const empty = reason.trim() === '';
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    e.stopPropagation();
    setTouched(true);
    if (empty) return;
    await run(() => onOverride(reason.trim()));
  };
  return (
    <form onSubmit={(e) => void submit(e)} aria-label="override the gate">
      <Stack gap="xs">
        <Textarea
          label="Reason for the override"
          description="Kept with the version and in the audit log."
          withAsterisk
          autosize
          minRows={2}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={
            problem?.fieldMessage('override') ??
            (touched && empty ? 'say why the failing checks are accepted' : undefined)
          }
        />
        {error && !problem?.fieldMessage('override') ? <ErrorState error={error} /> : null}
        <Group justify="flex-end">
          <Button type="submit" color="orange" loading={busy}>
            Override with a reason
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
