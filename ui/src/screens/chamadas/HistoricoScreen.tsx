/**
 * "Histórico de chamadas": filters (customer or all, period with presets and hours, ramais,
 * numbers, trunk, status), the calls streamed into a virtualized sortable table, totals, charts
 * and groupings computed in Rust, the cost check's divergences, recordings, and the export of
 * the whole filtered set to CSV through the save dialog.
 */
import {
  Alert, Anchor, Badge, Button, Card, Group, Menu, Modal, Paper, Progress, Select, SimpleGrid, Stack, Switch, Table,
  Tabs, Text, TextInput, Title,
} from "@mantine/core";
import { BarChart } from "@mantine/charts";
import { DatePickerInput, TimeInput } from "@mantine/dates";
import { IconDownload, IconExternalLink, IconPlayerStop, IconSearch } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { save } from "@tauri-apps/plugin-dialog";
import { openUrl } from "@tauri-apps/plugin-opener";
import { memo, useCallback, useMemo, useState } from "react";
import { commands, unwrap, type Dialect, type Grupo, type Resumo } from "../../api";
import { clientesQuery } from "../../api/queries";
import { ErrorView } from "../../components/ErrorView";
import { formatCurrency, formatNumber, t, type Key } from "../../i18n";
import { HistoricoTable } from "./HistoricoTable";
import { countDivergent, formatDuration, gravacao, PRESET_LABEL, PRESETS, presetRange, STATUSES, type Filtros } from "./logic";
import { cancelar, carregar, exportar, update, useHistorico } from "./store";

export function HistoricoScreen({ accountId }: { accountId: string }) {
  const state = useHistorico(accountId);
  const { filtros } = state;
  const regioesQuery = useQuery({
    queryKey: [accountId, "regioes"],
    queryFn: () => unwrap(commands.listarRegioes({ regiao_id: 0 })),
  });
  const regioes = useMemo(() => new Map((regioesQuery.data ?? []).map((r) => [r.regiao_id ?? 0, r.nome ?? ""])), [regioesQuery.data]);
  const [playingIndex, setPlaying] = useState<number | null>(null);
  const playing = playingIndex === null ? null : gravacao(state.colunas, playingIndex);
  const shown = useMemo(
    () => (state.soDivergentes ? countDivergent(state.colunas, state.count) : state.count),
    [state.colunas, state.count, state.soDivergentes],
  );
  const loading = state.status === "loading";
  const onPlay = useCallback((index: number) => setPlaying(index), []);

  const total = state.progresso?.total ?? null;
  const exp = state.exportacao;

  return (
    <Stack gap="md" data-testid="historico-screen">
      <Title order={3}>{t("nav.chamadas")}</Title>
      <Paper withBorder p="md">
        <Stack gap="sm">
          {/* Drawn again only when a filter, the load's status or the export changes, not per batch of calls. */}
          <FiltrosPanel accountId={accountId} filtros={filtros} carregados={state.carregados} loading={loading} operacao={state.operacao} exportando={exp?.status === "loading"} />
          {loading && (
            <Stack gap={4} data-testid="historico-progresso">
              <Text size="sm" c="dimmed">
                {total !== null
                  ? t("list.loadingProgress", { loaded: formatNumber(state.progresso?.carregadas ?? 0), total: formatNumber(total) })
                  : t("list.loadingCount", { loaded: formatNumber(state.progresso?.carregadas ?? 0) })}
              </Text>
              {/* Not animated: stripes moving would repaint every frame while the calls arrive. */}
              <Progress value={total ? ((state.progresso?.carregadas ?? 0) / total) * 100 : 5} />
            </Stack>
          )}
          {exp && <ExportStatus exp={exp} />}
        </Stack>
      </Paper>

      {state.status === "error" && <ErrorView error={state.error} onRetry={() => void carregar(accountId)} testId="historico-error" />}
      {state.status === "cancelled" && (
        <Alert color="yellow" data-testid="historico-cancelado">{t("historico.cancelado", { n: formatNumber(state.count) })}</Alert>
      )}
      {state.resultado && <Totais resumo={state.resultado.resumo} />}

      {(state.count > 0 || state.status === "done") && (
        <Tabs defaultValue="tabela" keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="tabela" data-testid="historico-tab-tabela">{t("historico.tabela")}</Tabs.Tab>
            <Tabs.Tab value="graficos" data-testid="historico-tab-graficos" disabled={!state.resultado}>{t("historico.graficos")}</Tabs.Tab>
            <Tabs.Tab value="grupos" data-testid="historico-tab-grupos" disabled={!state.resultado}>{t("historico.agrupamentos")}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="tabela" pt="sm">
            <Group justify="space-between" mb="xs">
              <Text size="sm" c="dimmed" data-testid="historico-count" data-count={shown} data-total={state.count}>
                {t("historico.contagem", { n: formatNumber(shown) })}
              </Text>
              <Switch
                label={t("historico.soDivergentes")}
                checked={state.soDivergentes}
                onChange={(e) => update(accountId, { soDivergentes: e.currentTarget.checked, scrollTop: 0 })}
                data-testid="historico-so-divergentes"
              />
            </Group>
            <HistoricoTable
              key={state.soDivergentes ? "divergentes" : "todas"}
              colunas={state.colunas}
              count={state.count}
              soDivergentes={state.soDivergentes}
              regioes={regioes}
              sorting={state.sorting}
              onSortingChange={(sorting) => update(accountId, { sorting })}
              scrollTop={state.scrollTop}
              onScroll={(scrollTop) => {
                // Kept without a re-render: only read when the area mounts again.
                (state as { scrollTop: number }).scrollTop = scrollTop;
              }}
              onPlay={onPlay}
            />
          </Tabs.Panel>
          <Tabs.Panel value="graficos" pt="sm">
            {state.resultado && <Graficos resumo={state.resultado.resumo} />}
          </Tabs.Panel>
          <Tabs.Panel value="grupos" pt="sm">
            {state.resultado && <Agrupamentos resumo={state.resultado.resumo} />}
          </Tabs.Panel>
        </Tabs>
      )}
      <Modal opened={playing !== null} onClose={() => setPlaying(null)} title={t("historico.gravacao")} data-testid="historico-player"
        closeButtonProps={{ "aria-label": t("historico.fecharGravacao"), "data-testid": "historico-player-fechar" } as Record<string, string>}>
        {playing && (
          <Stack>
            <Text size="sm">{playing.data} · {playing.origem} → {playing.destino}</Text>
            <audio controls autoPlay src={playing.link} style={{ width: "100%" }} data-testid="historico-audio" />
            <Anchor component="button" onClick={() => void openUrl(playing.link)} data-testid="historico-abrir-navegador">
              <Group gap={4}><IconExternalLink size={14} />{t("historico.abrirNavegador")}</Group>
            </Anchor>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}

function ExportStatus({ exp }: { exp: NonNullable<ReturnType<typeof useHistorico>["exportacao"]> }) {
  const p = exp.progresso;
  if (exp.status === "loading") {
    return (
      <Group gap="sm" data-testid="historico-exportacao" data-status="loading">
        <Text size="sm">
          {t("historico.exportando", { loaded: formatNumber(p?.carregadas ?? 0), total: p?.total !== null && p?.total !== undefined ? formatNumber(p.total) : "…" })}
        </Text>
        <Button size="xs" variant="default" onClick={() => void cancelar(exp.operacao)} data-testid="historico-exportacao-cancelar">
          {t("historico.cancelar")}
        </Button>
      </Group>
    );
  }
  if (exp.status === "error") return <ErrorView error={exp.error} testId="historico-exportacao-erro" />;
  if (exp.status === "cancelled") {
    return <Alert color="yellow" data-testid="historico-exportacao" data-status="cancelled">{t("historico.exportacaoCancelada")}</Alert>;
  }
  return (
    <Alert color="green" data-testid="historico-exportacao" data-status="done" data-linhas={exp.relatorio?.linhas ?? 0}>
      {t("historico.exportado", { n: formatNumber(exp.relatorio?.linhas ?? 0), caminho: exp.caminho })}
    </Alert>
  );
}

type Campo = Extract<keyof Resumo["totais"], string>;
const TOTAIS: { key: Campo; label: Key; format: (v: number) => string }[] = [
  { key: "chamadas", label: "historico.total.chamadas", format: formatNumber },
  { key: "atendidas", label: "historico.total.atendidas", format: formatNumber },
  { key: "nao_atendidas", label: "historico.total.naoAtendidas", format: formatNumber },
  { key: "falhas", label: "historico.total.falhas", format: formatNumber },
  { key: "duracao_total", label: "historico.total.duracaoTotal", format: formatDuration },
  { key: "duracao_media", label: "historico.total.duracaoMedia", format: formatDuration },
  { key: "minutos_cobrados", label: "historico.total.minutosCobrados", format: (v) => formatNumber(Math.round(v * 10) / 10) },
  { key: "custo_total", label: "historico.total.custo", format: (v) => formatCurrency(v) },
  { key: "divergentes", label: "historico.total.divergentes", format: formatNumber },
  { key: "diferenca_divergentes", label: "historico.total.diferenca", format: (v) => formatCurrency(v) },
];

function Totais({ resumo }: { resumo: Resumo }) {
  return (
    <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="sm" data-testid="historico-totais">
      {TOTAIS.map(({ key, label, format }) => {
        const value = resumo.totais[key] as number;
        return (
          <Card key={key} withBorder padding="sm" data-testid={`historico-total-${key}`} data-value={value}>
            <Text size="xs" c="dimmed">{t(label)}</Text>
            <Text fw={700} size="lg" c={key === "divergentes" && value > 0 ? "red" : undefined}>{format(value)}</Text>
          </Card>
        );
      })}
    </SimpleGrid>
  );
}

function Graficos({ resumo }: { resumo: Resumo }) {
  const porDia = resumo.por_dia.map((g) => ({ grupo: g.rotulo.slice(0, 5), chamadas: g.totais.chamadas }));
  const porHora = resumo.por_hora.map((g) => ({ grupo: g.rotulo, chamadas: g.totais.chamadas }));
  const custo = resumo.por_regiao.map((g) => ({ grupo: g.rotulo, custo: g.totais.custo_total }));
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md" data-testid="historico-graficos">
      <Chart title={t("historico.grafico.porDia")}>
        <BarChart h={220} data={porDia} dataKey="grupo" series={[{ name: "chamadas", label: t("historico.total.chamadas"), color: "blue.6" }]} />
      </Chart>
      <Chart title={t("historico.grafico.porHora")}>
        <BarChart h={220} data={porHora} dataKey="grupo" series={[{ name: "chamadas", label: t("historico.total.chamadas"), color: "teal.6" }]} />
      </Chart>
      <Chart title={t("historico.grafico.custoPorRegiao")}>
        <BarChart h={220} data={custo} dataKey="grupo" valueFormatter={(v) => formatCurrency(v)} series={[{ name: "custo", label: t("historico.total.custo"), color: "orange.6" }]} />
      </Chart>
    </SimpleGrid>
  );
}

function Chart({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Paper withBorder p="sm">
      <Text fw={600} size="sm" mb="xs">{title}</Text>
      {children}
    </Paper>
  );
}

/** The largest groups shown per table (a reseller may have thousands of ramais). */
const MAX_GRUPOS = 200;

function Agrupamentos({ resumo }: { resumo: Resumo }) {
  const grupos: { value: string; label: Key; grupos: Grupo[] }[] = [
    { value: "dia", label: "historico.grupo.dia", grupos: resumo.por_dia },
    { value: "regiao", label: "historico.grupo.regiao", grupos: resumo.por_regiao },
    { value: "ramal", label: "historico.grupo.ramal", grupos: [...resumo.por_ramal].sort((a, b) => b.totais.chamadas - a.totais.chamadas) },
    { value: "tronco", label: "historico.grupo.tronco", grupos: resumo.por_tronco },
  ];
  return (
    <Tabs defaultValue="dia" variant="pills">
      <Tabs.List>
        {grupos.map((g) => (
          <Tabs.Tab key={g.value} value={g.value} data-testid={`historico-grupo-${g.value}`}>{t(g.label)}</Tabs.Tab>
        ))}
      </Tabs.List>
      {grupos.map((g) => (
        <Tabs.Panel key={g.value} value={g.value} pt="sm">
          <Table striped highlightOnHover data-testid={`historico-grupos-${g.value}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t(g.label)}</Table.Th>
                <Table.Th>{t("historico.total.chamadas")}</Table.Th>
                <Table.Th>{t("historico.total.atendidas")}</Table.Th>
                <Table.Th>{t("historico.total.duracaoTotal")}</Table.Th>
                <Table.Th>{t("historico.total.minutosCobrados")}</Table.Th>
                <Table.Th>{t("historico.total.custo")}</Table.Th>
                <Table.Th>{t("historico.total.divergentes")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {g.grupos.slice(0, MAX_GRUPOS).map((row) => (
                <Table.Tr key={row.chave}>
                  <Table.Td>{row.rotulo}</Table.Td>
                  <Table.Td>{formatNumber(row.totais.chamadas)}</Table.Td>
                  <Table.Td>{formatNumber(row.totais.atendidas)}</Table.Td>
                  <Table.Td>{formatDuration(row.totais.duracao_total)}</Table.Td>
                  <Table.Td>{formatNumber(Math.round((row.totais.minutos_cobrados ?? 0) * 10) / 10)}</Table.Td>
                  <Table.Td>{formatCurrency(row.totais.custo_total ?? 0)}</Table.Td>
                  <Table.Td>{row.totais.divergentes > 0 ? <Badge color="red">{row.totais.divergentes}</Badge> : 0}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {g.grupos.length > MAX_GRUPOS && <Text size="xs" c="dimmed">{t("historico.grupoMais", { n: formatNumber(g.grupos.length - MAX_GRUPOS) })}</Text>}
        </Tabs.Panel>
      ))}
    </Tabs>
  );
}

/** The filters and the buttons that act on them. */
const FiltrosPanel = memo(function FiltrosPanel({ accountId, filtros, carregados, loading, operacao, exportando }: {
  accountId: string;
  filtros: Filtros;
  carregados: Filtros | null;
  loading: boolean;
  operacao: string | null;
  exportando: boolean;
}) {
  const set = (patch: Partial<Filtros>) => update(accountId, { filtros: { ...filtros, ...patch } });
  const clientes = useQuery(clientesQuery(accountId));
  const troncos = useQuery({
    queryKey: [accountId, "troncos", "all"],
    queryFn: () => unwrap(commands.listarTroncos({ tronco_id: 0, cliente_id: 0 })),
  });
  const clienteOptions = useMemo(
    () => [
      { value: "0", label: t("historico.todosClientes") },
      ...(clientes.data ?? []).map((c) => ({ value: String(c.cliente_id), label: `${c.nome || c.razao_social} (#${c.cliente_id})` })),
    ],
    [clientes.data],
  );
  const troncoOptions = useMemo(
    () => [{ value: "0", label: t("historico.qualquerTronco") }, ...(troncos.data ?? []).map((tr) => ({ value: String(tr.tronco_id), label: tr.nome ?? "" }))],
    [troncos.data],
  );

  async function onExport(formato: Dialect) {
    const de = (carregados ?? filtros).de ?? "";
    const ate = (carregados ?? filtros).ate ?? "";
    const caminho = await save({
      title: t("historico.exportarTitulo"),
      defaultPath: `chamadas-${de}-a-${ate}.csv`,
      filters: [{ name: "CSV", extensions: ["csv"] }],
    });
    if (caminho) await exportar(accountId, caminho, formato);
  }

  return (
    <>
      <Group gap="xs">
        {PRESETS.map((preset) => (
          <Button
            key={preset}
            size="xs"
            variant="light"
            onClick={() => {
              const [de, ate] = presetRange(preset);
              set({ de, ate });
            }}
            data-testid={`historico-preset-${preset}`}
          >
            {t(PRESET_LABEL[preset])}
          </Button>
        ))}
      </Group>
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm">
        <Select
          label={t("historico.cliente")}
          data={clienteOptions}
          value={String(filtros.clienteId)}
          onChange={(v) => set({ clienteId: Number(v ?? 0) })}
          searchable
          allowDeselect={false}
          data-testid="historico-cliente"
        />
        <DatePickerInput
          type="range"
          label={t("historico.periodo")}
          value={[filtros.de, filtros.ate]}
          onChange={([de, ate]) => set({ de, ate })}
          valueFormat="DD/MM/YYYY"
          allowSingleDateInRange
          data-testid="historico-periodo"
        />
        <TimeInput label={t("historico.horaDe")} value={filtros.horaDe} onChange={(e) => set({ horaDe: e.currentTarget.value })} data-testid="historico-hora-de" />
        <TimeInput label={t("historico.horaAte")} value={filtros.horaAte} onChange={(e) => set({ horaAte: e.currentTarget.value })} data-testid="historico-hora-ate" />
        <TextInput label={t("historico.ramalOrigem")} value={filtros.ramalOrigem} onChange={(e) => set({ ramalOrigem: e.currentTarget.value })} data-testid="historico-ramal-origem" />
        <TextInput label={t("historico.ramalDestino")} value={filtros.ramalDestino} onChange={(e) => set({ ramalDestino: e.currentTarget.value })} data-testid="historico-ramal-destino" />
        <TextInput label={t("historico.numeroOrigem")} value={filtros.numeroOrigem} onChange={(e) => set({ numeroOrigem: e.currentTarget.value })} data-testid="historico-numero-origem" />
        <TextInput label={t("historico.numeroDestino")} value={filtros.numeroDestino} onChange={(e) => set({ numeroDestino: e.currentTarget.value })} data-testid="historico-numero-destino" />
        <Select label={t("historico.tronco")} data={troncoOptions} value={String(filtros.troncoId)} onChange={(v) => set({ troncoId: Number(v ?? 0) })} allowDeselect={false} data-testid="historico-tronco" />
        <Select
          label={t("historico.status")}
          data={[{ value: "", label: t("historico.qualquerStatus") }, ...STATUSES.map((s) => ({ value: s, label: s }))]}
          value={filtros.status}
          onChange={(v) => set({ status: v ?? "" })}
          allowDeselect={false}
          data-testid="historico-status"
        />
      </SimpleGrid>
      <Group justify="space-between">
        <Group gap="sm">
          {/* Disabled, not `loading`: its spinner repainted every frame of a load, 140 ms of the
              webview's CPU per 100,000 calls; the progress bar above says the load is running. */}
          <Button leftSection={<IconSearch size={16} />} onClick={() => void carregar(accountId)} disabled={loading} data-testid="historico-buscar">
            {t("historico.buscar")}
          </Button>
          {loading && (
            <Button variant="default" leftSection={<IconPlayerStop size={16} />} onClick={() => void cancelar(operacao)} data-testid="historico-cancelar">
              {t("historico.cancelar")}
            </Button>
          )}
        </Group>
        <Menu>
          <Menu.Target>
            <Button variant="default" leftSection={<IconDownload size={16} />} disabled={exportando} data-testid="historico-exportar">
              {t("historico.exportar")}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item onClick={() => void onExport("excel_br")} data-testid="historico-exportar-excel">{t("historico.exportarExcel")}</Menu.Item>
            <Menu.Item onClick={() => void onExport("rfc4180")} data-testid="historico-exportar-csv">{t("historico.exportarCsv")}</Menu.Item>
          </Menu.Dropdown>
        </Menu>
      </Group>
    </>
  );
});
