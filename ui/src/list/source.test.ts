import { describe, expect, it } from "vitest";
import { commands, type RamalLinha } from "../bindings";
import { createFakeBackend, demoClientes, demoRamais, FAKE_PAGE, installFakeBackend, SANDBOX_ACCOUNT } from "../dev/fakeBackend";
import { streamRows } from "./source";

describe("streamRows", () => {
  it("hands pages on in order even when a later page is decorated first, and ends after the last", async () => {
    const backend = createFakeBackend({ accounts: [SANDBOX_ACCOUNT], clientes: demoClientes(1), ramais: demoRamais(1, 1000, 3 * FAKE_PAGE) });
    installFakeBackend(backend);
    const filtro = { cliente_id: 1, ramal_id: 0, nome: "", pos_registro_inicial: 0, quantidade: null };
    let decorated = 0;
    const pages: number[][] = [];
    const end = await streamRows<RamalLinha, number>(
      (operacao, canal) => commands.carregarRamais(filtro, operacao, canal),
      // The first page waits longest: its rows must still come first.
      async (records) => {
        const wait = decorated === 0 ? 60 : 0;
        decorated += 1;
        await new Promise((resolve) => setTimeout(resolve, wait));
        return records.map((r) => r.ramal_id);
      },
      (rows) => pages.push(rows),
    );
    expect(end.paginas).toBe(3);
    expect(pages.map((p) => p.length)).toEqual([FAKE_PAGE, FAKE_PAGE, FAKE_PAGE]);
    expect(pages.flat()).toEqual(Array.from({ length: 3 * FAKE_PAGE }, (_, i) => i + 1));
  });
});
