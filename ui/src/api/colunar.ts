/**
 * Reads a binary column message written by Rust (`pabx_api::colunar`): a u32 with the header's
 * length, the header (JSON: rows, each column's name, kind and place, and `meta`), then the
 * columns, each 8-aligned. Numbers come back as typed arrays over the message (nothing copied
 * or parsed), texts as strings cut from one decoded block.
 */
import type { Cabecalho, Coluna } from "../bindings";

export type ValoresColuna = Float64Array | Uint32Array | (number | null)[] | boolean[] | string[];

export interface MensagemColunar<M> {
  linhas: number;
  meta: M;
  colunas: Record<string, ValoresColuna>;
}

// Typed arrays read the platform's byte order; the message is little-endian.
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const utf8 = new TextDecoder("utf-8", { fatal: true });

function ler(buffer: ArrayBuffer, coluna: Coluna): ValoresColuna {
  const { inicio, quantidade, bytes } = coluna;
  switch (coluna.tipo) {
    case "numero":
      return new Float64Array(buffer, inicio, quantidade);
    case "numero_opcional":
      return Array.from(new Float64Array(buffer, inicio, quantidade), (v) => (Number.isNaN(v) ? null : v));
    case "indice":
      return new Uint32Array(buffer, inicio, quantidade);
    case "logico":
      return Array.from(new Uint8Array(buffer, inicio, quantidade), (v) => v !== 0);
    case "texto": {
      const offsets = new Uint32Array(buffer, inicio, quantidade + 1);
      const textoInicio = inicio + (quantidade + 1) * 4;
      const texto = utf8.decode(new Uint8Array(buffer, textoInicio, inicio + bytes - textoInicio));
      const valores = new Array<string>(quantidade);
      for (let i = 0; i < quantidade; i += 1) valores[i] = texto.slice(offsets[i], offsets[i + 1]);
      return valores;
    }
  }
}

/** The message's rows, meta and columns by name. Throws on a message that is not one. */
export function lerColunar<M>(buffer: ArrayBuffer): MensagemColunar<M> {
  if (!LITTLE_ENDIAN) throw new Error("column messages need a little-endian platform");
  if (!(buffer instanceof ArrayBuffer) || buffer.byteLength < 4) throw new Error("not a column message");
  const tamanho = new DataView(buffer).getUint32(0, true);
  const cabecalho = JSON.parse(utf8.decode(new Uint8Array(buffer, 4, tamanho))) as Cabecalho<M>;
  const colunas: Record<string, ValoresColuna> = {};
  for (const coluna of cabecalho.colunas) {
    if (coluna.inicio + coluna.bytes > buffer.byteLength) throw new Error(`column ${coluna.nome} runs past the message`);
    colunas[coluna.nome] = ler(buffer, coluna);
  }
  return { linhas: cabecalho.linhas, meta: cabecalho.meta, colunas };
}

/**
 * A message of records (one column per field, under its name) as objects, with its `meta`.
 * `campos` lists every field of `T` (build it with `Object.keys` of a `Record<keyof T, true>`, so
 * the compiler holds it to the generated type); throws when one has no column.
 */
export function registrosColunares<T extends object, M>(buffer: ArrayBuffer, campos: readonly (keyof T & string)[]): { registros: T[]; meta: M } {
  const { linhas, meta, colunas } = lerColunar<M>(buffer);
  const valores = campos.map((campo) => {
    const coluna = colunas[campo];
    if (!coluna || coluna.length !== linhas) throw new Error(`the message has no column ${campo} of ${linhas} values`);
    return coluna;
  });
  const registros = new Array<T>(linhas);
  for (let i = 0; i < linhas; i += 1) {
    const registro: Record<string, unknown> = {};
    for (let j = 0; j < campos.length; j += 1) registro[campos[j] as string] = (valores[j] as ValoresColuna)[i];
    registros[i] = registro as T;
  }
  return { registros, meta };
}
