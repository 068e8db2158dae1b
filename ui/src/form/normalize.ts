/**
 * Normalisation hooks for form fields: values pasted with spaces or any punctuation are put in
 * the one form they are stored in. Only the shape changes; whether the value is valid is still
 * Rust's call (pabx_api::validation), so an unrecognisable value is left as typed.
 */

/** Trimmed, inner runs of spaces collapsed. */
export function trimmed(value: string): string {
  return value.trim().replace(/\s+/g, " ");
}

/** Only the digits. */
export function digitsOnly(value: string): string {
  return value.replace(/\D/g, "");
}

/** CNPJ as 12.345.678/0001-95 (also the 2026 alphanumeric form: 12 letters or digits, then 2 digits). */
export function cnpj(value: string): string {
  const raw = value.toUpperCase().replace(/[^0-9A-Z]/g, "");
  if (!/^[0-9A-Z]{12}\d{2}$/.test(raw)) return trimmed(value);
  return `${raw.slice(0, 2)}.${raw.slice(2, 5)}.${raw.slice(5, 8)}/${raw.slice(8, 12)}-${raw.slice(12)}`;
}

/** CEP as 01310-100. */
export function cep(value: string): string {
  const raw = digitsOnly(value);
  return raw.length === 8 ? `${raw.slice(0, 5)}-${raw.slice(5)}` : trimmed(value);
}

/** A Brazilian phone as (11) 3333-4444 or (11) 99999-8888; +55 is dropped. */
export function telefone(value: string): string {
  let raw = digitsOnly(value);
  if (raw.length > 11 && raw.startsWith("55")) raw = raw.slice(2);
  if (raw.length === 10) return `(${raw.slice(0, 2)}) ${raw.slice(2, 6)}-${raw.slice(6)}`;
  if (raw.length === 11) return `(${raw.slice(0, 2)}) ${raw.slice(2, 7)}-${raw.slice(7)}`;
  return trimmed(value);
}

/** A number written with spaces, dots or dashes (a ramal, a DID): digits only, + kept in front. */
export function numero(value: string): string {
  const text = value.trim();
  if (!/^\+?[\d\s.\-()/]+$/.test(text)) return text;
  return (text.startsWith("+") ? "+" : "") + digitsOnly(text);
}

/** An e-mail: trimmed, no inner spaces, lower-case. */
export function email(value: string): string {
  return value.trim().replace(/\s+/g, "").toLowerCase();
}
