/**
 * The route and cost simulator over the plan as edited: a region, or a typed number classified
 * into one, and a duration; the trunks in the order they would be tried, each with billed seconds
 * and cost (computed in Rust with pabx-api's tariffs).
 */
import { Alert, Card, Group, NumberInput, SegmentedControl, Select, Stack, Table, Text, TextInput, Title, Badge } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { commands, unwrap, type DestinoSimulacao, type PlanoRoteamento } from "../../api";
import { ErrorView } from "../../components/ErrorView";
import { t } from "../../i18n";
import { reais } from "./model";

export function SimuladorPanel({ dados }: { dados: PlanoRoteamento }) {
  const [modo, setModo] = useState<"regiao" | "numero">("regiao");
  const [regiaoId, setRegiaoId] = useState<string | null>(String(dados.regioes[0]?.regiao_id ?? ""));
  const [numero, setNumero] = useState("");
  const [ddd, setDdd] = useState("11");
  const [duracao, setDuracao] = useState<number>(60);
  const destino: DestinoSimulacao | null =
    modo === "regiao"
      ? regiaoId ? { regiao: Number(regiaoId) } : null
      : numero.trim() ? { numero: { numero, ddd_origem: ddd } } : null;
  const resultado = useQuery({
    queryKey: ["simular_roteamento", JSON.stringify(dados.regras), JSON.stringify(destino), duracao],
    enabled: destino !== null && duracao >= 0,
    queryFn: () => unwrap(commands.simularRoteamento(dados, destino as DestinoSimulacao, duracao)),
    retry: false,
  });
  const sim = resultado.data?.simulacao;
  return (
    <Card withBorder data-testid="simulador">
      <Title order={5} mb="xs">{t("regras.simulador")}</Title>
      <Group align="end">
        <SegmentedControl
          value={modo}
          onChange={(v) => setModo(v === "numero" ? "numero" : "regiao")}
          data={[{ value: "regiao", label: t("regras.simRegiao") }, { value: "numero", label: t("regras.simNumero") }]}
          data-testid="simulador-modo"
        />
        {modo === "regiao" ? (
          <Select
            label={t("regras.simRegiao")}
            data={dados.regioes.map((r) => ({ value: String(r.regiao_id ?? 0), label: r.nome ?? "" }))}
            value={regiaoId}
            onChange={setRegiaoId}
            allowDeselect={false}
            data-testid="simulador-regiao"
          />
        ) : (
          <>
            <TextInput label={t("regras.simNumero")} value={numero} onChange={(e) => setNumero(e.currentTarget.value)} placeholder="+55 11 98765-4321" data-testid="simulador-numero" />
            <TextInput label={t("regras.simDdd")} value={ddd} onChange={(e) => setDdd(e.currentTarget.value)} w={90} data-testid="simulador-ddd" />
          </>
        )}
        <NumberInput
          label={t("regras.simDuracao")}
          value={duracao}
          onChange={(v) => setDuracao(typeof v === "number" ? v : Number(v) || 0)}
          min={0}
          max={86400}
          w={140}
          data-testid="simulador-duracao"
        />
      </Group>
      {resultado.error && <ErrorView error={resultado.error} testId="simulador-error" />}
      {sim && (
        <Stack mt="sm" gap="xs" data-testid="simulador-resultado">
          <Text size="sm">{t("regras.simResumo", { regiao: sim.regiao_nome, segundos: sim.duracao })}</Text>
          {sim.aviso && <Alert color="red" data-testid="simulador-sem-rota">{sim.aviso}</Alert>}
          {sim.tentativas.length > 0 && (
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("regras.simOrdem")}</Table.Th>
                  <Table.Th>{t("nav.troncos")}</Table.Th>
                  <Table.Th>{t("regras.simTarifa")}</Table.Th>
                  <Table.Th>{t("regras.simCobrados")}</Table.Th>
                  <Table.Th>{t("regras.simCusto")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sim.tentativas.map((x) => (
                  <Table.Tr key={x.tronco_id} data-testid="simulador-tentativa" data-tronco={x.tronco_id}>
                    <Table.Td>{x.ordem}</Table.Td>
                    <Table.Td>
                      {x.tronco_nome} {x.mais_barato && <Badge size="xs" color="green">{t("regras.maisBarato")}</Badge>}
                    </Table.Td>
                    <Table.Td>{x.tarifa != null ? `${reais(x.tarifa)} · ${x.fracionamento ?? ""}` : (x.aviso ?? "")}</Table.Td>
                    <Table.Td>{x.segundos_cobrados ?? "—"}</Table.Td>
                    <Table.Td data-testid="simulador-custo">{x.custo != null ? reais(x.custo) : "—"}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      )}
    </Card>
  );
}
