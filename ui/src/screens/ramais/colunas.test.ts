import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { paginaRamais } from "./colunas";

/** Written by pabx-api's `ramal` test (the message it checks byte for byte). */
function fixture(): ArrayBuffer {
  return new Uint8Array(readFileSync(resolve(__dirname, "../../../../tests/fixtures/ramais-colunar.bin"))).buffer;
}

describe("a page of ramais from Rust", () => {
  it("reads every record and the progress as Rust wrote them", () => {
    const [linhas, progresso] = paginaRamais(fixture());
    expect(progresso).toEqual({ loaded: 2, total: 10 });
    expect(linhas).toEqual([
      { ramal_id: 101, cliente_id: 7, numero: "1001", nome: "Recepção ✓", usuario_autenticacao: "u1001", caller_id_externo: "1131000000", grupo_ramais: "", bloquear_ramal: 0 },
      { ramal_id: 102, cliente_id: 7, numero: "1002", nome: "", usuario_autenticacao: "u1002", caller_id_externo: "1131000000", grupo_ramais: "", bloquear_ramal: 1 },
    ]);
  });

  it("refuses a message without one of the fields", () => {
    const bytes = new Uint8Array(fixture());
    // The header names the columns: rename one and the record would miss its field.
    const text = new TextDecoder().decode(bytes);
    const at = text.indexOf('"grupo_ramais"');
    bytes.set(new TextEncoder().encode('"grupo_ramaiX"'), at);
    expect(() => paginaRamais(bytes.buffer)).toThrow(/grupo_ramais/);
  });
});
