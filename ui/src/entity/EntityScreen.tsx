/**
 * One screen per entity built from a config: the generic list, the generic form for new and
 * edit, and the queries and mutations between them. Clientes and Ramais are configs of this.
 */
import { notifications } from "@mantine/notifications";
import { queryOptions, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState, type ComponentType, type ReactNode } from "react";
import type { Progress } from "../api";
import { accountKey } from "../api/queries";
import { describeError } from "../components/ErrorView";
import { EntityForm } from "../form/EntityForm";
import type { FormSection } from "../form/model";
import { t, type Key } from "../i18n";
import { EntityList, INITIAL_LIST_STATE, type ListState } from "../list/EntityList";
import type { CellValue, Column } from "../list/logic";
import type { AreaId } from "../shell/areas";

/** Something that makes the server refuse a delete, shown before the user confirms. */
export interface DeleteBlocker {
  /** pt-BR, e.g. "O plano é usado por 3 ramais: …" */
  message: string;
  /** Where the blocking records are, offered as a link. */
  area?: AreaId;
  /** The customer to pick when following the link. */
  clienteId?: number;
}

/**
 * An entity's screen. `T` is the record the form edits and writes; `R` the list's row, by
 * default the record itself. A list of thousands (Ramais) streams a light row of only what the
 * list shows (`open` fetches the whole record for the form, `toRow` makes a saved record a row).
 */
export interface EntityConfig<T extends object, S, R extends object = T> {
  /** Query key segment, e.g. "clientes". */
  id: string;
  title: Key;
  newLabel: Key;
  newTitle: Key;
  /** With `{name}`. */
  editTitle: Key;
  columns: readonly Column<R>[];
  searchable: (row: R) => CellValue[];
  rowId: (row: R) => number;
  rowName: (row: R) => string;
  sections: readonly FormSection[];
  blank: (scope: S) => T;
  /**
   * Streams the list page by page (`carregar_*` through `list/source.ts`), each page to `onPage`
   * as it arrives; `signal` aborts it, in Rust too.
   */
  stream: (scope: S, onPage: (rows: R[], progress: Progress) => void, signal: AbortSignal) => Promise<unknown>;
  /** The whole record of a row, for the form; absent when rows are records. */
  open?: (row: R) => Promise<T>;
  /** The row of a record just written; absent when rows are records. */
  toRow?: (record: T) => R;
  insert: (record: T) => Promise<unknown>;
  update: (record: T) => Promise<unknown>;
  remove: (row: R) => Promise<unknown>;
  /** Asked before the delete confirmation: what would make the server refuse it. */
  deleteBlockers?: (row: R) => Promise<DeleteBlocker[]>;
  /** Context above the form fields. */
  FormIntro?: ComponentType<{ accountId: string; scope: S }>;
  /** Actions beside the list's search box (e.g. CSV import and export); `refresh` reloads the list. */
  Toolbar?: ComponentType<{ accountId: string; scope: S; refresh: () => Promise<unknown> }>;
}

type Mode<T, R> = { kind: "list" } | { kind: "new"; record: T } | { kind: "edit"; record: T; row: R };

export interface EntityScreenProps<T extends object, S, R extends object = T> {
  config: EntityConfig<T, S, R>;
  accountId: string;
  scope: S;
  /** Part of the query key that identifies the scope (e.g. the cliente_id). */
  scopeKey: string | number;
  /**
   * Drawn in the rows' place while the scope is not chosen yet (no customer picked): the list's
   * frame is there, nothing loads and its actions are off.
   */
  awaitingScope?: ReactNode;
}

/** A list in the cache: its rows and, while a load or a quiet refresh runs, its progress. */
export interface ListData<T> {
  rows: T[];
  /** Progress of the load under way (first load or refresh); null when idle or unknown. */
  progress: Progress | null;
}

/** How often (ms) streamed pages are published to the screen after the first one. */
const PUBLISH_MS = 250;
/**
 * A list that arrives whole within this many ms of its load's start is drawn once; a longer
 * load shows the rows it has by then (or its first page, when that comes later). Drawing a page
 * that the whole list replaces a blink later costs the whole list a render and a paint, while
 * the screen being mounted competes for the same main thread.
 */
const FIRST_ROWS_MS = 200;

/**
 * Loads a list into the cache under `key`: streamed pages are shown as they arrive on a first
 * load; over rows already shown (a refresh) they stay until the new list is complete, and only
 * the progress changes. Everything lives in the scope's cache entry, so progress never shows on
 * another scope, and a load left behind is aborted (TanStack Query aborts `signal`).
 */
async function loadList<T extends object, S, R extends object>(
  queryClient: QueryClient,
  key: readonly unknown[],
  config: EntityConfig<T, S, R>,
  scope: S,
  signal: AbortSignal,
): Promise<ListData<R>> {
  const previous = queryClient.getQueryData<ListData<R>>(key);
  const quiet = previous !== undefined && previous.progress === null;
  let rows: R[] = [];
  let progress: Progress | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let published = false;
  const started = performance.now();
  // Marks for scripts/measure-list.mjs's breakdown of a load (cheap; nothing reads them in the app).
  // The last load's are cleared: an app open for days would keep every one.
  for (const name of ["start", "page", "answer", "end"]) performance.clearMarks(`pabx-list-${name}`);
  performance.mark("pabx-list-start");
  const publish = () => {
    timer = null;
    if (signal.aborted) return;
    queryClient.setQueryData<ListData<R>>(key, quiet && previous ? { rows: previous.rows, progress } : { rows, progress });
  };
  try {
    await config.stream(
      scope,
      (page, p) => {
        performance.mark("pabx-list-page", { detail: page.length });
        rows = page.length ? rows.concat(page) : rows;
        progress = p;
        // The first rows at FIRST_ROWS_MS unless the load ends before; later pages batched,
        // one render per batch.
        if (!published) {
          published = true;
          timer = setTimeout(publish, Math.max(0, FIRST_ROWS_MS - (performance.now() - started)));
        } else if (timer === null) {
          timer = setTimeout(publish, PUBLISH_MS);
        }
      },
      signal,
    );
  } finally {
    if (timer !== null) clearTimeout(timer);
  }
  performance.mark("pabx-list-end");
  return { rows, progress: null };
}

/** The row put in place of (or beside) its old self, from the record the write sent. */
function withRow<T>(data: ListData<T> | undefined, record: T, rowId: (row: T) => number | string, isNew: boolean): ListData<T> | undefined {
  if (!data) return data;
  if (isNew) return { ...data, rows: [...data.rows, record] };
  const id = rowId(record);
  return { ...data, rows: data.rows.map((row) => (rowId(row) === id ? record : row)) };
}

/**
 * A new record with the id the server gave it (`WriteOutcome.dados`), found as the one `*_id`
 * field of the record that `rowId` reads; the record as sent when the answer has none.
 */
function withNewId<T extends object>(record: T, outcome: unknown, rowId: (row: T) => number | string): T {
  const dados = outcome && typeof outcome === "object" && "dados" in outcome ? (outcome as { dados: unknown }).dados : null;
  const source = Array.isArray(dados) ? dados[0] : dados;
  if (!source || typeof source !== "object") return record;
  for (const [field, value] of Object.entries(source as Record<string, unknown>)) {
    const id = Number(value);
    if (!field.endsWith("_id") || !Number.isFinite(id) || id <= 0 || !(field in record)) continue;
    const candidate = { ...record, [field]: id };
    if (rowId(candidate) === id && rowId(record) !== id) return candidate;
  }
  return record;
}

function listKey(accountId: string, entity: string, scopeKey: string | number) {
  return [...accountKey(accountId, entity, scopeKey), "lista"] as const;
}

/**
 * The query of a screen's list. The shell starts it when the user picks the area or the
 * customer (`prefetchList`), so the first page is on its way while the screen is drawn.
 */
export function listQueryOptions<T extends object, S, R extends object>(
  queryClient: QueryClient,
  config: EntityConfig<T, S, R>,
  accountId: string,
  scope: S,
  scopeKey: string | number,
) {
  const key = listKey(accountId, config.id, scopeKey);
  return queryOptions({
    queryKey: key,
    queryFn: ({ signal }) => loadList(queryClient, key, config, scope, signal),
    // Rows are replaced whole (or one by one after a write): comparing 10,000 of them for
    // structural sharing would cost a render's worth of time for nothing.
    structuralSharing: false,
  });
}

/** Starts loading a list before its screen draws (a no-op while fresh data is cached). */
export function prefetchList<T extends object, S, R extends object>(
  queryClient: QueryClient,
  config: EntityConfig<T, S, R>,
  accountId: string,
  scope: S,
  scopeKey: string | number,
): void {
  void queryClient.prefetchQuery(listQueryOptions(queryClient, config, accountId, scope, scopeKey));
}

export function EntityScreen<T extends object, S, R extends object = T>({ config, accountId, scope, scopeKey, awaitingScope }: EntityScreenProps<T, S, R>) {
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<Mode<T, R>>({ kind: "list" });
  // Without `open`, rows are the records themselves (R = T).
  const toRow = config.toRow ?? ((record: T) => record as unknown as R);
  // The row whose record is being fetched for the form (a second click waits for it).
  const opening = useRef<number | null>(null);
  // Search, sort, selection and scroll outlive the form and refreshes (the list unmounts
  // while a form is open).
  const [listState, setListState] = useState<ListState>(INITIAL_LIST_STATE);
  const scrollTop = useRef(0);
  // The screen outlives a customer switch (its frame is not drawn again): what the user made of
  // the last customer's list, and its form, go with it.
  const [shownScope, setShownScope] = useState(scopeKey);
  if (shownScope !== scopeKey) {
    setShownScope(scopeKey);
    setMode({ kind: "list" });
    setListState(INITIAL_LIST_STATE);
    scrollTop.current = 0;
  }
  // Read after an await: an answer about the customer left behind changes nothing on screen.
  const currentScope = useRef(scopeKey);
  useEffect(() => {
    currentScope.current = scopeKey;
  }, [scopeKey]);
  const key = listKey(accountId, config.id, scopeKey);
  const awaiting = awaitingScope !== undefined;
  const query = useQuery({ ...listQueryOptions(queryClient, config, accountId, scope, scopeKey), enabled: !awaiting });
  const progress = query.isFetching ? (query.data?.progress ?? null) : null;

  const refresh = useCallback(() => queryClient.invalidateQueries({ queryKey: accountKey(accountId, config.id) }), [queryClient, accountId, config.id]);
  // The same element while rows arrive: the list does not draw the toolbar again per batch.
  const Toolbar = config.Toolbar;
  // Keyed by scope: a dialog of the last customer's toolbar does not stay open for the next.
  const toolbar = useMemo(
    () => (Toolbar && !awaiting ? <Toolbar key={scopeKey} accountId={accountId} scope={scope} refresh={refresh} /> : undefined),
    [Toolbar, awaiting, scopeKey, accountId, scope, refresh],
  );
  // A load cancelled halfway leaves its pages in the cache (TanStack Query keeps data set while
  // fetching): coming back to it loads the list again.
  const incomplete = query.data?.progress != null && !query.isFetching && !query.isError;
  const { refetch } = query;
  useEffect(() => {
    if (incomplete) void refetch();
  }, [incomplete, refetch]);

  if (mode.kind !== "list") {
    const isNew = mode.kind === "new";
    const record = mode.record;
    return (
      <EntityForm<T>
        accountId={accountId}
        key={mode.kind === "new" ? "new" : config.rowId(mode.row)}
        title={mode.kind === "new" ? t(config.newTitle) : t(config.editTitle, { name: config.rowName(mode.row) })}
        intro={config.FormIntro ? <config.FormIntro accountId={accountId} scope={scope} /> : undefined}
        record={record}
        sections={config.sections}
        isNew={isNew}
        onCancel={() => setMode({ kind: "list" })}
        onSubmit={async (r) => {
          const outcome = await (isNew ? config.insert(r) : config.update(r));
          notifications.show({ color: "green", message: isNew ? t("common.created") : t("common.saved") });
          showWriteWarning(outcome);
          // The row changes now, from what was written; the refresh after it is quiet.
          const saved = isNew ? withNewId(toRow(r), outcome, config.rowId) : toRow(r);
          await queryClient.cancelQueries({ queryKey: key });
          queryClient.setQueryData<ListData<R>>(key, (data) => withRow(data, saved, config.rowId, isNew));
          if (currentScope.current === scopeKey) {
            setListState((s) => ({ ...s, selected: config.rowId(saved) }));
            setMode({ kind: "list" });
          }
          void refresh();
        }}
      />
    );
  }

  return (
    <EntityList<R>
      title={t(config.title)}
      rows={query.data?.rows}
      progress={progress}
      loading={query.isFetching}
      error={query.error}
      onRetry={() => void query.refetch()}
      columns={config.columns}
      searchable={config.searchable}
      rowId={config.rowId}
      rowName={config.rowName}
      newLabel={t(config.newLabel)}
      state={listState}
      onState={setListState}
      scrollTop={scrollTop}
      toolbar={toolbar}
      idle={awaitingScope}
      onNew={() => setMode({ kind: "new", record: config.blank(scope) })}
      onEdit={async (row) => {
        const id = config.rowId(row);
        setListState((s) => ({ ...s, selected: id }));
        if (!config.open) {
          setMode({ kind: "edit", record: row as unknown as T, row });
          return;
        }
        if (opening.current !== null) return;
        opening.current = id;
        try {
          // The list holds light rows: the form gets the whole record, as the server has it now.
          const record = await config.open(row);
          if (currentScope.current === scopeKey) setMode({ kind: "edit", record, row });
        } catch (error) {
          const { title, message } = describeError(error);
          notifications.show({ color: "red", title: t(title), message });
        } finally {
          opening.current = null;
        }
      }}
      deleteBlockers={config.deleteBlockers}
      onDelete={async (row) => {
        const outcome = await config.remove(row);
        notifications.show({ color: "green", message: t("common.deleted") });
        showWriteWarning(outcome);
        const id = config.rowId(row);
        await queryClient.cancelQueries({ queryKey: key });
        queryClient.setQueryData<ListData<R>>(key, (data) => data && { ...data, rows: data.rows.filter((r) => config.rowId(r) !== id) });
        void refresh();
      }}
    />
  );
}

/** A write that succeeded but could not be recorded in Atividade says so (`WriteOutcome.aviso`). */
function showWriteWarning(outcome: unknown) {
  const aviso = outcome && typeof outcome === "object" && "aviso" in outcome ? outcome.aviso : null;
  if (typeof aviso === "string" && aviso) notifications.show({ color: "orange", message: aviso, autoClose: false });
}
