/**
 * Planos de discagem of the customer picked in the header: each with the ramais that use it;
 * a plan in use cannot be deleted and says so, naming its ramais, before any confirmation; a
 * link opens its routing rules (area `regras`, the plan in `nav.planoDiscagemId`).
 */
import { Anchor } from "@mantine/core";
import { blankPlano, commands, completePlano, completeRamal, unwrap, type PlanoRecord } from "../../api";
import type { EntityConfig } from "../../entity/EntityScreen";
import type { FormSection } from "../../form/model";
import { t } from "../../i18n";
import { useNav } from "../../shell/nav";
import { ClienteIntro } from "../ramais/ClienteIntro";

export type PlanoRow = PlanoRecord & {
  /** "2001 Ana Silva" of each ramal using the plan. */
  ramais: string[];
};

export interface PlanosScope {
  clienteId: number;
}

/** The area the routing-rules link opens (issue 10 builds its editor there). */
export const REGRAS_AREA = "regras" as const;

function RegrasLink({ plano }: { plano: PlanoRow }) {
  const nav = useNav();
  return (
    <Anchor
      component="button"
      type="button"
      size="sm"
      onClick={() => {
        nav.setPlanoDiscagemId(plano.plano_discagem_id);
        nav.go(REGRAS_AREA);
      }}
      data-testid="plano-regras"
      data-id={plano.plano_discagem_id}
    >
      {t("planos.regras")}
    </Anchor>
  );
}

export const planoSections: FormSection[] = [
  { key: "plano", label: "planos.section.plano", items: [{ kind: "text", path: "nome", label: "planos.field.nome", required: true, wide: true }] },
];

export const planosConfig: EntityConfig<PlanoRow, PlanosScope> = {
  id: "planos",
  acao: "listar_planos_discagem",
  title: "planos.title",
  newLabel: "planos.new",
  newTitle: "planos.new",
  editTitle: "planos.edit",
  columns: [
    { key: "nome", label: "planos.col.nome", value: (r) => r.nome, grow: 2 },
    { key: "ramais", label: "planos.col.ramais", value: (r) => r.ramais.length, grow: 0.8, align: "right" },
    { key: "regras", label: "planos.col.regras", value: () => "", render: (r) => <RegrasLink plano={r} />, grow: 1.2 },
  ],
  searchable: (r) => [r.nome],
  rowId: (r) => r.plano_discagem_id,
  rowName: (r) => r.nome || String(r.plano_discagem_id),
  sections: planoSections,
  blank: (scope) => ({ ...blankPlano(scope.clienteId), ramais: [] }),
  list: async (scope) => {
    const [planos, ramais] = await Promise.all([
      unwrap(commands.listarPlanosDiscagem({ cliente_id: scope.clienteId, plano_discagem_id: 0, pos_registro_inicial: 0, quantidade: null })),
      unwrap(commands.listarRamais({ cliente_id: scope.clienteId, ramal_id: 0, nome: "", pos_registro_inicial: 0, quantidade: null })),
    ]);
    const all = ramais.map(completeRamal);
    return planos.map(completePlano).map((p) => ({
      ...p,
      ramais: all.filter((r) => r.plano_discagem_id === p.plano_discagem_id).map((r) => `${r.numero} ${r.nome}`.trim()),
    }));
  },
  insert: (r) => unwrap(commands.inserirPlanoDiscagem(toWire(r))),
  update: (r) => unwrap(commands.alterarPlanoDiscagem(toWire(r))),
  remove: (r) => unwrap(commands.deletarPlanoDiscagem(toWire(r))),
  // The ramais are in the row already (the list loads them): no request before the dialog.
  deleteBlockers: async (r) =>
    r.ramais.length === 0
      ? []
      : [
          {
            message: t("planos.emUso", {
              nome: r.nome,
              n: r.ramais.length,
              ramais: r.ramais.slice(0, 10).join(", ") + (r.ramais.length > 10 ? t("planos.eMais", { n: r.ramais.length - 10 }) : ""),
            }),
            area: "ramais",
            clienteId: r.cliente_id,
          },
        ],
  FormIntro: ClienteIntro,
};

function toWire(row: PlanoRow): PlanoRecord {
  const { ramais: _r, ...plano } = row;
  return plano;
}
