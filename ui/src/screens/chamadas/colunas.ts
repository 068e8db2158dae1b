/**
 * The loaded calls, column by column as Rust sends them (`ColunasHistorico`): pages are appended
 * in place, and the table shows a sorted view of row indexes kept up to date by merging each
 * new batch in (a batch costs its own sort plus one pass, not a re-sort of 100,000 rows).
 */
import type { ColunasHistorico } from "../../api";

export { comparator, extendOrder, type SortKey } from "../../list/order";

export type Colunas = ColunasHistorico;

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

/** Appends `page`'s calls to `into`, in place. */
export function appendColunas(into: Colunas, page: Colunas): void {
  for (const key of Object.keys(into) as (keyof Colunas)[]) {
    const target = into[key] as unknown[];
    const source = (page[key] ?? []) as unknown[];
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
