/**
 * The DID form's own editors, plugged into the generic form as custom items: the number (read
 * and formatted by Rust as it is typed), the destination (kind by name, a ramal picked from the
 * customer's), the business hours (weekday buttons in the platform's numbering, times, a live
 * "aberto agora?") and the holiday list (with Brazil's national holidays of a year, computed in
 * Rust). Every rule is a Rust command; this file only shows and edits.
 */
import { ActionIcon, Alert, Badge, Button, Group, NumberInput, Select, Stack, Text, TextInput } from "@mantine/core";
import { IconCalendarPlus, IconPlus, IconTrash } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { commands, type Feriado } from "../../api";
import { accountKey } from "../../api/queries";
import type { CustomFieldProps } from "../../form/model";
import { t, weekdayName } from "../../i18n";
import { fieldMessage } from "../../i18n/validation";
import { momentoHorario, motivoHorario, nomeApontar, numeracaoDias } from "./horario";
import { FUSO, type DidRow } from "./model";

const HOLIDAYS = "horario_funcionamento_lista_feriados";

function on(value: unknown): boolean {
  return value === 1 || value === true;
}

function text(value: unknown): string {
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : "";
}

function useDebounced<T>(value: T, ms: number): T {
  const [current, setCurrent] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setCurrent(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return current;
}

/** The number as typed, with its formatted form (or what is wrong) under it. */
export function NumeroEditor({ values, errors, setValue, onBlur }: CustomFieldProps) {
  const numero = text(values.numero);
  const typed = useDebounced(numero, 200);
  const read = useQuery({
    queryKey: ["ler_numero_did", typed],
    queryFn: () => commands.lerNumeroDid(typed),
    enabled: typed.trim() !== "",
    staleTime: Infinity,
  });
  const description =
    typed.trim() === "" || !read.data ? t("dids.numero.help") : read.data.status === "ok"
      ? t(`dids.tipo.${read.data.data.tipo}`, { numero: read.data.data.formatado })
      : fieldMessage(read.data.error);
  return (
    <TextInput
      label={t("dids.field.numero")}
      withAsterisk
      value={numero}
      onChange={(e) => setValue("numero", e.currentTarget.value)}
      onBlur={() => onBlur("numero")}
      description={<span data-testid="numero-formatado" data-ok={read.data?.status === "ok"}>{description}</span>}
      error={errors.numero}
      data-testid="field-numero"
    />
  );
}

/** `apontar_para` by name (unknown codes kept as "código N") and its destination. */
export function DestinoEditor({ accountId, values, errors, setValue, onBlur }: CustomFieldProps) {
  const tipos = useQuery({ queryKey: ["tipos_destino"], queryFn: () => commands.tiposDestino(), staleTime: Infinity });
  const clienteId = Number(values.cliente_id) || 0;
  const codigo = Number(values.apontar_para) || 0;
  const tipo = tipos.data?.find((k) => k.codigo === codigo);
  const ramais = useQuery({
    queryKey: accountKey(accountId, "options", "ramais", clienteId),
    queryFn: async () => {
      const result = await commands.listarRamais({ cliente_id: clienteId, ramal_id: 0, nome: "", pos_registro_inicial: 0, quantidade: null });
      if (result.status === "error") throw new Error(result.error.message);
      return result.data;
    },
    enabled: tipo?.ramal === true && clienteId > 0,
  });
  const kinds = (tipos.data ?? []).map((k) => ({ value: String(k.codigo), label: nomeApontar(k.codigo) }));
  if (!kinds.some((k) => k.value === String(codigo))) kinds.push({ value: String(codigo), label: t("dids.codigoDesconhecido", { codigo }) });
  const destino = text(values.destino);
  const ramalOptions = (ramais.data ?? [])
    .map((r) => ({ value: r.numero ?? "", label: `${r.numero ?? ""} · ${r.nome ?? ""}` }))
    .filter((o) => o.value !== "");
  if (destino !== "" && !ramalOptions.some((o) => o.value === destino)) ramalOptions.push({ value: destino, label: destino });
  return (
    <Group grow align="flex-start">
      <Select
        label={t("dids.field.apontar_para")}
        data={kinds}
        value={String(codigo)}
        allowDeselect={false}
        onChange={(v) => setValue("apontar_para", Number(v ?? 0))}
        onBlur={() => onBlur("apontar_para")}
        error={errors.apontar_para}
        data-testid="field-apontar_para"
      />
      {tipo?.ramal ? (
        <Select
          label={t("dids.field.destinoRamal")}
          data={ramalOptions}
          value={destino === "" ? null : destino}
          onChange={(v) => setValue("destino", v ?? "")}
          onBlur={() => onBlur("destino")}
          searchable
          nothingFoundMessage={ramais.isPending ? t("form.optionsLoading") : t("form.optionsNothing")}
          error={errors.destino}
          withAsterisk
          data-testid="field-destino"
        />
      ) : (
        <TextInput
          label={codigo === 8 ? t("dids.field.destinoExterno") : t("dids.field.destino")}
          value={destino}
          disabled={tipo !== undefined && !tipo.com_destino}
          onChange={(e) => setValue("destino", e.currentTarget.value)}
          onBlur={() => onBlur("destino")}
          error={errors.destino}
          withAsterisk={tipo?.com_destino ?? true}
          data-testid="field-destino"
        />
      )}
    </Group>
  );
}

/** Weekday buttons, start and end, and the live "aberto agora?" in the assumed time zone. */
export function HorarioEditor({ values, errors, setValue, onBlur }: CustomFieldProps) {
  const semana = useQuery({ queryKey: ["semana"], queryFn: () => commands.semana(), staleTime: Infinity });
  const enabled = on(values.habilitar_horario_funcionamento);
  const dias = Array.isArray(values.horario_funcionamento_dias_semana) ? (values.horario_funcionamento_dias_semana as number[]).map(Number) : [];
  const toggle = (n: number) =>
    setValue("horario_funcionamento_dias_semana", dias.includes(n) ? dias.filter((d) => d !== n) : [...dias, n].sort((a, b) => a - b));
  return (
    <Stack gap="sm">
      <Stack gap={4} data-testid="field-horario_funcionamento_dias_semana">
        <Text size="sm" fw={500}>
          {t("dids.field.dias")}
        </Text>
        <Group gap="xs">
          {(semana.data?.dias ?? []).map((dia) => (
            <Button
              key={dia}
              size="xs"
              variant={dias.includes(dia) ? "filled" : "default"}
              aria-pressed={dias.includes(dia)}
              title={`${weekdayName(dia, "long")} (${dia})`}
              disabled={!enabled}
              onClick={() => toggle(dia)}
              data-testid={`dia-${dia}`}
              data-checked={dias.includes(dia)}
            >
              {weekdayName(dia, "short")}
            </Button>
          ))}
        </Group>
        <Text size="xs" c="dimmed" data-testid="dias-numeracao">
          {t("dids.numeracao", { numeracao: numeracaoDias() })}
        </Text>
        {errors.horario_funcionamento_dias_semana && (
          <Text size="xs" c="red">
            {errors.horario_funcionamento_dias_semana}
          </Text>
        )}
      </Stack>
      <Group grow align="flex-start">
        {(["horario_funcionamento_inicio", "horario_funcionamento_fim"] as const).map((path) => (
          <TextInput
            key={path}
            label={t(`dids.field.${path}`)}
            placeholder={t("dids.placeholder.hora")}
            disabled={!enabled}
            withAsterisk={enabled}
            value={text(values[path])}
            onChange={(e) => setValue(path, e.currentTarget.value)}
            onBlur={() => onBlur(path)}
            error={errors[path]}
            data-testid={`field-${path}`}
          />
        ))}
      </Group>
      <AbertoAgora values={values} />
    </Stack>
  );
}

/** "Aberto agora?" for the values being typed, re-judged every 30 s. */
function AbertoAgora({ values }: { values: CustomFieldProps["values"] }) {
  const row = values as unknown as DidRow;
  const { vista: _vista, feriados, ...did } = row;
  const key = useDebounced(JSON.stringify([did, feriados]), 250);
  const estado = useQuery({
    queryKey: ["estado_horario", key],
    queryFn: () => {
      const [d, f] = JSON.parse(key) as [typeof did, Feriado[]];
      return commands.estadoHorario(d, f ?? [], FUSO);
    },
    refetchInterval: 30_000,
  });
  const data = estado.data;
  if (!data) return null;
  if (data.status === "error") {
    return (
      <Alert color="red" data-testid="horario-preview" data-aberto="erro">
        {fieldMessage(data.error)}
      </Alert>
    );
  }
  const e = data.data;
  return (
    <Alert
      color={e.aberto ? "green" : "gray"}
      title={e.aberto ? t("dids.preview.aberto") : t("dids.preview.fechado")}
      data-testid="horario-preview"
      data-aberto={e.aberto}
    >
      <Text size="sm">{motivoHorario(e)}</Text>
      <Text size="xs" c="dimmed" data-testid="horario-fuso">
        {t("dids.preview.fuso", { fuso: e.fuso, agora: momentoHorario(e) })}
      </Text>
    </Alert>
  );
}

/** The holiday rows (date as `dd/mm` every year or `dd/mm/aaaa` once, and a name). */
export function FeriadosEditor({ values, errors, setValue, onBlur }: CustomFieldProps) {
  const feriados = Array.isArray(values.feriados) ? (values.feriados as Feriado[]) : [];
  const enabled = on(values.habilitar_horario_funcionamento);
  const [ano, setAno] = useState<number | string>(new Date().getFullYear());
  const [failure, setFailure] = useState<string | null>(null);
  const set = (next: Feriado[]) => setValue("feriados", next);
  const addNational = async () => {
    setFailure(null);
    const result = await commands.adicionarFeriadosNacionais(feriados, Number(ano));
    if (result.status === "ok") set(result.data);
    else setFailure(fieldMessage(result.error));
  };
  return (
    <Stack gap="xs" data-testid="feriados-editor">
      <Group justify="space-between" align="flex-end">
        <Text size="sm" fw={500}>
          {t("dids.feriados.title", { n: feriados.length })}
        </Text>
        <Group gap="xs" align="flex-end">
          <NumberInput
            label={t("dids.feriados.ano")}
            value={ano}
            onChange={setAno}
            min={1950}
            max={2200}
            allowDecimal={false}
            thousandSeparator={false}
            w={110}
            disabled={!enabled}
            data-testid="feriados-ano"
          />
          <Button
            leftSection={<IconCalendarPlus size={16} />}
            variant="light"
            disabled={!enabled}
            onClick={() => void addNational()}
            data-testid="feriados-nacionais"
          >
            {t("dids.feriados.nacionais", { ano: String(ano) })}
          </Button>
        </Group>
      </Group>
      <Text size="xs" c="dimmed">
        {t("dids.feriados.help")}
      </Text>
      {failure && (
        <Text size="xs" c="red" data-testid="feriados-error">
          {failure}
        </Text>
      )}
      {feriados.length === 0 && (
        <Text size="sm" c="dimmed">
          {t("dids.feriados.none")}
        </Text>
      )}
      {feriados.map((f, i) => {
        const error = errors[`${HOLIDAYS}.${i}`];
        return (
          <Group key={i} align="flex-start" wrap="nowrap" gap="sm" data-testid="feriado-row">
            <TextInput
              aria-label={t("dids.feriados.data")}
              placeholder={t("dids.placeholder.data")}
              value={f.data}
              w={130}
              disabled={!enabled}
              onChange={(e) => set(feriados.map((x, j) => (j === i ? { ...x, data: e.currentTarget.value } : x)))}
              onBlur={() => onBlur(`${HOLIDAYS}.${i}`)}
              error={error}
              data-testid={`field-feriados.${i}.data`}
            />
            <TextInput
              aria-label={t("dids.feriados.nome")}
              placeholder={t("dids.feriados.nome")}
              value={f.nome}
              style={{ flex: 1 }}
              disabled={!enabled}
              onChange={(e) => set(feriados.map((x, j) => (j === i ? { ...x, nome: e.currentTarget.value } : x)))}
              data-testid={`field-feriados.${i}.nome`}
            />
            <Badge variant="light" color={f.data.trim().length > 5 ? "grape" : "blue"} mt={8}>
              {f.data.trim().length > 5 ? t("dids.feriados.umaVez") : t("dids.feriados.todoAno")}
            </Badge>
            <ActionIcon
              variant="subtle"
              color="red"
              size="lg"
              disabled={!enabled}
              onClick={() => set(feriados.filter((_, j) => j !== i))}
              aria-label={t("form.removeItem", { n: i + 1 })}
              data-testid={`remove-feriados.${i}`}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        );
      })}
      <Group>
        <Button
          variant="light"
          size="xs"
          leftSection={<IconPlus size={14} />}
          disabled={!enabled}
          onClick={() => set([...feriados, { data: "", nome: "" }])}
          data-testid="add-feriados"
        >
          {t("dids.feriados.add")}
        </Button>
      </Group>
    </Stack>
  );
}
