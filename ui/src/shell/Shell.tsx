/**
 * The app frame: sidebar with every area of the API plus Contas; header with the active
 * account switcher, the Sandbox badge, the customer picker (areas scoped by customer) and
 * the theme toggle; the current area's screen in the main part.
 */
import {
  ActionIcon, AppShell, Center, Loader, Badge, Burger, Group, NavLink, ScrollArea, Select, Title, Tooltip,
  useComputedColorScheme, useMantineColorScheme,
} from "@mantine/core";
import { useDisclosure, useLocalStorage } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import {
  IconArrowsSplit, IconLayoutSidebarLeftCollapse, IconLayoutSidebarLeftExpand, IconMoon, IconSun,
} from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Fragment, Suspense, memo, useCallback, useEffect, useMemo, useRef, type ReactNode } from "react";
import { commands, unwrap, type Account, type AppState } from "../api";
import { APP_STATE_KEY, clientesQuery } from "../api/queries";
import { ErrorView } from "../components/ErrorView";
import { LanguagePicker } from "../components/LanguagePicker";
import { t } from "../i18n";
import { CustomerRequired } from "./CustomerRequired";
import { AREAS, areaById, prefetchArea, preloadArea, preloadDataAreas, type AreaId } from "./areas";
import { useNav } from "./nav";
import { ReportReady } from "./ready";

/** Where the sidebar's collapsed state is kept between runs. */
export const SIDEBAR_COLLAPSED_KEY = "pabx-desktop:sidebar-collapsed";
const SIDEBAR_WIDTH = 240;
const SIDEBAR_COLLAPSED_WIDTH = 60;

function Loading() {
  return (
    <Center p="xl">
      <Loader />
    </Center>
  );
}

export function Shell({ state }: { state: AppState }) {
  const nav = useNav();
  const queryClient = useQueryClient();
  const [opened, { toggle, close }] = useDisclosure();
  // Collapsed to icons, the lists get the width back (narrow windows); kept for the next start.
  const [collapsed, setCollapsed] = useLocalStorage({ key: SIDEBAR_COLLAPSED_KEY, defaultValue: false, getInitialValueInEffect: false });
  const area = areaById(nav.area);
  const activeId = state.active?.id ?? null;
  const { forgetCliente, confirmDiscard, go } = nav;
  // Read when a link is clicked, so the links need not be drawn again when the customer changes.
  const clienteId = useRef(nav.clienteId);
  useEffect(() => {
    clienteId.current = nav.clienteId;
  }, [nav.clienteId]);
  const onNavigate = useCallback(
    (id: AreaId) => {
      preloadArea(id);
      go(id, () => prefetchArea(id, queryClient, activeId ?? undefined, clienteId.current));
      close();
    },
    [go, queryClient, activeId, close],
  );
  const toggleCollapsed = useCallback(() => setCollapsed((c) => !c), [setCollapsed]);

  // A customer belongs to one account: forget the pick when the account changes.
  useEffect(() => forgetCliente(), [activeId, forgetCliente]);
  // The lists' code arrives while the user reads the first screen (not in unit tests: no idle there).
  useEffect(() => (import.meta.env.MODE === "test" ? undefined : preloadDataAreas()), []);

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: collapsed ? SIDEBAR_COLLAPSED_WIDTH : SIDEBAR_WIDTH, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <HeaderBrand opened={opened} toggle={toggle} sandbox={state.active?.is_sandbox ?? false} />
          <Group gap="sm" wrap="nowrap">
            {area.scopedByCustomer && activeId && <CustomerPicker accountId={activeId} />}
            <HeaderTools state={state} confirmDiscard={confirmDiscard} />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" data-testid="sidebar" data-collapsed={collapsed}>
        <AppShell.Section visibleFrom="sm">
          <Group justify={collapsed ? "center" : "flex-end"}>
            <SidebarToggle collapsed={collapsed} onToggle={toggleCollapsed} />
          </Group>
        </AppShell.Section>
        <AppShell.Section grow component={ScrollArea}>
          <SidebarLinks collapsed={collapsed} current={nav.area} onNavigate={onNavigate} />
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main>
        <AreaContent state={state} />
      </AppShell.Main>
    </AppShell>
  );
}

/**
 * The parts of the frame that a customer or area switch does not change, memoized: on a 2-core
 * machine every switch drew them all again (about a third of the switch's render).
 */
const HeaderBrand = memo(function HeaderBrand({ opened, toggle, sandbox }: { opened: boolean; toggle: () => void; sandbox: boolean }) {
  return (
    <Group gap="sm" wrap="nowrap">
      <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t("header.menu")} />
      <IconArrowsSplit size={22} />
      {/* Below 1200 px the header's room goes to the pickers. */}
      <Title order={4} visibleFrom="lg">
        {t("app.title")}
      </Title>
      {sandbox && (
        <Tooltip label={t("header.sandboxTitle")}>
          <Badge color="orange" variant="filled" data-testid="sandbox-badge">
            {t("header.sandbox")}
          </Badge>
        </Tooltip>
      )}
    </Group>
  );
});

const HeaderTools = memo(function HeaderTools({ state, confirmDiscard }: { state: AppState; confirmDiscard: () => Promise<boolean> }) {
  return (
    <>
      <AccountSwitcher state={state} confirmDiscard={confirmDiscard} />
      <LanguagePicker />
      <ThemeToggle />
    </>
  );
});

const SidebarLinks = memo(function SidebarLinks({ collapsed, current, onNavigate }: {
  collapsed: boolean;
  current: AreaId;
  onNavigate: (id: AreaId) => void;
}) {
  return AREAS.map((a) => {
    const Icon = a.icon;
    const label = t(a.label);
    return (
      // Collapsed, the label is the icon's tooltip (and its accessible name).
      <Tooltip key={a.id} label={label} position="right" disabled={!collapsed}>
        <NavLink
          label={collapsed ? undefined : label}
          aria-label={label}
          leftSection={<Icon size={18} />}
          active={a.id === current}
          onMouseEnter={() => preloadArea(a.id)}
          onClick={() => onNavigate(a.id)}
          data-testid={`nav-${a.id}`}
          style={a.group === "app" ? { marginTop: "var(--mantine-spacing-md)" } : undefined}
        />
      </Tooltip>
    );
  });
});

function AreaContent({ state }: { state: AppState }) {
  const nav = useNav();
  const area = areaById(nav.area);
  const active = state.active;
  // Keyed by area, account and (unless the screen swaps its data itself) customer: a switch
  // starts the screen afresh.
  const keyedByCustomer = area.scopedByCustomer && !area.keepsScreenAcrossCustomers;
  const key = `${area.id}:${active?.id ?? ""}:${keyedByCustomer ? nav.clienteId : ""}`;
  // While the user picks a customer, the screen's code is fetched.
  useEffect(() => preloadArea(area.id), [area.id]);
  let body: ReactNode;
  if (area.needsAccount && !active) {
    body = <ErrorView testId="no-active-account" error={{ kind: "no_account", message: t("header.noAccount"), field_errors: [] }} />;
  } else if (area.scopedByCustomer && nav.clienteId === null && !area.keepsScreenAcrossCustomers) {
    body = <CustomerRequired />;
  } else {
    body = area.screen({ state, active: active as Account, clienteId: nav.clienteId ?? 0, awaitingCustomer: area.scopedByCustomer && nav.clienteId === null });
  }
  // Screens load lazily: the first one reports ready once drawn, not while its code loads.
  return (
    <Suspense key={key} fallback={<Loading />}>
      <Fragment key={key}>{body}</Fragment>
      <ReportReady />
    </Suspense>
  );
}

function CustomerPicker({ accountId }: { accountId: string }) {
  const nav = useNav();
  const queryClient = useQueryClient();
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
      onChange={(v) => {
        const id = v === null ? null : Number(v);
        // The list starts loading now, while its screen is drawn.
        nav.setClienteId(id, () => prefetchArea(nav.area, queryClient, accountId, id));
      }}
      searchable
      limit={100}
      w={240}
      error={query.isError ? true : undefined}
      data-testid="customer-picker"
    />
  );
}

function AccountSwitcher({ state, confirmDiscard }: { state: AppState; confirmDiscard: () => Promise<boolean> }) {
  const queryClient = useQueryClient();
  const data = state.accounts.map((a) => ({ value: a.id, label: a.label }));
  return (
    <Select
      aria-label={t("header.account")}
      placeholder={t("header.noAccount")}
      data={data}
      value={state.active?.id ?? null}
      allowDeselect={false}
      // Wide enough for "Sandbox (dados de demonstração)"; a longer name is whole in its title.
      w={300}
      title={state.active?.label}
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

const SidebarToggle = memo(function SidebarToggle({ collapsed, onToggle }: { collapsed: boolean; onToggle: () => void }) {
  const label = collapsed ? t("nav.expand") : t("nav.collapse");
  return (
    <Tooltip label={label} position="right">
      <ActionIcon variant="subtle" color="gray" size="lg" onClick={onToggle} aria-label={label} data-testid="sidebar-toggle">
        {collapsed ? <IconLayoutSidebarLeftExpand size={18} /> : <IconLayoutSidebarLeftCollapse size={18} />}
      </ActionIcon>
    </Tooltip>
  );
});

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

