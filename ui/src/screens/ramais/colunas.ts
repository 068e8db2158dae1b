/**
 * A page of `carregar_ramais`: the `RamalLinha` records as binary columns
 * (`pabx_api::ramal::RamalLinha::em_colunas`), the page's progress in the header; its answer is
 * one more, with the load's end (`CargaLista`) in the header.
 */
import { registrosColunares } from "../../api/colunar";
import type { CargaLista, Progress, RamalLinha } from "../../bindings";

// Every field, checked both ways by the compiler against the generated type.
const CAMPOS = Object.keys({
  ramal_id: true, cliente_id: true, numero: true, nome: true, usuario_autenticacao: true,
  caller_id_externo: true, grupo_ramais: true, bloquear_ramal: true,
} satisfies Record<keyof RamalLinha, true>) as (keyof RamalLinha)[];

export function paginaRamais(buffer: ArrayBuffer): [RamalLinha[], Progress] {
  const { registros, meta } = registrosColunares<RamalLinha, Progress>(buffer, CAMPOS);
  return [registros, meta];
}

export function respostaRamais(buffer: ArrayBuffer): [RamalLinha[], CargaLista] {
  const { registros, meta } = registrosColunares<RamalLinha, CargaLista>(buffer, CAMPOS);
  return [registros, meta];
}
