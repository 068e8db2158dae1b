/** Cancel and submit buttons of a form, the same in every form. */
import { Button, Group } from "@mantine/core";
import { t } from "../i18n";

export interface FormActionsProps {
  busy: boolean;
  onCancel: () => void;
  submitTestId: string;
  className?: string;
}

export function FormActions({ busy, onCancel, submitTestId, className }: FormActionsProps) {
  return (
    <Group justify="flex-end" className={className}>
      <Button variant="default" onClick={onCancel} disabled={busy} data-testid="form-cancel">
        {t("form.cancel")}
      </Button>
      <Button type="submit" loading={busy} data-testid={submitTestId}>
        {t("form.submit")}
      </Button>
    </Group>
  );
}
