import { afterEach, describe, expect, it } from "vitest";
import type { FieldError } from "../bindings";
import { setLocale } from "./index";
import { fieldLabel, fieldMessage, fieldsSummary } from "./validation";

/** Field errors as pabx-api's rules give them: code, parameters and the pt-BR text. */
const faixa: FieldError = {
  field: "qtd_ramais_max",
  label: "Quantidade máxima de ramais",
  message: "A faixa 100 a 199 comporta no máximo 100 ramais",
  code: "faixa_comporta",
  params: { min: "100", max: "199", n: "100" },
};
const nome: FieldError = { field: "nome", label: "Nome", message: "Informe o nome", code: "obrigatorio", params: { o_que: "nome" } };
const semCodigo: FieldError = { field: "ramal_id", message: "Informe o código do ramal a alterar", code: "id_alterar", params: { do_que: "do_ramal" } };
const fuso: FieldError = {
  field: "fuso",
  message: 'Fuso horário desconhecido: "Marte/Olimpo"; use um nome como America/Sao_Paulo',
  code: "fuso_desconhecido",
  params: { fuso: "Marte/Olimpo", padrao: "America/Sao_Paulo" },
};
const fracionamento: FieldError = {
  field: "tarifas[0].fracionamento",
  message: "O incremento (I) do fracionamento deve ser maior que zero",
  code: "fracionamento_incremento",
  params: {},
};
const ddd: FieldError = { field: "numero", message: "DDD 20 não existe no Brasil: confira o código de área", code: "ddd_inexistente", params: { ddd: "20" } };
const servidor: FieldError = { field: "login", message: "Login já usado por outro cliente" };

afterEach(() => setLocale("pt-BR"));

describe("field errors in the chosen language", () => {
  it("say in pt-BR exactly what Rust says, from the same table", () => {
    for (const error of [faixa, nome, semCodigo, fuso, fracionamento, ddd, servidor]) expect(fieldMessage(error)).toBe(error.message);
    expect(fieldLabel("tarifas[0].fracionamento")).toBe("Fracionamento (tarifa 1)");
    expect(fieldLabel("faixa_max")).toBe("Fim da faixa de ramais");
    expect(fieldsSummary([nome, faixa, nome])).toBe("Corrija os 2 campos Nome e Quantidade máxima de ramais; nada foi enviado.");
  });

  it("are English in English: the code's template with its parameters, fields by English label", () => {
    setLocale("en");
    expect(fieldMessage(faixa)).toBe("The range 100 to 199 holds at most 100 extensions");
    // What a message names travels as a key and is worded in English.
    expect(fieldMessage(nome)).toBe("Fill in the name");
    expect(fieldMessage(semCodigo)).toBe("Give the code of the extension to change");
    expect(fieldMessage(fuso)).toBe('Unknown time zone: "Marte/Olimpo"; use a name like America/Sao_Paulo');
    // Numbers, holidays and tariffs have codes of their own too.
    expect(fieldMessage(ddd)).toBe("Area code 20 does not exist in Brazil: check it");
    expect(fieldMessage(fracionamento)).toBe("The increment (I) must be greater than zero");
    // A text without a code (or a server's) is shown as it came.
    expect(fieldMessage(servidor)).toBe(servidor.message);
    expect(fieldLabel("faixa_max")).toBe("End of the extension range");
    expect(fieldLabel("tarifas[0].fracionamento")).toBe("Billing increments (tariff 1)");
    expect(fieldLabel("encaminhar_todas_chamadas.encaminhamento_destinos[1].encaminhamento_destino")).toBe(
      "Destination (extra destinations 2, forward all calls)",
    );
    expect(fieldLabel("campo_novo")).toBe("Campo novo");
    expect(fieldsSummary([faixa])).toBe("Fix the field Maximum number of extensions; nothing was sent.");
    expect(fieldsSummary([nome, faixa, fracionamento])).toBe(
      "Fix the 3 fields Name, Maximum number of extensions, and Billing increments (tariff 1); nothing was sent.",
    );
  });
});
