/**
 * Regiões (read-only): for each region, the trunks that price it (tarifa, fracionamento) and
 * the dial plans that route it, with the gaps flagged: no price, no route, or a route through a
 * trunk with no price for the region. The coverage is computed by pabx-api (`cobertura_regioes`).
 */
import { Badge, Group, Loader, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { commands, unwrap } from "../../api";
import { accountKey } from "../../api/queries";
import { ErrorView } from "../../components/ErrorView";
import { formatCurrency, t } from "../../i18n";

async function loadCobertura() {
  const [regioes, troncos, planos, regras] = await Promise.all([
    unwrap(commands.listarRegioes({ regiao_id: 0 })),
    unwrap(commands.listarTroncos({ tronco_id: 0, cliente_id: 0 })),
    unwrap(commands.listarPlanosDiscagem({ cliente_id: 0, plano_discagem_id: 0, pos_registro_inicial: 0, quantidade: null })),
    unwrap(commands.listarRegrasRoteamento({ plano_discagem_id: 0, regiao_id: 0, tronco_id: 0, prioridade: 0 })),
  ]);
  return commands.coberturaRegioes(regioes, troncos, planos, regras);
}

export function RegioesScreen({ accountId }: { accountId: string }) {
  const query = useQuery({ queryKey: accountKey(accountId, "regioes", "cobertura"), queryFn: loadCobertura });
  if (query.isError) return <ErrorView error={query.error} onRetry={() => void query.refetch()} testId="list-error" />;
  if (!query.data) {
    return (
      <Group data-testid="list-loading">
        <Loader size="sm" />
        <Text c="dimmed">{t("list.loading")}</Text>
      </Group>
    );
  }
  return (
    <Stack gap="sm">
      <Title order={2}>{t("regioes.title")}</Title>
      <Text c="dimmed" size="sm">
        {t("regioes.intro")}
      </Text>
      <Paper withBorder>
        <Table verticalSpacing="sm" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("regioes.col.nome")}</Table.Th>
              <Table.Th>{t("regioes.col.precos")}</Table.Th>
              <Table.Th>{t("regioes.col.rotas")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {query.data.map((r) => (
              <Table.Tr key={r.regiao_id} data-testid="list-row" data-id={r.regiao_id} data-sem-preco={r.sem_preco} data-sem-rota={r.sem_rota} data-rota-sem-preco={r.rota_sem_preco}>
                <Table.Td>
                  <Stack gap={4}>
                    <Text size="sm" fw={500}>
                      {r.nome}
                    </Text>
                    <Group gap={4}>
                      {r.sem_preco && (
                        <Badge color="red" variant="light" data-testid="regiao-sem-preco">
                          {t("regioes.semPreco")}
                        </Badge>
                      )}
                      {r.sem_rota && (
                        <Badge color="orange" variant="light" data-testid="regiao-sem-rota">
                          {t("regioes.semRota")}
                        </Badge>
                      )}
                      {r.rota_sem_preco && !r.sem_preco && (
                        <Badge color="yellow" variant="light" data-testid="regiao-rota-sem-preco">
                          {t("regioes.rotaSemPreco")}
                        </Badge>
                      )}
                    </Group>
                  </Stack>
                </Table.Td>
                <Table.Td>
                  {r.precos.length === 0 ? (
                    <Text size="sm" c="red">
                      {t("regioes.nenhumTronco")}
                    </Text>
                  ) : (
                    <Stack gap={2}>
                      {r.precos.map((p) => (
                        <Text key={p.tronco_id} size="sm">
                          {t("regioes.preco", { tronco: p.tronco_nome, tarifa: formatCurrency(p.tarifa ?? 0), fracionamento: p.fracionamento })}
                        </Text>
                      ))}
                    </Stack>
                  )}
                </Table.Td>
                <Table.Td>
                  {r.rotas.length === 0 ? (
                    <Text size="sm" c="orange">
                      {t("regioes.nenhumPlano")}
                    </Text>
                  ) : (
                    <Stack gap={2}>
                      {r.rotas.map((rota) => (
                        <Text key={rota.plano_discagem_id} size="sm" c={rota.troncos_sem_preco.length > 0 ? "orange" : undefined}>
                          {t("regioes.rota", { plano: rota.plano_nome, troncos: rota.troncos.join(" → ") })}
                          {rota.troncos_sem_preco.length > 0 && ` ${t("regioes.rotaSemPrecoDetalhe", { troncos: rota.troncos_sem_preco.join(", ") })}`}
                        </Text>
                      ))}
                    </Stack>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
    </Stack>
  );
}
