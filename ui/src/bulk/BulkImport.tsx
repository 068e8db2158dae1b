/**
 * The import wizard of a list (Ramais, DIDs, Clientes): choose the file, check the column
 * mapping on a preview, the dry run's report per line, apply with progress and cancel, and the
 * result with the rows that did not go through exportable. Everything heavy is in Rust
 * (pabx-bulk); the webview passes only the path picked in the system dialog.
 */
import { Alert, Badge, Button, Checkbox, Group, Modal, NumberInput, Progress, ScrollArea, Select, Stack, Stepper, Table, Text, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { open, save } from "@tauri-apps/plugin-dialog";
import { useEffect, useState } from "react";
import {
  commands,
  events,
  operationId,
  unwrap,
  type ApplyProgress,
  type ApplyReport,
  type BulkPreview,
  type DryRunReport,
  type HeaderMapping,
  type Kind,
} from "../api";
import { ErrorView } from "../components/ErrorView";
import { formatNumber, plural, t, type Key } from "../i18n";

/** Rows shown on screen; the full report is in the CSV. */
const SHOWN_ROWS = 200;
const IGNORE = "";


export interface BulkImportProps {
  kind: Kind;
  /** The customer of ramais and DIDs; 0 for clientes. */
  clienteId: number;
  listLabel: string;
  onClose: (changed: boolean) => void;
}

type Step = 0 | 1 | 2 | 3 | 4;

export function BulkImport({ kind, clienteId, listLabel, onClose }: BulkImportProps) {
  const [step, setStep] = useState<Step>(0);
  const [path, setPath] = useState("");
  const [atualizar, setAtualizar] = useState(false);
  const [concorrencia, setConcorrencia] = useState(4);
  const [preview, setPreview] = useState<BulkPreview | null>(null);
  const [mapping, setMapping] = useState<HeaderMapping | null>(null);
  const [dryRun, setDryRun] = useState<DryRunReport | null>(null);
  const [progress, setProgress] = useState<ApplyProgress | null>(null);
  const [result, setResult] = useState<ApplyReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [operacao, setOperacao] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (step !== 3) return;
    let stop: (() => void) | null = null;
    let done = false;
    events.bulkProgress
      .listen((event) => setProgress(event.payload.progress))
      .then((unlisten) => (done ? unlisten() : (stop = unlisten)))
      .catch(() => undefined);
    return () => {
      done = true;
      stop?.();
    };
  }, [step]);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const choose = async () => {
    const picked = await open({ multiple: false, directory: false, filters: [{ name: t("bulk.csvFiles"), extensions: ["csv", "txt"] }] });
    if (typeof picked === "string") setPath(picked);
  };

  const loadPreview = () =>
    run(async () => {
      const p = await unwrap(commands.bulkPreview(kind, path.trim()));
      setPreview(p);
      setMapping(p.mapping);
      setStep(1);
    });

  const check = () =>
    run(async () => {
      if (!mapping) return;
      setDryRun(await unwrap(commands.bulkDryRun(kind, path.trim(), clienteId, atualizar, mapping)));
      setStep(2);
    });

  const apply = () =>
    run(async () => {
      if (!mapping) return;
      const id = operationId("bulk");
      setProgress(null);
      setCancelling(false);
      setOperacao(id);
      setStep(3);
      try {
        setResult(await unwrap(commands.bulkApply(kind, path.trim(), clienteId, atualizar, mapping, concorrencia, id)));
        setStep(4);
      } catch (e) {
        setStep(2);
        throw e;
      } finally {
        setOperacao(null);
      }
    });

  const saveAs = async (defaultPath: string, write: (out: string) => Promise<unknown>) => {
    const out = await save({ defaultPath, filters: [{ name: t("bulk.csvFiles"), extensions: ["csv"] }] });
    if (!out) return;
    await run(async () => {
      await write(out);
      notifications.show({ color: "green", message: t("bulk.saved", { path: out }) });
    });
  };

  const writes = dryRun ? dryRun.counts.insert + dryRun.counts.update : 0;
  const changed = !!result && result.created + result.updated > 0;

  return (
    <Modal opened onClose={() => (step === 3 ? undefined : onClose(changed))} title={t("bulk.title", { lista: listLabel })} size="xl" data-testid="bulk-wizard">
      <Stepper active={step} size="sm" allowNextStepsSelect={false}>
        <Stepper.Step label={t("bulk.step.file")}>
          <Stack gap="sm">
            <Group align="end" wrap="nowrap">
              <TextInput
                flex={1}
                label={t("bulk.path")}
                description={t("bulk.pathHint")}
                value={path}
                onChange={(e) => setPath(e.currentTarget.value)}
                data-testid="bulk-path"
              />
              <Button variant="default" onClick={() => void choose()} data-testid="bulk-choose">
                {t("bulk.choose")}
              </Button>
            </Group>
            <Checkbox
              label={t("bulk.atualizar")}
              description={t("bulk.atualizarHint")}
              checked={atualizar}
              onChange={(e) => setAtualizar(e.currentTarget.checked)}
              data-testid="bulk-atualizar"
            />
            <Group justify="flex-end">
              <Button onClick={() => void loadPreview()} disabled={!path.trim()} loading={busy} data-testid="bulk-next">
                {t("bulk.next")}
              </Button>
            </Group>
          </Stack>
        </Stepper.Step>

        <Stepper.Step label={t("bulk.step.columns")}>
          {preview && mapping && (
            <Stack gap="sm">
              <Text size="sm" c="dimmed" data-testid="bulk-format">
                {t("bulk.format", { linhas: formatNumber(preview.rows), codificacao: preview.format.encoding, separador: preview.format.separator })}
              </Text>
              <Text size="sm">{t("bulk.mappingHint")}</Text>
              <ScrollArea.Autosize mah={360}>
                <Table striped withTableBorder>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t("bulk.fileColumn")}</Table.Th>
                      <Table.Th>{t("bulk.field")}</Table.Th>
                      <Table.Th>{t("bulk.sample")}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {preview.headers.map((header, index) => (
                      <Table.Tr key={index} data-testid="bulk-column">
                        <Table.Td>{header}</Table.Td>
                        <Table.Td>
                          <Select
                            size="xs"
                            searchable
                            data={[{ value: IGNORE, label: t("bulk.ignore") }, ...preview.keys.map((k) => ({ value: k, label: k }))]}
                            value={mapping.columns[index] ?? IGNORE}
                            onChange={(value) =>
                              setMapping({ ...mapping, columns: mapping.columns.map((c, i) => (i === index ? value || null : c)) })
                            }
                            data-testid={`bulk-map-${index}`}
                          />
                        </Table.Td>
                        <Table.Td>
                          <Text size="xs" c="dimmed" lineClamp={1}>
                            {preview.sample.map((row) => row.fields[index] ?? "").filter(Boolean).slice(0, 3).join(" · ")}
                          </Text>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </ScrollArea.Autosize>
              <Group justify="space-between">
                <Button variant="default" onClick={() => setStep(0)}>
                  {t("bulk.back")}
                </Button>
                <Button onClick={() => void check()} loading={busy} data-testid="bulk-check">
                  {t("bulk.check")}
                </Button>
              </Group>
            </Stack>
          )}
        </Stepper.Step>

        <Stepper.Step label={t("bulk.step.check")}>
          {dryRun && (
            <Stack gap="sm">
              <Text fw={500} data-testid="bulk-counts" data-insert={dryRun.counts.insert} data-invalid={dryRun.counts.invalid}>
                {t("bulk.counts", {
                  insert: dryRun.counts.insert,
                  update: dryRun.counts.update,
                  unchanged: dryRun.counts.unchanged,
                  skip: dryRun.counts.skip,
                  already: dryRun.counts.already_applied,
                  invalid: dryRun.counts.invalid,
                })}
              </Text>
              <IssuesTable report={dryRun} />
              <Group justify="space-between">
                <Group gap="xs">
                  <Button variant="default" onClick={() => setStep(1)}>
                    {t("bulk.back")}
                  </Button>
                  <Button variant="default" onClick={() => void saveAs("relatorio-validacao.csv", (out) => unwrap(commands.bulkSaveDryRun(dryRun, out)))}>
                    {t("bulk.saveReport")}
                  </Button>
                </Group>
                <Group gap="xs" align="end">
                  <NumberInput size="xs" w={150} label={t("bulk.concorrencia")} min={1} max={32} value={concorrencia} onChange={(v) => setConcorrencia(Number(v) || 4)} />
                  <Button onClick={() => void apply()} disabled={writes === 0} loading={busy} data-testid="bulk-apply">
                    {plural("bulk.apply", writes)}
                  </Button>
                </Group>
              </Group>
              {writes === 0 && <Text size="sm" c="dimmed">{t("bulk.nothingToApply")}</Text>}
            </Stack>
          )}
        </Stepper.Step>

        <Stepper.Step label={t("bulk.step.apply")}>
          <Stack gap="sm" data-testid="bulk-progress" data-done={progress?.done ?? 0} data-total={progress?.total ?? 0}>
            <Text>{t("bulk.applying", { done: formatNumber(progress?.done ?? 0), total: formatNumber(progress?.total ?? writes) })}</Text>
            <Progress value={progress && progress.total > 0 ? (100 * progress.done) / progress.total : 0} animated />
            <Text size="sm" c="dimmed">
              {progress?.eta_seconds != null
                ? t("bulk.rate", { rate: formatNumber(Math.round(progress.rate ?? 0)), eta: t("bulk.seconds", { n: Math.ceil(progress.eta_seconds) }) })
                : t("bulk.rateStarting")}
            </Text>
            <Group justify="flex-end">
              <Button
                color="red"
                variant="light"
                disabled={cancelling || !operacao}
                onClick={() => {
                  if (!operacao) return;
                  setCancelling(true);
                  void commands.cancelarOperacao(operacao);
                }}
                data-testid="bulk-cancel"
              >
                {cancelling ? t("bulk.cancelling") : t("bulk.cancel")}
              </Button>
            </Group>
          </Stack>
        </Stepper.Step>

        <Stepper.Completed>
          {result && (
            <Stack gap="sm">
              <Alert color={result.failed + result.invalid + result.cancelled > 0 ? "yellow" : "green"} data-testid="bulk-result" data-created={result.created} data-failed={result.failed + result.invalid + result.cancelled}>
                <Text fw={500}>{result.failed + result.invalid + result.cancelled > 0 ? t("bulk.resultPartial") : t("bulk.resultOk")}</Text>
                <Text size="sm">
                  {t("bulk.result", {
                    created: result.created,
                    updated: result.updated,
                    untouched: result.untouched,
                    invalid: result.invalid,
                    failed: result.failed,
                    cancelled: result.cancelled,
                  })}
                </Text>
              </Alert>
              <ResultsTable report={result} />
              <Group justify="space-between">
                <Button
                  variant="default"
                  disabled={result.failed + result.invalid + result.cancelled === 0}
                  onClick={() => void saveAs("linhas-com-falha.csv", (out) => unwrap(commands.bulkSaveFailed(path.trim(), result, out)))}
                  data-testid="bulk-save-failed"
                >
                  {t("bulk.saveFailed")}
                </Button>
                <Button onClick={() => onClose(changed)} data-testid="bulk-close">
                  {t("bulk.close")}
                </Button>
              </Group>
            </Stack>
          )}
        </Stepper.Completed>
      </Stepper>
      {error != null && <ErrorView error={error} testId="bulk-error" />}
    </Modal>
  );
}

function IssuesTable({ report }: { report: DryRunReport }) {
  const rows = report.rows.filter((r) => r.issues.length > 0);
  if (rows.length === 0) return <Text c="dimmed">{t("bulk.noIssues")}</Text>;
  const issues = rows.flatMap((r) => r.issues.map((issue, i) => ({ row: r, issue, i })));
  return (
    <ScrollArea.Autosize mah={320}>
      <Table striped withTableBorder data-testid="bulk-issues">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("bulk.col.line")}</Table.Th>
            <Table.Th>{t("bulk.col.key")}</Table.Th>
            <Table.Th>{t("bulk.col.action")}</Table.Th>
            <Table.Th>{t("bulk.col.field")}</Table.Th>
            <Table.Th>{t("bulk.col.message")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {issues.slice(0, SHOWN_ROWS).map(({ row, issue, i }) => (
            <Table.Tr key={`${row.line}-${i}`} data-testid="bulk-issue" data-line={row.line}>
              <Table.Td>{row.line}</Table.Td>
              <Table.Td>{row.key}</Table.Td>
              <Table.Td>
                <Badge size="sm" color={row.action === "invalid" ? "red" : "gray"} variant="light">
                  {t(`bulk.action.${row.action}` as Key)}
                </Badge>
              </Table.Td>
              <Table.Td>{issue.field}</Table.Td>
              <Table.Td>{issue.message}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {issues.length > SHOWN_ROWS && <Text size="sm" c="dimmed">{t("bulk.more", { count: issues.length - SHOWN_ROWS })}</Text>}
    </ScrollArea.Autosize>
  );
}

function ResultsTable({ report }: { report: ApplyReport }) {
  const rows = report.rows.filter((r) => r.outcome === "failed" || r.outcome === "invalid" || r.outcome === "cancelled");
  if (rows.length === 0) return null;
  return (
    <ScrollArea.Autosize mah={280}>
      <Table striped withTableBorder data-testid="bulk-failed">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("bulk.col.line")}</Table.Th>
            <Table.Th>{t("bulk.col.key")}</Table.Th>
            <Table.Th>{t("bulk.col.outcome")}</Table.Th>
            <Table.Th>{t("bulk.col.message")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.slice(0, SHOWN_ROWS).map((r) => (
            <Table.Tr key={r.line} data-line={r.line}>
              <Table.Td>{r.line}</Table.Td>
              <Table.Td>{r.key}</Table.Td>
              <Table.Td>{t(`bulk.outcome.${r.outcome}` as Key)}</Table.Td>
              <Table.Td>{r.message}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea.Autosize>
  );
}
