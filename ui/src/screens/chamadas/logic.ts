/**
 * Pure pieces of the call-history screen: period presets, the filter sent to Rust, sortable
 * keys of a call, display helpers. Totals, cost check and windows are computed in Rust.
 */
import dayjs from "dayjs";
import type { ListarHistoricoChamada } from "../../api";
import { dataDaChamada, type Colunas } from "./colunas";
import type { Key } from "../../i18n";

/** `YYYY-MM-DD`, what the date picker holds. */
export type DayString = string;

export interface Filtros {
  clienteId: number; // 0 = every customer
  de: DayString | null;
  ate: DayString | null;
  horaDe: string;
  horaAte: string;
  ramalOrigem: string;
  ramalDestino: string;
  numeroOrigem: string;
  numeroDestino: string;
  troncoId: number; // 0 = any
  status: string; // "" = any
}

export const PRESETS = ["hoje", "ontem", "ultimos7", "esteMes", "mesPassado", "ultimos6Meses"] as const;
export type Preset = (typeof PRESETS)[number];

export const PRESET_LABEL: Record<Preset, Key> = {
  hoje: "historico.preset.hoje",
  ontem: "historico.preset.ontem",
  ultimos7: "historico.preset.ultimos7",
  esteMes: "historico.preset.esteMes",
  mesPassado: "historico.preset.mesPassado",
  ultimos6Meses: "historico.preset.ultimos6Meses",
};

const DAY = "YYYY-MM-DD";

/** The period of a preset, relative to `today`. */
export function presetRange(preset: Preset, today: dayjs.Dayjs = dayjs()): [DayString, DayString] {
  const d = today.startOf("day");
  switch (preset) {
    case "hoje":
      return [d.format(DAY), d.format(DAY)];
    case "ontem": {
      const y = d.subtract(1, "day");
      return [y.format(DAY), y.format(DAY)];
    }
    case "ultimos7":
      return [d.subtract(6, "day").format(DAY), d.format(DAY)];
    case "esteMes":
      return [d.startOf("month").format(DAY), d.format(DAY)];
    case "mesPassado": {
      const m = d.subtract(1, "month");
      return [m.startOf("month").format(DAY), m.endOf("month").format(DAY)];
    }
    case "ultimos6Meses":
      return [d.subtract(6, "month").format(DAY), d.format(DAY)];
  }
}

export function defaultFiltros(): Filtros {
  const [de, ate] = presetRange("ultimos7");
  return {
    clienteId: 0, de, ate, horaDe: "00:00", horaAte: "23:59", ramalOrigem: "", ramalDestino: "",
    numeroOrigem: "", numeroDestino: "", troncoId: 0, status: "",
  };
}

/** `YYYY-MM-DD` → `DD/MM/YYYY` (the API's form); "" when unset, which Rust reports as missing. */
export function apiDate(day: DayString | null): string {
  if (!day) return "";
  const [y, m, d] = day.split("-");
  return `${d}/${m}/${y}`;
}

/** The body of `listar_historico_chamada` for a period of any length (Rust splits it). */
export function toFiltro(f: Filtros): ListarHistoricoChamada {
  return {
    cliente_id: f.clienteId,
    tronco_id: f.troncoId,
    data_inicial: apiDate(f.de),
    data_final: apiDate(f.ate),
    hora_inicial: f.horaDe || "00:00",
    hora_final: f.horaAte || "23:59",
    ramal_origem: f.ramalOrigem.trim(),
    ramal_destino: f.ramalDestino.trim(),
    numero_origem: f.numeroOrigem.trim(),
    numero_destino: f.numeroDestino.trim(),
    chamada_id: "",
    status: f.status,
    tipo_exibicao: "tela",
    email: "",
    pos_registro_inicial: 0,
    quantidade: 1000,
  };
}

/** Seconds as `m:ss` or `h:mm:ss`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${r}` : `${m}:${r}`;
}

export const STATUSES = ["ATENDIDA", "NAO ATENDIDA", "OCUPADO", "FALHA"] as const;

export function statusColor(status: string): string {
  switch (status.toUpperCase()) {
    case "ATENDIDA":
      return "green";
    case "NAO ATENDIDA":
    case "NÃO ATENDIDA":
      return "yellow";
    case "OCUPADO":
      return "orange";
    default:
      return "red";
  }
}

/** How many of the first `count` calls are flagged divergent. */
export function countDivergent(c: Colunas, count: number): number {
  let n = 0;
  for (let i = 0; i < count; i += 1) if (c.divergente[i]) n += 1;
  return n;
}

/** What the recording player shows of call `i`. */
export function gravacao(c: Colunas, i: number): { data: string; origem: string; destino: string; link: string } {
  return { data: dataDaChamada(c, i), origem: c.origem[i] ?? "", destino: c.destino[i] ?? "", link: c.link_gravacao[i] ?? "" };
}
