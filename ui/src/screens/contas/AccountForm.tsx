/**
 * Add or edit an account: label, API address and dialect, usuario and token. The token only travels into
 * Rust inside the command input; it is never read back, and the field is emptied after saving.
 * On edit a blank token means "keep the stored one".
 */
import { Alert, Button, Group, Paper, PasswordInput, Select, Stack, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconPlugConnected } from "@tabler/icons-react";
import { Fragment, useState } from "react";
import { asCommandError, commands, unwrap, type Account, type AccountInput, type ConnectionReport, type Dialeto, type FieldError } from "../../api";
import { ErrorView } from "../../components/ErrorView";
import { FormActions } from "../../components/FormActions";
import { matchFieldErrors, type FormSection } from "../../form/model";
import { formatNumber, t, type Key } from "../../i18n";

interface AccountValues {
  label: string;
  base_url: string;
  usuario: string;
  token: string;
  dialeto: Dialeto;
}

const DIALETOS: Dialeto[] = ["legado", "suite"];

const FIELDS: { path: keyof AccountValues; hint?: Key }[] = [
  { path: "label", hint: "accounts.field.labelHint" },
  { path: "base_url", hint: "accounts.field.base_urlHint" },
  { path: "usuario" },
  { path: "token" },
];

// The account fields as a form section, so Rust's field errors land through the same matching.
const SECTIONS: FormSection[] = [
  {
    key: "conta",
    label: "accounts.formNew",
    items: [
      ...FIELDS.map(({ path }) => ({ kind: "text" as const, path, label: `accounts.field.${path}` as const })),
      { kind: "select", path: "dialeto", label: "accounts.field.dialeto" },
    ],
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
      dialeto: account?.dialeto ?? "legado",
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
  const [unmatched, setUnmatched] = useState<FieldError[]>([]);

  const input = (values: AccountValues): AccountInput => ({
    label: values.label.trim(),
    base_url: values.base_url.trim(),
    usuario: values.usuario.trim(),
    token: values.token.trim() === "" ? null : values.token.trim(),
    dialeto: values.dialeto,
  });

  const showFailure = (e: unknown) => {
    const command = asCommandError(e);
    const { matched, unmatched: rest } = matchFieldErrors(command?.field_errors ?? [], SECTIONS);
    form.setErrors(matched);
    setUnmatched(rest);
    setFailure(e);
  };

  const test = async () => {
    if (form.validate().hasErrors) return;
    setTesting(true);
    setReport(null);
    setFailure(null);
    try {
      // As typed (address, dialect); on edit a blank token means the stored one.
      setReport(await unwrap(commands.testConnection(account?.id ?? null, input(form.getValues()))));
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
          {failure !== null && <ErrorView error={failure} testId="form-error" fieldErrors={unmatched} />}
          {report && (
            <Alert color={report.ok ? "green" : "orange"} data-testid="account-test-result" data-ok={report.ok}>
              {report.ok
                ? t("accounts.testOk", { ms: formatNumber(report.latency_ms), regioes: formatNumber(report.regioes) })
                : t("accounts.testFail")}
            </Alert>
          )}
          {FIELDS.map(({ path, hint }) => {
            const props = {
              ...form.getInputProps(path),
              label: t(`accounts.field.${path}`),
              withAsterisk: path !== "token" || !editing,
              "data-testid": `field-${path}`,
              errorProps: { "data-testid": `field-error-${path}` },
            };
            return path === "token" ? (
              <PasswordInput key={path} {...props} description={editing ? t("form.tokenKeep") : undefined} autoComplete="off" />
            ) : (
              <Fragment key={path}>
                <TextInput {...props} description={hint ? t(hint) : undefined} />
                {path === "base_url" && (
                  <Select
                    {...form.getInputProps("dialeto")}
                    label={t("accounts.field.dialeto")}
                    description={t("accounts.field.dialetoHint")}
                    data={DIALETOS.map((d) => ({ value: d, label: t(`accounts.dialeto.${d}`) }))}
                    allowDeselect={false}
                    data-testid="field-dialeto"
                    errorProps={{ "data-testid": "field-error-dialeto" }}
                  />
                )}
              </Fragment>
            );
          })}
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
            <FormActions busy={saving} onCancel={onCancel} submitTestId="account-save" />
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
