import type { ModelVersion } from '@alloy/sdk/types';
import { Autocomplete, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { ApiProblem } from '../../api/api-error';
import { GateRefusal } from '../../components/gate-refusal';
import { useSubmit } from '../../components/use-submit';
import { type ModelAlias, moveAlias } from './model-aliases-panel';

const ALIAS = /^[a-z][a-z0-9-]{0,62}$/;

/**
 * Points an alias at a version, after saying where it points now and where it will. Production
 * is gated: a refusal lists the failing checks, and an admin may override it with a reason.
 */
export function MoveAliasModal({
  model,
  version,
  aliases,
  initialAlias,
  onClose,
  onMoved,
}: {
  model: string;
  version: ModelVersion;
  aliases: ModelAlias[];
  initialAlias: string;
  onClose: () => void;
  onMoved: () => Promise<void>;
}) {
  const [alias, setAlias] = useState(initialAlias);
  const { busy, error, run } = useSubmit();
  const current = aliases.find((a) => a.alias === alias);
  const valid = ALIAS.test(alias);
  const problem = error instanceof ApiProblem ? error : null;
  const move = async (override?: { reason: string }) => {
    await moveAlias(model, alias, version.version, override);
    await onMoved();
    onClose();
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!valid) return;
    await run(() => move());
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title={`Point an alias at v${version.version}`}
      centered
      size="lg"
    >
      <Stack gap="sm">
        <form onSubmit={(e) => void submit(e)}>
          <Stack gap="sm">
            <Autocomplete
              label="Alias"
              description="Clients call the model as model:alias"
              data={[...new Set(['production', 'staging', ...aliases.map((a) => a.alias)])]}
              value={alias}
              onChange={(v) => setAlias(v.trim())}
              error={
                problem?.fieldMessage('alias') ??
                (alias && !valid ? 'a lowercase slug starting with a letter' : undefined)
              }
              data-autofocus
            />
            {valid ? (
              <Text size="sm">
                {current
                  ? current.version === version.version
                    ? `${model}:${alias} already points at v${version.version}.`
                    : `${model}:${alias} moves from v${current.version} to v${version.version}; its clients get v${version.version} from then on.`
                  : `${model}:${alias} is new and will point at v${version.version}.`}
              </Text>
            ) : null}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button
                type="submit"
                loading={busy}
                disabled={!valid || current?.version === version.version}
              >
                Move {alias || 'alias'}
              </Button>
            </Group>
          </Stack>
        </form>
        {/* Outside the form: the override has a form of its own. */}
        {error && !problem?.fieldMessage('alias') ? (
          <GateRefusal error={error} onOverride={(reason) => move({ reason })} />
        ) : null}
      </Stack>
    </Modal>
  );
}
