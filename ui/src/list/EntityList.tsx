/**
 * The one list screen piece for every entity: search, sortable columns, every record in a
 * virtualized body (only the visible window is in the DOM, so 10,000 rows stay smooth),
 * count, new/edit/delete with confirmation, and loading / empty / error states.
 *
 * Kept light for lists that grow page by page (see `ListView`): rows are indexes, the body is
 * drawn without React (`windowed.ts`: rows cloned from one blank row and filled with plain
 * elements, custom cells by `Column.paint`), and one click handler on the table serves every row,
 * its buttons and its cells' actions.
 */
import { ActionIcon, Anchor, Button, Group, Loader, Paper, Progress, Stack, Text, TextInput, Title, Tooltip, UnstyledButton } from "@mantine/core";
import { IconArrowDown, IconArrowUp, IconArrowsSort, IconPencil, IconPlus, IconRefresh, IconSearch, IconTrash } from "@tabler/icons-react";
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type MouseEvent, type MutableRefObject, type ReactNode, type RefObject } from "react";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { ErrorView } from "../components/ErrorView";
import type { DeleteBlocker } from "../entity/EntityScreen";
import { formatNumber, plural, t } from "../i18n";
import { useNavOptional } from "../shell/nav";
import { nextSort, type CellValue, type Column, type SortState } from "./logic";
import { element } from "./cells";
import { ListView } from "./view";
import { useWindowedRows, type RowPainter } from "./windowed";
import classes from "./EntityList.module.css";

export const ROW_HEIGHT = 44;
/** The narrowest a column gets before the table scrolls sideways (1024 px windows). */
const MIN_COLUMN_PX = 96;
const ACTIONS_PX = 88;

/** What the user made of the list: kept by the screen across the form and refreshes. */
export interface ListState {
  query: string;
  sort: SortState | null;
  /** The row last opened or clicked. */
  selected: number | string | null;
}

export const INITIAL_LIST_STATE: ListState = { query: "", sort: null, selected: null };

export interface EntityListProps<T> {
  title: string;
  rows: readonly T[] | undefined;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  columns: readonly Column<T>[];
  searchable: (row: T) => CellValue[];
  rowId: (row: T) => number | string;
  rowName: (row: T) => string;
  newLabel: string;
  onNew: () => void;
  onEdit: (row: T) => void;
  /** Deletes on the server; a thrown error stays in the confirmation dialog. */
  onDelete: (row: T) => Promise<void>;
  /** Asked before the delete confirmation: what would make the server refuse it. */
  deleteBlockers?: (row: T) => Promise<DeleteBlocker[]>;
  /** Extra controls beside the search box. */
  toolbar?: ReactNode;
  /** Records loaded so far while loading (pages of a long list, or a quiet refresh). */
  progress?: { loaded: number; total: number | null } | null;
  /** Search, sort and selection, owned by the screen; local to the list when absent. */
  state?: ListState;
  onState?: (update: (state: ListState) => ListState) => void;
  /** Where the list was scrolled to, kept by the screen. */
  scrollTop?: MutableRefObject<number>;
  /**
   * Shown in the rows' place while there is nothing to list yet (no customer picked); the
   * list's buttons are off.
   */
  idle?: ReactNode;
}

function progressText(progress: { loaded: number; total: number | null }): string {
  return progress.total !== null
    ? t("list.loadingProgress", { loaded: formatNumber(progress.loaded), total: formatNumber(progress.total) })
    : t("list.loadingCount", { loaded: formatNumber(progress.loaded) });
}

export function EntityList<T>(props: EntityListProps<T>) {
  const { title, rows, loading, error, onRetry, columns, searchable, rowId, rowName } = props;
  const [localState, setLocalState] = useState<ListState>(INITIAL_LIST_STATE);
  const state = props.state ?? localState;
  const setState = props.onState ?? setLocalState;
  const { query, sort } = state;
  const [toDelete, setToDelete] = useState<T | null>(null);
  // The screen's callbacks, read when called: the parts around the rows take stable ones and are
  // not drawn again for every batch of rows that arrives.
  const latest = useRef(props);
  latest.current = props;
  const onRetryStable = useCallback(() => latest.current.onRetry(), []);
  const onNew = useCallback(() => latest.current.onNew(), []);
  const onDelete = useCallback((row: T) => latest.current.onDelete(row), []);
  const closeDelete = useCallback(() => setToDelete(null), []);
  const onQuery = useCallback((value: string) => setState((s) => ({ ...s, query: value })), [setState]);

  const view = useMemo(() => new ListView(searchable, columns), [searchable, columns]);
  // Filtered in the keystroke's own render: a pass over the index costs a few ms, while a
  // deferred second render would wait for the frame painted in between (hundreds of ms when
  // the webview draws in software).
  const visible = useMemo(() => view.update(rows ?? [], query, sort), [view, rows, query, sort]);
  const onSort = useCallback((key: string) => setState((s) => ({ ...s, sort: nextSort(s.sort, key) })), [setState]);
  const onSelect = useCallback((row: T) => setState((s) => ({ ...s, selected: rowId(row) })), [setState, rowId]);
  const total = rows?.length ?? 0;
  const template = `${columns.map((c) => `minmax(${MIN_COLUMN_PX}px, ${c.grow ?? 1}fr)`).join(" ")} ${ACTIONS_PX}px`;
  const minWidth = columns.length * MIN_COLUMN_PX + ACTIONS_PX;

  let body: ReactNode;
  if (error && !rows) {
    body = <ErrorView error={error} onRetry={onRetry} testId="list-error" />;
  } else {
    // The table (header and scroll area) is drawn while the first load runs: its columns show
    // at once, and the rows that arrive go into a table already laid out.
    let placeholder: ReactNode = null;
    if (props.idle !== undefined) {
      placeholder = <div className={classes.idle}>{props.idle}</div>;
    } else if (loading && !rows) {
      placeholder = (
        // No spinner: it repaints every frame while the rows are being fetched and drawn.
        <Group justify="center" p="md" gap="sm" wrap="nowrap" data-testid="list-loading">
          {props.progress?.total ? (
            <Progress value={(props.progress.loaded / props.progress.total) * 100} w={64} size="sm" transitionDuration={0} />
          ) : null}
          <Text c="dimmed" data-testid="list-progress">
            {props.progress ? progressText(props.progress) : t("list.loading")}
          </Text>
        </Group>
      );
    } else if (visible.length === 0) {
      placeholder = (
        <Text c="dimmed" ta="center" p="xl" data-testid="list-empty">
          {total === 0 ? t("list.empty") : t("list.emptyFiltered")}
        </Text>
      );
    }
    body = (
      <VirtualRows
        rows={rows ?? []}
        order={visible}
        placeholder={placeholder}
        columns={columns}
        template={template}
        minWidth={minWidth}
        sort={sort}
        onSort={onSort}
        selected={state.selected}
        onSelect={onSelect}
        scrollTop={props.scrollTop}
        rowId={rowId}
        rowName={rowName}
        onEdit={props.onEdit}
        onDelete={setToDelete}
      />
    );
  }

  return (
    <Stack gap="sm" className={classes.screen}>
      <TitleBar title={title} refreshing={loading && !!rows} disabled={props.idle !== undefined} onRefresh={onRetryStable} newLabel={props.newLabel} onNew={onNew} />
      <Group gap="sm" wrap="nowrap">
        <SearchBox query={query} onQuery={onQuery} disabled={props.idle !== undefined} />
        {props.toolbar}
        {rows && (
          <Text size="sm" c="dimmed" data-testid="list-count" data-count={visible.length} data-total={total} data-loading={loading} truncate>
            {visible.length === total
              ? plural("list.count", total)
              : plural("list.countFiltered", total, { shown: formatNumber(visible.length) })}
          </Text>
        )}
        {rows && loading && (
          <Group gap={6} wrap="nowrap" data-testid="list-progress">
            {/* A bar that moves per page, not a spinner: on a slow server a load lasts a minute,
                and a spinner repaints every frame while the user scrolls the rows already in. */}
            {props.progress?.total ? (
              <Progress value={(props.progress.loaded / props.progress.total) * 100} w={64} size="sm" transitionDuration={0} />
            ) : null}
            <Text size="sm" c="dimmed" truncate>
              {props.progress ? progressText(props.progress) : t("list.loading")}
            </Text>
          </Group>
        )}
      </Group>
      {error && rows ? <ErrorView error={error} onRetry={onRetry} testId="list-error" /> : null}
      <Paper withBorder className={classes.table}>
        {body}
      </Paper>
      <DeleteDialog row={toDelete} rowName={rowName} blockers={props.deleteBlockers} onDelete={onDelete} onClose={closeDelete} />
    </Stack>
  );
}

/** The title and the list's buttons. */
const TitleBar = memo(function TitleBar({ title, refreshing, disabled, onRefresh, newLabel, onNew }: {
  title: string;
  refreshing: boolean;
  /** Nothing to refresh or add to yet. */
  disabled: boolean;
  onRefresh: () => void;
  newLabel: string;
  onNew: () => void;
}) {
  return (
    <Group justify="space-between" wrap="nowrap">
      <Title order={2}>{title}</Title>
      <Group gap="xs" wrap="nowrap">
        <Tooltip label={t("list.refresh")}>
          {/* Disabled, not spinning, while it refreshes: the progress beside the search box says
              how far it is, and a spinner repaints every frame. */}
          <ActionIcon variant="default" size="lg" onClick={onRefresh} disabled={refreshing || disabled} aria-label={t("list.refresh")} data-testid="list-refresh">
            <IconRefresh size={18} />
          </ActionIcon>
        </Tooltip>
        <Button leftSection={<IconPlus size={16} />} onClick={onNew} disabled={disabled} data-testid="list-new">
          {newLabel}
        </Button>
      </Group>
    </Group>
  );
});

const SearchBox = memo(function SearchBox({ query, onQuery, disabled }: { query: string; onQuery: (value: string) => void; disabled: boolean }) {
  return (
    <TextInput
      className={classes.search}
      placeholder={t("list.searchPlaceholder")}
      aria-label={t("list.search")}
      leftSection={<IconSearch size={16} />}
      value={query}
      disabled={disabled}
      onChange={(e) => onQuery(e.currentTarget.value)}
      data-testid="list-search"
    />
  );
});

/** The delete confirmation: first what would block it (with links), then the confirmation. */
const DeleteDialog = memo(function DeleteDialog<T>({ row, rowName, blockers, onDelete, onClose }: {
  row: T | null;
  rowName: (row: T) => string;
  blockers?: (row: T) => Promise<DeleteBlocker[]>;
  onDelete: (row: T) => Promise<void>;
  onClose: () => void;
}) {
  const nav = useNavOptional();
  const [found, setFound] = useState<DeleteBlocker[] | null>(null);
  useEffect(() => {
    setFound(null);
    if (row === null || !blockers) return;
    let live = true;
    // A failed check is no reason to refuse: the server still says no when it must.
    blockers(row).then((b) => live && setFound(b), () => live && setFound([]));
    return () => {
      live = false;
    };
  }, [row, blockers]);
  const checking = row !== null && !!blockers && found === null;
  const blocked = (found?.length ?? 0) > 0;
  return (
    <ConfirmDialog
      opened={row !== null}
      title={t("list.confirmTitle")}
      body={row ? (blocked ? t("list.deleteBlocked", { name: rowName(row) }) : t("list.confirmBody", { name: rowName(row) })) : ""}
      confirmLabel={t("common.delete")}
      confirmDisabled={checking || blocked}
      onConfirm={() => (row ? onDelete(row) : Promise.resolve())}
      onClose={onClose}
    >
      {checking && (
        <Group gap="xs" data-testid="delete-checking">
          <Loader size="xs" />
          <Text size="sm" c="dimmed">
            {t("list.deleteChecking")}
          </Text>
        </Group>
      )}
      {blocked && (
        <Stack gap={4} data-testid="delete-blockers">
          {found?.map((b) => (
            <Group key={b.message} gap="xs" data-testid="delete-blocker">
              <Text size="sm">{b.message}</Text>
              {b.area && nav && (
                <Anchor
                  component="button"
                  type="button"
                  size="sm"
                  data-testid={`delete-blocker-go-${b.area}`}
                  onClick={() => {
                    onClose();
                    if (b.clienteId !== undefined) nav.setClienteId(b.clienteId);
                    if (b.area) nav.go(b.area);
                  }}
                >
                  {t("list.deleteBlockerGo")}
                </Anchor>
              )}
            </Group>
          ))}
        </Stack>
      )}
    </ConfirmDialog>
  );
}) as <T>(props: {
  row: T | null;
  rowName: (row: T) => string;
  blockers?: (row: T) => Promise<DeleteBlocker[]>;
  onDelete: (row: T) => Promise<void>;
  onClose: () => void;
}) => ReactNode;

interface VirtualRowsProps<T> {
  rows: readonly T[];
  /** Indexes into `rows`, in the order shown. */
  order: readonly number[];
  /** Shown under the header instead of rows: the loading line or the empty state. */
  placeholder: ReactNode;
  columns: readonly Column<T>[];
  template: string;
  minWidth: number;
  sort: SortState | null;
  onSort: (column: string) => void;
  selected: number | string | null;
  onSelect: (row: T) => void;
  scrollTop?: MutableRefObject<number>;
  rowId: (row: T) => number | string;
  rowName: (row: T) => string;
  onEdit: (row: T) => void;
  onDelete: (row: T) => void;
}

/** Rows kept in the DOM above and below the viewport. */
const OVERSCAN = 8;

/**
 * The body: only the visible window of rows is in the DOM, drawn without React by
 * `WindowedRows` (a scroll step clones and fills the rows coming into view; on the
 * software-rendered webview React's render of the window cost 4-5 ms of each frame). React draws
 * the header, the frame, and once the two icons every row clones.
 */
function VirtualRows<T>(props: VirtualRowsProps<T>) {
  const { rows, order, placeholder, columns, template, minWidth, sort, onSort, selected, onSelect, scrollTop, rowId, rowName, onEdit, onDelete } = props;
  const nav = useNavOptional();
  const scrollRef = useRef<HTMLDivElement>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const iconsRef = useRef<HTMLDivElement>(null);
  const windowed = useWindowedRows(scrollRef, bodyRef, ROW_HEIGHT, OVERSCAN, (top) => {
    if (scrollTop) scrollTop.current = top;
  });
  useLayoutEffect(() => {
    const scroll = scrollRef.current;
    // Back where the user left it (before the form opened); the body already has its height.
    if (scrollTop && scrollTop.current > 0) windowed.current?.scrollTo(scrollTop.current);
    return () => {
      // Read when the list goes away (a form opens): the last scroll event may not have fired yet.
      if (scroll && scrollTop) scrollTop.current = scroll.scrollTop;
    };
  }, [scrollTop, windowed]);

  const prototype = useMemo(() => blankRow(columns, template, iconsRef), [columns, template]);
  const painter = useMemo(() => rowPainter(prototype, rows, columns, selected, rowId, rowName), [prototype, rows, columns, selected, rowId, rowName]);
  useLayoutEffect(() => {
    windowed.current?.show(order, painter);
  }, [order, painter]);

  /** The row (and button) under a click: one handler for every row. */
  const target = (e: MouseEvent): { row: T; action: string | undefined } | null => {
    const el = e.target as HTMLElement;
    const rowEl = el.closest<HTMLElement>("[data-row]");
    const row = rowEl ? rows[Number(rowEl.dataset.row)] : undefined;
    if (row === undefined) return null;
    return { row, action: el.closest<HTMLElement>("[data-action]")?.dataset.action };
  };

  return (
    <div
      ref={scrollRef}
      className={classes.scroll}
      role="table"
      aria-rowcount={order.length + 1}
      data-testid="list-scroll"
      onClick={(e) => {
        const hit = target(e);
        if (!hit) return;
        onSelect(hit.row);
        if (hit.action === "edit") onEdit(hit.row);
        else if (hit.action === "delete") onDelete(hit.row);
        else if (hit.action && nav) columns.find((c) => c.key === hit.action)?.action?.(hit.row, nav);
      }}
      onDoubleClick={(e) => {
        const hit = target(e);
        if (hit && !hit.action) onEdit(hit.row);
      }}
    >
      <div hidden ref={iconsRef}>
        <IconPencil size={16} />
        <IconTrash size={16} />
      </div>
      <Header columns={columns} template={template} minWidth={minWidth} sort={sort} onSort={onSort} />
      {placeholder}
      {/* Rows are added and removed here by WindowedRows, never by React. */}
      <div ref={bodyRef} style={{ height: order.length * ROW_HEIGHT, position: "relative", minWidth }} />
    </div>
  );
}

/** The column headers: drawn again only when the sort or the columns change, not on scroll. */
const Header = memo(function Header<T>({ columns, template, minWidth, sort, onSort }: {
  columns: readonly Column<T>[];
  template: string;
  minWidth: number;
  sort: SortState | null;
  onSort: (column: string) => void;
}) {
  return (
    <div role="row" className={classes.header} style={{ gridTemplateColumns: template, minWidth }}>
      {columns.map((c) => {
        const active = sort?.column === c.key ? sort.direction : null;
        const Icon = active === "asc" ? IconArrowUp : active === "desc" ? IconArrowDown : IconArrowsSort;
        return (
          <UnstyledButton
            key={c.key}
            role="columnheader"
            aria-sort={active === "asc" ? "ascending" : active === "desc" ? "descending" : "none"}
            className={classes.headerCell}
            onClick={() => onSort(c.key)}
            title={t("list.sortBy", { column: t(c.label) })}
            data-testid={`list-sort-${c.key}`}
            style={{ justifyContent: c.align === "right" ? "flex-end" : undefined }}
          >
            {/* Two lines rather than a cut label in a narrow column. */}
            <Text size="sm" fw={600} lh={1.2} lineClamp={2}>
              {t(c.label)}
            </Text>
            <Icon size={14} className={active ? undefined : classes.dim} />
          </UnstyledButton>
        );
      })}
      <Text size="sm" fw={600} role="columnheader" className={classes.headerCell}>
        {t("list.actions")}
      </Text>
    </div>
  );
}) as <T>(props: {
  columns: readonly Column<T>[];
  template: string;
  minWidth: number;
  sort: SortState | null;
  onSort: (column: string) => void;
}) => ReactNode;

const EDIT_ICON = 0;
const DELETE_ICON = 1;

/**
 * A blank row of these columns, cloned for every row shown. Built when first cloned (in a
 * layout effect), once the hidden icons React draws are in the DOM.
 */
function blankRow<T>(columns: readonly Column<T>[], template: string, icons: RefObject<HTMLDivElement | null>): () => HTMLElement {
  let built: HTMLElement | null = null;
  return () => {
    if (built) return built;
    const row = element("div", classes.row);
    row.setAttribute("role", "row");
    row.dataset.testid = "list-row";
    row.style.gridTemplateColumns = template;
    row.style.height = `${ROW_HEIGHT}px`;
    for (const c of columns) {
      const cell = element("div", c.paint ? classes.cell : classes.textCell);
      cell.setAttribute("role", "cell");
      if (c.align && c.align !== "left") cell.style.textAlign = c.align;
      row.appendChild(cell);
    }
    const actions = element("div", classes.actions);
    actions.setAttribute("role", "cell");
    for (const [action, icon, className, testId] of [
      ["edit", EDIT_ICON, classes.action, "row-edit"],
      ["delete", DELETE_ICON, `${classes.action} ${classes.danger}`, "row-delete"],
    ] as const) {
      const button = element("button", className);
      button.type = "button";
      button.dataset.action = action;
      button.dataset.testid = testId;
      const svg = icons.current?.children[icon];
      if (svg) button.appendChild(svg.cloneNode(true));
      actions.appendChild(button);
    }
    row.appendChild(actions);
    built = row;
    return row;
  };
}

/** Fills clones of `prototype` with `rows`: a new painter per new rows or selection (refilled in place). */
function rowPainter<T>(
  prototype: () => HTMLElement,
  rows: readonly T[],
  columns: readonly Column<T>[],
  selected: number | string | null,
  rowId: (row: T) => number | string,
  rowName: (row: T) => string,
): RowPainter {
  return {
    get prototype() {
      return prototype();
    },
    fill(el, index, position) {
      const row = rows[index] as T;
      const id = rowId(row);
      const isSelected = String(id === selected);
      el.setAttribute("aria-rowindex", String(position + 2));
      el.setAttribute("aria-selected", isSelected);
      el.dataset.id = String(id);
      el.dataset.row = String(index);
      el.dataset.selected = isSelected;
      const cells = el.children;
      for (let j = 0; j < columns.length; j += 1) {
        const c = columns[j] as Column<T>;
        const cell = cells[j] as HTMLElement;
        if (c.paint) {
          c.paint(cell, row);
          continue;
        }
        // The whole text on hover: cells are cut to one line.
        const text = String(c.value(row) ?? "");
        cell.textContent = text;
        cell.title = text;
      }
      const name = rowName(row);
      const buttons = (cells[columns.length] as HTMLElement).children;
      (buttons[0] as HTMLElement).setAttribute("aria-label", t("list.editRow", { name }));
      (buttons[1] as HTMLElement).setAttribute("aria-label", t("list.deleteRow", { name }));
    },
  };
}
