import { afterEach, describe, expect, it } from "vitest";
import type { EstadoHorario, Horario } from "../../api";
import { setLocale } from "../../i18n";
import { destinoEmPalavras, momentoHorario, motivoHorario, numeracaoDias, resumoDias, resumoHorario } from "./horario";

const semana: Horario = { sempre: false, todos_os_dias: false, grupos: [{ de: 1, ate: 5 }], inicio: "08:00", fim: "18:00", feriados: 2 };
const natal: EstadoHorario = {
  aberto: false, razao: "feriado", feriado: "Natal", horario: semana, motivo: "Fechado: feriado (Natal)",
  fuso: "America/Sao_Paulo", dia: 5, hora: "10:00", agora: "sex 10:00",
};

afterEach(() => setLocale("pt-BR"));

describe("a DID's hours in words", () => {
  it("in pt-BR as pabx-api words them for the CLI", () => {
    expect(resumoHorario(semana)).toBe("seg-sex 08:00-18:00, 2 feriados");
    expect(resumoHorario({ ...semana, feriados: 1 })).toBe("seg-sex 08:00-18:00, 1 feriado");
    expect(resumoHorario({ ...semana, feriados: 0 })).toBe("seg-sex 08:00-18:00");
    expect(resumoHorario({ ...semana, sempre: true })).toBe("sem horário (atende sempre)");
    expect(resumoDias({ ...semana, grupos: [{ de: 0, ate: 0 }, { de: 1, ate: 1 }, { de: 6, ate: 6 }] })).toBe("dom, seg, sáb");
    expect(resumoDias({ ...semana, todos_os_dias: true, grupos: [{ de: 0, ate: 6 }] })).toBe("todos os dias");
    expect(motivoHorario(natal)).toBe(natal.motivo);
    expect(motivoHorario({ ...natal, aberto: true, razao: "dentro", feriado: null })).toBe("Aberto: dentro do horário (seg-sex 08:00-18:00)");
    expect(momentoHorario(natal)).toBe(natal.agora);
    expect(numeracaoDias()).toBe("0 = domingo, 1 = segunda-feira … 6 = sábado");
    expect(destinoEmPalavras(1, "2001")).toBe("Ramal 2001");
    expect(destinoEmPalavras(0, "")).toBe("Nenhum");
    expect(destinoEmPalavras(42, "fila-3")).toBe("código 42 fila-3");
  });

  it("in English", () => {
    setLocale("en");
    expect(resumoHorario(semana)).toBe("Mon-Fri 08:00-18:00, 2 holidays");
    expect(resumoHorario({ ...semana, sempre: true })).toBe("no business hours (always answers)");
    expect(motivoHorario(natal)).toBe("Closed: holiday (Natal)");
    expect(motivoHorario({ ...natal, razao: "fora", feriado: null })).toBe("Closed: outside business hours (Mon-Fri 08:00-18:00)");
    expect(momentoHorario(natal)).toBe("Fri 10:00");
    expect(numeracaoDias()).toBe("0 = Sunday, 1 = Monday … 6 = Saturday");
    expect(destinoEmPalavras(8, "+55 11 3333-4444")).toBe("External number +55 11 3333-4444");
    expect(destinoEmPalavras(42, "")).toBe("code 42");
  });
});
