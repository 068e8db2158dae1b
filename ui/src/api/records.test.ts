import { describe, expect, it } from "vitest";
import { EM_BRANCO } from "../bindings";
import { blankCliente, blankDid, blankRamal } from "./records";

describe("blank records from Rust", () => {
  it("carry every field, with the scope's customer, and are fresh copies", () => {
    const ramal = blankRamal(7);
    expect(ramal.cliente_id).toBe(7);
    expect(Object.keys(ramal).sort()).toEqual(Object.keys(EM_BRANCO.ramal).sort());
    expect(ramal.encaminhar_todas_chamadas).toEqual({ encaminhamento_tipo: 0, encaminhamento_destino: "", encaminhamento_destinos: [] });
    expect(Object.values(blankCliente()).every((v) => v !== undefined)).toBe(true);
    expect(blankDid(3).apontar_para).toBe(1);
    // A form that edits one blank never changes the next.
    ramal.encaminhar_todas_chamadas.encaminhamento_destinos.push({ encaminhamento_tipo: 1, encaminhamento_destino: "1001" });
    expect(blankRamal(7).encaminhar_todas_chamadas.encaminhamento_destinos).toEqual([]);
    expect(EM_BRANCO.ramal.encaminhar_todas_chamadas.encaminhamento_destinos).toHaveLength(0);
  });
});
