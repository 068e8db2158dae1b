/**
 * Root: providers (Mantine with a persisted color scheme, notifications, TanStack Query),
 * then the welcome screen on first run or the shell; the first screen drawn reports `ui_ready`.
 */
import { Center, Loader, localStorageColorSchemeManager, MantineProvider, Stack, Text } from "@mantine/core";
import { DatesProvider } from "@mantine/dates";
import { Notifications } from "@mantine/notifications";
import "dayjs/locale/pt-br";
import { QueryClient, QueryClientProvider, useQuery } from "@tanstack/react-query";
import { lazy, Suspense, useState } from "react";
import { appStateQuery } from "./api/queries";
import { ErrorView } from "./components/ErrorView";
import { t, useLocale } from "./i18n";
import { Welcome } from "./screens/welcome/Welcome";
import { NavProvider } from "./shell/nav";
import { ReportReady } from "./shell/ready";
import { COLOR_SCHEME_KEY, theme } from "./theme";

// The shell (sidebar, header, account switcher) is loaded only when an account exists: a first
// run parses the welcome screen alone.
const Shell = lazy(async () => ({ default: (await import("./shell/Shell")).Shell }));

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

function Loading() {
  return (
    <Center h="100dvh">
      <Stack align="center">
        <Loader />
        <Text c="dimmed">{t("app.loading")}</Text>
      </Stack>
    </Center>
  );
}

function Root() {
  const state = useQuery(appStateQuery);
  // A new language re-mounts the screens below (navigation and query cache stay), so no
  // memoised text keeps the old one.
  const locale = useLocale();

  if (state.isPending) return <Loading />;
  if (state.isError) {
    return (
      <Center h="100dvh" p="md">
        <Stack maw={640}>
          <Text fw={600}>{t("app.stateError")}</Text>
          <ErrorView error={state.error} onRetry={() => void state.refetch()} testId="app-error" />
        </Stack>
        <ReportReady />
      </Center>
    );
  }
  if (state.data.accounts.length === 0) {
    return (
      <>
        <Welcome key={locale} />
        <ReportReady />
      </>
    );
  }
  return (
    <NavProvider initial={state.data.active ? "clientes" : "contas"}>
      <Suspense fallback={<Loading />}>
        <Shell key={locale} state={state.data} />
      </Suspense>
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
