/**
 * The call-history area's state, kept outside React per account so the filters, the loaded
 * calls, the sort and the scroll survive leaving the area and coming back. Loading and export
 * run here too: pages arrive on a Tauri channel column by column, are appended in place to the
 * loaded columns, and shown in batches (one render per batch, not per page); cancel goes to Rust
 * by operation id.
 */
import { Channel } from "@tauri-apps/api/core";
import { useSyncExternalStore } from "react";
import {
  commands, countedChannel, operationId, unwrap, type CargaHistorico, type Dialect, type ProgressoHistorico, type RelatorioExportacao,
  type ResultadoHistorico,
} from "../../api";
import { lerColunar } from "../../api/colunar";
import { appendColunas, emptyColunas, type Colunas, type PaginaColunas, type Sort } from "./colunas";
import { defaultFiltros, toFiltro, type Filtros } from "./logic";

export type Status = "idle" | "loading" | "done" | "cancelled" | "error";

export interface Exportacao {
  status: Status;
  formato: Dialect;
  caminho: string;
  progresso: ProgressoHistorico | null;
  relatorio: RelatorioExportacao | null;
  error: unknown;
  operacao: string | null;
}

export interface HistoricoState {
  filtros: Filtros;
  /** The filters of the rows shown (what an export exports). */
  carregados: Filtros | null;
  /** The loaded calls; appended in place as pages arrive, so only the first `count` are shown. */
  colunas: Colunas;
  /** Calls shown (a new batch raises it). */
  count: number;
  resultado: ResultadoHistorico | null;
  status: Status;
  error: unknown;
  progresso: ProgressoHistorico | null;
  operacao: string | null;
  scrollTop: number;
  sorting: Sort[];
  soDivergentes: boolean;
  exportacao: Exportacao | null;
}

function initial(): HistoricoState {
  return {
    filtros: defaultFiltros(), carregados: null, colunas: emptyColunas(), count: 0, resultado: null, status: "idle", error: null, progresso: null,
    operacao: null, scrollTop: 0, sorting: [{ id: "data", desc: true }], soDivergentes: false, exportacao: null,
  };
}

const states = new Map<string, HistoricoState>();
const listeners = new Set<() => void>();

export function getState(account: string): HistoricoState {
  let state = states.get(account);
  if (!state) {
    state = initial();
    states.set(account, state);
  }
  return state;
}

export function update(account: string, patch: Partial<HistoricoState>): void {
  states.set(account, { ...getState(account), ...patch });
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useHistorico(account: string): HistoricoState {
  return useSyncExternalStore(subscribe, () => getState(account));
}

/** Forgets everything (tests). */
export function resetHistorico(): void {
  states.clear();
}


/** Pages are appended at most this often (ms): one table update per batch. */
const BATCH_MS = 250;

/** Loads every call of the current filters into the table. */
export async function carregar(account: string): Promise<void> {
  const state = getState(account);
  if (state.status === "loading") return;
  const filtros = state.filtros;
  const operacao = operationId("historico");
  const colunas = emptyColunas();
  // Marks for scripts/bench-historico-app.mjs's breakdown of a load (nothing reads them in the app).
  // The last load's are cleared: an app open for days would keep every one.
  for (const name of ["start", "page", "flush", "answer"]) performance.clearMarks(`pabx-historico-${name}`);
  performance.mark("pabx-historico-start");
  update(account, {
    carregados: filtros, colunas, count: 0, resultado: null, status: "loading", error: null, progresso: null, operacao,
    scrollTop: 0,
  });
  let last: ProgressoHistorico | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    timer = null;
    if (getState(account).operacao !== operacao) return;
    performance.mark("pabx-historico-flush", { detail: colunas.cdr_id.length });
    update(account, { count: colunas.cdr_id.length, progresso: last });
  };
  // A page that cannot be read fails the load (after the others arrive) instead of hiding calls.
  let ilegivel: unknown = null;
  const pages = countedChannel<ArrayBuffer>((mensagem) => {
    try {
      const page = lerColunar<ProgressoHistorico>(mensagem);
      performance.mark("pabx-historico-page", { detail: page.linhas });
      if (getState(account).operacao === operacao) appendColunas(colunas, page.colunas as unknown as PaginaColunas);
      last = page.meta;
    } catch (error) {
      ilegivel ??= error;
    }
    if (timer === null) timer = setTimeout(flush, BATCH_MS);
  });
  try {
    // The answer is one more page of calls (those still gathering when the load ended), with the
    // load's end as its meta; they come after every page sent before it.
    const resposta = lerColunar<CargaHistorico>(await unwrap(commands.carregarHistoricoChamada(toFiltro(filtros), operacao, pages.canal)));
    const { resultado, paginas } = resposta.meta;
    performance.mark("pabx-historico-answer", { detail: resposta.linhas });
    await pages.delivered(paginas);
    if (ilegivel !== null) throw ilegivel;
    if (resposta.linhas > 0 && getState(account).operacao === operacao) appendColunas(colunas, resposta.colunas as unknown as PaginaColunas);
    if (timer !== null) clearTimeout(timer);
    flush();
    update(account, { resultado, status: resultado.cancelado ? "cancelled" : "done", operacao: null });
  } catch (error) {
    if (timer !== null) clearTimeout(timer);
    flush();
    update(account, { status: "error", error, operacao: null });
  }
}

export async function cancelar(operacao: string | null): Promise<void> {
  if (operacao) await commands.cancelarOperacao(operacao);
}

/** Exports the loaded filters' whole set to `caminho`. */
export async function exportar(account: string, caminho: string, formato: Dialect): Promise<void> {
  const state = getState(account);
  const filtros = state.carregados ?? state.filtros;
  const operacao = operationId("exportacao");
  const base: Exportacao = { status: "loading", formato, caminho, progresso: null, relatorio: null, error: null, operacao };
  update(account, { exportacao: base });
  const canal = new Channel<ProgressoHistorico>();
  canal.onmessage = (progresso) => {
    const current = getState(account).exportacao;
    if (current?.operacao === operacao) update(account, { exportacao: { ...current, progresso } });
  };
  try {
    const relatorio = await unwrap(commands.exportarHistoricoChamada(toFiltro(filtros), caminho, formato, operacao, canal));
    const current = getState(account).exportacao ?? base;
    update(account, {
      exportacao: { ...current, relatorio, status: relatorio.cancelado ? "cancelled" : "done", operacao: null },
    });
  } catch (error) {
    const current = getState(account).exportacao ?? base;
    update(account, { exportacao: { ...current, status: "error", error, operacao: null } });
  }
}
