/**
 * The loaded calls, column by column as Rust sends them (`ColunasHistorico` in a binary message
 * read by `lerColunar`, whose customer,
 * trunk and status columns index the page's `textos`, made texts again here): pages are appended
 * in place, and the table shows a sorted view of row indexes kept up to date by merging each
 * new batch in (a batch costs its own sort plus one pass, not a re-sort of 100,000 rows).
 */
import type { ColunasHistorico } from "../../api";

export { comparator, extendOrder, type SortKey } from "../../list/order";

/** The columns a page indexes into its `textos`. */
const COLUNAS_DE_TEXTOS = ["cliente_nome", "recurso", "status"] as const;
type ColunaDeTextos = (typeof COLUNAS_DE_TEXTOS)[number];

/** The loaded calls: a page's columns with the indexed ones as texts (a text shared, not copied). */
export type Colunas = Omit<ColunasHistorico, "textos" | ColunaDeTextos> & Record<ColunaDeTextos, string[]>;

export interface Sort {
  id: string;
  desc: boolean;
}

export function emptyColunas(): Colunas {
  return {
    cdr_id: [], data: [], instante: [], cliente_nome: [], origem: [], destino: [], regiao_id: [], recurso: [],
    duracao_chamada: [], status: [], preco: [], link_gravacao: [], divergente: [], custo_calculado: [], diferenca: [],
  };
}

/**
 * Call `i`'s date as the server wrote it: `data` when Rust sent it, else written from
 * `instante` (`yyyymmddHHMMSS`), which gives it back exactly (Rust sends `data` only when not).
 */
export function dataDaChamada(c: Colunas, i: number): string {
  const data = c.data[i] ?? "";
  const instante = c.instante[i] ?? 0;
  if (data || !instante) return data;
  const d = String(instante);
  return `${d.slice(6, 8)}/${d.slice(4, 6)}/${d.slice(0, 4)} ${d.slice(8, 10)}:${d.slice(10, 12)}:${d.slice(12, 14)}`;
}

/** A page's columns as read from its message (`lerColunar`): arrays or typed arrays. */
export type PaginaColunas = { [K in keyof ColunasHistorico]: ArrayLike<ColunasHistorico[K][number]> };

/** Appends `page`'s calls to `into`, in place. */
export function appendColunas(into: Colunas, page: PaginaColunas): void {
  const textos = page.textos ?? [];
  const vazio: ArrayLike<unknown> = [];
  for (const key of Object.keys(into) as (keyof Colunas)[]) {
    const target = into[key] as unknown[];
    if ((COLUNAS_DE_TEXTOS as readonly string[]).includes(key)) {
      const indices = (page[key as ColunaDeTextos] ?? vazio) as ArrayLike<number>;
      for (let i = 0; i < indices.length; i += 1) target.push(textos[indices[i] as number] ?? "");
      continue;
    }
    const source = (page[key as keyof ColunasHistorico] ?? vazio) as ArrayLike<unknown>;
    for (let i = 0; i < source.length; i += 1) target.push(source[i]);
  }
}

/** The next sorting after a click on a column's header: first direction, the other, none. */
export function nextSort(current: readonly Sort[], id: string, descFirst: boolean): Sort[] {
  const now = current.find((s) => s.id === id);
  if (!now) return [{ id, desc: descFirst }];
  if (now.desc === descFirst) return [{ id, desc: !descFirst }];
  return [];
}
