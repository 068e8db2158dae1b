import { describe, expect, it } from "vitest";
import { blankTronco } from "../../api";
import { adicionar, mover, paraEdicao, paraRegras, remover } from "./model";

const tronco = (tronco_id: number, nome: string) => ({ ...blankTronco(1), tronco_id, nome });

const regioes = [
  { regiao_id: 1, nome: "Local fixo" },
  { regiao_id: 2, nome: "Longa distância fixo (DDD)" },
];

describe("routing editor state", () => {
  it("lists every region, trunks by priority (not by row order), and renumbers on the way out", () => {
    const editadas = paraEdicao(
      {
        regioes: [
          {
            regiao_id: 1,
            regiao_nome: "Local fixo",
            roteamentos: [
              { prioridade: 2, tronco_id: 10, tronco_nome: "A" },
              { prioridade: 1, tronco_id: 11, tronco_nome: "B" },
            ],
          },
          { regiao_id: 9, regiao_nome: "Outra", roteamentos: [{ prioridade: 1, tronco_id: 10, tronco_nome: "A" }] },
        ],
      },
      regioes,
    );
    expect(editadas.map((r) => r.regiao_id)).toEqual([1, 2, 9]);
    expect(editadas[0]?.rotas.map((r) => r.tronco_id)).toEqual([11, 10]);
    expect(editadas[1]?.rotas).toEqual([]);
    const regras = paraRegras(mover(editadas, 1, 1, 0));
    expect(regras.regioes?.[0]?.roteamentos).toEqual([
      { prioridade: 1, tronco_id: 10, tronco_nome: "A" },
      { prioridade: 2, tronco_id: 11, tronco_nome: "B" },
    ]);
  });

  it("moves within bounds only, adds a trunk once, removes it", () => {
    const base = paraEdicao({ regioes: [] }, regioes);
    const comA = adicionar(base, 2, tronco(10, "A"));
    expect(adicionar(comA, 2, tronco(10, "A"))[1]?.rotas).toHaveLength(1);
    const comB = adicionar(comA, 2, tronco(11, "B"));
    expect(mover(comB, 2, 0, 5)).toEqual(comB);
    expect(mover(comB, 2, 0, 1)[1]?.rotas.map((r) => r.tronco_id)).toEqual([11, 10]);
    expect(remover(comB, 2, 10)[1]?.rotas.map((r) => r.tronco_id)).toEqual([11]);
  });
});
