/**
 * The calls: every loaded row in a virtualized, sortable table. Rows are indexes into the
 * loaded columns (no object per call); the sorted order is kept up to date by merging each new
 * batch in, never by re-sorting every row; only the visible window is in the DOM (TanStack
 * Virtual), and a row already drawn is not drawn again while scrolling (memoized); cells are
 * plain elements (no component library per cell) and one click handler serves every row's
 * player button. Divergent prices are flagged; a recording opens in a player.
 */
import { Text, UnstyledButton } from "@mantine/core";
import { IconAlertTriangle, IconArrowDown, IconArrowUp, IconArrowsSort, IconPlayerPlay } from "@tabler/icons-react";
import { useVirtualizer } from "@tanstack/react-virtual";
import { memo, useEffect, useMemo, useRef, type ReactNode } from "react";
import { formatCurrency, t } from "../../i18n";
import { comparator, dataDaChamada, extendOrder, nextSort, type Colunas, type Sort, type SortKey } from "./colunas";
import { formatDuration, statusColor } from "./logic";
import list from "../../list/EntityList.module.css";
import classes from "./Historico.module.css";

const ROW_HEIGHT = 36;
// One element each, shared by every row: React skips them when a row is drawn again.
const FLAG_ICON = <IconAlertTriangle size={16} />;
const PLAY_ICON = <IconPlayerPlay size={16} />;

interface Column {
  id: string;
  header: string;
  size: number;
  /** What the column sorts by; none: not sortable. */
  sortKey?: SortKey;
  /** The first click sorts descending (numbers), else ascending (text). */
  descFirst?: boolean;
  cell: (i: number) => ReactNode;
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

function useColumns(c: Colunas, regioes: Map<number, string>): Column[] {
  return useMemo(() => {
    const regiao = (i: number) => {
      const id = c.regiao_id[i] ?? 0;
      return id === 0 ? t("historico.recebida") : regioes.get(id) ?? `#${id}`;
    };
    const text = (values: string[]) => (i: number) => values[i] ?? "";
    const num = (values: (number | null)[]) => (i: number) => values[i] ?? 0;
    return [
      { id: "data", header: t("historico.col.data"), size: 1.4, sortKey: num(c.instante), descFirst: true, cell: (i) => dataDaChamada(c, i) },
      { id: "cliente", header: t("historico.col.cliente"), size: 1.4, sortKey: text(c.cliente_nome), cell: text(c.cliente_nome) },
      { id: "origem", header: t("historico.col.origem"), size: 1.1, sortKey: text(c.origem), cell: text(c.origem) },
      { id: "destino", header: t("historico.col.destino"), size: 1.2, sortKey: text(c.destino), cell: text(c.destino) },
      { id: "regiao", header: t("historico.col.regiao"), size: 1.1, sortKey: regiao, cell: regiao },
      { id: "tronco", header: t("historico.col.tronco"), size: 1.2, sortKey: text(c.recurso), cell: text(c.recurso) },
      {
        id: "duracao", header: t("historico.col.duracao"), size: 0.7, sortKey: num(c.duracao_chamada), descFirst: true,
        cell: (i) => formatDuration(c.duracao_chamada[i] ?? 0),
      },
      {
        id: "status", header: t("historico.col.status"), size: 1, sortKey: text(c.status),
        // Colored by a class per color, not an inline style per cell (less style work per new row).
        cell: (i) => (
          <span className={classes.status} data-color={statusColor(c.status[i] ?? "")}>
            {c.status[i]}
          </span>
        ),
      },
      {
        id: "preco", header: t("historico.col.preco"), size: 1.1, sortKey: num(c.preco), descFirst: true,
        cell: (i) => (
          <span className={classes.preco}>
            <span>{formatCurrency(c.preco[i] ?? 0)}</span>
            {c.divergente[i] && (
              <span
                className={classes.flag}
                title={t("historico.divergenteTooltip", { custo: formatCurrency(c.custo_calculado[i] ?? 0), diferenca: formatCurrency(c.diferenca[i] ?? 0) })}
                data-testid="historico-divergente"
              >
                {FLAG_ICON}
              </span>
            )}
          </span>
        ),
      },
      {
        id: "gravacao", header: "", size: 0.4,
        cell: (i) =>
          c.link_gravacao[i] ? (
            <button type="button" className={`${list.action} ${classes.play}`} aria-label={t("historico.ouvir")} data-play={i} data-testid="historico-ouvir">
              {PLAY_ICON}
            </button>
          ) : null,
      },
    ] satisfies Column[];
  }, [c, regioes]);
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

interface RowProps {
  index: number;
  start: number;
  divergente: boolean;
  cdr: number;
  columns: Column[];
  template: string;
}

/** One call; drawn once while it stays in the window (its props do not change on scroll). */
const Row = memo(function Row({ index, start, divergente, cdr, columns, template }: RowProps) {
  return (
    <div
      className={`${list.row} ${classes.row}`}
      data-testid="historico-row"
      data-cdr={cdr}
      data-divergente={divergente ? "true" : "false"}
      style={{ gridTemplateColumns: template, transform: `translateY(${start}px)`, height: ROW_HEIGHT }}
    >
      {columns.map((column) => (
        <div key={column.id} className={classes.cell}>{column.cell(index)}</div>
      ))}
    </div>
  );
});

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
  const columns = useColumns(colunas, regioes);
  const view = useOrder(colunas, count, columns, sorting, soDivergentes);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: view.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    initialOffset: props.scrollTop,
  });
  // The scroll survives leaving the area: restore it once rows are there.
  const restored = useRef(false);
  useEffect(() => {
    if (!restored.current && scrollRef.current && view.length > 0) {
      restored.current = true;
      scrollRef.current.scrollTop = props.scrollTop;
    }
  }, [view.length, props.scrollTop]);
  const template = useMemo(() => columns.map((c) => `minmax(0, ${c.size}fr)`).join(" "), [columns]);

  return (
    <div className={`${list.table} ${classes.table}`}>
      <div
        ref={scrollRef}
        className={list.scroll}
        data-testid="historico-scroll"
        onScroll={(e) => props.onScroll(e.currentTarget.scrollTop)}
        onClick={(e) => {
          // One handler for every row's player button.
          const play = (e.target as HTMLElement).closest<HTMLElement>("[data-play]");
          if (play) onPlay(Number(play.dataset.play));
        }}
      >
        <Header columns={columns} template={template} sorting={sorting} onSortingChange={onSortingChange} />
        <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
          {virtualizer.getVirtualItems().map((item) => {
            const index = view[item.index];
            if (index === undefined) return null;
            return (
              <Row
                key={index}
                index={index}
                start={item.start}
                divergente={colunas.divergente[index] ?? false}
                cdr={colunas.cdr_id[index] ?? 0}
                columns={columns}
                template={template}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
