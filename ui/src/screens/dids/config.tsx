/**
 * DIDs as a config of the generic entity screen, scoped by the customer picked in the header:
 * every documented field; the number, destination, business hours and holidays through the
 * editors of `editors.tsx`; list columns computed in Rust (`vistas_dids`).
 */
import { commands, unwrap, type Did } from "../../api";
import { BulkToolbar } from "../../bulk/BulkToolbar";
import type { EntityConfig } from "../../entity/EntityScreen";
import { whenOn, type FieldSpec, type FormSection } from "../../form/model";
import { t, type Key } from "../../i18n";
import { ClienteIntro } from "../ramais/ClienteIntro";
import { DestinoEditor, FeriadosEditor, HorarioEditor, NumeroEditor } from "./editors";
import { destinoEmPalavras, motivoHorario, resumoHorario } from "./horario";
import { badge } from "../../list/cells";
import { streamRows } from "../../list/source";
import { blankDidRow, toWire, withVistas, type DidRow, type DidsScope } from "./model";

type DidKey = keyof DidRow & string;

function field(kind: FieldSpec["kind"], path: DidKey, extra: Partial<FieldSpec> = {}): FieldSpec {
  return { kind, path, label: `dids.field.${path}` as Key, ...extra };
}

const HOLIDAYS = "horario_funcionamento_lista_feriados";

export const didSections: FormSection[] = [
  {
    key: "numero",
    label: "dids.section.numero",
    items: [
      { kind: "custom", path: "numero", paths: ["numero"], component: NumeroEditor },
      field("text", "audio_antes_encaminhar"),
    ],
  },
  {
    key: "destino",
    label: "dids.section.destino",
    items: [{ kind: "custom", path: "apontar_para", paths: ["apontar_para", "destino"], wide: true, component: DestinoEditor }],
  },
  {
    key: "registro",
    label: "dids.section.registro",
    items: [
      field("switch", "habilitar_registro", { wide: true }),
      field("text", "registro_dominio", { enabledWhen: whenOn("habilitar_registro"), required: whenOn("habilitar_registro") }),
      field("text", "registro_usuario", { enabledWhen: whenOn("habilitar_registro"), required: whenOn("habilitar_registro") }),
      field("password", "registro_senha", { enabledWhen: whenOn("habilitar_registro") }),
    ],
  },
  {
    key: "recursos",
    label: "dids.section.recursos",
    items: [field("switch", "gravar_chamadas"), field("number", "maximo_chamadas_simultaneas", { min: 0 })],
  },
  {
    key: "horario",
    label: "dids.section.horario",
    items: [
      field("switch", "habilitar_horario_funcionamento", { wide: true }),
      {
        kind: "custom",
        path: "horario",
        paths: ["horario_funcionamento_dias_semana", "horario_funcionamento_inicio", "horario_funcionamento_fim"],
        wide: true,
        component: HorarioEditor,
      },
      field("text", "horario_funcionamento_audio_fora_horario", { enabledWhen: whenOn("habilitar_horario_funcionamento"), wide: true }),
    ],
  },
  {
    key: "feriados",
    label: "dids.section.feriados",
    items: [{ kind: "custom", path: "feriados", paths: [HOLIDAYS, `${HOLIDAYS}.*`], wide: true, component: FeriadosEditor }],
  },
];

function yesNo(value: number): string {
  return value === 1 ? t("common.yes") : t("common.no");
}

/** The destination column's words, which the search matches too. */
function destinoDaLinha(r: DidRow): string {
  return r.vista ? destinoEmPalavras(r.apontar_para, r.vista.destino_formatado) : "";
}

export const didsConfig: EntityConfig<DidRow, DidsScope> = {
  id: "dids",
  title: "dids.title",
  newLabel: "dids.new",
  newTitle: "dids.new",
  editTitle: "dids.edit",
  columns: [
    { key: "numero", label: "dids.col.numero", value: (r) => r.vista?.numero_formatado ?? r.numero, grow: 1.3 },
    { key: "destino", label: "dids.col.destino", value: destinoDaLinha, grow: 1.4 },
    { key: "horario", label: "dids.col.horario", value: (r) => (r.vista ? resumoHorario(r.vista.estado.horario) : ""), grow: 1.8 },
    {
      key: "aberto",
      label: "dids.col.aberto",
      value: (r) => (r.vista?.estado.aberto ? t("dids.aberto") : t("dids.fechado")),
      paint: (cell, r) =>
        cell.replaceChildren(
          ...(r.vista
            ? [
                badge(r.vista.estado.aberto ? t("dids.aberto") : t("dids.fechado"), r.vista.estado.aberto ? "green" : "gray", {
                  testId: "did-aberto",
                  title: motivoHorario(r.vista.estado),
                  data: { aberto: String(r.vista.estado.aberto) },
                }),
              ]
            : []),
        ),
      grow: 0.8,
    },
    { key: "gravar", label: "dids.col.gravar", value: (r) => yesNo(r.gravar_chamadas), grow: 0.7 },
    // "Chamadas" whole beside its sort arrow at 1280 px.
    { key: "maximo", label: "dids.col.maximo", value: (r) => r.maximo_chamadas_simultaneas, grow: 0.9, align: "right" },
  ],
  searchable: (r) => [r.numero, r.vista?.numero_formatado ?? "", destinoDaLinha(r), r.destino],
  rowId: (r) => r.did_id,
  rowName: (r) => r.vista?.numero_formatado ?? r.numero ?? String(r.did_id),
  sections: didSections,
  blank: (scope) => blankDidRow(scope.clienteId),
  stream: (scope, onPage, signal) =>
    streamRows<Did, DidRow>((operacao, canal) => commands.carregarDids({ cliente_id: scope.clienteId }, operacao, canal), withVistas, onPage, signal),
  insert: async (r) => unwrap(commands.inserirDid(r.cliente_id, await toWire(r))),
  update: async (r) => unwrap(commands.alterarDid(r.cliente_id, await toWire(r))),
  remove: (r) => unwrap(commands.deletarDid(r.cliente_id, r.did_id)),
  FormIntro: ClienteIntro,
  Toolbar: ({ scope, refresh }) => <BulkToolbar kind="dids" clienteId={scope.clienteId} listLabel={t("dids.title")} refresh={refresh} />,
};
