/** Clientes as a config of the generic entity screen: list columns and every documented field. */
import { blankCliente, commands, unwrap, type Cliente } from "../../api";
import type { DeleteBlocker, EntityConfig } from "../../entity/EntityScreen";
import type { FieldSpec, FormSection } from "../../form/model";
import * as normalize from "../../form/normalize";
import { plural, t, type Key } from "../../i18n";
import { createElement } from "react";
import { BulkToolbar } from "../../bulk/BulkToolbar";
import { streamList } from "../../list/source";

const UFS = [
  "AC", "AL", "AM", "AP", "BA", "CE", "DF", "ES", "GO", "MA", "MG", "MS", "MT", "PA", "PB", "PE",
  "PI", "PR", "RJ", "RN", "RO", "RR", "RS", "SC", "SE", "SP", "TO",
];

function field(kind: FieldSpec["kind"], path: keyof Cliente & string, extra: Partial<FieldSpec> = {}): FieldSpec {
  return { kind, path, label: `clientes.field.${path}` as Key, ...extra };
}

export const clienteSections: FormSection[] = [
  {
    key: "identificacao",
    label: "clientes.section.identificacao",
    items: [
      field("text", "nome", { required: true, normalize: normalize.trimmed }),
      field("text", "login", { required: true, normalize: normalize.trimmed }),
      field("password", "senha", { required: "new" }),
      field("text", "email_cliente", { normalize: normalize.email }),
    ],
  },
  {
    key: "empresa",
    label: "clientes.section.empresa",
    items: [
      field("text", "razao_social", { normalize: normalize.trimmed }),
      field("text", "cnpj", { normalize: normalize.cnpj }),
      field("text", "resp", { normalize: normalize.trimmed }),
      field("text", "tel", { normalize: normalize.telefone }),
      field("text", "cel", { normalize: normalize.telefone }),
      field("text", "ramal_resp", { normalize: normalize.numero }),
    ],
  },
  {
    key: "endereco",
    label: "clientes.section.endereco",
    items: [
      field("text", "end", { normalize: normalize.trimmed }),
      field("text", "compl", { normalize: normalize.trimmed }),
      field("text", "cep", { normalize: normalize.cep }),
      field("text", "bairro", { normalize: normalize.trimmed }),
      field("text", "cidade", { normalize: normalize.trimmed }),
      field("select", "estado", { options: UFS.map((uf) => ({ value: uf, label: uf })) }),
    ],
  },
  {
    key: "limites",
    label: "clientes.section.limites",
    items: [
      field("number", "qtd_ramais_max", { min: 0 }),
      field("text", "prefixo", { normalize: normalize.numero }),
      field("number", "faixa_min", { min: 0, required: true }),
      field("number", "faixa_max", { min: 0, required: true }),
      field("number", "salas_conf_num_max", { min: 0 }),
      field("number", "espaco_disco", { min: 0 }),
      field("number", "usuario_padrao_id", { min: 0 }),
      field("switch", "ignorar_limite_espaco"),
    ],
  },
];

/**
 * What the server refuses a customer's delete for (its ramais, DIDs, troncos and dial plans),
 * counted before the confirmation so the dialog can say so and link to them.
 */
export async function clienteBlockers(c: Cliente): Promise<DeleteBlocker[]> {
  const id = c.cliente_id;
  const left = await unwrap(commands.dependentesCliente(id));
  const out: DeleteBlocker[] = [];
  if (left.ramais > 0) out.push({ message: plural("clientes.block.ramais", left.ramais), area: "ramais", clienteId: id });
  if (left.dids > 0) out.push({ message: plural("clientes.block.dids", left.dids), area: "dids", clienteId: id });
  if (left.troncos > 0) out.push({ message: plural("clientes.block.troncos", left.troncos), area: "troncos", clienteId: id });
  if (left.planos_discagem > 0) out.push({ message: plural("clientes.block.planos", left.planos_discagem), area: "planos", clienteId: id });
  return out;
}

export const clientesConfig: EntityConfig<Cliente, null> = {
  id: "clientes",
  title: "clientes.title",
  newLabel: "clientes.new",
  newTitle: "clientes.new",
  editTitle: "clientes.edit",
  columns: [
    { key: "nome", label: "clientes.col.nome", value: (c) => c.nome, grow: 2 },
    { key: "razao_social", label: "clientes.col.razao_social", value: (c) => c.razao_social, grow: 2 },
    { key: "cnpj", label: "clientes.col.cnpj", value: (c) => c.cnpj, grow: 1.4 },
    { key: "cidade", label: "clientes.col.cidade", value: (c) => [c.cidade, c.estado].filter(Boolean).join("/"), grow: 1.4 },
    { key: "faixa", label: "clientes.col.faixa", value: (c) => (c.faixa_min || c.faixa_max ? `${c.faixa_min}–${c.faixa_max}` : ""), grow: 1 },
    { key: "qtd_ramais_max", label: "clientes.col.qtd_ramais_max", value: (c) => c.qtd_ramais_max, align: "right", grow: 0.8 },
  ],
  searchable: (c) => [c.nome, c.razao_social, c.cnpj, c.cidade, c.login, c.cliente_id],
  rowId: (c) => c.cliente_id,
  rowName: (c) => c.nome || String(c.cliente_id),
  sections: clienteSections,
  blank: () => blankCliente(),
  stream: (_scope, onPage, signal) =>
    streamList<Cliente>(
      (operacao, canal) => commands.carregarClientes({ cliente_id: 0, nome: "", pos_registro_inicial: 0, quantidade: null }, operacao, canal),
      onPage,
      signal,
    ),
  insert: (c) => unwrap(commands.inserirCliente(c)),
  update: (c) => unwrap(commands.alterarCliente(c)),
  remove: (c) => unwrap(commands.deletarCliente(c.cliente_id)),
  deleteBlockers: clienteBlockers,
  Toolbar: ({ refresh }) => createElement(BulkToolbar, { kind: "clientes", clienteId: 0, listLabel: t("clientes.title"), refresh }),
};
