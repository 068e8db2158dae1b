import { describe, expect, it } from "vitest";
import type { ColunasHistorico } from "../../api";
import { appendColunas, comparator, dataDaChamada, emptyColunas, extendOrder, nextSort } from "./colunas";

/** A page as Rust sends it: customer, trunk and status as indexes into its own `textos`. */
function pagina(fields: Partial<ColunasHistorico>): ColunasHistorico {
  return { ...emptyColunas(), textos: [], cliente_nome: [], recurso: [], status: [], ...fields };
}

describe("call-history columns", () => {
  it("appends pages in place, every column alike, the indexed ones as their page's texts", () => {
    const cols = emptyColunas();
    appendColunas(cols, pagina({
      cdr_id: [1, 2], origem: ["2001", "2002"], textos: ["Padaria", "Alfa", "ATENDIDA", "FALHA"],
      cliente_nome: [0, 0], recurso: [1, 1], status: [2, 3],
    }));
    // Another page numbers its texts afresh.
    appendColunas(cols, pagina({ cdr_id: [3], origem: ["2003"], textos: ["FALHA", "Mercado", "Beta"], cliente_nome: [1], recurso: [2], status: [0] }));
    expect(cols.cdr_id).toEqual([1, 2, 3]);
    expect(cols.origem).toEqual(["2001", "2002", "2003"]);
    expect(cols.cliente_nome).toEqual(["Padaria", "Padaria", "Mercado"]);
    expect(cols.recurso).toEqual(["Alfa", "Alfa", "Beta"]);
    expect(cols.status).toEqual(["ATENDIDA", "FALHA", "FALHA"]);
    expect("textos" in cols).toBe(false);
  });

  it("writes a call's date from its instante when Rust left the text out", () => {
    const cols = emptyColunas();
    appendColunas(cols, pagina({ cdr_id: [1, 2, 3], data: ["", "26/11/2026 14:03", "ontem"], instante: [20260102090503, 20261126140300, 0] }));
    expect([0, 1, 2].map((i) => dataDaChamada(cols, i))).toEqual(["02/01/2026 09:05:03", "26/11/2026 14:03", "ontem"]);
  });

  it("merges each batch into the sorted order as a full sort would place it", () => {
    const values = [5, 1, 4, 4, 9, 0, 3, 7, 2, 8, 6, 4];
    const cmp = comparator((i) => values[i]!, true);
    let order: number[] = [];
    for (const [from, to] of [[0, 3], [3, 4], [4, 9], [9, 12]] as const) order = extendOrder(order, from, to, cmp);
    const full = values.map((_, i) => i).sort(cmp);
    expect(order).toEqual(full);
    expect(order.map((i) => values[i]!)).toEqual([9, 8, 7, 6, 5, 4, 4, 4, 3, 2, 1, 0]);
    // Ties keep arrival order.
    expect(order.filter((i) => values[i] === 4)).toEqual([2, 3, 11]);
    expect(extendOrder([0, 1], 2, 4, null)).toEqual([0, 1, 2, 3]);
  });

  it("sorts text as a person reads it", () => {
    const names = ["Ramal 10", "ramal 9", "Árvore", "Zeta"];
    expect(names.map((_, i) => i).sort(comparator((i) => names[i]!, false)).map((i) => names[i])).toEqual([
      "Árvore", "ramal 9", "Ramal 10", "Zeta",
    ]);
  });

  it("a header click cycles first direction, the other, none", () => {
    expect(nextSort([], "data", true)).toEqual([{ id: "data", desc: true }]);
    expect(nextSort([{ id: "data", desc: true }], "data", true)).toEqual([{ id: "data", desc: false }]);
    expect(nextSort([{ id: "data", desc: false }], "data", true)).toEqual([]);
    expect(nextSort([{ id: "data", desc: false }], "origem", false)).toEqual([{ id: "origem", desc: false }]);
  });
});
