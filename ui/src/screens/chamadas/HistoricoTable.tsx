/**
 * The calls: every loaded row in a virtualized, sortable table (TanStack Table for sorting and
 * columns, TanStack Virtual for the rows: only the visible window is in the DOM, so 100,000
 * calls scroll smoothly). Divergent prices are flagged; a recording opens in a player.
 */
import { ActionIcon, Badge, Group, Text, Tooltip, UnstyledButton } from "@mantine/core";
import { IconAlertTriangle, IconArrowDown, IconArrowUp, IconArrowsSort, IconPlayerPlay } from "@tabler/icons-react";
import {
  flexRender, getCoreRowModel, getSortedRowModel, useReactTable, type ColumnDef, type SortingState,
} from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useMemo, useRef } from "react";
import type { ChamadaConferida } from "../../api";
import { formatCurrency, t } from "../../i18n";
import { formatDuration, sortableDate, statusColor } from "./logic";
import list from "../../list/EntityList.module.css";
import classes from "./Historico.module.css";

const ROW_HEIGHT = 36;

export interface HistoricoTableProps {
  rows: ChamadaConferida[];
  regioes: Map<number, string>;
  sorting: SortingState;
  onSortingChange: (sorting: SortingState) => void;
  scrollTop: number;
  onScroll: (top: number) => void;
  onPlay: (row: ChamadaConferida) => void;
}

export function HistoricoTable(props: HistoricoTableProps) {
  const { rows, regioes, sorting, onSortingChange, onPlay } = props;
  const columns = useMemo<ColumnDef<ChamadaConferida>[]>(
    () => [
      { id: "data", header: t("historico.col.data"), accessorFn: (r) => sortableDate(r.chamada.data ?? ""), cell: (c) => c.row.original.chamada.data, size: 1.4 },
      { id: "cliente", header: t("historico.col.cliente"), accessorFn: (r) => r.chamada.cliente_nome, size: 1.4 },
      { id: "origem", header: t("historico.col.origem"), accessorFn: (r) => r.chamada.origem, size: 1.1 },
      { id: "destino", header: t("historico.col.destino"), accessorFn: (r) => r.chamada.destino, size: 1.2 },
      {
        id: "regiao", header: t("historico.col.regiao"), size: 1.1,
        accessorFn: (r) => (r.chamada.regiao_id === 0 ? t("historico.recebida") : regioes.get(r.chamada.regiao_id ?? 0) ?? `#${r.chamada.regiao_id}`),
      },
      { id: "tronco", header: t("historico.col.tronco"), accessorFn: (r) => r.chamada.recurso, size: 1.2 },
      { id: "duracao", header: t("historico.col.duracao"), accessorFn: (r) => r.chamada.duracao_chamada ?? 0, cell: (c) => formatDuration(c.getValue<number>()), size: 0.7 },
      {
        id: "status", header: t("historico.col.status"), accessorFn: (r) => r.chamada.status, size: 1,
        cell: (c) => <Badge variant="light" color={statusColor(c.getValue<string>())} size="sm">{c.getValue<string>()}</Badge>,
      },
      {
        id: "preco", header: t("historico.col.preco"), accessorFn: (r) => r.chamada.preco ?? 0, size: 1.1,
        cell: (c) => {
          const { conferencia } = c.row.original;
          return (
            <Group gap={4} wrap="nowrap">
              <span>{formatCurrency(c.getValue<number>())}</span>
              {conferencia.divergente && (
                <Tooltip label={t("historico.divergenteTooltip", { custo: formatCurrency(conferencia.custo_calculado ?? 0), diferenca: formatCurrency(conferencia.diferenca ?? 0) })}>
                  <IconAlertTriangle size={16} color="var(--mantine-color-red-6)" data-testid="historico-divergente" />
                </Tooltip>
              )}
            </Group>
          );
        },
      },
      {
        id: "gravacao", header: "", enableSorting: false, size: 0.4, accessorFn: (r) => r.chamada.link_gravacao,
        cell: (c) =>
          c.getValue<string>() ? (
            <ActionIcon variant="subtle" size="sm" aria-label={t("historico.ouvir")} onClick={() => onPlay(c.row.original)} data-testid="historico-ouvir">
              <IconPlayerPlay size={16} />
            </ActionIcon>
          ) : null,
      },
    ],
    [regioes, onPlay],
  );
  const table = useReactTable({
    data: rows,
    columns,
    state: { sorting },
    onSortingChange: (updater) => onSortingChange(typeof updater === "function" ? updater(sorting) : updater),
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
  });
  const model = table.getRowModel().rows;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: model.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    initialOffset: props.scrollTop,
  });
  // The scroll survives leaving the area: restore it once rows are there.
  const restored = useRef(false);
  useEffect(() => {
    if (!restored.current && scrollRef.current && model.length > 0) {
      restored.current = true;
      scrollRef.current.scrollTop = props.scrollTop;
    }
  }, [model.length, props.scrollTop]);
  const template = columns.map((c) => `minmax(0, ${c.size ?? 1}fr)`).join(" ");

  return (
    <div className={`${list.table} ${classes.table}`}>
      <div
        ref={scrollRef}
        className={list.scroll}
        data-testid="historico-scroll"
        onScroll={(e) => props.onScroll(e.currentTarget.scrollTop)}
      >
        {table.getHeaderGroups().map((group) => (
          <div key={group.id} className={`${list.header} ${classes.header}`} style={{ gridTemplateColumns: template }}>
            {group.headers.map((header) => {
              const sorted = header.column.getIsSorted();
              const Icon = sorted === "asc" ? IconArrowUp : sorted === "desc" ? IconArrowDown : IconArrowsSort;
              return header.column.getCanSort() ? (
                <UnstyledButton
                  key={header.id}
                  className={list.headerCell}
                  onClick={header.column.getToggleSortingHandler()}
                  data-testid={`historico-sort-${header.id}`}
                  data-sorted={sorted || "none"}
                >
                  <Text size="sm" fw={600} truncate>{flexRender(header.column.columnDef.header, header.getContext())}</Text>
                  <Icon size={14} opacity={sorted ? 1 : 0.4} />
                </UnstyledButton>
              ) : (
                <div key={header.id} />
              );
            })}
          </div>
        ))}
        <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = model[item.index];
            if (!row) return null;
            const c = row.original;
            return (
              <div
                key={row.id}
                className={`${list.row} ${classes.row}`}
                data-testid="historico-row"
                data-cdr={c.chamada.cdr_id}
                data-divergente={c.conferencia.divergente ? "true" : "false"}
                style={{ gridTemplateColumns: template, transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
              >
                {row.getVisibleCells().map((cell) => (
                  <div key={cell.id} className={classes.cell}>
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
