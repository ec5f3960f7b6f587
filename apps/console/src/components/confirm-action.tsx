import { Button, type ButtonProps, Group, Modal, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { ErrorState } from './page-state';
import { useSubmit } from './use-submit';

interface ConfirmActionProps extends ButtonProps {
  /** What the button says. */
  label: ReactNode;
  title: string;
  /** What will happen, in words, before anything is done. */
  message: ReactNode;
  confirmLabel?: string;
  onConfirm: () => Promise<unknown>;
  /** Shows what the action threw, in place of the plain error: `close` ends the dialog. */
  renderError?: (error: unknown, close: () => void) => ReactNode;
}

/** A button for a destructive or consequential action that asks before doing it. */
export function ConfirmAction({
  label,
  title,
  message,
  confirmLabel = 'Confirm',
  onConfirm,
  renderError,
  ...button
}: ConfirmActionProps) {
  const [opened, { open, close }] = useDisclosure(false);
  const { busy, error, run, setError } = useSubmit();
  const confirm = async () => {
    await run(async () => {
      await onConfirm();
      close();
    });
  };
  return (
    <>
      <Button
        {...button}
        onClick={() => {
          setError(null); // a new attempt starts without the last one's refusal
          open();
        }}
      >
        {label}
      </Button>
      <Modal opened={opened} onClose={close} title={title} centered>
        <Text size="sm">{message}</Text>
        {error ? renderError ? renderError(error, close) : <ErrorState error={error} /> : null}
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button color={button.color ?? 'red'} loading={busy} onClick={() => void confirm()}>
            {confirmLabel}
          </Button>
        </Group>
      </Modal>
    </>
  );
}
