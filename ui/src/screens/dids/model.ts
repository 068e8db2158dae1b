/**
 * DIDs on screen: the record as the API has it plus what the list shows (computed in Rust by
 * `vistas_dids`) and the holiday editor's rows. `toWire` turns a form's record back into the
 * API's DID, the holidays written by Rust in the form the server used.
 */
import { blankDid, commands, type Did, type Feriado, type VistaDid } from "../../api";

export type DidRow = Did & {
  /** Number formatted, destination in words, hours summary, open now; null on a new DID. */
  vista: VistaDid | null;
  /** The holiday editor's rows. */
  feriados: Feriado[];
};

export interface DidsScope {
  clienteId: number;
}

/** The time zone the hours are judged in: the default (America/Sao_Paulo) until accounts name one. */
export const FUSO = "";

export function blankDidRow(clienteId: number): DidRow {
  return { ...blankDid(clienteId), vista: null, feriados: [] };
}

/** DIDs as the list shows them: each with its view computed in Rust (`vistas_dids`). */
export async function withVistas(dids: Did[]): Promise<DidRow[]> {
  if (dids.length === 0) return [];
  const vistas = await commands.vistasDids(dids, FUSO);
  const byId = new Map((vistas.status === "ok" ? vistas.data : []).map((v) => [v.did_id, v]));
  return dids.map((d) => {
    const vista = byId.get(d.did_id) ?? null;
    return { ...d, vista, feriados: vista?.feriados ?? [] };
  });
}

/** The API's DID from a form record: view fields dropped, holidays written back. */
export async function toWire(row: DidRow): Promise<Did> {
  const { vista: _vista, feriados, ...did } = row;
  return commands.didComFeriados(did, feriados ?? []);
}
