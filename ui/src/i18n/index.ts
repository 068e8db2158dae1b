/**
 * Translation: `t(key, params)` over a typed dictionary, so a missing key fails to compile.
 * pt-BR is the only language users need today; a second one is another `Dictionary`.
 */
import { ptBR, type Dictionary, type Key } from "./pt-BR";

export type { Key } from "./pt-BR";

const dictionary: Dictionary = ptBR;

export type Params = Record<string, string | number>;

export function t(key: Key, params?: Params): string {
  const text = dictionary[key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

export function hasKey(key: string): key is Key {
  return Object.prototype.hasOwnProperty.call(dictionary, key);
}

/** Numbers as pt-BR shows them (1.234). */
export function formatNumber(value: number): string {
  return value.toLocaleString("pt-BR");
}
