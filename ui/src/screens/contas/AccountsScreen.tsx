/**
 * Contas: the accounts list (switch, edit, remove with confirmation), the account form, and the
 * built-in sandbox added back once removed. An edit that moves the account elsewhere (Rust tested
 * it before saving) drops the rows of the old server from the screen.
 */
import { Badge, Button, Card, Group, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconFlask, IconPlus } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { commands, unwrap, type Account, type AppState } from "../../api";
import { accountKey, APP_STATE_KEY } from "../../api/queries";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { ErrorView } from "../../components/ErrorView";
import { t } from "../../i18n";
import { AccountForm } from "./AccountForm";

type Mode = { kind: "list" } | { kind: "new" } | { kind: "edit"; account: Account };

export function AccountsScreen({ state }: { state: AppState }) {
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<Mode>({ kind: "list" });
  const [toRemove, setToRemove] = useState<Account | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: APP_STATE_KEY });

  const switchTo = async (account: Account) => {
    setFailure(null);
    try {
      await unwrap(commands.switchAccount(account.id));
      notifications.show({ color: "green", message: t("accounts.switched", { name: account.label }) });
      await refresh();
    } catch (e) {
      setFailure(e);
    }
  };

  const useSandbox = async () => {
    setFailure(null);
    try {
      await unwrap(commands.useSandbox());
      notifications.show({ color: "green", message: t("welcome.sandboxStarted") });
      await refresh();
    } catch (e) {
      setFailure(e);
    }
  };
  const hasSandbox = state.accounts.some((a) => a.is_sandbox);

  if (mode.kind !== "list") {
    return (
      <AccountForm
        key={mode.kind === "edit" ? mode.account.id : "new"}
        account={mode.kind === "edit" ? mode.account : null}
        onCancel={() => setMode({ kind: "list" })}
        onSaved={async (saved) => {
          notifications.show({ color: "green", message: t("accounts.saved") });
          const before = mode.kind === "edit" ? mode.account : null;
          if (before && (before.base_url !== saved.base_url || before.usuario !== saved.usuario || before.dialeto !== saved.dialeto)) {
            // Another server (or another reseller on it): nothing cached from the old one stays.
            queryClient.removeQueries({ queryKey: accountKey(saved.id) });
          }
          setMode({ kind: "list" });
          // The first account becomes the active one.
          if (!state.active) await unwrap(commands.switchAccount(saved.id)).catch(setFailure);
          await refresh();
        }}
      />
    );
  }

  return (
    <Stack maw={900}>
      <Group justify="space-between">
        <Title order={2}>{t("accounts.title")}</Title>
        <Group gap="xs">
          {!hasSandbox && (
            <Button variant="light" color="orange" leftSection={<IconFlask size={16} />} onClick={() => void useSandbox()} data-testid="account-use-sandbox">
              {t("welcome.useSandbox")}
            </Button>
          )}
          <Button leftSection={<IconPlus size={16} />} onClick={() => setMode({ kind: "new" })} data-testid="account-new">
            {t("accounts.new")}
          </Button>
        </Group>
      </Group>
      {failure !== null && <ErrorView error={failure} testId="account-error" />}
      {state.accounts.length === 0 && <Text c="dimmed">{t("accounts.empty")}</Text>}
      {state.accounts.map((account) => {
        const active = state.active?.id === account.id;
        return (
          <Card key={account.id} withBorder data-testid="account-row" data-id={account.id} data-active={active}>
            <Group justify="space-between" wrap="nowrap">
              <Stack gap={2} miw={0}>
                <Group gap="xs">
                  <Text fw={600}>{account.label}</Text>
                  {active && <Badge color="green">{t("accounts.active")}</Badge>}
                  {account.is_sandbox && <Badge color="orange">{t("accounts.sandbox")}</Badge>}
                </Group>
                <Text size="sm" c="dimmed" truncate>
                  {account.base_url}
                </Text>
                <Text size="sm" c="dimmed">
                  {account.usuario}
                </Text>
              </Stack>
              <Group gap="xs" wrap="nowrap">
                {!active && (
                  <Button size="xs" variant="light" onClick={() => void switchTo(account)} data-testid="account-switch">
                    {t("accounts.switch")}
                  </Button>
                )}
                {!account.is_sandbox && (
                  <Button size="xs" variant="default" onClick={() => setMode({ kind: "edit", account })} data-testid="account-edit">
                    {t("accounts.edit")}
                  </Button>
                )}
                <Button size="xs" variant="subtle" color="red" onClick={() => setToRemove(account)} data-testid="account-remove">
                  {t("accounts.remove")}
                </Button>
              </Group>
            </Group>
          </Card>
        );
      })}
      <ConfirmDialog
        opened={toRemove !== null}
        title={t("accounts.removeTitle")}
        body={toRemove ? t("accounts.removeBody", { name: toRemove.label }) : ""}
        confirmLabel={t("accounts.remove")}
        onConfirm={async () => {
          if (!toRemove) return;
          // A warning (from Rust, pt-BR) when the token may have stayed in the keyring.
          const aviso = await unwrap(commands.removeAccount(toRemove.id));
          notifications.show(aviso ? { color: "orange", message: aviso } : { color: "green", message: t("accounts.removed") });
          await refresh();
        }}
        onClose={() => setToRemove(null)}
      />
    </Stack>
  );
}
