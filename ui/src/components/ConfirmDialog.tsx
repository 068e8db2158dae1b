/**
 * The one confirmation modal for destructive actions (delete a record, remove an account).
 * Keeps itself open and shows the error when the action fails.
 */
import { Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useState, type ReactNode } from "react";
import { t } from "../i18n";
import { ErrorView } from "./ErrorView";

export interface ConfirmDialogProps {
  opened: boolean;
  title: string;
  body: string;
  confirmLabel: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
  /** Shown under the body (e.g. what blocks a delete). */
  children?: ReactNode;
  /** The confirm button stays disabled (a check is running, or the action would be refused). */
  confirmDisabled?: boolean;
}

export function ConfirmDialog({ opened, title, body, confirmLabel, onConfirm, onClose, children, confirmDisabled }: ConfirmDialogProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const close = () => {
    if (busy) return;
    setError(null);
    onClose();
  };

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      setBusy(false);
      onClose();
    } catch (e) {
      setBusy(false);
      setError(e);
    }
  };

  return (
    <Modal opened={opened} onClose={close} title={title} centered data-testid="confirm-dialog">
      <Stack>
        <Text>{body}</Text>
        {children}
        {error !== null && <ErrorView error={error} testId="confirm-error" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={close} disabled={busy} data-testid="confirm-cancel">
            {t("common.cancel")}
          </Button>
          <Button color="red" onClick={() => void confirm()} loading={busy} disabled={confirmDisabled} data-testid="confirm-delete">
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
