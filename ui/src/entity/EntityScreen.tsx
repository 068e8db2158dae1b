/**
 * One screen per entity built from a config: the generic list, the generic form for new and
 * edit, and the queries and mutations between them. Clientes and Ramais are configs of this.
 */
import { notifications } from "@mantine/notifications";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type ComponentType } from "react";
import { useListProgress } from "../api/progress";
import { accountKey } from "../api/queries";
import { EntityForm } from "../form/EntityForm";
import type { FormSection } from "../form/model";
import { t, type Key } from "../i18n";
import { EntityList } from "../list/EntityList";
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

export interface EntityConfig<T extends object, S> {
  /** Query key segment, e.g. "clientes". */
  id: string;
  /** The list action, to follow its progress events. */
  acao: string;
  title: Key;
  newLabel: Key;
  newTitle: Key;
  /** With `{name}`. */
  editTitle: Key;
  columns: readonly Column<T>[];
  searchable: (row: T) => CellValue[];
  rowId: (row: T) => number;
  rowName: (row: T) => string;
  sections: readonly FormSection[];
  blank: (scope: S) => T;
  list: (scope: S) => Promise<T[]>;
  insert: (record: T) => Promise<unknown>;
  update: (record: T) => Promise<unknown>;
  remove: (row: T) => Promise<unknown>;
  /** Asked before the delete confirmation: what would make the server refuse it. */
  deleteBlockers?: (row: T) => Promise<DeleteBlocker[]>;
  /** Context above the form fields. */
  FormIntro?: ComponentType<{ accountId: string; scope: S }>;
  /** Actions beside the list's search box (e.g. CSV import and export); `refresh` reloads the list. */
  Toolbar?: ComponentType<{ accountId: string; scope: S; refresh: () => Promise<unknown> }>;
}

type Mode<T> = { kind: "list" } | { kind: "new" | "edit"; record: T };

export interface EntityScreenProps<T extends object, S> {
  config: EntityConfig<T, S>;
  accountId: string;
  scope: S;
  /** Part of the query key that identifies the scope (e.g. the cliente_id). */
  scopeKey: string | number;
}

export function EntityScreen<T extends object, S>({ config, accountId, scope, scopeKey }: EntityScreenProps<T, S>) {
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<Mode<T>>({ kind: "list" });
  const key = accountKey(accountId, config.id, scopeKey);
  const query = useQuery({ queryKey: key, queryFn: () => config.list(scope) });
  const progress = useListProgress(config.acao, query.isFetching);

  const refresh = () => queryClient.invalidateQueries({ queryKey: accountKey(accountId, config.id) });

  if (mode.kind !== "list") {
    const isNew = mode.kind === "new";
    const record = mode.record;
    return (
      <EntityForm<T>
        accountId={accountId}
        key={isNew ? "new" : config.rowId(record)}
        title={isNew ? t(config.newTitle) : t(config.editTitle, { name: config.rowName(record) })}
        intro={config.FormIntro ? <config.FormIntro accountId={accountId} scope={scope} /> : undefined}
        record={record}
        sections={config.sections}
        isNew={isNew}
        onCancel={() => setMode({ kind: "list" })}
        onSubmit={async (r) => {
          const outcome = await (isNew ? config.insert(r) : config.update(r));
          notifications.show({ color: "green", message: isNew ? t("common.created") : t("common.saved") });
          showWriteWarning(outcome);
          setMode({ kind: "list" });
          await refresh();
        }}
      />
    );
  }

  return (
    <EntityList<T>
      title={t(config.title)}
      rows={query.data}
      progress={progress}
      loading={query.isFetching}
      error={query.error}
      onRetry={() => void query.refetch()}
      columns={config.columns}
      searchable={config.searchable}
      rowId={config.rowId}
      rowName={config.rowName}
      newLabel={t(config.newLabel)}
      toolbar={config.Toolbar ? <config.Toolbar accountId={accountId} scope={scope} refresh={refresh} /> : undefined}
      onNew={() => setMode({ kind: "new", record: config.blank(scope) })}
      onEdit={(record) => setMode({ kind: "edit", record })}
      deleteBlockers={config.deleteBlockers}
      onDelete={async (row) => {
        const outcome = await config.remove(row);
        notifications.show({ color: "green", message: t("common.deleted") });
        showWriteWarning(outcome);
        await refresh();
      }}
    />
  );
}

/** A write that succeeded but could not be recorded in Atividade says so (`WriteOutcome.aviso`). */
function showWriteWarning(outcome: unknown) {
  const aviso = outcome && typeof outcome === "object" && "aviso" in outcome ? outcome.aviso : null;
  if (typeof aviso === "string" && aviso) notifications.show({ color: "orange", message: aviso, autoClose: false });
}
