import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { lerColunar } from "./colunar";

/** Written by pabx-api's `colunar` test (the same message it checks byte for byte). */
function fixture(): ArrayBuffer {
  const bytes = readFileSync(resolve(__dirname, "../../../tests/fixtures/colunar.bin"));
  // A copy of its own: a Node Buffer may share a larger pool, and a message starts at offset 0.
  return new Uint8Array(bytes).buffer;
}

describe("column messages from Rust", () => {
  it("reads every kind of column as Rust wrote it", () => {
    const m = lerColunar<{ carregadas: number; total: number | null }>(fixture());
    expect(m.linhas).toBe(3);
    expect(m.meta).toEqual({ carregadas: 3, total: null });
    expect(Array.from(m.colunas.id as Float64Array)).toEqual([1, 20261126140322, -7]);
    expect(Array.from(m.colunas.preco as Float64Array)).toEqual([0.5, 0, 1234.25]);
    expect(m.colunas.custo).toEqual([0.25, null, -1.5]);
    expect(Array.from(m.colunas.status as Uint32Array)).toEqual([2, 0, 1]);
    expect(m.colunas.divergente).toEqual([true, false, true]);
    // Offsets count UTF-16 units, so accents, symbols and a surrogate pair cut right.
    expect(m.colunas.origem).toEqual(["1131000000", "", "São Paulo ✓ 𝄞"]);
    expect(m.colunas.textos).toEqual(["ATENDIDA", "OCUPADO", "Ligação não atendida"]);
  });

  it("refuses what is not a column message", () => {
    expect(() => lerColunar(new ArrayBuffer(2))).toThrow();
    const bytes = new Uint8Array(fixture());
    // A column said to run past the end of the message.
    expect(() => lerColunar(bytes.slice(0, bytes.length - 8).buffer)).toThrow();
  });
});
