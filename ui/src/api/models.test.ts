import { describe, expect, it } from "vitest";
import { completeCliente, completeRamal, type Ramal } from "./index";
import { asCommandError, CommandFailure, unwrap } from "./index";

describe("complete records", () => {
  it("fill what the server left out and keep what the UI does not know", () => {
    const ramal = {
      ramal_id: 9,
      numero: "1001",
      extra_da_plataforma: "x",
      encaminhar_todas_chamadas: { encaminhamento_destinos: [{ encaminhamento_destino: "1002" }], outro: 1 },
    } as Ramal;
    const full = completeRamal(ramal);
    expect(full.ramal_id).toBe(9);
    expect(full.nome).toBe("");
    expect(full.bloquear_ramal).toBe(0);
    expect((full as unknown as { extra_da_plataforma: string }).extra_da_plataforma).toBe("x");
    expect(full.encaminhar_todas_chamadas).toEqual({
      encaminhamento_tipo: 0,
      encaminhamento_destino: "",
      encaminhamento_destinos: [{ encaminhamento_tipo: 0, encaminhamento_destino: "1002" }],
      outro: 1,
    });
    expect(full.encaminhar_ocupado_indisponivel.encaminhamento_destinos).toEqual([]);
    expect(completeCliente({ nome: "A", faixa_min: undefined }).faixa_min).toBe(0);
  });
});

describe("unwrap", () => {
  it("returns the data or throws the CommandError", async () => {
    await expect(unwrap(Promise.resolve({ status: "ok", data: 3 }))).resolves.toBe(3);
    const error = { kind: "unauthorized" as const, message: "Token recusado.", field_errors: [] };
    const thrown = await unwrap(Promise.resolve({ status: "error", error })).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(CommandFailure);
    expect(asCommandError(thrown)).toEqual(error);
    expect(asCommandError(new Error("boom"))).toBeNull();
  });
});
