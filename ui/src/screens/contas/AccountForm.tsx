/**
 * Add or edit an account: label, API address, usuario and token. The token only travels into
 * Rust inside the command input; it is never read back, and the field is emptied after saving.
 * On edit a blank token means "keep the stored one".
 */
import { Alert, Button, Group, Paper, PasswordInput, Stack, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconPlugConnected } from "@tabler/icons-react";
import { useState } from "react";
import { asCommandError, commands, unwrap, type Account, type AccountInput, type ConnectionReport } from "../../api";
import { ErrorView } from "../../components/ErrorView";
import { matchFieldErrors, type FormSection } from "../../form/model";
import { formatNumber, t } from "../../i18n";

interface AccountValues {
  label: string;
  base_url: string;
  usuario: string;
  token: string;
}

// The account fields as form sections, so Rust's field errors land through the same matching.
const SECTIONS: FormSection[] = [
  {
    key: "conta",
    label: "accounts.formNew",
    items: (["label", "base_url", "usuario", "token"] as const).map((path) => ({
      kind: "text" as const,
      path,
      label: `accounts.field.${path}` as const,
    })),
  },
];

export interface AccountFormProps {
  account: Account | null;
  onSaved: (account: Account) => void;
  onCancel: () => void;
}

export function AccountForm({ account, onSaved, onCancel }: AccountFormProps) {
  const editing = account !== null;
  const form = useForm<AccountValues>({
    mode: "controlled",
    initialValues: {
      label: account?.label ?? "",
      base_url: account?.base_url ?? "",
      usuario: account?.usuario ?? "",
      token: "",
    },
    validate: {
      label: (v) => (v.trim() ? null : t("accounts.required")),
      base_url: (v) => (v.trim() ? null : t("accounts.required")),
      usuario: (v) => (v.trim() ? null : t("accounts.required")),
      token: (v) => (editing || v.trim() ? null : t("accounts.tokenRequired")),
    },
  });
  const [testing, setTesting] = useState(false);
  const [saving, setSaving] = useState(false);
  const [report, setReport] = useState<ConnectionReport | null>(null);
  const [failure, setFailure] = useState<unknown>(null);

  const input = (values: AccountValues): AccountInput => ({
    label: values.label.trim(),
    base_url: values.base_url.trim(),
    usuario: values.usuario.trim(),
    token: values.token.trim() === "" ? null : values.token.trim(),
  });

  const showFailure = (e: unknown) => {
    const command = asCommandError(e);
    if (command && command.field_errors.length > 0) form.setErrors(matchFieldErrors(command.field_errors, SECTIONS).matched);
    setFailure(e);
  };

  const test = async () => {
    if (form.validate().hasErrors) return;
    setTesting(true);
    setReport(null);
    setFailure(null);
    try {
      const values = input(form.getValues());
      const result =
        editing && values.token === null ? await unwrap(commands.testAccount(account.id)) : await unwrap(commands.testConnection(values));
      setReport(result);
    } catch (e) {
      showFailure(e);
    } finally {
      setTesting(false);
    }
  };

  const save = async (values: AccountValues) => {
    setSaving(true);
    setFailure(null);
    try {
      const saved = await unwrap(commands.saveAccount(account?.id ?? null, input(values)));
      onSaved(saved);
    } catch (e) {
      showFailure(e);
    } finally {
      // The secret leaves React state once Rust has it (or refused it).
      form.setFieldValue("token", "");
      setSaving(false);
    }
  };

  return (
    <Paper withBorder p="lg" maw={640}>
      <form data-testid="account-form" noValidate onSubmit={form.onSubmit((v) => void save(v))}>
        <Stack>
          <Title order={3}>{editing ? t("accounts.formEdit") : t("accounts.formNew")}</Title>
          {failure !== null && <ErrorView error={failure} testId="form-error" />}
          {report && (
            <Alert color={report.ok ? "green" : "orange"} data-testid="account-test-result" data-ok={report.ok}>
              {report.ok
                ? t("accounts.testOk", { ms: formatNumber(report.latency_ms), regioes: formatNumber(report.regioes) })
                : t("accounts.testFail")}
            </Alert>
          )}
          <TextInput
            label={t("accounts.field.label")}
            description={t("accounts.field.labelHint")}
            withAsterisk
            data-testid="field-label"
            {...form.getInputProps("label")}
          />
          <TextInput
            label={t("accounts.field.base_url")}
            description={t("accounts.field.base_urlHint")}
            withAsterisk
            data-testid="field-base_url"
            {...form.getInputProps("base_url")}
          />
          <TextInput label={t("accounts.field.usuario")} withAsterisk data-testid="field-usuario" {...form.getInputProps("usuario")} />
          <PasswordInput
            label={t("accounts.field.token")}
            description={editing ? t("form.tokenKeep") : undefined}
            withAsterisk={!editing}
            autoComplete="off"
            data-testid="field-token"
            {...form.getInputProps("token")}
          />
          <Group justify="space-between">
            <Button
              variant="light"
              leftSection={<IconPlugConnected size={16} />}
              onClick={() => void test()}
              loading={testing}
              data-testid="account-test"
            >
              {t("accounts.test")}
            </Button>
            <Group>
              <Button variant="default" onClick={onCancel} disabled={saving} data-testid="form-cancel">
                {t("common.cancel")}
              </Button>
              <Button type="submit" loading={saving} data-testid="account-save">
                {t("common.save")}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
