/**
 * The loaded calls, column by column as Rust sends them (`ColunasHistorico`): pages are appended
 * in place, and the table shows a sorted view of row indexes kept up to date by merging each
 * new batch in (a batch costs its own sort plus one pass, not a re-sort of 100,000 rows).
 */
import type { ColunasHistorico } from "../../api";

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

/** The value a column sorts by, for row `i`. */
export type SortKey = (i: number) => number | string;

const collator = new Intl.Collator("pt-BR", { numeric: true, sensitivity: "base" });

/** Row order by `key` (descending when `desc`); ties keep the order calls arrived in. */
export function comparator(key: SortKey, desc: boolean): (a: number, b: number) => number {
  const sign = desc ? -1 : 1;
  return (a, b) => {
    const x = key(a);
    const y = key(b);
    const c = typeof x === "number" && typeof y === "number" ? x - y : collator.compare(String(x), String(y));
    return c !== 0 ? sign * c : a - b;
  };
}

/**
 * `order` (row indexes sorted by `cmp`) with rows `from` to `to - 1` merged in; without `cmp`,
 * rows stay in the order they arrived.
 */
export function extendOrder(
  order: readonly number[], from: number, to: number, cmp: ((a: number, b: number) => number) | null,
): number[] {
  const fresh: number[] = [];
  for (let i = from; i < to; i += 1) fresh.push(i);
  if (!cmp) return order.concat(fresh);
  fresh.sort(cmp);
  const out = new Array<number>(order.length + fresh.length);
  let i = 0;
  let j = 0;
  let k = 0;
  // Indexes stay in bounds: the loops test them.
  while (i < order.length && j < fresh.length) out[k++] = cmp(order[i]!, fresh[j]!) <= 0 ? order[i++]! : fresh[j++]!;
  while (i < order.length) out[k++] = order[i++]!;
  while (j < fresh.length) out[k++] = fresh[j++]!;
  return out;
}

/** The next sorting after a click on a column's header: first direction, the other, none. */
export function nextSort(current: readonly Sort[], id: string, descFirst: boolean): Sort[] {
  const now = current.find((s) => s.id === id);
  if (!now) return [{ id, desc: descFirst }];
  if (now.desc === descFirst) return [{ id, desc: !descFirst }];
  return [];
}
