/**
 * The routing editor's local state: every region of the plan with its trunks in priority order,
 * and the edits the screen makes (move, add, remove). Prices, the cheapest trunk, warnings and the
 * diff come from Rust (`analisar_roteamento`, `diff_regras_roteamento`); nothing here prices.
 */
import type { Regiao, RegrasRoteamento, Roteamento, Tronco } from "../../api";

export interface RotaEditada {
  tronco_id: number;
  tronco_nome: string;
}

export interface RegiaoEditada {
  regiao_id: number;
  regiao_nome: string;
  rotas: RotaEditada[];
}

/** Every region of `regioes` (in their order), then any other region the rules name. */
export function paraEdicao(regras: RegrasRoteamento, regioes: Regiao[]): RegiaoEditada[] {
  const porRegiao = new Map<number, RotaEditada[]>();
  const nomes = new Map<number, string>();
  for (const regiao of regras.regioes ?? []) {
    const id = regiao.regiao_id ?? 0;
    const rotas = [...(regiao.roteamentos ?? [])]
      .map((r, i) => ({ r, i }))
      .sort((a, b) => prioridade(a.r, a.i) - prioridade(b.r, b.i))
      .map(({ r }) => ({ tronco_id: r.tronco_id ?? 0, tronco_nome: r.tronco_nome ?? "" }));
    porRegiao.set(id, rotas);
    nomes.set(id, regiao.regiao_nome ?? "");
  }
  const saida: RegiaoEditada[] = regioes.map((r) => ({
    regiao_id: r.regiao_id ?? 0,
    regiao_nome: r.nome ?? "",
    rotas: porRegiao.get(r.regiao_id ?? 0) ?? [],
  }));
  for (const [id, rotas] of porRegiao) {
    if (!saida.some((r) => r.regiao_id === id)) saida.push({ regiao_id: id, regiao_nome: nomes.get(id) ?? "", rotas });
  }
  return saida;
}

function prioridade(r: Roteamento, index: number): number {
  const p = r.prioridade ?? 0;
  return p > 0 ? p : Number.MAX_SAFE_INTEGER - 1000 + index;
}

/** The edited routing as the API's shape, trunks numbered 1, 2, 3... */
export function paraRegras(regioes: RegiaoEditada[]): RegrasRoteamento {
  return {
    regioes: regioes.map((r) => ({
      regiao_id: r.regiao_id,
      regiao_nome: r.regiao_nome,
      roteamentos: r.rotas.map((rota, i) => ({ prioridade: i + 1, tronco_id: rota.tronco_id, tronco_nome: rota.tronco_nome })),
    })),
  };
}

export function mover(regioes: RegiaoEditada[], regiaoId: number, de: number, para: number): RegiaoEditada[] {
  return regioes.map((r) => {
    if (r.regiao_id !== regiaoId || de === para || para < 0 || para >= r.rotas.length) return r;
    const rotas = [...r.rotas];
    const [item] = rotas.splice(de, 1);
    if (item) rotas.splice(para, 0, item);
    return { ...r, rotas };
  });
}

export function adicionar(regioes: RegiaoEditada[], regiaoId: number, tronco: Tronco): RegiaoEditada[] {
  return regioes.map((r) =>
    r.regiao_id !== regiaoId || r.rotas.some((x) => x.tronco_id === tronco.tronco_id)
      ? r
      : { ...r, rotas: [...r.rotas, { tronco_id: tronco.tronco_id ?? 0, tronco_nome: tronco.nome ?? "" }] },
  );
}

export function remover(regioes: RegiaoEditada[], regiaoId: number, troncoId: number): RegiaoEditada[] {
  return regioes.map((r) => (r.regiao_id !== regiaoId ? r : { ...r, rotas: r.rotas.filter((x) => x.tronco_id !== troncoId) }));
}

/** Reais per minute as pt-BR reads them: R$ 0,0600. */
export function reais(valor: number, casas = 4): string {
  return valor.toLocaleString("pt-BR", { style: "currency", currency: "BRL", minimumFractionDigits: casas, maximumFractionDigits: casas });
}
