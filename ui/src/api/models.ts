/**
 * Complete records for the screens. The generated types mark every field optional (the API may
 * omit any); records are completed with defaults when they arrive, so forms and lists always
 * see every field, and unknown fields ride along untouched.
 */
import type { Cliente, DestinoEncaminhamento, Did, Encaminhamento, PlanoDiscagem, Ramal, Tarifa, Tronco } from "../bindings";

/** Every field present. */
export type Full<T> = { [K in keyof T]-?: Exclude<T[K], undefined> };

export type ClienteRecord = Full<Cliente>;
export type DestinoRecord = Full<DestinoEncaminhamento>;
export type EncaminhamentoRecord = Full<Omit<Encaminhamento, "encaminhamento_destinos">> & {
  encaminhamento_destinos: DestinoRecord[];
};

export const REGRAS = [
  "encaminhar_todas_chamadas",
  "encaminhar_offline_sem_atendimento",
  "encaminhar_ocupado_indisponivel",
] as const;
export type Regra = (typeof REGRAS)[number];

export type RamalRecord = Full<Omit<Ramal, Regra>> & { [K in Regra]: EncaminhamentoRecord };

export function blankCliente(): ClienteRecord {
  return {
    cliente_id: 0, login: "", senha: "", nome: "", email_cliente: "", qtd_ramais_max: 0, faixa_min: 0,
    faixa_max: 0, prefixo: "", razao_social: "", cnpj: "", end: "", compl: "", cep: "", bairro: "",
    cidade: "", estado: "", resp: "", tel: "", cel: "", ramal_resp: "", salas_conf_num_max: 0,
    espaco_disco: 0, ignorar_limite_espaco: 0, usuario_padrao_id: 0,
  };
}

export function completeCliente(cliente: Cliente): ClienteRecord {
  return { ...blankCliente(), ...withoutUndefined(cliente) };
}

function blankEncaminhamento(): EncaminhamentoRecord {
  return { encaminhamento_tipo: 0, encaminhamento_destino: "", encaminhamento_destinos: [] };
}

function completeEncaminhamento(regra: Encaminhamento | undefined): EncaminhamentoRecord {
  return {
    ...blankEncaminhamento(),
    ...withoutUndefined(regra ?? {}),
    encaminhamento_destinos: (regra?.encaminhamento_destinos ?? []).map((d) => ({
      encaminhamento_tipo: 0,
      encaminhamento_destino: "",
      ...withoutUndefined(d),
    })),
  };
}

export function blankRamal(clienteId: number): RamalRecord {
  return {
    ramal_id: 0, cliente_id: clienteId, nome: "", usuario_autenticacao: "", numero: "", senha_sip: "",
    senha_web: "", caller_id_externo: "", grupo_ramais: "", centro_custo: "", plano_discagem_id: 0,
    grupo_musica_espera: "", puxar_chamadas: 0, habilitar_timers: 0, habilitar_blf: 0, escutar_chamadas: 0,
    gravar_chamadas: 0, bloquear_ramal: 0, codigo_area: 0, habilitar_dupla_autenticacao: 0,
    dupla_autenticacao_ip_permitido: "", dupla_autenticacao_mascara: "", habilitar_caixa_postal: 0,
    caixa_postal_email: "", encaminhar_todas_chamadas: blankEncaminhamento(),
    encaminhar_offline_sem_atendimento: blankEncaminhamento(), encaminhar_ocupado_indisponivel: blankEncaminhamento(),
  };
}

export function completeRamal(ramal: Ramal): RamalRecord {
  return {
    ...blankRamal(0),
    ...withoutUndefined(ramal),
    encaminhar_todas_chamadas: completeEncaminhamento(ramal.encaminhar_todas_chamadas),
    encaminhar_offline_sem_atendimento: completeEncaminhamento(ramal.encaminhar_offline_sem_atendimento),
    encaminhar_ocupado_indisponivel: completeEncaminhamento(ramal.encaminhar_ocupado_indisponivel),
  };
}

export type DidRecord = Full<Did>;

export function blankDid(clienteId: number): DidRecord {
  return {
    did_id: 0, cliente_id: clienteId, numero: "", audio_antes_encaminhar: "", apontar_para: 1, destino: "",
    habilitar_registro: 0, registro_dominio: "", registro_usuario: "", registro_senha: "", gravar_chamadas: 0,
    maximo_chamadas_simultaneas: 0, habilitar_horario_funcionamento: 0, horario_funcionamento_lista_feriados: [],
    horario_funcionamento_inicio: "", horario_funcionamento_fim: "", horario_funcionamento_dias_semana: [],
    horario_funcionamento_audio_fora_horario: "",
  };
}

export function completeDid(did: Did): DidRecord {
  return { ...blankDid(0), ...withoutUndefined(did) };
}

export type TarifaRecord = Full<Tarifa>;
export type TroncoRecord = Full<Omit<Tronco, "tarifas">> & { tarifas: TarifaRecord[] };

export function blankTronco(clienteId: number): TroncoRecord {
  return {
    tronco_id: 0, cliente_id: clienteId, nome: "", host_dinamico: 0, endereco: "", qtd_digitos_cortados: 0,
    insere_digitos: 0, autentica_user_pass: 0, usuario: "", senha: "", tarifas: [],
  };
}

export function completeTronco(tronco: Tronco): TroncoRecord {
  return {
    ...blankTronco(0),
    ...withoutUndefined(tronco),
    tarifas: (tronco.tarifas ?? []).map((t) => ({ regiao_id: 0, tarifa: 0, fracionamento: "", ...withoutUndefined(t) })),
  };
}

export type PlanoRecord = Full<PlanoDiscagem>;

export function blankPlano(clienteId: number): PlanoRecord {
  return { plano_discagem_id: 0, cliente_id: clienteId, nome: "" };
}

export function completePlano(plano: PlanoDiscagem): PlanoRecord {
  return { ...blankPlano(0), ...withoutUndefined(plano) };
}

/** The object without keys whose value is undefined (they would hide the defaults). */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
