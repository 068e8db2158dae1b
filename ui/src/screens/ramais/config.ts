/**
 * Ramais as a config of the generic entity screen, scoped by the customer picked in the
 * header; every documented field, the three forwarding rules with their destination lists,
 * and the dial plan picked among the customer's own.
 */
import { blankRamal, commands, REGRAS, unwrap, type Ramal, type RamalLinha, type Regra } from "../../api";
import type { EntityConfig } from "../../entity/EntityScreen";
import { whenOn, type FieldSpec, type FormSection, type OptionsQuery, type Sibling } from "../../form/model";
import * as normalize from "../../form/normalize";
import { t, type Key } from "../../i18n";
import { createElement } from "react";
import { BulkToolbar } from "../../bulk/BulkToolbar";
import { ClienteIntro } from "./ClienteIntro";
import { streamColumns } from "../../list/source";
import { paginaRamais, respostaRamais } from "./colunas";

type RamalKey = keyof Ramal & string;

function field(kind: FieldSpec["kind"], path: RamalKey, extra: Partial<FieldSpec> = {}): FieldSpec {
  return { kind, path, label: `ramais.field.${path}` as Key, ...extra };
}

/** The dial plans of the record's customer; "Nenhum" is 0, the API's "no plan". */
export const planosDoCliente: OptionsQuery = {
  key: (values) => ["planos_discagem", Number(values.cliente_id) || 0],
  load: async (values) => {
    const planos = await unwrap(
      commands.listarPlanosDiscagem({ cliente_id: Number(values.cliente_id) || 0, plano_discagem_id: 0, pos_registro_inicial: 0, quantidade: null }),
    );
    return planos
      .filter((p) => (p.plano_discagem_id ?? 0) > 0)
      .map((p) => ({ value: String(p.plano_discagem_id), label: p.nome?.trim() || t("ramais.planoDesconhecido", { id: p.plano_discagem_id ?? 0 }) }))
      .sort((a, b) => a.label.localeCompare(b.label, "pt-BR"));
  },
  none: { value: "0", label: t("ramais.planoNenhum") },
  unknown: (id) => t("ramais.planoDesconhecido", { id }),
  numeric: true,
};

/** Forwarding codes known by name (ACTIONS.md); any other value is kept as "código N". */
export const TIPOS_ENCAMINHAMENTO = [0, 1, 8, 9] as const;
const TIPO_RAMAL = 1;

const tipoOptions = TIPOS_ENCAMINHAMENTO.map((code) => ({ value: String(code), label: t(`ramais.tipo.${code}` as Key) }));

/** The type select and its destination, needed (and editable) while the type forwards. */
function forwarding(tipo: string, destino: string): FieldSpec[] {
  const forwards = (sibling: Sibling) => (Number(sibling("encaminhamento_tipo")) || 0) !== 0;
  return [
    {
      kind: "select",
      path: tipo,
      label: "ramais.field.encaminhamento_tipo",
      options: tipoOptions,
      unknownOption: (code) => t("ramais.tipo.outro", { code }),
      numeric: true,
    },
    {
      kind: "text",
      path: destino,
      label: "ramais.field.encaminhamento_destino",
      normalize: normalize.trimmed,
      required: forwards,
      enabledWhen: forwards,
    },
  ];
}

function regraSection(regra: Regra): FormSection {
  return {
    key: regra,
    label: `ramais.section.${regra}`,
    items: [
      ...forwarding(`${regra}.encaminhamento_tipo`, `${regra}.encaminhamento_destino`),
      {
        kind: "list",
        path: `${regra}.encaminhamento_destinos`,
        label: "ramais.field.encaminhamento_destinos",
        item: forwarding("encaminhamento_tipo", "encaminhamento_destino"),
        newItem: () => ({ encaminhamento_tipo: TIPO_RAMAL, encaminhamento_destino: "" }),
      },
    ],
  };
}

/** A field Rust requires while its switch is on, and disabled (value kept) while it is off. */
function onlyWhen(flag: RamalKey): Partial<FieldSpec> {
  return { required: whenOn(flag), enabledWhen: whenOn(flag) };
}

export const ramalSections: FormSection[] = [
  {
    key: "identificacao",
    label: "ramais.section.identificacao",
    items: [
      field("text", "numero", { required: true, normalize: normalize.numero }),
      field("text", "nome", { required: true, normalize: normalize.trimmed }),
      field("text", "usuario_autenticacao", { normalize: normalize.trimmed }),
      field("text", "caller_id_externo", { normalize: normalize.numero }),
      field("text", "grupo_ramais", { normalize: normalize.trimmed }),
      field("text", "centro_custo", { normalize: normalize.trimmed }),
      field("number", "codigo_area", { min: 0 }),
      field("query-select", "plano_discagem_id", { query: planosDoCliente }),
    ],
  },
  {
    key: "credenciais",
    label: "ramais.section.credenciais",
    items: [field("password", "senha_sip", { required: "new" }), field("password", "senha_web")],
  },
  {
    key: "recursos",
    label: "ramais.section.recursos",
    items: [
      field("switch", "puxar_chamadas"),
      field("switch", "habilitar_timers"),
      field("switch", "habilitar_blf"),
      field("switch", "escutar_chamadas"),
      field("switch", "gravar_chamadas"),
      field("switch", "bloquear_ramal"),
      field("text", "grupo_musica_espera"),
    ],
  },
  {
    key: "dupla",
    label: "ramais.section.dupla",
    items: [
      field("switch", "habilitar_dupla_autenticacao", { wide: true }),
      field("text", "dupla_autenticacao_ip_permitido", { normalize: normalize.trimmed, ...onlyWhen("habilitar_dupla_autenticacao") }),
      field("text", "dupla_autenticacao_mascara", { normalize: normalize.trimmed, ...onlyWhen("habilitar_dupla_autenticacao") }),
    ],
  },
  {
    key: "caixa",
    label: "ramais.section.caixa",
    items: [field("switch", "habilitar_caixa_postal"), field("text", "caixa_postal_email", { normalize: normalize.email, enabledWhen: whenOn("habilitar_caixa_postal") })],
  },
  ...REGRAS.map(regraSection),
];

export interface RamaisScope {
  clienteId: number;
}

function filtroRamais(scope: RamaisScope) {
  return { cliente_id: scope.clienteId, ramal_id: 0, nome: "", pos_registro_inicial: 0, quantidade: null };
}

/** The list's row of a record (after a save, the row changes from what was written). */
function linha(r: Ramal): RamalLinha {
  return {
    ramal_id: r.ramal_id, cliente_id: r.cliente_id, numero: r.numero, nome: r.nome, usuario_autenticacao: r.usuario_autenticacao,
    caller_id_externo: r.caller_id_externo, grupo_ramais: r.grupo_ramais, bloquear_ramal: r.bloquear_ramal,
  };
}

// The list streams light rows (`RamalLinha`, what it shows and searches): ten thousand whole
// records are ten times the bytes to send and parse. The form fetches the whole record.
export const ramaisConfig: EntityConfig<Ramal, RamaisScope, RamalLinha> = {
  id: "ramais",
  title: "ramais.title",
  newLabel: "ramais.new",
  newTitle: "ramais.new",
  editTitle: "ramais.edit",
  columns: [
    { key: "numero", label: "ramais.col.numero", value: (r) => r.numero, grow: 0.8 },
    { key: "nome", label: "ramais.col.nome", value: (r) => r.nome, grow: 1.8 },
    { key: "usuario", label: "ramais.col.usuario", value: (r) => r.usuario_autenticacao, grow: 1.4 },
    { key: "caller_id", label: "ramais.col.caller_id", value: (r) => r.caller_id_externo, grow: 1.2 },
    { key: "grupo", label: "ramais.col.grupo", value: (r) => r.grupo_ramais, grow: 1 },
    { key: "bloqueado", label: "ramais.col.bloqueado", value: (r) => (r.bloquear_ramal === 1 ? t("common.yes") : t("common.no")), grow: 1.2 },
  ],
  searchable: (r) => [r.numero, r.nome, r.usuario_autenticacao, r.caller_id_externo, r.grupo_ramais],
  rowId: (r) => r.ramal_id,
  rowName: (r) => [r.numero, r.nome].filter(Boolean).join(" · ") || String(r.ramal_id),
  sections: ramalSections,
  blank: (scope) => blankRamal(scope.clienteId),
  stream: (scope, onPage, signal) =>
    streamColumns<RamalLinha>((operacao, canal) => commands.carregarRamais(filtroRamais(scope), operacao, canal), paginaRamais, respostaRamais, onPage, signal),
  open: (row) => unwrap(commands.obterRamal(row.cliente_id, row.ramal_id)),
  toRow: linha,
  insert: (r) => unwrap(commands.inserirRamal(r)),
  update: (r) => unwrap(commands.alterarRamal(r)),
  remove: (r) => unwrap(commands.deletarRamal(r.cliente_id, r.ramal_id)),
  FormIntro: ClienteIntro,
  Toolbar: ({ scope, refresh }) => createElement(BulkToolbar, { kind: "ramais", clienteId: scope.clienteId, listLabel: t("ramais.title"), refresh }),
};
