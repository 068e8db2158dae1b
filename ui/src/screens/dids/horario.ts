/**
 * A DID's hours, open-now state and destination worded in the app's language, from the parts
 * pabx-api computes (horario.rs groups the days and judges open or closed; destino.rs formats the
 * destination); the rules stay there, only the words are here.
 */
import type { EstadoHorario, Horario } from "../../api";
import { hasKey, plural, t, weekdayName, type Key } from "../../i18n";

/** `seg-sex`, `seg, qua, sex`, `todos os dias`. */
export function resumoDias(horario: Horario): string {
  if (horario.todos_os_dias) return t("dids.horario.todos");
  if (horario.grupos.length === 0) return t("dids.horario.nenhum");
  return horario.grupos
    .map((g) => (g.de === g.ate ? weekdayName(g.de, "short") : `${weekdayName(g.de, "short")}-${weekdayName(g.ate, "short")}`))
    .join(", ");
}

/** `seg-sex 08:00-18:00`. */
function faixa(horario: Horario): string {
  return `${resumoDias(horario)} ${horario.inicio}-${horario.fim}`;
}

/** The list's summary: `seg-sex 08:00-18:00, 2 feriados`, or `sem horário (atende sempre)`. */
export function resumoHorario(horario: Horario): string {
  if (horario.sempre) return t("dids.horario.sempre");
  return horario.feriados === 0 ? faixa(horario) : `${faixa(horario)}, ${plural("dids.horario.feriados", horario.feriados)}`;
}

/** Why it is open or closed: `Fechado: feriado (Natal)`. */
export function motivoHorario(estado: EstadoHorario): string {
  switch (estado.razao) {
    case "sem_horario":
      return t("dids.razao.sem_horario");
    case "feriado":
      return t("dids.razao.feriado", { nome: estado.feriado ?? "" });
    case "incompleto":
      return t("dids.razao.incompleto");
    case "dentro":
      return t("dids.razao.dentro", { faixa: faixa(estado.horario) });
    case "fora":
      return t("dids.razao.fora", { faixa: faixa(estado.horario) });
  }
}

/** When it was judged, local to its time zone: `qua 14:05`. */
export function momentoHorario(estado: EstadoHorario): string {
  return `${weekdayName(estado.dia, "short")} ${estado.hora}`;
}

/** The weekday numbering assumed: `0 = domingo, 1 = segunda-feira … 6 = sábado`. */
export function numeracaoDias(): string {
  return `0 = ${weekdayName(0, "long")}, 1 = ${weekdayName(1, "long")} … 6 = ${weekdayName(6, "long")}`;
}

/** The name of an `apontar_para` code; an unknown one as `código N`. */
export function nomeApontar(codigo: number): string {
  const key = `dids.apontar.${codigo}`;
  return hasKey(key) ? t(key as Key) : t("dids.apontar.outro", { codigo });
}

/** `Ramal 2001`, `Número externo +55 11 3333-4444`, `Nenhum`. */
export function destinoEmPalavras(codigo: number, formatado: string): string {
  return formatado === "" ? nomeApontar(codigo) : `${nomeApontar(codigo)} ${formatado}`;
}
