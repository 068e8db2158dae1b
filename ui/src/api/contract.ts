/**
 * Stand-in for `ui/src/bindings.ts` until tauri-specta generates it: the commands and types of
 * docs/CONTRACTS.md, shaped exactly as tauri-specta emits them (camelCase names, `Result<T, E>`
 * objects, `invoke` from @tauri-apps/api/core). `api/index.ts` switches to the generated file.
 */
import { invoke } from "@tauri-apps/api/core";
import { listen, type EventCallback, type UnlistenFn } from "@tauri-apps/api/event";

export type Result<T, E> = { status: "ok"; data: T } | { status: "error"; error: E };

export type CommandErrorKind =
  | "invalid_input"
  | "invalid_url"
  | "connect"
  | "dns"
  | "tls"
  | "timeout"
  | "unauthorized"
  | "validation"
  | "not_found"
  | "server"
  | "malformed_response"
  | "no_account"
  | "keyring"
  | "storage"
  | "sandbox";

export type FieldError = { field: string; message: string };
export type CommandError = { kind: CommandErrorKind; message: string; field_errors: FieldError[] };

export type Account = { id: string; label: string; base_url: string; usuario: string; is_sandbox: boolean };
export type AccountInput = { label: string; base_url: string; usuario: string; token: string | null };
export type AppState = { accounts: Account[]; active: Account | null; sandbox_running: boolean };
export type ConnectionReport = { ok: boolean; latency_ms: number; regioes: number };
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key in string]: JsonValue };
export type WriteOutcome = { mensagem: string; dados: JsonValue };
export type Operacao = "inserir" | "alterar";

export type Cliente = {
  cliente_id: number;
  login: string;
  senha: string;
  nome: string;
  email_cliente: string;
  qtd_ramais_max: number;
  faixa_min: number;
  faixa_max: number;
  prefixo: string;
  razao_social: string;
  cnpj: string;
  end: string;
  compl: string;
  cep: string;
  bairro: string;
  cidade: string;
  estado: string;
  resp: string;
  tel: string;
  cel: string;
  ramal_resp: string;
  salas_conf_num_max: number;
  espaco_disco: number;
  ignorar_limite_espaco: number;
  usuario_padrao_id: number;
};
export type ListarClientes = { cliente_id: number; nome: string; pos_registro_inicial: number; quantidade?: number | null };

export type DestinoEncaminhamento = { encaminhamento_tipo: number; encaminhamento_destino: string };
export type Encaminhamento = {
  encaminhamento_tipo: number;
  encaminhamento_destino: string;
  encaminhamento_destinos: DestinoEncaminhamento[];
};
export type Ramal = {
  ramal_id: number;
  cliente_id: number;
  nome: string;
  usuario_autenticacao: string;
  numero: string;
  senha_sip: string;
  senha_web: string;
  caller_id_externo: string;
  grupo_ramais: string;
  centro_custo: string;
  plano_discagem_id: number;
  grupo_musica_espera: string;
  puxar_chamadas: number;
  habilitar_timers: number;
  habilitar_blf: number;
  escutar_chamadas: number;
  gravar_chamadas: number;
  bloquear_ramal: number;
  codigo_area: number;
  habilitar_dupla_autenticacao: number;
  dupla_autenticacao_ip_permitido: string;
  dupla_autenticacao_mascara: string;
  habilitar_caixa_postal: number;
  caixa_postal_email: string;
  encaminhar_todas_chamadas: Encaminhamento;
  encaminhar_offline_sem_atendimento: Encaminhamento;
  encaminhar_ocupado_indisponivel: Encaminhamento;
};
export type ListarRamais = {
  cliente_id: number;
  ramal_id: number;
  nome: string;
  pos_registro_inicial: number;
  quantidade?: number | null;
};

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<Result<T, CommandError>> {
  try {
    return { status: "ok", data: await invoke<T>(cmd, args) };
  } catch (e) {
    if (e instanceof Error) throw e;
    return { status: "error", error: e as CommandError };
  }
}

export const commands = {
  appState: () => call<AppState>("app_state"),
  testConnection: (input: AccountInput) => call<ConnectionReport>("test_connection", { input }),
  testAccount: (id: string) => call<ConnectionReport>("test_account", { id }),
  saveAccount: (id: string | null, input: AccountInput) => call<Account>("save_account", { id, input }),
  removeAccount: (id: string) => call<null>("remove_account", { id }),
  switchAccount: (id: string) => call<Account>("switch_account", { id }),
  useSandbox: () => call<Account>("use_sandbox"),
  uiReady: () => invoke<void>("ui_ready"),
  listarClientes: (filtro: ListarClientes) => call<Cliente[]>("listar_clientes", { filtro }),
  inserirCliente: (cliente: Cliente) => call<WriteOutcome>("inserir_cliente", { cliente }),
  alterarCliente: (cliente: Cliente) => call<WriteOutcome>("alterar_cliente", { cliente }),
  deletarCliente: (clienteId: number) => call<WriteOutcome>("deletar_cliente", { clienteId }),
  validarCliente: (cliente: Cliente, operacao: Operacao) => invoke<FieldError[]>("validar_cliente", { cliente, operacao }),
  listarRamais: (filtro: ListarRamais) => call<Ramal[]>("listar_ramais", { filtro }),
  inserirRamal: (ramal: Ramal) => call<WriteOutcome>("inserir_ramal", { ramal }),
  alterarRamal: (ramal: Ramal) => call<WriteOutcome>("alterar_ramal", { ramal }),
  deletarRamal: (clienteId: number, ramalId: number) => call<WriteOutcome>("deletar_ramal", { clienteId, ramalId }),
  validarRamal: (ramal: Ramal, operacao: Operacao) => invoke<FieldError[]>("validar_ramal", { ramal, operacao }),
};

export type ListProgress = { acao: string; loaded: number; total: number | null };

export const events = {
  listProgress: {
    listen: (cb: EventCallback<ListProgress>): Promise<UnlistenFn> => listen<ListProgress>("list-progress", cb),
  },
};
