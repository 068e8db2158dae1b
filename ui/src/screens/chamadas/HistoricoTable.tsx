/**
 * The calls: every loaded row in a virtualized, sortable table. Rows are indexes into the
 * loaded columns (no object per call); the sorted order is kept up to date by merging each new
 * batch in, never by re-sorting every row. The body is drawn without React (`list/windowed.ts`):
 * only the visible window is in the DOM, a scroll step clones and fills the rows coming into
 * view with plain elements, and one click handler serves every row's player button. React draws
 * the header and the frame around. Divergent prices are flagged; a recording opens in a player.
 */
import { Text, UnstyledButton } from "@mantine/core";
import { IconAlertTriangle, IconArrowDown, IconArrowUp, IconArrowsSort, IconPlayerPlay } from "@tabler/icons-react";
import { memo, useLayoutEffect, useMemo, useRef, type RefObject } from "react";
import { formatCurrency, t } from "../../i18n";
import { element } from "../../list/cells";
import { useWindowedRows, type RowPainter } from "../../list/windowed";
import { comparator, dataDaChamada, extendOrder, nextSort, type Colunas, type Sort, type SortKey } from "./colunas";
import { formatDuration, statusColor } from "./logic";
import list from "../../list/EntityList.module.css";
import classes from "./Historico.module.css";

const ROW_HEIGHT = 36;
const OVERSCAN = 12;

interface Column {
  id: string;
  header: string;
  size: number;
  /** What the column sorts by; none: not sortable. */
  sortKey?: SortKey;
  /** The first click sorts descending (numbers), else ascending (text). */
  descFirst?: boolean;
  /** Writes call `i` into its cell (plain elements: see `list/windowed.ts`). */
  paint: (cell: HTMLElement, i: number) => void;
}

/** The icons rows clone, drawn once by React in a hidden element (the same Tabler icons). */
type Icons = RefObject<HTMLDivElement | null>;
const FLAG = 0;
const PLAY = 1;
function icon(icons: Icons, which: number): Node {
  const template = icons.current?.children[which];
  return template ? template.cloneNode(true) : document.createTextNode("");
}

export interface HistoricoTableProps {
  colunas: Colunas;
  /** Rows of `colunas` to show (the first `count`). */
  count: number;
  soDivergentes: boolean;
  regioes: Map<number, string>;
  sorting: Sort[];
  onSortingChange: (sorting: Sort[]) => void;
  scrollTop: number;
  onScroll: (top: number) => void;
  /** Row index of the call whose recording to play. */
  onPlay: (index: number) => void;
}

function useColumns(c: Colunas, regioes: Map<number, string>, icons: Icons): Column[] {
  return useMemo(() => {
    const regiao = (i: number) => {
      const id = c.regiao_id[i] ?? 0;
      return id === 0 ? t("historico.recebida") : regioes.get(id) ?? `#${id}`;
    };
    const text = (values: string[]) => (i: number) => values[i] ?? "";
    const num = (values: (number | null)[]) => (i: number) => values[i] ?? 0;
    const paintText = (value: (i: number) => string) => (cell: HTMLElement, i: number) => {
      cell.textContent = value(i);
    };
    const ouvir = t("historico.ouvir");
    return [
      { id: "data", header: t("historico.col.data"), size: 1.4, sortKey: num(c.instante), descFirst: true, paint: paintText((i) => dataDaChamada(c, i)) },
      { id: "cliente", header: t("historico.col.cliente"), size: 1.4, sortKey: text(c.cliente_nome), paint: paintText(text(c.cliente_nome)) },
      { id: "origem", header: t("historico.col.origem"), size: 1.1, sortKey: text(c.origem), paint: paintText(text(c.origem)) },
      { id: "destino", header: t("historico.col.destino"), size: 1.2, sortKey: text(c.destino), paint: paintText(text(c.destino)) },
      { id: "regiao", header: t("historico.col.regiao"), size: 1.1, sortKey: regiao, paint: paintText(regiao) },
      { id: "tronco", header: t("historico.col.tronco"), size: 1.2, sortKey: text(c.recurso), paint: paintText(text(c.recurso)) },
      {
        id: "duracao", header: t("historico.col.duracao"), size: 0.7, sortKey: num(c.duracao_chamada), descFirst: true,
        paint: paintText((i) => formatDuration(c.duracao_chamada[i] ?? 0)),
      },
      {
        id: "status", header: t("historico.col.status"), size: 1, sortKey: text(c.status),
        // Colored by a class per color, not an inline style per cell (less style work per new row).
        paint: (cell, i) => {
          const status = c.status[i] ?? "";
          const pill = element("span", classes.status ?? "", status);
          pill.dataset.color = statusColor(status);
          cell.replaceChildren(pill);
        },
      },
      {
        id: "preco", header: t("historico.col.preco"), size: 1.1, sortKey: num(c.preco), descFirst: true,
        paint: (cell, i) => {
          const preco = element("span", classes.preco ?? "");
          preco.appendChild(element("span", "", formatCurrency(c.preco[i] ?? 0)));
          if (c.divergente[i]) {
            const flag = element("span", classes.flag ?? "");
            flag.title = t("historico.divergenteTooltip", { custo: formatCurrency(c.custo_calculado[i] ?? 0), diferenca: formatCurrency(c.diferenca[i] ?? 0) });
            flag.dataset.testid = "historico-divergente";
            flag.appendChild(icon(icons, FLAG));
            preco.appendChild(flag);
          }
          cell.replaceChildren(preco);
        },
      },
      {
        id: "gravacao", header: "", size: 0.4,
        paint: (cell, i) => {
          if (!c.link_gravacao[i]) {
            cell.replaceChildren();
            return;
          }
          const play = element("button", `${list.action} ${classes.play}`);
          play.setAttribute("type", "button");
          play.setAttribute("aria-label", ouvir);
          play.dataset.play = String(i);
          play.dataset.testid = "historico-ouvir";
          play.appendChild(icon(icons, PLAY));
          cell.replaceChildren(play);
        },
      },
    ] satisfies Column[];
  }, [c, regioes, icons]);
}

/** A row: a clone of one blank row (the grid and its cells), filled with a call. */
function rowPainter(c: Colunas, columns: Column[], template: string): RowPainter {
  const prototype = element("div", `${list.row} ${classes.row}`);
  prototype.dataset.testid = "historico-row";
  prototype.style.gridTemplateColumns = template;
  prototype.style.height = `${ROW_HEIGHT}px`;
  for (let j = 0; j < columns.length; j += 1) prototype.appendChild(element("div", classes.cell ?? ""));
  return {
    prototype,
    fill(row, i) {
      row.dataset.cdr = String(c.cdr_id[i] ?? 0);
      row.dataset.divergente = c.divergente[i] ? "true" : "false";
      const cells = row.children;
      for (let j = 0; j < columns.length; j += 1) (columns[j] as Column).paint(cells[j] as HTMLElement, i);
    },
  };
}

/** Row indexes in the order shown: sorted by `sorting`, batches merged in as they arrive. */
function useOrder(colunas: Colunas, count: number, columns: Column[], sorting: Sort[], soDivergentes: boolean): number[] {
  const last = useRef<{ colunas: Colunas; columns: Column[]; key: string; count: number; order: number[] } | null>(null);
  const order = useMemo(() => {
    const sort = sorting[0];
    const column = sort ? columns.find((col) => col.id === sort.id && col.sortKey) : undefined;
    const key = column && sort ? `${sort.id}:${sort.desc}` : "";
    const cmp = column?.sortKey && sort ? comparator(column.sortKey, sort.desc) : null;
    const prev = last.current;
    const base = prev && prev.colunas === colunas && prev.columns === columns && prev.key === key && prev.count <= count ? prev : null;
    const next = extendOrder(base?.order ?? [], base?.count ?? 0, count, cmp);
    last.current = { colunas, columns, key, count, order: next };
    return next;
  }, [colunas, count, columns, sorting]);
  return useMemo(() => (soDivergentes ? order.filter((i) => colunas.divergente[i]) : order), [order, soDivergentes, colunas]);
}

/** The column headers: drawn again when the sorting changes, not on every scroll step. */
const Header = memo(function Header({ columns, template, sorting, onSortingChange }: {
  columns: Column[];
  template: string;
  sorting: Sort[];
  onSortingChange: (sorting: Sort[]) => void;
}) {
  return (
    <div className={`${list.header} ${classes.header}`} style={{ gridTemplateColumns: template }}>
      {columns.map((column) => {
        if (!column.sortKey) return <div key={column.id} />;
        const current = sorting.find((s) => s.id === column.id);
        const sorted = current ? (current.desc ? "desc" : "asc") : false;
        const Icon = sorted === "asc" ? IconArrowUp : sorted === "desc" ? IconArrowDown : IconArrowsSort;
        return (
          <UnstyledButton
            key={column.id}
            className={list.headerCell}
            onClick={() => onSortingChange(nextSort(sorting, column.id, column.descFirst ?? false))}
            data-testid={`historico-sort-${column.id}`}
            data-sorted={sorted || "none"}
          >
            <Text size="sm" fw={600} truncate>{column.header}</Text>
            <Icon size={14} opacity={sorted ? 1 : 0.4} />
          </UnstyledButton>
        );
      })}
    </div>
  );
});

export function HistoricoTable(props: HistoricoTableProps) {
  const { colunas, count, soDivergentes, regioes, sorting, onSortingChange, onPlay } = props;
  const iconsRef = useRef<HTMLDivElement>(null);
  const columns = useColumns(colunas, regioes, iconsRef);
  const view = useOrder(colunas, count, columns, sorting, soDivergentes);
  const template = useMemo(() => columns.map((c) => `minmax(0, ${c.size}fr)`).join(" "), [columns]);
  const painter = useMemo(() => rowPainter(colunas, columns, template), [colunas, columns, template]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const rows = useWindowedRows(scrollRef, bodyRef, ROW_HEIGHT, OVERSCAN, props.onScroll);

  // The scroll survives leaving the area: restored once rows are there.
  const restored = useRef(false);
  useLayoutEffect(() => {
    const scroll = scrollRef.current;
    if (!restored.current && scroll && view.length > 0) {
      restored.current = true;
      rows.current?.scrollTo(props.scrollTop);
    }
    rows.current?.show(view, painter);
  }, [view, painter, props.scrollTop]);

  return (
    <div className={`${list.table} ${classes.table}`}>
      <div hidden ref={iconsRef}>
        <IconAlertTriangle size={16} />
        <IconPlayerPlay size={16} />
      </div>
      <div
        ref={scrollRef}
        className={list.scroll}
        data-testid="historico-scroll"
        onClick={(e) => {
          // One handler for every row's player button.
          const play = (e.target as HTMLElement).closest<HTMLElement>("[data-play]");
          if (play) onPlay(Number(play.dataset.play));
        }}
      >
        <Header columns={columns} template={template} sorting={sorting} onSortingChange={onSortingChange} />
        {/* Rows are added and removed here by WindowedRows, never by React. */}
        <div ref={bodyRef} style={{ height: view.length * ROW_HEIGHT, position: "relative" }} />
      </div>
    </div>
  );
}
