/**
 * What the list shows, kept up to date as pages arrive: the search index is built by the first
 * search and then grows by the new rows only (a row is indexed again only when it was replaced,
 * e.g. after a save), the sorted order
 * takes each batch by a merge instead of a re-sort, and a keystroke is one pass over the index.
 * Rows are numbers (indexes into `rows`), never copies of the records.
 */
import { matches, queryWords, searchText, type CellValue, type Column, type SortState } from "./logic";
import { comparator, extendOrder } from "./order";

export class ListView<T> {
  private rows: readonly T[] = [];
  /** Search text per row; undefined until a search needs it (new or replaced rows). */
  private texts: (string | undefined)[] = [];
  private keys: CellValue[] = [];
  private order: number[] = [];
  /** "column:direction" of `order`; "" for the server's order. */
  private sorted = "";

  constructor(
    private readonly searchable: (row: T) => CellValue[],
    private readonly columns: readonly Column<T>[],
  ) {}

  /** Indexes of the rows to show, in order, for `rows` under `query` and `sort`. */
  update(rows: readonly T[], query: string, sort: SortState | null): readonly number[] {
    const column = sort ? this.columns.find((c) => c.key === sort.column) : undefined;
    const sorted = column && sort ? `${sort.column}:${sort.direction}` : "";
    let from = this.rows.length;
    let replaced = false;
    if (rows.length < from) {
      // Rows went away (a delete, another scope): start over.
      this.texts = [];
      this.keys = [];
      this.order = [];
      from = 0;
      replaced = true;
    } else {
      for (let i = 0; i < from; i += 1) {
        if (rows[i] === this.rows[i]) continue;
        this.texts[i] = undefined;
        replaced = true;
      }
    }
    this.rows = rows;

    const cmp = column && sort ? comparator((i) => this.keys[i] ?? "", sort.direction === "desc") : null;
    if (replaced || sorted !== this.sorted) {
      this.keys = column ? rows.map((row) => column.value(row) ?? "") : [];
      this.order = extendOrder([], 0, rows.length, cmp);
    } else {
      if (column) for (let i = from; i < rows.length; i += 1) this.keys.push(column.value(rows[i] as T) ?? "");
      if (from < rows.length) this.order = extendOrder(this.order, from, rows.length, cmp);
    }
    this.sorted = sorted;

    const words = queryWords(query);
    if (words.length === 0) return this.order;
    // Indexed on the first search, not while pages arrive: a list that is only looked at
    // never pays for it, and a later search indexes only rows new or replaced since.
    const texts = this.texts;
    for (let i = 0; i < rows.length; i += 1) {
      if (texts[i] === undefined) texts[i] = searchText(rows[i] as T, this.searchable);
    }
    return this.order.filter((i) => matches(texts[i] ?? "", words));
  }
}
