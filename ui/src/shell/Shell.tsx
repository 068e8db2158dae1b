/**
 * The app frame: sidebar with every area of the API plus Contas; header with the active
 * account switcher, the Sandbox badge, the customer picker (areas scoped by customer) and
 * the theme toggle; the current area's screen in the main part.
 */
import {
  ActionIcon, Alert, AppShell, Center, Loader, Badge, Burger, Group, NavLink, ScrollArea, Select, Title, Tooltip,
  useComputedColorScheme, useMantineColorScheme,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import {
  IconArrowsSplit, IconMoon, IconSun,
} from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Fragment, Suspense, useEffect, useMemo } from "react";
import { commands, unwrap, type Account, type AppState } from "../api";
import { APP_STATE_KEY, clientesQuery } from "../api/queries";
import { ErrorView } from "../components/ErrorView";
import { LanguagePicker } from "../components/LanguagePicker";
import { t } from "../i18n";
import { AREAS, areaById } from "./areas";
import { useNav } from "./nav";

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
            const Icon = a.icon;
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
  const active = state.active;
  if (area.needsAccount && !active) {
    return <ErrorView testId="no-active-account" error={{ kind: "no_account", message: t("header.noAccount"), field_errors: [] }} />;
  }
  if (area.scopedByCustomer && nav.clienteId === null) {
    return (
      <Alert color="blue" title={t("customer.required.title")} data-testid="customer-required" maw={640}>
        {t("customer.required.body")}
      </Alert>
    );
  }
  // Keyed by area, account and customer: a switch starts the screen afresh.
  const key = `${area.id}:${active?.id ?? ""}:${area.scopedByCustomer ? nav.clienteId : ""}`;
  const context = { state, active: active as Account, clienteId: nav.clienteId ?? 0 };
  return (
    <Suspense key={key} fallback={<Loading />}>
      <Fragment key={key}>{area.screen(context)}</Fragment>
    </Suspense>
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

