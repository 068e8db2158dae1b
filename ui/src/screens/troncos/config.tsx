/**
 * Troncos as a config of the generic entity screen (every customer's trunks): connection
 * fields, and the tariff table (`TarifasEditor`) with one row per region and a cost preview
 * computed by pabx-api.
 */
import { blankTronco, commands, unwrap, type Tronco } from "../../api";
import type { EntityConfig } from "../../entity/EntityScreen";
import { whenOn, type FieldSpec, type FormSection, type OptionsQuery } from "../../form/model";
import { listarTodosClientes } from "../../api/queries";
import { badge, clipped, dimmed, inline } from "../../list/cells";
import { streamRows } from "../../list/source";
import { t, type Key } from "../../i18n";
import { listarRegioes, TarifasEditor } from "./TarifasEditor";

export type TroncoRow = Tronco & {
  /** Names of the regions this trunk has no tariff for. */
  sem_tarifa: string[];
  cliente_nome: string;
};

type TroncoKey = keyof Tronco & string;

function field(kind: FieldSpec["kind"], path: TroncoKey, extra: Partial<FieldSpec> = {}): FieldSpec {
  return { kind, path, label: `troncos.field.${path}` as Key, ...extra };
}

/** Every customer, to pick the trunk's owner. */
export const clientesOptions: OptionsQuery = {
  key: () => ["clientes"],
  load: async () =>
    (await listarTodosClientes())
      .map((c) => ({ value: String(c.cliente_id), label: `${c.nome || c.razao_social} (#${c.cliente_id})` }))
      .sort((a, b) => a.label.localeCompare(b.label, "pt-BR")),
  unknown: (id) => t("troncos.clienteDesconhecido", { id }),
  numeric: true,
};

export const troncoSections: FormSection[] = [
  {
    key: "conexao",
    label: "troncos.section.conexao",
    items: [
      field("text", "nome", { required: true }),
      field("query-select", "cliente_id", { query: clientesOptions, required: true }),
      field("switch", "host_dinamico", { wide: true }),
      field("text", "endereco", { description: "troncos.help.endereco", required: (sibling) => sibling("host_dinamico") !== 1 }),
      field("number", "qtd_digitos_cortados", { min: 0, max: 20 }),
      field("number", "insere_digitos", { min: 0 }),
    ],
  },
  {
    key: "autenticacao",
    label: "troncos.section.autenticacao",
    items: [
      field("switch", "autentica_user_pass", { wide: true }),
      field("text", "usuario", { enabledWhen: whenOn("autentica_user_pass"), required: whenOn("autentica_user_pass") }),
      field("password", "senha", { enabledWhen: whenOn("autentica_user_pass") }),
    ],
  },
  {
    key: "tarifas",
    label: "troncos.section.tarifas",
    items: [{ kind: "custom", path: "tarifas", paths: ["tarifas", "tarifas.*.regiao_id", "tarifas.*.tarifa", "tarifas.*.fracionamento"], wide: true, component: TarifasEditor }],
  },
];

export const troncosConfig: EntityConfig<TroncoRow, null> = {
  id: "troncos",
  title: "troncos.title",
  newLabel: "troncos.new",
  newTitle: "troncos.new",
  editTitle: "troncos.edit",
  columns: [
    { key: "nome", label: "troncos.col.nome", value: (r) => r.nome, grow: 1.6 },
    { key: "cliente", label: "troncos.col.cliente", value: (r) => r.cliente_nome, grow: 1.4 },
    { key: "endereco", label: "troncos.col.endereco", value: (r) => (r.host_dinamico === 1 ? t("troncos.dinamico") : r.endereco), grow: 1.6 },
    {
      key: "auth",
      label: "troncos.col.auth",
      value: (r) => (r.autentica_user_pass === 1 ? t("troncos.auth.usuario", { usuario: r.usuario }) : t("troncos.auth.ip")),
      // "Autenticação", one word, whole beside its sort arrow at 1280 px.
      grow: 1.4,
    },
    { key: "precificadas", label: "troncos.col.precificadas", value: (r) => r.tarifas.length, grow: 0.8, align: "right" },
    {
      key: "sem_tarifa",
      label: "troncos.col.semTarifa",
      value: (r) => r.sem_tarifa.join(", "),
      paint: (cell, r) =>
        cell.replaceChildren(
          r.sem_tarifa.length === 0
            ? dimmed(t("troncos.todasPrecificadas"))
            : inline([badge(String(r.sem_tarifa.length), "orange"), clipped(r.sem_tarifa.join(", "))], { testId: "tronco-sem-tarifa" }),
        ),
      grow: 1.8,
    },
  ],
  searchable: (r) => [r.nome, r.endereco, r.usuario, r.cliente_nome],
  rowId: (r) => r.tronco_id,
  rowName: (r) => r.nome || String(r.tronco_id),
  sections: troncoSections,
  blank: () => ({ ...blankTronco(0), sem_tarifa: [], cliente_nome: "" }),
  stream: (_scope, onPage, signal) => {
    // The regions and customers once for the whole list; each page of trunks joined with them.
    const lookups = Promise.all([listarRegioes(), listarTodosClientes()]);
    return streamRows<Tronco, TroncoRow>(
      (operacao, canal) => commands.carregarTroncos({ tronco_id: 0, cliente_id: 0 }, operacao, canal),
      async (page) => {
        const [regioes, clientes] = await lookups;
        const nomes = new Map(clientes.map((c) => [c.cliente_id, c.nome || c.razao_social]));
        return page.map((tronco) => {
          const priced = new Set(tronco.tarifas.map((x) => x.regiao_id));
          return {
            ...tronco,
            sem_tarifa: regioes.filter((r) => !priced.has(r.regiao_id ?? 0)).map((r) => r.nome ?? String(r.regiao_id)),
            cliente_nome: nomes.get(tronco.cliente_id) ?? t("troncos.clienteDesconhecido", { id: tronco.cliente_id }),
          };
        });
      },
      onPage,
      signal,
    );
  },
  insert: (r) => unwrap(commands.inserirTronco(toWire(r))),
  update: (r) => unwrap(commands.alterarTronco(toWire(r))),
  remove: (r) => unwrap(commands.deletarTronco(r.cliente_id, r.tronco_id)),
};

/** The API's trunk: the list's own columns dropped. */
function toWire(row: TroncoRow): Tronco {
  const { sem_tarifa: _s, cliente_nome: _c, ...tronco } = row;
  return tronco;
}
