/**
 * The records a "new" form starts from: copies of Rust's blank records (`EM_BRANCO`, generated
 * beside the types), so nothing is completed by hand. Records read from Rust arrive with every
 * documented field (the generated types say so); unknown fields ride along untouched.
 */
import { EM_BRANCO, type Cliente, type Did, type PlanoDiscagem, type Ramal, type Tronco } from "../bindings";

/** A fresh, mutable copy: the generated constant is shared and readonly (plain JSON). */
function copy<T>(blank: unknown): T {
  return JSON.parse(JSON.stringify(blank)) as T;
}

export function blankCliente(): Cliente {
  return copy(EM_BRANCO.cliente);
}

export function blankRamal(clienteId: number): Ramal {
  return { ...copy<Ramal>(EM_BRANCO.ramal), cliente_id: clienteId };
}

export function blankDid(clienteId: number): Did {
  return { ...copy<Did>(EM_BRANCO.did), cliente_id: clienteId };
}

export function blankTronco(clienteId: number): Tronco {
  return { ...copy<Tronco>(EM_BRANCO.tronco), cliente_id: clienteId };
}

export function blankPlano(clienteId: number): PlanoDiscagem {
  return { ...copy<PlanoDiscagem>(EM_BRANCO.plano_discagem), cliente_id: clienteId };
}

/** A ramal's three forwarding rules, in the order the form shows them. */
export const REGRAS = [
  "encaminhar_todas_chamadas",
  "encaminhar_offline_sem_atendimento",
  "encaminhar_ocupado_indisponivel",
] as const;
export type Regra = (typeof REGRAS)[number];
