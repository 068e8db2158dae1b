/**
 * A trunk's tariff table: one row per region of `listar_regioes` (and any tariff for a region
 * the list lacks, kept), the price in R$/min typed with a decimal comma, the fracionamento with
 * the common presets, regions without a tariff flagged, and a cost preview for a call duration
 * computed by pabx-api (`previa_custo`).
 */
import { ActionIcon, Autocomplete, Badge, Button, Group, NumberInput, Stack, Table, Text } from "@mantine/core";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { commands, unwrap, type Regiao, type Tarifa } from "../../api";
import { accountKey } from "../../api/queries";
import type { CustomFieldProps } from "../../form/model";
import { formatCurrency, t } from "../../i18n";
import { fieldMessage } from "../../i18n/validation";

const DEFAULT_FRACIONAMENTO = "0/30/6";

export async function listarRegioes(): Promise<Regiao[]> {
  return unwrap(commands.listarRegioes({ regiao_id: 0 }));
}

export function TarifasEditor({ accountId, values, errors, setValue, onBlur }: CustomFieldProps) {
  const tarifas = Array.isArray(values.tarifas) ? (values.tarifas as Tarifa[]) : [];
  const regioes = useQuery({ queryKey: accountKey(accountId, "regioes", "all"), queryFn: listarRegioes });
  const comuns = useQuery({ queryKey: ["fracionamentos_comuns"], queryFn: () => commands.fracionamentosComuns(), staleTime: Infinity });
  const [duracao, setDuracao] = useState<number | string>(60);
  const [debounced, setDebounced] = useState({ tarifas, duracao });
  useEffect(() => {
    const timer = setTimeout(() => setDebounced({ tarifas, duracao }), 200);
    return () => clearTimeout(timer);
  }, [tarifas, duracao]);
  const previa = useQuery({
    queryKey: ["previa_custo", JSON.stringify(debounced)],
    queryFn: () => commands.previaCusto(debounced.tarifas, Math.max(0, Math.trunc(Number(debounced.duracao) || 0))),
  });

  const set = (next: Tarifa[]) => setValue("tarifas", next);
  const update = (index: number, change: Partial<Tarifa>) => set(tarifas.map((x, i) => (i === index ? { ...x, ...change } : x)));

  const known = regioes.data ?? [];
  // Known regions in id order, then tariffs for regions the list lacks (kept, never dropped).
  const rows: { regiaoId: number; nome: string }[] = known.map((r) => ({ regiaoId: r.regiao_id ?? 0, nome: r.nome ?? "" }));
  for (const tarifa of tarifas) {
    if (!rows.some((r) => r.regiaoId === tarifa.regiao_id)) rows.push({ regiaoId: tarifa.regiao_id, nome: t("troncos.regiaoDesconhecida", { id: tarifa.regiao_id }) });
  }
  const semTarifa = rows.filter((r) => !tarifas.some((x) => x.regiao_id === r.regiaoId)).length;

  return (
    <Stack gap="sm" data-testid="tarifas-editor">
      <Group justify="space-between" align="flex-end">
        <Text size="sm" c={semTarifa > 0 ? "orange" : "dimmed"} data-testid="tarifas-resumo" data-sem-tarifa={semTarifa}>
          {t("troncos.tarifas.resumo", { com: rows.length - semTarifa, total: rows.length, sem: semTarifa })}
        </Text>
        <Group gap="xs" align="flex-end">
          <Text size="sm">{t("troncos.tarifas.aplicar")}</Text>
          {(comuns.data ?? []).map((c) => (
            <Button
              key={c.fracionamento}
              size="xs"
              variant="default"
              title={c.nome}
              disabled={tarifas.length === 0}
              onClick={() => set(tarifas.map((x) => ({ ...x, fracionamento: c.fracionamento })))}
              data-testid={`preset-${c.fracionamento}`}
            >
              {c.nome.split(" ")[0]}
            </Button>
          ))}
        </Group>
      </Group>
      {errors.tarifas && <Text size="xs" c="red">{errors.tarifas}</Text>}
      <Table withTableBorder striped verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("troncos.tarifas.regiao")}</Table.Th>
            <Table.Th>{t("troncos.tarifas.tarifa")}</Table.Th>
            <Table.Th>{t("troncos.tarifas.fracionamento")}</Table.Th>
            <Table.Th>
              <Group gap={6} wrap="nowrap">
                <Text size="sm" fw={700}>
                  {t("troncos.tarifas.previa")}
                </Text>
                <NumberInput
                  aria-label={t("troncos.tarifas.duracao")}
                  value={duracao}
                  onChange={setDuracao}
                  min={0}
                  max={86400}
                  allowDecimal={false}
                  thousandSeparator={false}
                  suffix=" s"
                  size="xs"
                  w={90}
                  data-testid="previa-duracao"
                />
              </Group>
            </Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => {
            const index = tarifas.findIndex((x) => x.regiao_id === row.regiaoId);
            const tarifa = index >= 0 ? tarifas[index] : undefined;
            const cost = previa.data?.find((p) => p.regiao_id === row.regiaoId);
            return (
              <Table.Tr key={row.regiaoId} data-testid="tarifa-row" data-regiao={row.regiaoId} data-priced={tarifa !== undefined}>
                <Table.Td>
                  <Text size="sm">{row.nome}</Text>
                </Table.Td>
                {tarifa ? (
                  <>
                    <Table.Td>
                      <NumberInput
                        aria-label={t("troncos.tarifas.tarifa")}
                        value={tarifa.tarifa ?? 0}
                        onChange={(v) => update(index, { tarifa: typeof v === "number" ? v : Number(String(v).replace(",", ".")) || 0 })}
                        onBlur={() => onBlur(`tarifas.${index}.tarifa`)}
                        decimalSeparator=","
                        thousandSeparator="."
                        decimalScale={4}
                        prefix="R$ "
                        min={0}
                        size="xs"
                        error={errors[`tarifas.${index}.tarifa`]}
                        data-testid={`field-tarifas.${index}.tarifa`}
                      />
                    </Table.Td>
                    <Table.Td>
                      <Autocomplete
                        aria-label={t("troncos.tarifas.fracionamento")}
                        value={tarifa.fracionamento}
                        data={(comuns.data ?? []).map((c) => c.fracionamento)}
                        onChange={(v) => update(index, { fracionamento: v })}
                        onBlur={() => onBlur(`tarifas.${index}.fracionamento`)}
                        placeholder={t("troncos.placeholder.fracionamento")}
                        size="xs"
                        error={errors[`tarifas.${index}.fracionamento`] ?? errors[`tarifas.${index}.regiao_id`]}
                        data-testid={`field-tarifas.${index}.fracionamento`}
                      />
                    </Table.Td>
                    <Table.Td data-testid={`previa-${row.regiaoId}`}>
                      {cost?.custo !== null && cost?.custo !== undefined ? (
                        <Text size="sm">
                          {t("troncos.tarifas.custo", { segundos: cost.segundos_cobrados ?? 0, custo: formatCurrency(cost.custo) })}
                        </Text>
                      ) : (
                        <Text size="xs" c="red">
                          {cost?.erro ? fieldMessage(cost.erro) : ""}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        onClick={() => set(tarifas.filter((_, i) => i !== index))}
                        aria-label={t("troncos.tarifas.remover", { regiao: row.nome })}
                        data-testid={`tarifa-remove-${row.regiaoId}`}
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Table.Td>
                  </>
                ) : (
                  <>
                    <Table.Td colSpan={3}>
                      <Badge color="orange" variant="light" data-testid={`tarifa-sem-${row.regiaoId}`}>
                        {t("troncos.tarifas.semTarifa")}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <ActionIcon
                        variant="subtle"
                        onClick={() => set([...tarifas, { regiao_id: row.regiaoId, tarifa: 0, fracionamento: DEFAULT_FRACIONAMENTO }])}
                        aria-label={t("troncos.tarifas.precificar", { regiao: row.nome })}
                        data-testid={`tarifa-add-${row.regiaoId}`}
                      >
                        <IconPlus size={16} />
                      </ActionIcon>
                    </Table.Td>
                  </>
                )}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed">
        {t("troncos.tarifas.help")}
      </Text>
    </Stack>
  );
}
