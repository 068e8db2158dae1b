import dayjs from "dayjs";
import { describe, expect, it } from "vitest";
import { emptyColunas } from "./colunas";
import { apiDate, countDivergent, defaultFiltros, formatDuration, gravacao, presetRange, toFiltro } from "./logic";

describe("call-history logic", () => {
  const today = dayjs("2026-03-10");

  it("presets cover the documented periods", () => {
    expect(presetRange("hoje", today)).toEqual(["2026-03-10", "2026-03-10"]);
    expect(presetRange("ontem", today)).toEqual(["2026-03-09", "2026-03-09"]);
    expect(presetRange("ultimos7", today)).toEqual(["2026-03-04", "2026-03-10"]);
    expect(presetRange("esteMes", today)).toEqual(["2026-03-01", "2026-03-10"]);
    expect(presetRange("mesPassado", today)).toEqual(["2026-02-01", "2026-02-28"]);
    expect(presetRange("ultimos6Meses", today)).toEqual(["2025-09-10", "2026-03-10"]);
  });

  it("builds the API's filter: dd/mm/yyyy dates, any period, pages of 1000", () => {
    const filtro = toFiltro({ ...defaultFiltros(), de: "2025-09-10", ate: "2026-03-10", clienteId: 3, ramalOrigem: " 2001 " });
    expect(filtro).toMatchObject({
      cliente_id: 3, data_inicial: "10/09/2025", data_final: "10/03/2026", hora_inicial: "00:00", hora_final: "23:59",
      ramal_origem: "2001", quantidade: 1000, pos_registro_inicial: 0,
    });
    expect(apiDate(null)).toBe("");
  });

  it("counts divergent calls among those shown, reads a call's recording, formats durations", () => {
    const c = { ...emptyColunas(), divergente: [true, false, true], data: ["d0", "d1", "d2"], link_gravacao: ["", "", "http://x/2.wav"] };
    expect(countDivergent(c, 3)).toBe(2);
    expect(countDivergent(c, 2)).toBe(1);
    expect(gravacao(c, 2)).toEqual({ data: "d2", origem: "", destino: "", link: "http://x/2.wav" });
    expect(formatDuration(61)).toBe("1:01");
    expect(formatDuration(3725)).toBe("1:02:05");
  });
});
