import { describe, expect, it } from "vitest";
import { cep, cnpj, email, numero, telefone, trimmed } from "./normalize";

describe("normalisation", () => {
  it("stores a CNPJ, CEP and phones in one form whatever the punctuation", () => {
    for (const typed of ["11222333000181", " 11.222.333/0001-81 ", "11 222 333 0001 81", "11-222-333/0001.81"]) {
      expect(cnpj(typed)).toBe("11.222.333/0001-81");
    }
    expect(cnpj("12abc34501de35")).toBe("12.ABC.345/01DE-35");
    expect(cnpj("123")).toBe("123");
    expect(cep("01310 100")).toBe("01310-100");
    expect(cep("01.310-100")).toBe("01310-100");
    expect(telefone("11 3333 4444")).toBe("(11) 3333-4444");
    expect(telefone("+55 (11) 99999.8888")).toBe("(11) 99999-8888");
    expect(telefone("12")).toBe("12");
    expect(numero(" 2 001 ")).toBe("2001");
    expect(numero("+55 11 3333-4444")).toBe("+551133334444");
    expect(numero("ramal")).toBe("ramal");
    expect(email(" Ana@Empresa.com.br ")).toBe("ana@empresa.com.br");
    expect(trimmed("  Padaria   Sol ")).toBe("Padaria Sol");
  });
});
