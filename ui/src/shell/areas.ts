/** The app's areas: one per entity of the API plus Contas, in sidebar order. */
import type { Key } from "../i18n";

export type AreaId =
  | "clientes"
  | "ramais"
  | "dids"
  | "troncos"
  | "planos"
  | "regras"
  | "regioes"
  | "chamadas"
  | "atividade"
  | "contas";

export interface Area {
  id: AreaId;
  label: Key;
  /** Built screens; the others show the "not yet available" panel. */
  available: boolean;
  /** Needs the customer picked in the header. */
  scopedByCustomer: boolean;
  group: "api" | "app";
}

export const AREAS: readonly Area[] = [
  { id: "clientes", label: "nav.clientes", available: true, scopedByCustomer: false, group: "api" },
  { id: "ramais", label: "nav.ramais", available: true, scopedByCustomer: true, group: "api" },
  { id: "dids", label: "nav.dids", available: true, scopedByCustomer: true, group: "api" },
  { id: "troncos", label: "nav.troncos", available: true, scopedByCustomer: false, group: "api" },
  { id: "planos", label: "nav.planos", available: true, scopedByCustomer: true, group: "api" },
  { id: "regras", label: "nav.regras", available: true, scopedByCustomer: true, group: "api" },
  { id: "regioes", label: "nav.regioes", available: true, scopedByCustomer: false, group: "api" },
  { id: "chamadas", label: "nav.chamadas", available: true, scopedByCustomer: false, group: "api" },
  { id: "atividade", label: "nav.atividade", available: true, scopedByCustomer: false, group: "app" },
  { id: "contas", label: "nav.contas", available: true, scopedByCustomer: false, group: "app" },
];

export function areaById(id: AreaId): Area {
  const area = AREAS.find((a) => a.id === id);
  if (!area) throw new Error(`unknown area ${id}`);
  return area;
}
