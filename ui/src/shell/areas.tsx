/**
 * The app's areas, in sidebar order: each declares its label, icon, whether it needs the
 * customer picked in the header, and its screen. The shell is drawn from this table alone:
 * adding a screen is one row here.
 */
import {
  IconActivity, IconAddressBook, IconBuilding, IconHistory, IconMapPin, IconNumbers, IconPhone, IconRoute, IconTopologyStar3,
  IconUserCircle,
} from "@tabler/icons-react";
import type { QueryClient } from "@tanstack/react-query";
import { lazy, useState, type ComponentType, type ReactNode } from "react";
import type { Account, AppState } from "../api";
import type { EntityConfig, EntityScreenProps } from "../entity/EntityScreen";
import type { Key } from "../i18n";
import { CustomerRequired } from "./CustomerRequired";

// Every screen is loaded when first opened: the first chunk holds the shell and the welcome
// screen, not the screens' libraries (charts, dates, tables, drag and drop). CSS stays global
// (one file, vite `cssCodeSplit: false`): a list must never draw before its styles.
// A screen's code is also fetched ahead (`preloadArea`: when its area is picked, and every list
// once the shell is idle), and a screen whose code is already here is drawn at once: no Suspense
// fallback, whose reveal React holds back for up to 300 ms.
type Screen<P> = ComponentType<P> & { preload: () => Promise<unknown> };

function lazyNamed<P extends object>(load: () => Promise<ComponentType<P>>): Screen<P> {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<ComponentType<P>> | null = null;
  const preload = () =>
    (loading ??= load().then(
      (component) => (loaded = component),
      (error: unknown) => {
        // A failed fetch is tried again on the next open.
        loading = null;
        throw error;
      },
    ));
  const Lazy = lazy(async () => ({ default: await preload() }));
  const Screen = (props: P) => {
    // Chosen once per mount: switching from the lazy to the loaded one would remount the screen.
    const [Loaded] = useState(() => loaded);
    return Loaded ? <Loaded {...props} /> : <Lazy {...props} />;
  };
  return Object.assign(Screen, { preload });
}

/**
 * The generic entity screen with one config, both loaded when the area is first opened; once
 * loaded, `prefetch` starts its list's load ahead of its draw.
 */
function lazyEntity<T extends object, S, R extends object = T>(loadConfig: () => Promise<EntityConfig<T, S, R>>) {
  let start: ((queryClient: QueryClient, accountId: string, scope: S, scopeKey: string | number) => void) | null = null;
  const Screen = lazyNamed(async () => {
    const [{ EntityScreen, prefetchList }, config] = await Promise.all([import("../entity/EntityScreen"), loadConfig()]);
    start = (queryClient, accountId, scope, scopeKey) => prefetchList(queryClient, config, accountId, scope, scopeKey);
    return (props: Omit<EntityScreenProps<T, S, R>, "config">) => <EntityScreen config={config} {...props} />;
  });
  const prefetch = (queryClient: QueryClient, accountId: string, scope: S, scopeKey: string | number) =>
    start?.(queryClient, accountId, scope, scopeKey);
  return Object.assign(Screen, { prefetch });
}

/**
 * An entity area's screen, code preload and list prefetch, from one rule for its scope: the
 * customer picked (`scopeKey` the customer's id) or none ("all"). The screen stays across
 * customers: before the first is picked it draws the list's frame asking for one, and a pick
 * or a switch only swaps its rows (the frame is not built and laid out again).
 */
function entityArea<T extends object, S, R extends object>(
  Screen: ReturnType<typeof lazyEntity<T, S, R>>,
  scopeOf: (clienteId: number) => { scope: S; scopeKey: string | number },
) {
  return {
    screen: ({ active, clienteId, awaitingCustomer }: ScreenContext) => {
      const { scope, scopeKey } = scopeOf(clienteId);
      return <Screen accountId={active.id} scope={scope} scopeKey={scopeKey} awaitingScope={awaitingCustomer ? <CustomerRequired /> : undefined} />;
    },
    keepsScreenAcrossCustomers: true,
    preload: Screen.preload,
    prefetch: (queryClient: QueryClient, accountId: string, clienteId: number) => {
      const { scope, scopeKey } = scopeOf(clienteId);
      Screen.prefetch(queryClient, accountId, scope, scopeKey);
    },
  };
}
const ofCustomer = (clienteId: number) => ({ scope: { clienteId }, scopeKey: clienteId });
const ofAll = () => ({ scope: null, scopeKey: "all" });

const ClientesScreen = lazyEntity(() => import("../screens/clientes/config").then((m) => m.clientesConfig));
const RamaisScreen = lazyEntity(() => import("../screens/ramais/config").then((m) => m.ramaisConfig));
const DidsScreen = lazyEntity(() => import("../screens/dids/config").then((m) => m.didsConfig));
const TroncosScreen = lazyEntity(() => import("../screens/troncos/config").then((m) => m.troncosConfig));
const PlanosScreen = lazyEntity(() => import("../screens/planos/config").then((m) => m.planosConfig));
const RegrasScreen = lazyNamed(() => import("../screens/regras/RegrasScreen").then((m) => m.RegrasScreen));
const RegioesScreen = lazyNamed(() => import("../screens/regioes/RegioesScreen").then((m) => m.RegioesScreen));
const HistoricoScreen = lazyNamed(() => import("../screens/chamadas/HistoricoScreen").then((m) => m.HistoricoScreen));
const ActivityScreen = lazyNamed(() => import("../screens/atividade/ActivityScreen").then((m) => m.ActivityScreen));
const AccountsScreen = lazyNamed(() => import("../screens/contas/AccountsScreen").then((m) => m.AccountsScreen));

/** What a screen is drawn with: the app state, and for data areas the active account and customer. */
export interface ScreenContext {
  state: AppState;
  /** Present in areas that need an account (`needsAccount`). */
  active: Account;
  /** Present in areas scoped by customer (`scopedByCustomer`). */
  clienteId: number;
  /** An area that keeps its screen across customers, before one is picked (`clienteId` is 0). */
  awaitingCustomer: boolean;
}

interface AreaDef {
  id: string;
  label: Key;
  icon: ComponentType<{ size?: number }>;
  group: "api" | "app";
  /** Needs an active account; without one the shell says so. */
  needsAccount: boolean;
  /** Needs the customer picked in the header; without one the shell asks for it. */
  scopedByCustomer: boolean;
  /** The screen; the shell keys it by account (and customer), so a switch starts it afresh. */
  screen: (context: ScreenContext) => ReactNode;
  /**
   * The screen asks for the customer itself (`awaitingCustomer`) and takes a switch in place:
   * the shell does not key it by customer.
   */
  keepsScreenAcrossCustomers?: boolean;
  /** Fetches the screen's code ahead of its first draw. */
  preload: () => Promise<unknown>;
  /** Starts loading the screen's data ahead of its draw, once its code is here (lists). */
  prefetch?: (queryClient: QueryClient, accountId: string, clienteId: number) => void;
}

export const AREAS = [
  {
    id: "clientes", label: "nav.clientes", icon: IconBuilding, group: "api", needsAccount: true, scopedByCustomer: false,
    ...entityArea(ClientesScreen, ofAll),
  },
  {
    id: "ramais", label: "nav.ramais", icon: IconPhone, group: "api", needsAccount: true, scopedByCustomer: true,
    ...entityArea(RamaisScreen, ofCustomer),
  },
  {
    id: "dids", label: "nav.dids", icon: IconNumbers, group: "api", needsAccount: true, scopedByCustomer: true,
    ...entityArea(DidsScreen, ofCustomer),
  },
  {
    id: "troncos", label: "nav.troncos", icon: IconTopologyStar3, group: "api", needsAccount: true, scopedByCustomer: false,
    ...entityArea(TroncosScreen, ofAll),
  },
  {
    id: "planos", label: "nav.planos", icon: IconAddressBook, group: "api", needsAccount: true, scopedByCustomer: true,
    ...entityArea(PlanosScreen, ofCustomer),
  },
  {
    id: "regras", label: "nav.regras", icon: IconRoute, group: "api", needsAccount: true, scopedByCustomer: true,
    screen: ({ active, clienteId }) => <RegrasScreen accountId={active.id} clienteId={clienteId} />,
    preload: RegrasScreen.preload,
  },
  {
    id: "regioes", label: "nav.regioes", icon: IconMapPin, group: "api", needsAccount: true, scopedByCustomer: false,
    screen: ({ active }) => <RegioesScreen accountId={active.id} />,
    preload: RegioesScreen.preload,
  },
  {
    id: "chamadas", label: "nav.chamadas", icon: IconHistory, group: "api", needsAccount: true, scopedByCustomer: false,
    screen: ({ active }) => <HistoricoScreen accountId={active.id} />,
    preload: HistoricoScreen.preload,
  },
  {
    id: "atividade", label: "nav.atividade", icon: IconActivity, group: "app", needsAccount: false, scopedByCustomer: false,
    screen: ({ state }) => <ActivityScreen state={state} />,
    preload: ActivityScreen.preload,
  },
  {
    id: "contas", label: "nav.contas", icon: IconUserCircle, group: "app", needsAccount: false, scopedByCustomer: false,
    screen: ({ state }) => <AccountsScreen state={state} />,
    preload: AccountsScreen.preload,
  },
] as const satisfies readonly AreaDef[];

export type Area = (typeof AREAS)[number] & AreaDef;
export type AreaId = Area["id"];

/** Starts fetching an area's screen code (a no-op once fetched); a failure waits for the real open. */
export function preloadArea(id: AreaId): void {
  areaById(id).preload().catch(() => undefined);
}

/**
 * The generic lists' screens (small chunks sharing the entity screen), fetched one at a time
 * while the app is idle after the first screen: opening a list then costs no code fetch. The
 * heavy screens (charts, drag and drop) are fetched when their area is pointed at or opened:
 * evaluating them here would hold the page while the user works elsewhere.
 */
export function preloadDataAreas(): () => void {
  const queue: AreaId[] = ["clientes", "ramais", "dids", "troncos", "planos"];
  let stopped = false;
  let handle: number | null = null;
  const idle = (run: () => void) => {
    const w = window as Window & { requestIdleCallback?: (cb: () => void, opts?: { timeout: number }) => number };
    handle = w.requestIdleCallback ? w.requestIdleCallback(run, { timeout: 2000 }) : window.setTimeout(run, 200);
  };
  const next = () => {
    handle = null;
    const id = queue.shift();
    if (stopped || id === undefined) return;
    areaById(id).preload().catch(() => undefined).finally(() => idle(next));
  };
  // Well after the first screen's paint (and start-up's memory sample).
  const start = window.setTimeout(() => idle(next), 2000);
  return () => {
    stopped = true;
    window.clearTimeout(start);
    if (handle !== null) {
      const w = window as Window & { cancelIdleCallback?: (h: number) => void };
      if (w.cancelIdleCallback) w.cancelIdleCallback(handle);
      else window.clearTimeout(handle);
    }
  };
}

/**
 * Starts loading an area's list for the account and customer it is about to show (when the
 * user picks the area or the customer), so the first page is on its way while the screen draws.
 */
export function prefetchArea(id: AreaId, queryClient: QueryClient, accountId: string | undefined, clienteId: number | null): void {
  const area: AreaDef = areaById(id);
  if (!accountId || !area.prefetch || (area.scopedByCustomer && clienteId === null)) return;
  area.prefetch(queryClient, accountId, clienteId ?? 0);
}

export function areaById(id: AreaId): Area {
  const area = AREAS.find((a) => a.id === id);
  if (!area) throw new Error(`unknown area ${id}`);
  return area;
}
