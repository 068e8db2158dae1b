/**
 * Field errors in the chosen language. A rule's error carries a code and parameters
 * (`FieldError.code`, `params`): its text comes from the language's table (pt-BR: Rust's own,
 * `MENSAGENS_VALIDACAO`; English: `enValidacao`), and the field is named by its label
 * (`ROTULOS_CAMPOS` / `enCampos`), composed as `pabx_api::campos::rotulo` does: the last key's
 * label with where it sits, "Fracionamento (tarifa 1)". The parameters `o_que`/`do_que` carry a
 * phrase's key, worded by the language's table (`FRASES_VALIDACAO` / `enFrases`). A server's error
 * has no code: its text is shown as it came.
 */
import { FRASES_VALIDACAO, MENSAGENS_VALIDACAO, ROTULOS_CAMPOS, type FieldError } from "../bindings";
import { enCampos, enFrases, enValidacao } from "./en";
import { getLocale, t, type Params } from "./index";

const MESSAGES: Record<string, string> = MENSAGENS_VALIDACAO;
const LABELS: Record<string, string> = ROTULOS_CAMPOS;
const PHRASES: Record<string, string> = FRASES_VALIDACAO;
/** The parameters whose value is a phrase's key (`pabx_api::mensagens::FRASE_PARAMS`). */
const PHRASE_PARAMS = new Set(["o_que", "do_que"]);

function fill(template: string, params: Params, phrases: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return (PHRASE_PARAMS.has(name) ? phrases[String(value)] : undefined) ?? String(value);
  });
}

/** The error's text in the current language. */
export function fieldMessage(error: FieldError): string {
  const en = getLocale() === "en";
  const table: Record<string, string> = en ? enValidacao : MESSAGES;
  const template = error.code ? table[error.code] : undefined;
  return template === undefined ? error.message : fill(template, error.params ?? {}, en ? enFrases : PHRASES);
}

function lowerFirst(text: string): string {
  // "CNPJ", "BLF": acronyms keep their case.
  return /^.[A-Z]/u.test(text) ? text : text.charAt(0).toLowerCase() + text.slice(1);
}

/** The label of a field path in the current language. */
export function fieldLabel(field: string): string {
  const labels: Record<string, string> = getLocale() === "en" ? enCampos : LABELS;
  const parts = field.split(".").map((part) => {
    const match = /^([^[]+)(?:\[(\d+)\])?$/.exec(part);
    const key = match?.[1] ?? part;
    const label = labels[key] ?? key.replaceAll("_", " ");
    return match?.[2] === undefined ? label : `${label.toLowerCase()} ${Number(match[2]) + 1}`;
  });
  const last = parts.pop() ?? field;
  if (parts.length === 0) return last.charAt(0).toUpperCase() + last.slice(1);
  return `${last} (${parts.reverse().map(lowerFirst).join(", ")})`;
}

/** "Corrija o campo X; nada foi enviado." with the fields by label, each once. */
export function fieldsSummary(errors: readonly FieldError[]): string {
  const labels = [...new Set(errors.map((e) => fieldLabel(e.field)))];
  if (labels.length === 1) return t("error.invalid.fixOne", { campo: labels[0]! });
  const campos = new Intl.ListFormat(getLocale(), { type: "conjunction" }).format(labels);
  return t("error.invalid.fixMany", { n: labels.length, campos });
}
