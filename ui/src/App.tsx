/**
 * Root: providers (Mantine with a persisted color scheme, notifications, TanStack Query),
 * then the welcome screen on first run or the shell, and one `ui_ready` after the first paint.
 */
import { Center, Loader, localStorageColorSchemeManager, MantineProvider, Stack, Text } from "@mantine/core";
import { DatesProvider } from "@mantine/dates";
import { Notifications } from "@mantine/notifications";
import "dayjs/locale/pt-br";
import { QueryClient, QueryClientProvider, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { commands } from "./api";
import { appStateQuery } from "./api/queries";
import { ErrorView } from "./components/ErrorView";
import { t, useLocale } from "./i18n";
import { Welcome } from "./screens/welcome/Welcome";
import { NavProvider } from "./shell/nav";
import { Shell } from "./shell/Shell";
import { COLOR_SCHEME_KEY, theme } from "./theme";

const colorSchemeManager = localStorageColorSchemeManager({ key: COLOR_SCHEME_KEY });

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // Rust already retries transient reads; a second layer would only delay the error.
      queries: { retry: false, refetchOnWindowFocus: false, staleTime: 30_000 },
      mutations: { retry: false },
    },
  });
}

let reportedReady = false;

/** Tells Rust the first screen is on screen, once per page load (startup measurement). */
function useReportReady(rendered: boolean) {
  useEffect(() => {
    if (!rendered || reportedReady) return;
    reportedReady = true;
    requestAnimationFrame(() => {
      commands.uiReady().catch(() => undefined);
    });
  }, [rendered]);
}

function Root() {
  const state = useQuery(appStateQuery);
  // A new language re-mounts the screens below (navigation and query cache stay), so no
  // memoised text keeps the old one.
  const locale = useLocale();
  useReportReady(state.isSuccess || state.isError);

  if (state.isPending) {
    return (
      <Center h="100dvh">
        <Stack align="center">
          <Loader />
          <Text c="dimmed">{t("app.loading")}</Text>
        </Stack>
      </Center>
    );
  }
  if (state.isError) {
    return (
      <Center h="100dvh" p="md">
        <Stack maw={640}>
          <Text fw={600}>{t("app.stateError")}</Text>
          <ErrorView error={state.error} onRetry={() => void state.refetch()} testId="app-error" />
        </Stack>
      </Center>
    );
  }
  if (state.data.accounts.length === 0) return <Welcome key={locale} />;
  return (
    <NavProvider initial={state.data.active ? "clientes" : "contas"}>
      <Shell key={locale} state={state.data} />
    </NavProvider>
  );
}

export function App({ queryClient }: { queryClient?: QueryClient }) {
  const [client] = useState(() => queryClient ?? createQueryClient());
  const locale = useLocale();
  return (
    <MantineProvider theme={theme} defaultColorScheme="light" colorSchemeManager={colorSchemeManager}>
      {/* Date pickers in the chosen language (dayjs locales), weeks from Sunday as in Brazil. */}
      <DatesProvider settings={{ locale: locale === "pt-BR" ? "pt-br" : "en", firstDayOfWeek: 0 }}>
        <Notifications position="top-right" />
        <QueryClientProvider client={client}>
          <Root />
        </QueryClientProvider>
      </DatesProvider>
    </MantineProvider>
  );
}
