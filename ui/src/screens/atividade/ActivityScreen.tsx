/**
 * Atividade: every write made through the app or the CLI (the local activity log), filtered by
 * account, customer, entity, period and outcome; CSV export; the details of an entry with its
 * diff, and "restaurar" for a successful alter. Also the level of the app's technical log.
 */
import { Badge, Button, Group, Modal, NumberInput, Select, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { save } from "@tauri-apps/plugin-dialog";
import dayjs from "dayjs";
import { useState } from "react";
import { asCommandError, commands, unwrap, type AppState, type Change, type Entry, type Filter, type LogLevel, type ActivityOutcome } from "../../api";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { ErrorView } from "../../components/ErrorView";
import { formatDateTime, plural, t, type Key } from "../../i18n";

const ENTITIES = ["cliente", "ramal", "did", "tronco", "plano_discagem", "regras_roteamento"] as const;
const OUTCOMES: ActivityOutcome[] = ["ok", "refused", "unknown"];
const LEVELS: LogLevel[] = ["error", "warn", "info", "debug"];
const OUTCOME_COLOR: Record<ActivityOutcome, string> = { ok: "green", refused: "red", unknown: "orange" };

export const ACTIVITY_KEY = ["activity"] as const;

/** A local day (yyyy-mm-dd) as ms at its start; `next` gives the start of the following day. */
export function dayToMs(day: string, next = false): number | null {
  const [y, m, d] = day.split("-").map(Number);
  if (!y || !m || !d) return null;
  return new Date(y, m - 1, d + (next ? 1 : 0)).getTime();
}

function entityLabel(entity: string): string {
  return (ENTITIES as readonly string[]).includes(entity) ? t(`activity.entity.${entity}` as Key) : entity;
}

function valueText(value: unknown): string {
  if (value === null || value === undefined) return "—";
  return typeof value === "string" ? value : JSON.stringify(value);
}

export function ActivityScreen({ state }: { state: AppState }) {
  const queryClient = useQueryClient();
  const [account, setAccount] = useState<string | null>(null);
  const [clienteId, setClienteId] = useState<number | null>(null);
  const [entity, setEntity] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<ActivityOutcome | null>(null);
  const [since, setSince] = useState("");
  const [until, setUntil] = useState("");
  const [open, setOpen] = useState<Entry | null>(null);

  const filter: Filter = {
    account,
    cliente_id: clienteId,
    entity,
    outcome,
    since_ms: since ? dayToMs(since) : null,
    until_ms: until ? dayToMs(until, true) : null,
    limit: null,
  };
  const entries = useQuery({ queryKey: [...ACTIVITY_KEY, filter], queryFn: () => unwrap(commands.listarAtividade(filter)), staleTime: 0 });

  const exportCsv = useMutation({
    mutationFn: async () => {
      const path = await save({
        title: t("activity.exportTitle"),
        defaultPath: `atividade-${dayjs().format("YYYYMMDD-HHmmss")}.csv`,
        filters: [{ name: "CSV", extensions: ["csv"] }],
      });
      if (!path) return null;
      const count = await unwrap(commands.exportarAtividade(filter, path));
      return { path, count };
    },
    onSuccess: (done) => {
      if (done) notifications.show({ color: "green", message: plural("activity.exported", done.count, { path: done.path }) });
    },
    onError: (e) => notifications.show({ color: "red", title: t("error.generic.title"), message: asCommandError(e)?.message ?? t("error.unexpected") }),
  });

  const accounts = [...new Set([...state.accounts.map((a) => a.label), ...(entries.data ?? []).map((e) => e.account)])];

  return (
    <Stack data-testid="activity-screen">
      <Group justify="space-between">
        <Title order={2}>{t("activity.title")}</Title>
        <Group>
          <Button variant="default" onClick={() => void entries.refetch()} data-testid="activity-refresh">
            {t("list.refresh")}
          </Button>
          <Button onClick={() => exportCsv.mutate()} loading={exportCsv.isPending} data-testid="activity-export">
            {t("activity.export")}
          </Button>
        </Group>
      </Group>
      <Group align="flex-end" gap="sm">
        <Select label={t("activity.filter.account")} placeholder={t("activity.filter.all")} data={accounts} value={account} onChange={setAccount} clearable w={200} data-testid="activity-filter-account" />
        <NumberInput label={t("activity.filter.cliente")} value={clienteId ?? ""} onChange={(v) => setClienteId(typeof v === "number" ? v : null)} min={1} w={130} data-testid="activity-filter-cliente" />
        <Select
          label={t("activity.filter.entity")}
          placeholder={t("activity.filter.all")}
          data={ENTITIES.map((value) => ({ value, label: entityLabel(value) }))}
          value={entity}
          onChange={setEntity}
          clearable
          w={200}
          data-testid="activity-filter-entity"
        />
        <Select
          label={t("activity.filter.outcome")}
          placeholder={t("activity.filter.all")}
          data={OUTCOMES.map((value) => ({ value, label: t(`activity.outcome.${value}`) }))}
          value={outcome}
          onChange={(v) => setOutcome(v as ActivityOutcome | null)}
          clearable
          w={160}
          data-testid="activity-filter-outcome"
        />
        <TextInput type="date" label={t("activity.filter.since")} value={since} onChange={(e) => setSince(e.currentTarget.value)} data-testid="activity-filter-since" />
        <TextInput type="date" label={t("activity.filter.until")} value={until} onChange={(e) => setUntil(e.currentTarget.value)} data-testid="activity-filter-until" />
      </Group>
      {entries.isError ? (
        <ErrorView error={entries.error} onRetry={() => void entries.refetch()} testId="activity-error" />
      ) : entries.data && entries.data.length === 0 ? (
        <Text c="dimmed" data-testid="activity-empty">
          {t("activity.empty")}
        </Text>
      ) : (
        <Table highlightOnHover striped data-testid="activity-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("activity.col.when")}</Table.Th>
              <Table.Th>{t("activity.col.source")}</Table.Th>
              <Table.Th>{t("activity.col.account")}</Table.Th>
              <Table.Th>{t("activity.col.action")}</Table.Th>
              <Table.Th>{t("activity.col.record")}</Table.Th>
              <Table.Th>{t("activity.col.outcome")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(entries.data ?? []).map((e) => (
              <Table.Tr key={e.id} onClick={() => setOpen(e)} style={{ cursor: "pointer" }} data-testid="activity-row" data-id={e.id} data-acao={e.acao} data-outcome={e.outcome}>
                <Table.Td>{formatDateTime(e.at_ms)}</Table.Td>
                <Table.Td>{e.source === "cli" ? t("activity.source.cli") : t("activity.source.app")}</Table.Td>
                <Table.Td>{e.account}</Table.Td>
                <Table.Td>{`${t(`activity.operation.${e.operation}` as Key)} · ${entityLabel(e.entity)}`}</Table.Td>
                <Table.Td>{[e.record_name, e.record_id ? `#${e.record_id}` : null].filter(Boolean).join(" ")}</Table.Td>
                <Table.Td>
                  <Badge color={OUTCOME_COLOR[e.outcome]} variant="light">
                    {t(`activity.outcome.${e.outcome}`)}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <LogSettings />
      {open && <EntryDetail entry={open} onClose={() => setOpen(null)} onRestored={() => void queryClient.invalidateQueries({ queryKey: ACTIVITY_KEY })} />}
    </Stack>
  );
}

function EntryDetail({ entry, onClose, onRestored }: { entry: Entry; onClose: () => void; onRestored: () => void }) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const restorable = entry.operation === "alterar" && entry.outcome === "ok" && entry.entity !== "regras_roteamento" && entry.before !== null;
  return (
    <Modal opened onClose={onClose} size="xl" title={`${t(`activity.operation.${entry.operation}` as Key)} · ${entityLabel(entry.entity)}`}>
      <Stack data-testid="activity-detail" data-id={entry.id}>
        <Text size="sm">{`${formatDateTime(entry.at_ms)} · ${entry.account} · ${entry.acao}`}</Text>
        <Text size="sm" data-testid="activity-message">
          {entry.message}
        </Text>
        <ChangesTable changes={entry.changes} />
        {restorable && (
          <Group justify="flex-end">
            <Button color="orange" onClick={() => setConfirming(true)} data-testid="activity-restore">
              {t("activity.restore")}
            </Button>
          </Group>
        )}
      </Stack>
      <ConfirmDialog
        opened={confirming}
        title={t("activity.restoreTitle")}
        body={plural("activity.restoreBody", entry.changes.length)}
        confirmLabel={t("activity.restore")}
        onClose={() => setConfirming(false)}
        onConfirm={async () => {
          const outcome = await unwrap(commands.restaurarAtividade(entry.id));
          notifications.show({ color: "green", message: t("activity.restored") });
          if (outcome.aviso) notifications.show({ color: "orange", message: outcome.aviso });
          setConfirming(false);
          onRestored();
          // The restored record is stale in every list that shows it.
          await queryClient.invalidateQueries({ queryKey: ["account"] });
          onClose();
        }}
      />
    </Modal>
  );
}

function ChangesTable({ changes }: { changes: Change[] }) {
  if (changes.length === 0) return <Text c="dimmed">{t("activity.noChanges")}</Text>;
  return (
    <Table data-testid="activity-changes">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t("activity.col.field")}</Table.Th>
          <Table.Th>{t("activity.col.before")}</Table.Th>
          <Table.Th>{t("activity.col.after")}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {changes.map((c) => (
          <Table.Tr key={c.path} data-testid="activity-change" data-path={c.path}>
            <Table.Td>{c.path}</Table.Td>
            <Table.Td>{valueText(c.before)}</Table.Td>
            <Table.Td>{valueText(c.after)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** The level of the technical log file, and a way to open its folder. */
function LogSettings() {
  const level = useQuery({ queryKey: ["log_level"], queryFn: () => commands.logLevel(), staleTime: Infinity });
  const queryClient = useQueryClient();
  return (
    <Group align="flex-end" mt="lg">
      <Select
        label={t("activity.logLevel")}
        description={t("activity.logLevelHint")}
        data={LEVELS.map((value) => ({ value, label: t(`activity.level.${value}`) }))}
        value={level.data ?? null}
        allowDeselect={false}
        w={260}
        onChange={async (value) => {
          if (!value) return;
          try {
            await unwrap(commands.setLogLevel(value as LogLevel));
          } catch (e) {
            notifications.show({ color: "red", title: t("error.generic.title"), message: e instanceof Error ? e.message : t("error.unexpected") });
          }
          await queryClient.invalidateQueries({ queryKey: ["log_level"] });
        }}
        data-testid="log-level"
      />
      <Button
        variant="default"
        onClick={() =>
          void unwrap(commands.openLogDir()).catch((e: unknown) =>
            notifications.show({ color: "red", title: t("error.generic.title"), message: e instanceof Error ? e.message : t("error.unexpected") }),
          )
        }
        data-testid="open-log-dir"
      >
        {t("activity.openLogDir")}
      </Button>
    </Group>
  );
}
