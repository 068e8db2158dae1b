/**
 * Regras de roteamento: pick one of the customer's dial plans; every region lists its trunks in
 * the order they are tried. Reorder by dragging (pointer events, so every webview works) or with
 * the up/down buttons, add a trunk of the customer, remove one. Each trunk shows its tariff for the
 * region and the cheapest is marked; a trunk without a tariff and a region without a route are
 * warned about. Saving shows the diff first, sends every region, reads the rules back and shows
 * any difference. Copy to another plan and the simulator are beside it.
 */
import {
  DndContext, KeyboardSensor, PointerSensor, closestCenter, useSensor, useSensors, type DragEndEvent,
} from "@dnd-kit/core";
import {
  SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy,
} from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import {
  ActionIcon, Alert, Badge, Button, Card, Group, Loader, Modal, Select, SimpleGrid, Stack, Text, Title, Tooltip,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconArrowDown, IconArrowUp, IconGripVertical, IconTrash } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import {
  commands, unwrap, type DiffRegiao, type PlanoRoteamento, type SalvamentoRoteamento, type Simulacao,
} from "../../api";
import { accountKey } from "../../api/queries";
import { ErrorView } from "../../components/ErrorView";
import { t } from "../../i18n";
import { useNav } from "../../shell/nav";
import { CopiaPanel } from "./CopiaPanel";
import { adicionar, mover, paraEdicao, paraRegras, reais, remover, type RegiaoEditada } from "./model";
import { SimuladorPanel } from "./SimuladorPanel";

/** The reference call the editor prices every trunk with. */
const DURACAO_REFERENCIA = 60;

export function RegrasScreen({ accountId, clienteId }: { accountId: string; clienteId: number }) {
  // A plan opened from Planos de discagem ("ver regras") comes preselected.
  const nav = useNav();
  const [planoId, setPlanoId] = useState<number | null>(nav.planoDiscagemId);
  const planos = useQuery({
    queryKey: accountKey(accountId, "planos_discagem", clienteId),
    queryFn: () =>
      unwrap(commands.listarPlanosDiscagem({ cliente_id: clienteId, plano_discagem_id: 0, pos_registro_inicial: 0, quantidade: null })),
  });
  const opcoes = useMemo(
    () => (planos.data ?? []).map((p) => ({ value: String(p.plano_discagem_id ?? 0), label: p.nome || `#${p.plano_discagem_id}` })),
    [planos.data],
  );
  useEffect(() => {
    const primeiro = opcoes[0];
    if (planoId === null && primeiro) setPlanoId(Number(primeiro.value));
  }, [opcoes, planoId]);

  return (
    <Stack gap="md" data-testid="regras-screen">
      <Group justify="space-between" align="end">
        <Title order={3}>{t("nav.regras")}</Title>
        <Select
          label={t("regras.plano")}
          data={opcoes}
          value={planoId === null ? null : String(planoId)}
          onChange={(v) => setPlanoId(v === null ? null : Number(v))}
          placeholder={planos.isLoading ? t("app.loading") : t("regras.planoEscolha")}
          nothingFoundMessage={t("regras.semPlanos")}
          allowDeselect={false}
          w={320}
          data-testid="regras-plano"
        />
      </Group>
      {planos.error && <ErrorView error={planos.error} onRetry={() => void planos.refetch()} testId="regras-error" />}
      {planos.data && planos.data.length === 0 && (
        <Alert color="blue" data-testid="regras-sem-planos">{t("regras.semPlanosTexto")}</Alert>
      )}
      {planoId !== null && <Editor key={planoId} accountId={accountId} planoId={planoId} />}
    </Stack>
  );
}

function Editor({ accountId, planoId }: { accountId: string; planoId: number }) {
  const carregado = useQuery({
    queryKey: accountKey(accountId, "roteamento", planoId),
    queryFn: () => unwrap(commands.carregarRoteamento(planoId)),
  });
  if (carregado.error) return <ErrorView error={carregado.error} onRetry={() => void carregado.refetch()} testId="regras-error" />;
  if (!carregado.data) return <Loader data-testid="regras-loading" />;
  return <EditorDoPlano key={carregado.dataUpdatedAt} dados={carregado.data} onSaved={() => void carregado.refetch()} />;
}

function EditorDoPlano({ dados, onSaved }: { dados: PlanoRoteamento; onSaved: () => void }) {
  const original = useMemo(() => paraEdicao(dados.regras, dados.regioes), [dados]);
  const [regioes, setRegioes] = useState<RegiaoEditada[]>(original);
  const regras = useMemo(() => paraRegras(regioes), [regioes]);
  const editado: PlanoRoteamento = useMemo(() => ({ ...dados, regras }), [dados, regras]);
  const analise = useQuery({
    queryKey: ["analisar_roteamento", JSON.stringify(editado)],
    queryFn: () => commands.analisarRoteamento(editado, DURACAO_REFERENCIA),
    placeholderData: (anterior) => anterior,
  });
  const diff = useQuery({
    queryKey: ["diff_regras_roteamento", JSON.stringify(dados.regras), JSON.stringify(regras)],
    queryFn: () => commands.diffRegrasRoteamento(dados.regras, regras),
    placeholderData: (anterior) => anterior,
  });
  const mudancas = diff.data ?? [];
  const [revisando, setRevisando] = useState(false);
  const [salvando, setSalvando] = useState(false);
  const [resultado, setResultado] = useState<SalvamentoRoteamento | null>(null);
  const [erro, setErro] = useState<unknown>(null);

  const salvar = async () => {
    setSalvando(true);
    setErro(null);
    try {
      const salvo = await unwrap(commands.salvarRegrasRoteamento(dados.plano.plano_discagem_id ?? 0, dados.regioes, dados.regras, regras));
      setRevisando(false);
      if (salvo.diferencas.length === 0) {
        notifications.show({ color: "green", message: t("regras.salvoConferido") });
        onSaved();
      } else {
        setResultado(salvo);
      }
    } catch (e) {
      // The edit stays on screen as it was: nothing is lost when the save fails.
      setErro(e);
    } finally {
      setSalvando(false);
    }
  };

  const semRota = new Set(analise.data?.avisos.regioes_sem_rota ?? []);
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">{t("regras.ajuda", { segundos: DURACAO_REFERENCIA })}</Text>
        <Group>
          <CopiaPanel planoOrigem={dados.plano} />
          <Button variant="default" disabled={mudancas.length === 0} onClick={() => setRegioes(original)} data-testid="regras-descartar">
            {t("regras.descartar")}
          </Button>
          <Button disabled={mudancas.length === 0} onClick={() => setRevisando(true)} data-testid="regras-salvar">
            {t("regras.salvar", { n: mudancas.length })}
          </Button>
        </Group>
      </Group>
      {erro !== null && <ErrorView error={erro} testId="regras-save-error" />}
      {resultado && (
        <Alert color="orange" title={t("regras.diferencasTitulo")} data-testid="regras-diferencas" withCloseButton onClose={() => { setResultado(null); onSaved(); }}>
          <Text size="sm">{t("regras.diferencasTexto")}</Text>
          <ListaMudancas mudancas={resultado.diferencas} />
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        {regioes.map((regiao) => (
          <RegiaoCard
            key={regiao.regiao_id}
            regiao={regiao}
            analise={analise.data?.regioes.find((s) => s.regiao_id === regiao.regiao_id)}
            semRota={semRota.has(regiao.regiao_id)}
            troncos={dados.troncos}
            onChange={setRegioes}
          />
        ))}
      </SimpleGrid>
      <SimuladorPanel dados={editado} />
      <Modal opened={revisando} onClose={() => setRevisando(false)} title={t("regras.revisarTitulo")} size="lg">
        <Stack data-testid="regras-diff">
          <Text size="sm">{t("regras.revisarTexto")}</Text>
          <ListaMudancas mudancas={mudancas} />
          <Group justify="end">
            <Button variant="default" onClick={() => setRevisando(false)}>{t("regras.voltar")}</Button>
            <Button loading={salvando} onClick={() => void salvar()} data-testid="regras-diff-confirmar">{t("regras.confirmar")}</Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

export function ListaMudancas({ mudancas }: { mudancas: DiffRegiao[] }) {
  return (
    <Stack gap={4}>
      {mudancas.map((m) => (
        <Text key={m.regiao_id} size="sm" data-testid="regras-mudanca" data-regiao={m.regiao_id}>
          {m.texto}
        </Text>
      ))}
    </Stack>
  );
}

function RegiaoCard({
  regiao, analise, semRota, troncos, onChange,
}: {
  regiao: RegiaoEditada;
  analise: Simulacao | undefined;
  semRota: boolean;
  troncos: PlanoRoteamento["troncos"];
  onChange: (f: (r: RegiaoEditada[]) => RegiaoEditada[]) => void;
}) {
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const ids = regiao.rotas.map((r) => `${regiao.regiao_id}:${r.tronco_id}`);
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    const de = ids.indexOf(String(active.id));
    const para = ids.indexOf(String(over.id));
    onChange((rs) => mover(rs, regiao.regiao_id, de, para));
  };
  const livres = troncos
    .filter((tr) => !regiao.rotas.some((r) => r.tronco_id === tr.tronco_id))
    .map((tr) => ({ value: String(tr.tronco_id ?? 0), label: tr.nome ?? "" }));
  return (
    <Card withBorder data-testid={`regiao-${regiao.regiao_id}`}>
      <Group justify="space-between" mb="xs">
        <Text fw={600}>{regiao.regiao_nome}</Text>
        {semRota && (
          <Badge color="red" variant="light" data-testid={`regiao-sem-rota-${regiao.regiao_id}`}>{t("regras.semRota")}</Badge>
        )}
      </Group>
      <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
        <SortableContext items={ids} strategy={verticalListSortingStrategy}>
          <Stack gap={4}>
            {regiao.rotas.map((rota, index) => (
              <RotaLinha
                key={`${regiao.regiao_id}:${rota.tronco_id}`}
                id={`${regiao.regiao_id}:${rota.tronco_id}`}
                regiaoId={regiao.regiao_id}
                nome={rota.tronco_nome}
                troncoId={rota.tronco_id}
                ordem={index}
                ultimo={index === regiao.rotas.length - 1}
                tentativa={analise?.tentativas.find((x) => x.tronco_id === rota.tronco_id)}
                onMove={(para) => onChange((rs) => mover(rs, regiao.regiao_id, index, para))}
                onRemove={() => onChange((rs) => remover(rs, regiao.regiao_id, rota.tronco_id))}
              />
            ))}
          </Stack>
        </SortableContext>
      </DndContext>
      <Select
        mt="xs"
        size="xs"
        placeholder={t("regras.adicionarTronco")}
        data={livres}
        value={null}
        onChange={(v) => {
          const tronco = troncos.find((tr) => String(tr.tronco_id) === v);
          if (tronco) onChange((rs) => adicionar(rs, regiao.regiao_id, tronco));
        }}
        disabled={livres.length === 0}
        data-testid={`regiao-adicionar-${regiao.regiao_id}`}
      />
    </Card>
  );
}

function RotaLinha({
  id, regiaoId, nome, troncoId, ordem, ultimo, tentativa, onMove, onRemove,
}: {
  id: string;
  regiaoId: number;
  nome: string;
  troncoId: number;
  ordem: number;
  ultimo: boolean;
  tentativa: Simulacao["tentativas"][number] | undefined;
  onMove: (para: number) => void;
  onRemove: () => void;
}) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id });
  const testId = `rota-${regiaoId}-${troncoId}`;
  const semTarifa = tentativa !== undefined && tentativa.tarifa === null;
  return (
    <Group
      ref={setNodeRef}
      gap="xs"
      wrap="nowrap"
      style={{ transform: CSS.Transform.toString(transform), transition, opacity: isDragging ? 0.6 : 1 }}
      data-testid={testId}
      data-rota={troncoId}
      data-ordem={ordem}
    >
      <ActionIcon variant="subtle" color="gray" aria-label={t("regras.arrastar")} {...attributes} {...listeners} data-testid={`${testId}-arrastar`} style={{ cursor: "grab", touchAction: "none" }}>
        <IconGripVertical size={16} />
      </ActionIcon>
      <Text size="sm" fw={500} style={{ flex: 1 }} truncate="end" title={nome}>
        {ordem + 1}. {nome}
      </Text>
      {tentativa?.tarifa != null && (
        <Text size="xs" c="dimmed" data-testid={`${testId}-tarifa`}>
          {t("regras.tarifa", { tarifa: reais(tentativa.tarifa), fracionamento: tentativa.fracionamento ?? "" })}
        </Text>
      )}
      {tentativa?.mais_barato && <Badge size="xs" color="green" data-testid={`${testId}-mais-barato`}>{t("regras.maisBarato")}</Badge>}
      {semTarifa && (
        <Tooltip label={tentativa?.aviso ?? ""}>
          <Badge size="xs" color="orange" data-testid={`${testId}-sem-tarifa`}>{t("regras.semTarifa")}</Badge>
        </Tooltip>
      )}
      <ActionIcon variant="subtle" disabled={ordem === 0} onClick={() => onMove(ordem - 1)} aria-label={t("regras.subir")} data-testid={`${testId}-subir`}>
        <IconArrowUp size={16} />
      </ActionIcon>
      <ActionIcon variant="subtle" disabled={ultimo} onClick={() => onMove(ordem + 1)} aria-label={t("regras.descer")} data-testid={`${testId}-descer`}>
        <IconArrowDown size={16} />
      </ActionIcon>
      <ActionIcon variant="subtle" color="red" onClick={onRemove} aria-label={t("regras.remover")} data-testid={`${testId}-remover`}>
        <IconTrash size={16} />
      </ActionIcon>
    </Group>
  );
}
