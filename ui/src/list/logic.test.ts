import { describe, expect, it } from "vitest";
import { compareValues, filterIndexed, filterRows, nextSort, normalize, searchIndex, type Column, type SortState } from "./logic";
import { ListView } from "./view";

interface Row {
  id: number;
  nome: string;
  numero: string;
  cidade: string;
}

const rows: Row[] = [
  { id: 1, nome: "João Silva", numero: "1010", cidade: "São Paulo" },
  { id: 2, nome: "ana souza", numero: "202", cidade: "Curitiba" },
  { id: 3, nome: "Álvaro Dias", numero: "1001", cidade: "Goiânia" },
  { id: 4, nome: "Bruno", numero: "30", cidade: "São Paulo" },
];
const searchable = (r: Row) => [r.nome, r.numero, r.cidade];
const columns: Column<Row>[] = [
  { key: "nome", label: "ramais.col.nome", value: (r) => r.nome },
  { key: "numero", label: "ramais.col.numero", value: (r) => r.numero },
  { key: "id", label: "ramais.col.numero", value: (r) => r.id },
];
const ids = (list: readonly Row[]) => list.map((r) => r.id);

/** The rows a fresh list view shows for `sort` (no search). */
function sortRows(list: readonly Row[], sort: SortState | null, cols: readonly Column<Row>[]): readonly Row[] {
  return new ListView(searchable, cols).update(list, "", sort).map((i) => list[i]!);
}

describe("search", () => {
  it("ignores case and accents", () => {
    expect(normalize("  São JOÃO ")).toBe("sao joao");
    expect(ids(filterRows(rows, "joao", searchable))).toEqual([1]);
    expect(ids(filterRows(rows, "ALVARO", searchable))).toEqual([3]);
    expect(ids(filterRows(rows, "sao paulo", searchable))).toEqual([1, 4]);
  });

  it("matches numbers by substring and needs every word", () => {
    expect(ids(filterRows(rows, "10", searchable))).toEqual([1, 3]);
    expect(ids(filterRows(rows, "paulo bruno", searchable))).toEqual([4]);
    expect(ids(filterRows(rows, "paulo curitiba", searchable))).toEqual([]);
  });

  it("returns the same array for an empty query", () => {
    expect(filterRows(rows, "   ", searchable)).toBe(rows);
  });
});

describe("sort", () => {
  it("sorts text the pt-BR way, numbers inside text numerically", () => {
    expect(ids(sortRows(rows, { column: "nome", direction: "asc" }, columns))).toEqual([3, 2, 4, 1]);
    expect(ids(sortRows(rows, { column: "numero", direction: "asc" }, columns))).toEqual([4, 2, 3, 1]);
    expect(ids(sortRows(rows, { column: "numero", direction: "desc" }, columns))).toEqual([1, 3, 2, 4]);
    expect(compareValues(10, 9)).toBeGreaterThan(0);
  });

  it("is stable and leaves the input untouched", () => {
    const same = rows.map((r) => ({ ...r, cidade: "x" }));
    const sorted = sortRows(same, { column: "nome", direction: "asc" }, [
      { key: "cidade", label: "ramais.col.nome", value: (r) => r.cidade },
      ...columns,
    ]);
    expect(ids(sorted)).toEqual([3, 2, 4, 1]);
    const byCity = sortRows(same, { column: "cidade", direction: "desc" }, [{ key: "cidade", label: "ramais.col.nome", value: (r) => r.cidade }]);
    expect(ids(byCity)).toEqual([1, 2, 3, 4]);
    expect(ids(rows)).toEqual([1, 2, 3, 4]);
  });

  it("cycles a header through ascending, descending and none", () => {
    const a = nextSort(null, "nome");
    expect(a).toEqual({ column: "nome", direction: "asc" });
    const d = nextSort(a, "nome");
    expect(d).toEqual({ column: "nome", direction: "desc" });
    expect(nextSort(d, "nome")).toBeNull();
    expect(nextSort(d, "numero")).toEqual({ column: "numero", direction: "asc" });
    expect(sortRows(rows, null, columns)).toEqual(rows);
  });

  it("matches a number by its digits whatever the punctuation on either side", () => {
    const rows = [{ cnpj: "11.222.333/0001-81" }, { cnpj: "11222333000182" }];
    const index = searchIndex(rows, (r) => [r.cnpj]);
    expect(filterIndexed(rows, index, "11222333000181")).toEqual([rows[0]]);
    expect(filterIndexed(rows, index, "11.222.333/0001-82")).toEqual([rows[1]]);
    expect(filterIndexed(rows, index, "0001")).toEqual(rows);
  });
});

describe("list view over pages", () => {
  const many = (n: number, from = 0): Row[] =>
    Array.from({ length: n }, (_, k) => ({ id: from + k + 1, nome: `Nome ${(from + k) % 7}`, numero: String((from + k) * 37 % 101), cidade: k % 2 ? "São Paulo" : "Recife" }));
  const cols: Column<Row>[] = columns;

  it("shows what a full rebuild would show after every page, sorted and filtered", () => {
    const view = new ListView(searchable, cols);
    const sort: SortState = { column: "numero", direction: "desc" };
    let loaded: Row[] = [];
    for (let page = 0; page < 5; page += 1) {
      loaded = loaded.concat(many(40, page * 40));
      const shown = view.update(loaded, "sao", sort).map((i) => loaded[i]!);
      const fresh = new ListView(searchable, cols).update(loaded, "sao", sort).map((i) => loaded[i]!);
      expect(ids(shown)).toEqual(ids(fresh));
      expect(shown.every((r) => r.cidade === "São Paulo")).toBe(true);
      expect(shown.map((r) => r.numero)).toEqual(shown.map((r) => r.numero).sort((a, b) => Number(b) - Number(a) || 0));
    }
  });

  it("indexes on the first search, again only a replaced row, and starts over when rows go away", () => {
    let calls = 0;
    const counting = (r: Row) => {
      calls += 1;
      return [r.nome];
    };
    const view = new ListView(counting, cols);
    const first = many(100);
    view.update(first, "", null);
    expect(calls).toBe(0);
    expect(view.update(first, "nome", null)).toHaveLength(100);
    expect(calls).toBe(100);
    const saved = first.map((r) => (r.id === 50 ? { ...r, nome: "Renomeado" } : r));
    expect(view.update(saved, "renomeado", null).map((i) => saved[i]!.id)).toEqual([50]);
    expect(calls).toBe(101);
    const fewer = saved.slice(0, 10);
    expect(view.update(fewer, "", null)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(calls).toBe(101);
    expect(view.update(fewer, "nome", null)).toHaveLength(10);
    expect(calls).toBe(111);
  });
});
