/** First run (no account yet): start the built-in sandbox or add a real account. */
import { Button, Card, Center, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { IconFlask, IconServer } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense, useState, type ReactNode } from "react";
import { commands, unwrap } from "../../api";
import { APP_STATE_KEY } from "../../api/queries";
import { ErrorView } from "../../components/ErrorView";
import { LanguagePicker } from "../../components/LanguagePicker";
import { t } from "../../i18n";

// The account form (and its selects) loads when asked for, not with the first screen.
const AccountForm = lazy(async () => ({ default: (await import("../contas/AccountForm")).AccountForm }));

export function Welcome() {
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState(false);
  const [starting, setStarting] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: APP_STATE_KEY });

  const useSandbox = async () => {
    setStarting(true);
    setFailure(null);
    try {
      await unwrap(commands.useSandbox());
      await refresh();
    } catch (e) {
      setFailure(e);
    } finally {
      setStarting(false);
    }
  };

  return (
    <Center mih="100dvh" p="md" data-testid="welcome">
      <Stack maw={820} w="100%" gap="lg">
        <Group justify="flex-end">
          <LanguagePicker />
        </Group>
        <Stack gap={4}>
          <Title order={1}>{t("welcome.title")}</Title>
          <Text c="dimmed">{t("welcome.body")}</Text>
        </Stack>
        {failure !== null && <ErrorView error={failure} testId="welcome-error" onRetry={() => void useSandbox()} />}
        {adding ? (
          <Suspense fallback={null}>
            <AccountForm
              account={null}
              onCancel={() => setAdding(false)}
              onSaved={async (saved) => {
                await unwrap(commands.switchAccount(saved.id)).catch(setFailure);
                await refresh();
              }}
            />
          </Suspense>
        ) : (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Choice
              icon={<IconFlask size={22} />}
              title={t("welcome.sandboxTitle")}
              body={t("welcome.sandboxBody")}
              action={
                <Button onClick={() => void useSandbox()} loading={starting} data-testid="welcome-use-sandbox">
                  {t("welcome.useSandbox")}
                </Button>
              }
            />
            <Choice
              icon={<IconServer size={22} />}
              title={t("welcome.accountTitle")}
              body={t("welcome.accountBody")}
              action={
                <Button variant="light" onClick={() => setAdding(true)} data-testid="welcome-add-account">
                  {t("welcome.addAccount")}
                </Button>
              }
            />
          </SimpleGrid>
        )}
      </Stack>
    </Center>
  );
}

function Choice({ icon, title, body, action }: { icon: ReactNode; title: string; body: string; action: ReactNode }) {
  return (
    <Card withBorder padding="lg">
      <Stack justify="space-between" h="100%">
        <Stack gap="xs">
          <Group gap="xs" wrap="nowrap">
            {icon}
            <Title order={3}>{title}</Title>
          </Group>
          <Text size="sm" c="dimmed">
            {body}
          </Text>
        </Stack>
        {action}
      </Stack>
    </Card>
  );
}
