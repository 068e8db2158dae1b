/**
 * The app's areas, in sidebar order: each declares its label, icon, whether it needs the
 * customer picked in the header, and its screen. The shell is drawn from this table alone:
 * adding a screen is one row here.
 */
import {
  IconActivity, IconAddressBook, IconBuilding, IconHistory, IconMapPin, IconNumbers, IconPhone, IconRoute, IconTopologyStar3,
  IconUserCircle,
} from "@tabler/icons-react";
import { lazy, type ComponentType, type ReactNode } from "react";
import type { Account, AppState } from "../api";
import { EntityScreen } from "../entity/EntityScreen";
import type { Key } from "../i18n";
import { clientesConfig } from "../screens/clientes/config";
import { HistoricoScreen } from "../screens/chamadas/HistoricoScreen";
import { AccountsScreen } from "../screens/contas/AccountsScreen";
import { didsConfig } from "../screens/dids/config";
import { planosConfig } from "../screens/planos/config";
import { ramaisConfig } from "../screens/ramais/config";
import { RegioesScreen } from "../screens/regioes/RegioesScreen";
import { RegrasScreen } from "../screens/regras/RegrasScreen";
import { troncosConfig } from "../screens/troncos/config";

// Screens the first one does not need are loaded when opened (start-up time).
const ActivityScreen = lazy(() => import("../screens/atividade/ActivityScreen").then((m) => ({ default: m.ActivityScreen })));

/** What a screen is drawn with: the app state, and for data areas the active account and customer. */
export interface ScreenContext {
  state: AppState;
  /** Present in areas that need an account (`needsAccount`). */
  active: Account;
  /** Present in areas scoped by customer (`scopedByCustomer`). */
  clienteId: number;
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
}

export const AREAS = [
  {
    id: "clientes", label: "nav.clientes", icon: IconBuilding, group: "api", needsAccount: true, scopedByCustomer: false,
    screen: ({ active }) => <EntityScreen config={clientesConfig} accountId={active.id} scope={null} scopeKey="all" />,
  },
  {
    id: "ramais", label: "nav.ramais", icon: IconPhone, group: "api", needsAccount: true, scopedByCustomer: true,
    screen: ({ active, clienteId }) => <EntityScreen config={ramaisConfig} accountId={active.id} scope={{ clienteId }} scopeKey={clienteId} />,
  },
  {
    id: "dids", label: "nav.dids", icon: IconNumbers, group: "api", needsAccount: true, scopedByCustomer: true,
    screen: ({ active, clienteId }) => <EntityScreen config={didsConfig} accountId={active.id} scope={{ clienteId }} scopeKey={clienteId} />,
  },
  {
    id: "troncos", label: "nav.troncos", icon: IconTopologyStar3, group: "api", needsAccount: true, scopedByCustomer: false,
    screen: ({ active }) => <EntityScreen config={troncosConfig} accountId={active.id} scope={null} scopeKey="all" />,
  },
  {
    id: "planos", label: "nav.planos", icon: IconAddressBook, group: "api", needsAccount: true, scopedByCustomer: true,
    screen: ({ active, clienteId }) => <EntityScreen config={planosConfig} accountId={active.id} scope={{ clienteId }} scopeKey={clienteId} />,
  },
  {
    id: "regras", label: "nav.regras", icon: IconRoute, group: "api", needsAccount: true, scopedByCustomer: true,
    screen: ({ active, clienteId }) => <RegrasScreen accountId={active.id} clienteId={clienteId} />,
  },
  {
    id: "regioes", label: "nav.regioes", icon: IconMapPin, group: "api", needsAccount: true, scopedByCustomer: false,
    screen: ({ active }) => <RegioesScreen accountId={active.id} />,
  },
  {
    id: "chamadas", label: "nav.chamadas", icon: IconHistory, group: "api", needsAccount: true, scopedByCustomer: false,
    screen: ({ active }) => <HistoricoScreen accountId={active.id} />,
  },
  {
    id: "atividade", label: "nav.atividade", icon: IconActivity, group: "app", needsAccount: false, scopedByCustomer: false,
    screen: ({ state }) => <ActivityScreen state={state} />,
  },
  {
    id: "contas", label: "nav.contas", icon: IconUserCircle, group: "app", needsAccount: false, scopedByCustomer: false,
    screen: ({ state }) => <AccountsScreen state={state} />,
  },
] as const satisfies readonly AreaDef[];

export type Area = (typeof AREAS)[number] & AreaDef;
export type AreaId = Area["id"];

export function areaById(id: AreaId): Area {
  const area = AREAS.find((a) => a.id === id);
  if (!area) throw new Error(`unknown area ${id}`);
  return area;
}
