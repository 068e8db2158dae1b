/**
 * The list's pure logic: column config, accent- and case-insensitive search, stable sorting.
 * Kept apart from the component so it is tested on its own and reused by every entity.
 */
import type { Key } from "../i18n";
import type { Nav } from "../shell/nav";

export type CellValue = string | number;

export interface Column<T> {
  /** Stable id, used for the sort state and the header test hooks. */
  key: string;
  label: Key;
  /** The value shown and sorted by. */
  value: (row: T) => CellValue;
  /**
   * Draws the cell with plain elements (rows are not React: `windowed.ts`; helpers in
   * `cells.ts`); the sort still uses `value`. Without it the cell is `value`'s text, whole on hover.
   */
  paint?: (cell: HTMLElement, row: T) => void;
  /** What a click on an element of the cell with `data-action` = this column's key does. */
  action?: (row: T, nav: Nav) => void;
  /** Relative width (CSS grid fr). */
  grow?: number;
  align?: "left" | "right" | "center";
}

export interface SortState {
  column: string;
  direction: "asc" | "desc";
}

/** Lowercase, no accents, trimmed: "São Paulo" matches "sao paulo". */
export function normalize(text: string): string {
  // Plain ASCII (most numbers, logins, many names) has no accents to strip: skip the NFD pass.
  if (!/[^\u0000-\u007f]/.test(text)) return text.toLowerCase().trim();
  return text.normalize("NFD").replace(/\p{Diacritic}/gu, "").toLowerCase().trim();
}

/** The digits of a text that holds a number with punctuation ("12.345.678/0001-95"), else "". */
function digitsOf(text: string): string {
  return /\d/.test(text) && /[\s.\-/()+]/.test(text) ? text.replace(/\D/g, "") : "";
}

/**
 * One normalized text per row, built once per list so each keystroke only scans strings. A
 * value with punctuated digits is also indexed by its digits, so "12345678000195" finds
 * "12.345.678/0001-95" (and the other way round, see `filterIndexed`).
 */
export function searchIndex<T>(rows: readonly T[], searchable: (row: T) => CellValue[]): string[] {
  return rows.map((row) => searchText(row, searchable));
}

/** One row's entry of the search index. */
export function searchText<T>(row: T, searchable: (row: T) => CellValue[]): string {
  const parts: string[] = [];
  for (const value of searchable(row)) {
    const text = normalize(String(value ?? ""));
    parts.push(text);
    const digits = digitsOf(text);
    if (digits) parts.push(digits);
  }
  return parts.join("\u0000");
}

/** The words of a query as the index holds them: a word of digits and punctuation by its digits. */
export function queryWords(query: string): string[] {
  return normalize(query)
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => (/^[\d.\-/()+]+$/.test(word) && /\d/.test(word) ? word.replace(/\D/g, "") : word));
}

/** Whether an index entry holds every word. */
export function matches(haystack: string, words: readonly string[]): boolean {
  for (const word of words) if (!haystack.includes(word)) return false;
  return true;
}

/**
 * Rows whose searchable texts contain every word of the query (in any field, any order).
 * An empty query returns the input array itself.
 */
export function filterIndexed<T>(rows: readonly T[], index: readonly string[], query: string): readonly T[] {
  const words = queryWords(query);
  if (words.length === 0) return rows;
  return rows.filter((_, i) => matches(index[i] ?? "", words));
}

export function filterRows<T>(rows: readonly T[], query: string, searchable: (row: T) => CellValue[]): readonly T[] {
  return filterIndexed(rows, searchIndex(rows, searchable), query);
}

const collator = new Intl.Collator("pt-BR", { numeric: true, sensitivity: "base" });

export function compareValues(a: CellValue, b: CellValue): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return collator.compare(String(a), String(b));
}

/** Click on a header: ascending, then descending, then back to the server's order. */
export function nextSort(current: SortState | null, column: string): SortState | null {
  if (!current || current.column !== column) return { column, direction: "asc" };
  if (current.direction === "asc") return { column, direction: "desc" };
  return null;
}
