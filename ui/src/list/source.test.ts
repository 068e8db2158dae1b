import { describe, expect, it } from "vitest";
import { commands, type Cliente, type Progress, type RamalLinha } from "../bindings";
import { createFakeBackend, demoClientes, demoRamais, FAKE_PAGE, installFakeBackend, SANDBOX_ACCOUNT } from "../dev/fakeBackend";
import { paginaRamais, respostaRamais } from "../screens/ramais/colunas";
import { streamColumns, streamRows } from "./source";

const RAMAIS_DO_CLIENTE_1 = { cliente_id: 1, ramal_id: 0, nome: "", pos_registro_inicial: 0, quantidade: null };

describe("streamRows", () => {
  it("hands pages on in order even when a later page is decorated first, and ends after the last", async () => {
    const backend = createFakeBackend({ accounts: [SANDBOX_ACCOUNT], clientes: demoClientes(3 * FAKE_PAGE) });
    installFakeBackend(backend);
    const filtro = {};
    let decorated = 0;
    const pages: number[][] = [];
    const end = await streamRows<Cliente, number>(
      (operacao, canal) => commands.carregarClientes(filtro, operacao, canal),
      // The first page waits longest: its rows must still come first.
      async (records) => {
        const wait = decorated === 0 ? 60 : 0;
        decorated += 1;
        await new Promise((resolve) => setTimeout(resolve, wait));
        return records.map((r) => r.cliente_id);
      },
      (rows) => pages.push(rows),
    );
    // Two on the channel, the last on the answer: still handed on last.
    expect(end.paginas).toBe(2);
    expect(pages.map((p) => p.length)).toEqual([FAKE_PAGE, FAKE_PAGE, FAKE_PAGE]);
    expect(pages.flat()).toEqual(Array.from({ length: 3 * FAKE_PAGE }, (_, i) => i + 1));
  });
});

describe("streamColumns", () => {
  it("reads each binary page into records, in order, with its progress", async () => {
    const ramais = demoRamais(1, 1000, 2 * FAKE_PAGE + 5);
    installFakeBackend(createFakeBackend({ accounts: [SANDBOX_ACCOUNT], clientes: demoClientes(1), ramais }));
    const pages: [RamalLinha[], Progress][] = [];
    const end = await streamColumns<RamalLinha>((operacao, canal) => commands.carregarRamais(RAMAIS_DO_CLIENTE_1, operacao, canal), paginaRamais, respostaRamais, (records, progress) => pages.push([records, progress]));
    // The last five rode on the answer.
    expect(end.paginas).toBe(2);
    expect(pages.map(([, p]) => p)).toEqual([FAKE_PAGE, 2 * FAKE_PAGE, 2 * FAKE_PAGE + 5].map((loaded) => ({ loaded, total: 2 * FAKE_PAGE + 5 })));
    const linhas = pages.flatMap(([records]) => records);
    expect(linhas.map((r) => r.ramal_id)).toEqual(ramais.map((r) => r.ramal_id));
    expect(linhas[3]).toEqual({
      ramal_id: ramais[3]!.ramal_id, cliente_id: 1, numero: ramais[3]!.numero, nome: ramais[3]!.nome, usuario_autenticacao: ramais[3]!.usuario_autenticacao,
      caller_id_externo: ramais[3]!.caller_id_externo, grupo_ramais: ramais[3]!.grupo_ramais, bloquear_ramal: ramais[3]!.bloquear_ramal,
    });
  });
});

describe("streamColumns on a customer without ramais", () => {
  it("ends with no records, complete, and hands on no page", async () => {
    installFakeBackend(createFakeBackend({ accounts: [SANDBOX_ACCOUNT], clientes: demoClientes(1), ramais: [] }));
    const pages: [RamalLinha[], Progress][] = [];
    const end = await streamColumns<RamalLinha>((operacao, canal) => commands.carregarRamais(RAMAIS_DO_CLIENTE_1, operacao, canal), paginaRamais, respostaRamais, (records, progress) => pages.push([records, progress]));
    expect(end).toEqual({ paginas: 0, progresso: { loaded: 0, total: 0 }, completa: true });
    expect(pages).toEqual([]);
  });
});

describe("a page that cannot be read", () => {
  it("fails the load with its error and stops it in Rust, instead of a list with a hole", async () => {
    const backend = createFakeBackend({ accounts: [SANDBOX_ACCOUNT], clientes: demoClientes(1), ramais: demoRamais(1, 1000, 3 * FAKE_PAGE) });
    installFakeBackend(backend);
    let read = 0;
    const pages: number[] = [];
    const load = streamColumns<RamalLinha>(
      (operacao, canal) => commands.carregarRamais(RAMAIS_DO_CLIENTE_1, operacao, canal),
      (message) => {
        read += 1;
        if (read === 2) throw new Error("not a column message");
        return paginaRamais(message);
      },
      respostaRamais,
      (records) => pages.push(records.length),
    );
    await expect(load).rejects.toThrow("not a column message");
    expect(pages).toEqual([FAKE_PAGE]);
    expect(backend.callsOf("cancelar_operacao")).toHaveLength(1);
  });
});
