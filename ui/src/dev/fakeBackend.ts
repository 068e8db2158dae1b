/**
 * An in-memory stand-in for the Rust commands, installed with `mockIPC`: the unit tests use it
 * where a component calls commands, and `npm run dev:mock` runs the UI in a plain browser with
 * it (work on screens without building Rust). Not shipped: only imported by tests and by the
 * mock dev mode, which the production build removes.
 */
import { mockIPC } from "@tauri-apps/api/mocks";
import {
  blankCliente, blankRamal, type Account, type AccountInput, type AppState, type Cliente,
  type CommandError, type CommandErrorKind, type FieldError, type PlanoDiscagem, type Ramal,
} from "../api";

export interface FakeCall {
  cmd: string;
  args: Record<string, unknown>;
}

export interface FakeBackendOptions {
  accounts?: Account[];
  activeId?: string | null;
  clientes?: Cliente[];
  ramais?: Ramal[];
  /** Dial plans; by default two per customer (see `demoPlanos`). */
  planos?: PlanoDiscagem[];
  /** Milliseconds before each answer (to see loading states). */
  latency?: number;
  /** Milliseconds between the pages of a `carregar_*` (to see streaming and cancelling). */
  pageDelay?: number;
  /** What remove_account warns (the keyring was out of reach), if anything. */
  removeWarning?: string;
}

export const SANDBOX_ACCOUNT: Account = {
  id: "sandbox",
  label: "Sandbox",
  base_url: "http://127.0.0.1:8765/pabx/api.php",
  usuario: "demo",
  is_sandbox: true,
};

const CIDADES = [
  ["São Paulo", "SP"], ["Campinas", "SP"], ["Rio de Janeiro", "RJ"], ["Belo Horizonte", "MG"],
  ["Curitiba", "PR"], ["Porto Alegre", "RS"], ["Recife", "PE"], ["Salvador", "BA"], ["Goiânia", "GO"],
] as const;
const NOMES = ["Ana", "Bruno", "Carla", "Diego", "Elaine", "Fábio", "Gisele", "Heitor", "Íris", "João", "Larissa", "Márcio"];

/** Demo customers: deterministic, each with a 100-number faixa. */
export function demoClientes(count: number): Cliente[] {
  return Array.from({ length: count }, (_, i) => {
    const [cidade, estado] = CIDADES[i % CIDADES.length] ?? ["São Paulo", "SP"];
    const base = 1000 + i * 100;
    return {
      ...blankCliente(),
      cliente_id: i + 1,
      nome: `Cliente ${String(i + 1).padStart(3, "0")}`,
      login: `cliente${i + 1}`,
      razao_social: `Empresa ${i + 1} Comunicações Ltda`,
      cnpj: `${String(11222333 + i).padStart(8, "0")}000181`,
      cidade,
      estado,
      faixa_min: base,
      faixa_max: base + 99,
      qtd_ramais_max: 100,
    };
  });
}

/** Demo extensions of one customer, numbered from `first`. */
export function demoRamais(clienteId: number, first: number, count: number, startId = 1): Ramal[] {
  return Array.from({ length: count }, (_, i) => ({
    ...blankRamal(clienteId),
    ramal_id: startId + i,
    numero: String(first + i),
    nome: `${NOMES[i % NOMES.length] ?? "Ramal"} ${i + 1}`,
    usuario_autenticacao: `u${first + i}`,
    caller_id_externo: `1130${String(first + i).padStart(5, "0")}`,
    grupo_ramais: i % 3 === 0 ? "Vendas" : i % 3 === 1 ? "Suporte" : "Financeiro",
    bloquear_ramal: i % 17 === 0 ? 1 : 0,
  }));
}

/** Two dial plans per customer: ids `cliente_id * 10 + 1` ("Padrão") and `+ 2` ("Somente local"). */
export function demoPlanos(clientes: readonly Cliente[]): PlanoDiscagem[] {
  return clientes.flatMap((c) => [
    { plano_discagem_id: c.cliente_id * 10 + 1, cliente_id: c.cliente_id, nome: "Padrão" },
    { plano_discagem_id: c.cliente_id * 10 + 2, cliente_id: c.cliente_id, nome: "Somente local" },
  ]);
}

function fail(kind: CommandErrorKind, message: string, field_errors: FieldError[] = []): CommandError {
  return { kind, message, field_errors };
}

/** A few of the Rust rules, enough to exercise the forms. */
export function fakeValidarCliente(cliente: Cliente): FieldError[] {
  const c = cliente;
  const errors: FieldError[] = [];
  if (!c.nome.trim()) errors.push({ field: "nome", message: "Informe o nome do cliente." });
  if (c.cnpj && !/^\d{14}$/.test(c.cnpj.replace(/\D/g, ""))) errors.push({ field: "cnpj", message: "CNPJ deve ter 14 dígitos." });
  if (c.faixa_min > c.faixa_max) errors.push({ field: "faixa_max", message: "O fim da faixa deve ser maior ou igual ao início." });
  return errors;
}

export function fakeValidarRamal(ramal: Ramal, cliente: Cliente | undefined): FieldError[] {
  const r = ramal;
  const errors: FieldError[] = [];
  if (!r.nome.trim()) errors.push({ field: "nome", message: "Informe o nome." });
  if (!r.numero.trim()) errors.push({ field: "numero", message: "Informe o número do ramal." });
  const n = Number(r.numero);
  if (cliente && r.numero.trim() && (n < cliente.faixa_min || n > cliente.faixa_max)) {
    errors.push({ field: "numero", message: `O número deve estar na faixa do cliente (${cliente.faixa_min}–${cliente.faixa_max}).` });
  }
  return errors;
}

export function createFakeBackend(options: FakeBackendOptions = {}) {
  const accounts: Account[] = [...(options.accounts ?? [])];
  let activeId = options.activeId === undefined ? (accounts[0]?.id ?? null) : options.activeId;
  let clientes: Cliente[] = [...(options.clientes ?? [])];
  let ramais: Ramal[] = [...(options.ramais ?? [])];
  const planos = (): PlanoDiscagem[] => options.planos ?? demoPlanos(clientes);
  const calls: FakeCall[] = [];
  /** Errors to return once for a command, e.g. `failNext.listar_clientes = {...}`. */
  const failNext: Record<string, CommandError> = {};
  /** The operations `cancelar_operacao` was asked to stop. */
  const cancelled: string[] = [];
  let nextId = 100_000;

  const state = (): AppState => ({
    accounts: [...accounts],
    active: accounts.find((a) => a.id === activeId) ?? null,
    sandbox_running: accounts.some((a) => a.is_sandbox),
  });

  function accountErrors(input: AccountInput, tokenRequired: boolean): FieldError[] {
    const errors: FieldError[] = [];
    if (!input.label.trim()) errors.push({ field: "label", message: "Informe um nome para a conta." });
    if (!/^https?:\/\//.test(input.base_url)) errors.push({ field: "base_url", message: "Endereço inválido: use http:// ou https://." });
    if (!input.usuario.trim()) errors.push({ field: "usuario", message: "Informe o usuário da API." });
    if (tokenRequired && !input.token?.trim()) errors.push({ field: "token", message: "Informe o token da API." });
    return errors;
  }

  /**
   * A `carregar_*` answer: the records through the channel in pages, as Rust sends them, after
   * the caller got on with its work, the last page on the answer (as Rust's last gathered pages);
   * a cancelled operation sends no more pages.
   */
  async function sendPages<T>(
    args: Record<string, unknown>,
    records: readonly T[],
    message: (page: T[], progress: { loaded: number; total: number }) => unknown = (page, progress) => [page, progress],
    answer: (page: T[], end: { paginas: number; progresso: { loaded: number; total: number }; completa: boolean }) => unknown = (page, end) => [end, page],
  ) {
    const id = (args.canal as { id: number }).id;
    const internals = (window as unknown as { __TAURI_INTERNALS__: { runCallback: (id: number, data: unknown) => void } }).__TAURI_INTERNALS__;
    const total = records.length;
    let paginas = 0;
    for (let start = 0; ; start += FAKE_PAGE) {
      await new Promise((resolve) => setTimeout(resolve, paginas === 0 ? 0 : (options.pageDelay ?? 0)));
      if (cancelled.includes(args.operacao as string)) return answer([], { paginas, progresso: { loaded: start, total }, completa: false });
      const page = records.slice(start, start + FAKE_PAGE);
      const progresso = { loaded: start + page.length, total };
      if (start + FAKE_PAGE >= total) return answer(page, { paginas, progresso, completa: true });
      internals.runCallback(id, { index: paginas, message: message(page, progresso) });
      paginas += 1;
    }
  }

  function handle(cmd: string, args: Record<string, unknown>): unknown {
    calls.push({ cmd, args });
    const planned = failNext[cmd];
    if (planned) {
      delete failNext[cmd];
      throw planned;
    }
    const needAccount = () => {
      if (!state().active) throw fail("no_account", "Nenhuma conta ativa. Escolha ou adicione uma conta em Contas.");
    };
    switch (cmd) {
      case "app_state":
        return state();
      case "ui_ready":
        return null;
      case "use_sandbox":
        if (!accounts.some((a) => a.is_sandbox)) accounts.push(SANDBOX_ACCOUNT);
        activeId = SANDBOX_ACCOUNT.id;
        if (clientes.length === 0) clientes = demoClientes(25);
        return SANDBOX_ACCOUNT;
      case "test_connection": {
        const input = args.input as AccountInput;
        const errors = accountErrors(input, args.id === null || args.id === undefined);
        if (errors.length) throw fail("invalid_input", "Dados inválidos. Corrija os campos indicados.", errors);
        if (input.token === "errado") throw fail("unauthorized", "Usuário ou token recusados pelo servidor. Confira as credenciais da conta.");
        return { ok: true, latency_ms: 42, regioes: 27 };
      }
      case "test_account":
        return { ok: true, latency_ms: 40, regioes: 27 };
      case "save_account": {
        const input = args.input as AccountInput;
        const id = args.id as string | null;
        const errors = accountErrors(input, id === null);
        if (errors.length) throw fail("invalid_input", "Dados inválidos. Corrija os campos indicados.", errors);
        const account: Account = {
          id: id ?? `acc-${nextId++}`, label: input.label, base_url: input.base_url, usuario: input.usuario, is_sandbox: false,
          dialeto: input.dialeto ?? "legado",
        };
        const index = accounts.findIndex((a) => a.id === account.id);
        if (index >= 0) accounts[index] = account;
        else accounts.push(account);
        return account;
      }
      case "remove_account":
        accounts.splice(accounts.findIndex((a) => a.id === args.id), 1);
        if (activeId === args.id) activeId = accounts[0]?.id ?? null;
        return options.removeWarning ?? null;
      case "switch_account": {
        const account = accounts.find((a) => a.id === args.id);
        if (!account) throw fail("storage", "Conta não encontrada.");
        activeId = account.id;
        return account;
      }
      case "listar_clientes":
        needAccount();
        return clientes;
      case "inserir_cliente":
      case "alterar_cliente": {
        needAccount();
        // As Rust reads a record: a missing field at its default.
        const c = { ...blankCliente(), ...(args.cliente as Cliente) };
        const errors = fakeValidarCliente(c);
        if (errors.length) throw fail("invalid_input", "Dados inválidos. Corrija os campos indicados; nada foi enviado.", errors);
        if (cmd === "inserir_cliente") clientes = [...clientes, { ...c, cliente_id: nextId++ }];
        else clientes = clientes.map((x) => (x.cliente_id === c.cliente_id ? c : x));
        return { mensagem: "OK", dados: null };
      }
      case "deletar_cliente":
        needAccount();
        clientes = clientes.filter((c) => c.cliente_id !== args.clienteId);
        return { mensagem: "OK", dados: null };
      case "carregar_clientes":
        needAccount();
        return sendPages(args, clientes);
      case "carregar_ramais": {
        needAccount();
        const filtro = args.filtro as { cliente_id: number };
        // The list's light rows (`RamalLinha`), as Rust sends them.
        const linhas = ramais
          .filter((r) => r.cliente_id === filtro.cliente_id)
          .map(({ ramal_id, cliente_id, numero, nome, usuario_autenticacao, caller_id_externo, grupo_ramais, bloquear_ramal }) => ({
            ramal_id, cliente_id, numero, nome, usuario_autenticacao, caller_id_externo, grupo_ramais, bloquear_ramal,
          }));
        // In binary columns, as Rust sends a page of them (and its answer, the end as the meta).
        const emColunas = (page: typeof linhas, meta: unknown) => colunasFalsas(page, meta, {
          numeros: ["ramal_id", "cliente_id", "bloquear_ramal"],
          textos: ["numero", "nome", "usuario_autenticacao", "caller_id_externo", "grupo_ramais"],
        });
        return sendPages(args, linhas, emColunas, emColunas);
      }
      case "obter_ramal": {
        needAccount();
        const found = ramais.find((r) => r.ramal_id === args.ramalId && r.cliente_id === args.clienteId);
        if (!found) throw fail("not_found", "Registro não encontrado. Ele pode ter sido removido; atualize a lista.");
        return found;
      }
      case "usos_planos_discagem": {
        needAccount();
        const usos = new Map<number, { plano_discagem_id: number; ramais: number; exemplos: string[] }>();
        for (const r of ramais.filter((x) => x.cliente_id === args.clienteId && x.plano_discagem_id !== 0)) {
          const uso = usos.get(r.plano_discagem_id) ?? { plano_discagem_id: r.plano_discagem_id, ramais: 0, exemplos: [] };
          uso.ramais += 1;
          if (uso.exemplos.length < 10) uso.exemplos.push(`${r.numero} ${r.nome}`.trim());
          usos.set(r.plano_discagem_id, uso);
        }
        return [...usos.values()];
      }
      case "dependentes_cliente": {
        needAccount();
        // DIDs and troncos are not modelled here: a customer has none.
        return {
          ramais: ramais.filter((r) => r.cliente_id === args.clienteId).length,
          dids: 0,
          troncos: 0,
          planos_discagem: planos().filter((p) => p.cliente_id === args.clienteId).length,
        };
      }
      case "cancelar_operacao":
        cancelled.push(args.operacao as string);
        return true;
      case "listar_ramais": {
        needAccount();
        const filtro = args.filtro as { cliente_id: number };
        return ramais.filter((r) => r.cliente_id === filtro.cliente_id);
      }
      case "inserir_ramal":
      case "alterar_ramal": {
        needAccount();
        const r = { ...blankRamal(0), ...(args.ramal as Ramal) };
        const errors = fakeValidarRamal(r, clientes.find((c) => c.cliente_id === r.cliente_id));
        if (errors.length) throw fail("invalid_input", "Dados inválidos. Corrija os campos indicados; nada foi enviado.", errors);
        if (cmd === "inserir_ramal") ramais = [...ramais, { ...r, ramal_id: nextId++ }];
        else ramais = ramais.map((x) => (x.ramal_id === r.ramal_id ? r : x));
        return { mensagem: "OK", dados: null };
      }
      case "deletar_ramal":
        needAccount();
        ramais = ramais.filter((r) => !(r.ramal_id === args.ramalId && r.cliente_id === args.clienteId));
        return { mensagem: "OK", dados: null };
      case "listar_planos_discagem": {
        needAccount();
        const filtro = args.filtro as { cliente_id: number };
        return planos().filter((p) => p.cliente_id === filtro.cliente_id);
      }
      case "carregar_planos_discagem": {
        needAccount();
        const filtro = args.filtro as { cliente_id: number };
        return sendPages(args, planos().filter((p) => p.cliente_id === filtro.cliente_id));
      }
      case "listar_dids":
      case "listar_troncos":
        // Not modelled here: a customer has none.
        needAccount();
        return [];
      case "carregar_dids":
      case "carregar_troncos":
        needAccount();
        return sendPages(args, []);
      default:
        throw new Error(`fake backend: unknown command ${cmd}`);
    }
  }

  return {
    handle,
    calls,
    failNext,
    cancelled,
    get clientes() {
      return clientes;
    },
    get ramais() {
      return ramais;
    },
    callsOf: (cmd: string) => calls.filter((c) => c.cmd === cmd),
  };
}

export type FakeBackend = ReturnType<typeof createFakeBackend>;

/** Routes every `invoke` to the fake backend. */
/** Records per page of a fake `carregar_*`. */
export const FAKE_PAGE = 10;

export function installFakeBackend(backend: FakeBackend, latency = 0): void {
  mockIPC(async (cmd, args) => {
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    return backend.handle(cmd, (args ?? {}) as Record<string, unknown>);
  }, { shouldMockEvents: true });
}

/** The data `npm run dev:mock` starts with; `?welcome` in the URL starts without accounts. */
export function devBackend(search: string): FakeBackend {
  const params = new URLSearchParams(search);
  if (params.has("welcome")) return createFakeBackend();
  const clientes = demoClientes(40);
  const large = clientes[0];
  const ramais = [
    ...demoRamais(1, large?.faixa_min ?? 1000, Number(params.get("ramais") ?? 10_000)),
    ...demoRamais(2, 1100, 30, 50_000),
  ];
  if (large) large.faixa_max = large.faixa_min + 20_000;
  return createFakeBackend({
    accounts: [SANDBOX_ACCOUNT, { id: "acc-1", label: "Revenda São Paulo", base_url: "https://pabx.exemplo.com.br/pabx/api.php", usuario: "revenda", is_sandbox: false }],
    activeId: "sandbox",
    clientes,
    ramais,
  });
}

/**
 * A column message as `pabx_api::colunar` writes it (number and text columns only: what a page
 * of records needs here), for the fake `carregar_ramais`. Its reader is held to Rust's own
 * bytes by `tests/fixtures/ramais-colunar.bin`.
 */
export function colunasFalsas<T extends object>(
  linhas: readonly T[],
  meta: unknown,
  campos: { numeros: readonly (keyof T & string)[]; textos: readonly (keyof T & string)[] },
): ArrayBuffer {
  const utf8 = new TextEncoder();
  // Every column is written, even for no rows (a customer without ramais), as Rust does.
  const numeros = campos.numeros.map((nome) => {
    const valores = linhas.map((l) => Number(l[nome]));
    return { nome, tipo: "numero" as const, quantidade: valores.length, bytes: new Uint8Array(new Float64Array(valores).buffer) };
  });
  const textos = campos.textos.map((nome) => {
    const textos = linhas.map((l) => String(l[nome] ?? ""));
    const offsets = new Uint32Array(textos.length + 1);
    textos.forEach((t, i) => (offsets[i + 1] = (offsets[i] as number) + t.length));
    const corpo = utf8.encode(textos.join(""));
    const bytes = new Uint8Array(offsets.byteLength + corpo.byteLength);
    bytes.set(new Uint8Array(offsets.buffer), 0);
    bytes.set(corpo, offsets.byteLength);
    return { nome, tipo: "texto" as const, quantidade: textos.length, bytes };
  });
  const partes = [...numeros, ...textos];
  const alinhado = (n: number) => Math.ceil(n / 8) * 8;
  const cabecalho = (base: number) => {
    let at = base;
    const colunas = partes.map((p) => {
      const coluna = { nome: p.nome, tipo: p.tipo, quantidade: p.quantidade, inicio: at, bytes: p.bytes.byteLength };
      at = alinhado(at + p.bytes.byteLength);
      return coluna;
    });
    return { texto: utf8.encode(JSON.stringify({ linhas: linhas.length, colunas, meta })), fim: at };
  };
  // As Rust does: room for the header with offsets as wide as they get, then the columns.
  const base = alinhado(4 + cabecalho(0).texto.byteLength + partes.length * 10);
  const { texto, fim } = cabecalho(base);
  const mensagem = new Uint8Array(fim).fill(0);
  new DataView(mensagem.buffer).setUint32(0, texto.byteLength, true);
  mensagem.set(texto, 4);
  mensagem.fill(32, 4 + texto.byteLength, base);
  let at = base;
  for (const p of partes) {
    mensagem.set(p.bytes, at);
    at = alinhado(at + p.bytes.byteLength);
  }
  return mensagem.buffer;
}
