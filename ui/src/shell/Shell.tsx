/**
 * The app frame: sidebar with every area of the API plus Contas; header with the active
 * account switcher, the Sandbox badge, the customer picker (areas scoped by customer) and
 * the theme toggle; the current area's screen in the main part.
 */
import {
  ActionIcon, Alert, AppShell, Button, Center, Loader, Badge, Burger, Group, NavLink, ScrollArea, Select, Title, Tooltip,
  useComputedColorScheme, useMantineColorScheme,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import {
  IconActivity, IconAddressBook, IconArrowsSplit, IconExternalLink, IconBuilding, IconHistory, IconMapPin, IconMoon, IconNumbers, IconPhone,
  IconRoute, IconSun, IconTopologyStar3, IconUserCircle,
} from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense, useEffect, useMemo, type ComponentType } from "react";
import { commands, unwrap, type AppState } from "../api";
import { APP_STATE_KEY, clientesQuery } from "../api/queries";
import { ErrorView } from "../components/ErrorView";
import { LanguagePicker } from "../components/LanguagePicker";
import { EntityScreen } from "../entity/EntityScreen";
import { t } from "../i18n";
import { clientesConfig } from "../screens/clientes/config";
import { HistoricoScreen } from "../screens/chamadas/HistoricoScreen";
import { AccountsScreen } from "../screens/contas/AccountsScreen";
import { didsConfig } from "../screens/dids/config";
import { planosConfig } from "../screens/planos/config";
import { RegioesScreen } from "../screens/regioes/RegioesScreen";
import { troncosConfig } from "../screens/troncos/config";
import { ramaisConfig } from "../screens/ramais/config";
import { RegrasScreen } from "../screens/regras/RegrasScreen";
import { AREAS, areaById, type AreaId } from "./areas";
import { useNav } from "./nav";

const ICONS: Record<AreaId, ComponentType<{ size?: number }>> = {
  clientes: IconBuilding,
  ramais: IconPhone,
  dids: IconNumbers,
  troncos: IconTopologyStar3,
  planos: IconAddressBook,
  regras: IconRoute,
  regioes: IconMapPin,
  chamadas: IconHistory,
  atividade: IconActivity,
  contas: IconUserCircle,
};

// Screens the first one does not need are loaded when opened (start-up time).
const ActivityScreen = lazy(() => import("../screens/atividade/ActivityScreen").then((m) => ({ default: m.ActivityScreen })));

function Loading() {
  return (
    <Center p="xl">
      <Loader />
    </Center>
  );
}

export function Shell({ state }: { state: AppState }) {
  const nav = useNav();
  const [opened, { toggle, close }] = useDisclosure();
  const area = areaById(nav.area);
  const activeId = state.active?.id ?? null;
  const { forgetCliente } = nav;

  // A customer belongs to one account: forget the pick when the account changes.
  useEffect(() => forgetCliente(), [activeId, forgetCliente]);

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 240, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t("header.menu")} />
            <IconArrowsSplit size={22} />
            <Title order={4} visibleFrom="sm">
              {t("app.title")}
            </Title>
            {state.active?.is_sandbox && (
              <Tooltip label={t("header.sandboxTitle")}>
                <Badge color="orange" variant="filled" data-testid="sandbox-badge">
                  {t("header.sandbox")}
                </Badge>
              </Tooltip>
            )}
          </Group>
          <Group gap="sm" wrap="nowrap">
            {area.scopedByCustomer && activeId && <CustomerPicker accountId={activeId} />}
            <AccountSwitcher state={state} />
            <LanguagePicker />
            <ThemeToggle />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs">
        <AppShell.Section grow component={ScrollArea}>
          {AREAS.map((a) => {
            const Icon = ICONS[a.id];
            return (
              <NavLink
                key={a.id}
                label={t(a.label)}
                leftSection={<Icon size={18} />}
                active={a.id === nav.area}
                onClick={() => {
                  nav.go(a.id);
                  close();
                }}
                data-testid={`nav-${a.id}`}
                style={a.group === "app" ? { marginTop: "var(--mantine-spacing-md)" } : undefined}
              />
            );
          })}
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main>
        <AreaContent state={state} />
      </AppShell.Main>
    </AppShell>
  );
}

function AreaContent({ state }: { state: AppState }) {
  const nav = useNav();
  const area = areaById(nav.area);
  if (area.id === "contas") return <AccountsScreen state={state} />;
  if (area.id === "atividade") {
    return (
      <Suspense fallback={<Loading />}>
        <ActivityScreen state={state} />
      </Suspense>
    );
  }
  if (!area.available) return <Unavailable label={t(area.label)} baseUrl={state.active?.base_url} />;
  const active = state.active;
  if (!active) {
    return <ErrorView testId="no-active-account" error={{ kind: "no_account", message: t("header.noAccount"), field_errors: [] }} />;
  }
  if (area.id === "clientes") {
    return <EntityScreen key={active.id} config={clientesConfig} accountId={active.id} scope={null} scopeKey="all" />;
  }
  if (area.id === "regras") {
    if (nav.clienteId === null) {
      return (
        <Alert color="blue" title={t("customer.required.title")} data-testid="customer-required" maw={640}>
          {t("customer.required.body")}
        </Alert>
      );
    }
    return <RegrasScreen key={`${active.id}:${nav.clienteId}`} accountId={active.id} clienteId={nav.clienteId} />;
  }
  if (area.id === "troncos") {
    return <EntityScreen key={active.id} config={troncosConfig} accountId={active.id} scope={null} scopeKey="all" />;
  }
  if (area.id === "regioes") return <RegioesScreen key={active.id} accountId={active.id} />;
  if (area.id === "ramais" || area.id === "dids" || area.id === "planos") {
    if (nav.clienteId === null) {
      return (
        <Alert color="blue" title={t("customer.required.title")} data-testid="customer-required" maw={640}>
          {t("customer.required.body")}
        </Alert>
      );
    }
    if (area.id === "dids") {
      return (
        <EntityScreen
          key={`${active.id}:dids:${nav.clienteId}`}
          config={didsConfig}
          accountId={active.id}
          scope={{ clienteId: nav.clienteId }}
          scopeKey={nav.clienteId}
        />
      );
    }
    if (area.id === "planos") {
      return (
        <EntityScreen
          key={`${active.id}:planos:${nav.clienteId}`}
          config={planosConfig}
          accountId={active.id}
          scope={{ clienteId: nav.clienteId }}
          scopeKey={nav.clienteId}
        />
      );
    }
    return (
      <EntityScreen
        key={`${active.id}:${nav.clienteId}`}
        config={ramaisConfig}
        accountId={active.id}
        scope={{ clienteId: nav.clienteId }}
        scopeKey={nav.clienteId}
      />
    );
  }
  if (area.id === "chamadas") {
    return <HistoricoScreen key={active.id} accountId={active.id} />;
  }
  return <Unavailable label={t(area.label)} baseUrl={active.base_url} />;
}

/** The platform's web panel: the origin of the account's API address. */
function panelUrl(baseUrl: string | undefined): string | null {
  try {
    return baseUrl ? new URL(baseUrl).origin : null;
  } catch {
    return null;
  }
}

function Unavailable({ label, baseUrl }: { label: string; baseUrl?: string }) {
  const panel = panelUrl(baseUrl);
  return (
    <Alert color="gray" title={t("unavailable.title", { area: label })} data-testid="area-unavailable" maw={640}>
      {t("unavailable.body")}
      {panel && (
        <Button
          mt="sm"
          variant="light"
          leftSection={<IconExternalLink size={16} />}
          onClick={() => void import("../api/external").then((m) => m.openExternal(panel))}
          data-testid="open-web-panel"
        >
          {t("unavailable.openPanel")}
        </Button>
      )}
    </Alert>
  );
}

function CustomerPicker({ accountId }: { accountId: string }) {
  const nav = useNav();
  const query = useQuery(clientesQuery(accountId));
  const { clienteId, forgetCliente } = nav;
  // A customer deleted (here or elsewhere) is no longer picked.
  useEffect(() => {
    if (clienteId !== null && query.data && !query.data.some((c) => c.cliente_id === clienteId)) forgetCliente();
  }, [clienteId, query.data, forgetCliente]);
  const data = useMemo(
    () => (query.data ?? []).map((c) => ({ value: String(c.cliente_id), label: `${c.nome || c.razao_social} (#${c.cliente_id})` })),
    [query.data],
  );
  return (
    <Select
      aria-label={t("header.customer")}
      placeholder={query.isLoading ? t("header.customerLoading") : t("header.customerPlaceholder")}
      nothingFoundMessage={t("header.customerNothing")}
      data={data}
      value={nav.clienteId === null ? null : String(nav.clienteId)}
      onChange={(v) => nav.setClienteId(v === null ? null : Number(v))}
      searchable
      limit={100}
      w={240}
      error={query.isError ? true : undefined}
      data-testid="customer-picker"
    />
  );
}

function AccountSwitcher({ state }: { state: AppState }) {
  const queryClient = useQueryClient();
  const { confirmDiscard } = useNav();
  const data = state.accounts.map((a) => ({ value: a.id, label: a.label }));
  return (
    <Select
      aria-label={t("header.account")}
      placeholder={t("header.noAccount")}
      data={data}
      value={state.active?.id ?? null}
      allowDeselect={false}
      w={250}
      onChange={async (id) => {
        if (!id || id === state.active?.id) return;
        if (!(await confirmDiscard())) return;
        try {
          const account = await unwrap(commands.switchAccount(id));
          notifications.show({ color: "green", message: t("accounts.switched", { name: account.label }) });
        } catch (e) {
          const message = e instanceof Error ? e.message : t("error.unexpected");
          notifications.show({ color: "red", title: t("error.generic.title"), message });
        }
        await queryClient.invalidateQueries({ queryKey: APP_STATE_KEY });
      }}
      data-testid="account-switcher"
    />
  );
}

function ThemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme("light");
  const label = scheme === "dark" ? t("header.themeToLight") : t("header.themeToDark");
  return (
    <Tooltip label={label}>
      <ActionIcon
        variant="default"
        size="lg"
        onClick={() => setColorScheme(scheme === "dark" ? "light" : "dark")}
        aria-label={label}
        data-testid="theme-toggle"
        data-scheme={scheme}
      >
        {scheme === "dark" ? <IconSun size={18} /> : <IconMoon size={18} />}
      </ActionIcon>
    </Tooltip>
  );
}

