/**
 * Row orders as arrays of row indexes, shared by the generic list and the call-history table:
 * a batch of new rows is sorted on its own and merged into the order already shown (a page
 * costs its own sort plus one pass), never a re-sort of every row.
 */
import { compareValues } from "./logic";

/** The value a column sorts by, for row `i`. */
export type SortKey = (i: number) => number | string;

/** Row order by `key` (descending when `desc`); ties keep the order rows arrived in. */
export function comparator(key: SortKey, desc: boolean): (a: number, b: number) => number {
  const sign = desc ? -1 : 1;
  return (a, b) => {
    const c = compareValues(key(a), key(b));
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
