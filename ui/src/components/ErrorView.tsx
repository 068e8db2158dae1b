/**
 * The one rendering of a failed command, by kind, so the user can tell "wrong token" (go to
 * Contas) from "network down" (retry) from "invalid input" (fix the fields). The text under the
 * title is Rust's pt-BR message, which already names the cause and what to do: no hint repeats
 * it. Field errors are listed by their label (from Rust), never by JSON key.
 */
import { Alert, Anchor, Button, Group, List, Stack, Text } from "@mantine/core";
import { asCommandError, type CommandErrorKind, type FieldError } from "../api";
import { t, type Key } from "../i18n";
import { fieldLabel, fieldMessage, fieldsSummary } from "../i18n/validation";
import { useNavOptional } from "../shell/nav";

export type ErrorGroup = "unauthorized" | "network" | "invalid" | "no_account" | "not_found" | "server" | "config" | "local" | "sandbox" | "outcome" | "unexpected";

export interface ErrorDescription {
  group: ErrorGroup;
  kind: CommandErrorKind | "unexpected";
  title: Key;
  message: string;
  hint: Key | null;
  fieldErrors: FieldError[];
  retry: boolean;
  goToAccounts: boolean;
}

const GROUP_OF: Record<CommandErrorKind, ErrorGroup> = {
  unauthorized: "unauthorized",
  connect: "network",
  dns: "network",
  timeout: "network",
  tls: "network",
  invalid_input: "invalid",
  validation: "invalid",
  no_account: "no_account",
  not_found: "not_found",
  server: "server",
  malformed_response: "config",
  invalid_url: "config",
  redirect: "config",
  response_too_large: "server",
  // A write whose answer was lost: the message says what the lookup found; never a retry button.
  outcome_unknown: "outcome",
  keyring: "local",
  storage: "local",
  sandbox: "sandbox",
};

const TITLE: Record<ErrorGroup, Key> = {
  unauthorized: "error.unauthorized.title",
  network: "error.network.title",
  invalid: "error.invalid.title",
  no_account: "error.noAccount.title",
  not_found: "error.notFound.title",
  server: "error.server.title",
  outcome: "error.outcome.title",
  config: "error.config.title",
  local: "error.local.title",
  sandbox: "error.sandbox.title",
  unexpected: "error.generic.title",
};

// Only where Rust's message does not already say what to do next.
const HINT: Partial<Record<ErrorGroup, Key>> = {};

/** What to show for any thrown value; pure so it is tested by kind. */
export function describeError(error: unknown): ErrorDescription {
  const command = asCommandError(error);
  if (!command) {
    return {
      group: "unexpected",
      kind: "unexpected",
      title: TITLE.unexpected,
      message: t("error.unexpected"),
      hint: null,
      fieldErrors: [],
      retry: true,
      goToAccounts: false,
    };
  }
  const group = GROUP_OF[command.kind] ?? "server";
  return {
    group,
    kind: command.kind,
    title: TITLE[group],
    // Invalid input is summed up in the UI's language from the field errors (Rust's own
    // sentence is pt-BR); any other message is Rust's.
    message: command.kind === "invalid_input" && command.field_errors.length > 0 ? fieldsSummary(command.field_errors) : command.message,
    hint: HINT[group] ?? null,
    fieldErrors: command.field_errors,
    retry: group === "network" || group === "server" || group === "not_found",
    goToAccounts: group === "unauthorized" || group === "no_account" || group === "config",
  };
}

export interface ErrorViewProps {
  error: unknown;
  onRetry?: () => void;
  testId?: string;
  /** The field errors to list; default all of them. Forms pass only those no field shows. */
  fieldErrors?: FieldError[];
}

export function ErrorView({ error, onRetry, testId, fieldErrors }: ErrorViewProps) {
  const nav = useNavOptional();
  const d = describeError(error);
  const listed = fieldErrors ?? d.fieldErrors;
  const color = d.group === "invalid" || d.group === "outcome" ? "orange" : "red";
  return (
    <Alert color={color} title={t(d.title)} data-testid={testId} data-kind={d.kind} data-group={d.group}>
      <Stack gap="xs">
        <Text size="sm">{d.message}</Text>
        {d.hint && <Text size="sm" c="dimmed">{t(d.hint)}</Text>}
        {listed.length > 0 && (
          <List size="sm">
            {listed.map((f) => (
              <List.Item key={f.field + f.message}>
                <Text span fw={600} size="sm">{fieldLabel(f.field)}</Text>
                {": "}
                {fieldMessage(f)}
              </List.Item>
            ))}
          </List>
        )}
        {(d.retry && onRetry) || (d.goToAccounts && nav) ? (
          <Group gap="sm">
            {d.retry && onRetry && (
              <Button size="xs" variant="light" color={color} onClick={onRetry} data-testid="error-retry">
                {t("common.retry")}
              </Button>
            )}
            {d.goToAccounts && nav && (
              <Anchor component="button" type="button" size="sm" onClick={() => nav.go("contas")} data-testid="error-go-accounts">
                {t("error.unauthorized.action")}
              </Anchor>
            )}
          </Group>
        ) : null}
      </Stack>
    </Alert>
  );
}
