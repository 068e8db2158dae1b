/**
 * Planos de discagem of the customer picked in the header: each with the ramais that use it;
 * a plan in use cannot be deleted and says so, naming its ramais, before any confirmation; a
 * link opens its routing rules (area `regras`, the plan in `nav.planoDiscagemId`).
 */
import { blankPlano, commands, unwrap, type PlanoDiscagem } from "../../api";
import { linkButton } from "../../list/cells";
import { streamRows } from "../../list/source";
import type { EntityConfig } from "../../entity/EntityScreen";
import type { FormSection } from "../../form/model";
import { plural, t } from "../../i18n";
import { ClienteIntro } from "../ramais/ClienteIntro";

export type PlanoRow = PlanoDiscagem & {
  /** How many ramais use the plan. */
  ramais: number;
  /** "2001 Ana Silva" of the first of them. */
  exemplos: string[];
};

export interface PlanosScope {
  clienteId: number;
}

/** The area the routing-rules link opens (issue 10 builds its editor there). */
export const REGRAS_AREA = "regras" as const;

export const planoSections: FormSection[] = [
  { key: "plano", label: "planos.section.plano", items: [{ kind: "text", path: "nome", label: "planos.field.nome", required: true, wide: true }] },
];

export const planosConfig: EntityConfig<PlanoRow, PlanosScope> = {
  id: "planos",
  title: "planos.title",
  newLabel: "planos.new",
  newTitle: "planos.new",
  editTitle: "planos.edit",
  columns: [
    { key: "nome", label: "planos.col.nome", value: (r) => r.nome, grow: 2 },
    { key: "ramais", label: "planos.col.ramais", value: (r) => r.ramais, grow: 0.8, align: "right" },
    {
      key: "regras",
      label: "planos.col.regras",
      value: () => "",
      paint: (cell, r) => cell.replaceChildren(linkButton(t("planos.regras"), "regras", { testId: "plano-regras", data: { id: String(r.plano_discagem_id) } })),
      action: (r, nav) => {
        nav.setPlanoDiscagemId(r.plano_discagem_id);
        nav.go(REGRAS_AREA);
      },
      grow: 1.2,
    },
  ],
  searchable: (r) => [r.nome],
  rowId: (r) => r.plano_discagem_id,
  rowName: (r) => r.nome || String(r.plano_discagem_id),
  sections: planoSections,
  blank: (scope) => ({ ...blankPlano(scope.clienteId), ramais: 0, exemplos: [] }),
  stream: (scope, onPage, signal) => {
    // Counted in Rust from the customer's ramais, once: the ramais themselves stay there.
    const usos = unwrap(commands.usosPlanosDiscagem(scope.clienteId)).then((lista) => new Map(lista.map((u) => [u.plano_discagem_id, u])));
    return streamRows<PlanoDiscagem, PlanoRow>(
      (operacao, canal) =>
        commands.carregarPlanosDiscagem({ cliente_id: scope.clienteId, plano_discagem_id: 0, pos_registro_inicial: 0, quantidade: null }, operacao, canal),
      async (page) => {
        const byPlano = await usos;
        return page.map((p) => {
          const uso = byPlano.get(p.plano_discagem_id);
          return { ...p, ramais: uso?.ramais ?? 0, exemplos: uso?.exemplos ?? [] };
        });
      },
      onPage,
      signal,
    );
  },
  insert: (r) => unwrap(commands.inserirPlanoDiscagem(toWire(r))),
  update: (r) => unwrap(commands.alterarPlanoDiscagem(toWire(r))),
  remove: (r) => unwrap(commands.deletarPlanoDiscagem(toWire(r))),
  // The ramais are in the row already (the list loads them): no request before the dialog.
  deleteBlockers: async (r) =>
    r.ramais === 0
      ? []
      : [
          {
            message: plural("planos.emUso", r.ramais, {
              nome: r.nome,
              ramais: r.exemplos.join(", ") + (r.ramais > r.exemplos.length ? t("planos.eMais", { n: r.ramais - r.exemplos.length }) : ""),
            }),
            area: "ramais",
            clienteId: r.cliente_id,
          },
        ],
  FormIntro: ClienteIntro,
};

function toWire(row: PlanoRow): PlanoDiscagem {
  const { ramais: _r, exemplos: _e, ...plano } = row;
  return plano;
}
