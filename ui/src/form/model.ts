/**
 * The form's pure model: fields described by config, dotted paths into nested records, mapping
 * of Rust's field errors onto those paths, and building the record sent back (original record
 * first, so fields the UI does not know survive an update).
 */
import type { FieldError } from "../api";
import type { Key } from "../i18n";

export type FieldKind = "text" | "number" | "password" | "switch" | "select";

export interface FieldSpec {
  kind: FieldKind;
  /** Dotted JSON path, e.g. `faixa_min` or `encaminhar_todas_chamadas.encaminhamento_destino`. */
  path: string;
  label: Key;
  description?: Key;
  required?: boolean;
  /** Select options; values are data (UF codes...), labels already translated by the config. */
  options?: { value: string; label: string }[];
  min?: number;
  max?: number;
  /** Both grid columns. */
  wide?: boolean;
}

/** An editable list of sub-records (e.g. further forwarding destinations). */
export interface ListSpec {
  kind: "list";
  path: string;
  label: Key;
  /** Paths relative to one item. */
  item: FieldSpec[];
  newItem: () => Record<string, unknown>;
}

export type FormItem = FieldSpec | ListSpec;

export interface FormSection {
  key: string;
  label: Key;
  items: FormItem[];
}

export type Values = Record<string, unknown>;

function segments(path: string): string[] {
  return path.split(".").filter(Boolean);
}

export function getPath(value: unknown, path: string): unknown {
  let current = value;
  for (const segment of segments(path)) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** A copy of `target` with `path` set, copying only the objects on the way. */
export function setPath<T>(target: T, path: string, value: unknown): T {
  const [head, ...rest] = segments(path);
  if (head === undefined) return value as T;
  const base: Record<string, unknown> | unknown[] =
    Array.isArray(target) ? [...target] : { ...((target as Record<string, unknown> | null) ?? {}) };
  const child = (base as Record<string, unknown>)[head];
  (base as Record<string, unknown>)[head] = rest.length === 0 ? value : setPath(child ?? (/^\d+$/.test(rest[0] ?? "") ? [] : {}), rest.join("."), value);
  return base as T;
}

/**
 * Rust's field names as form paths: `a[0].b` → `a.0.b`; a leading `dados.` (the request's
 * wrapper) is dropped.
 */
export function toFormPath(field: string): string {
  return field.replace(/\[(\d+)\]/g, ".$1").replace(/^dados\./, "").replace(/^\./, "");
}

/** Every field path of a form as patterns, list indices as `*`. */
export function fieldPatterns(sections: readonly FormSection[]): string[] {
  const out: string[] = [];
  for (const section of sections) {
    for (const item of section.items) {
      if (item.kind === "list") {
        out.push(item.path);
        for (const field of item.item) out.push(`${item.path}.*.${field.path}`);
      } else {
        out.push(item.path);
      }
    }
  }
  return out;
}

function matches(pattern: string, path: string): boolean {
  const p = pattern.split(".");
  const s = path.split(".");
  return p.length === s.length && p.every((seg, i) => seg === "*" ? /^\d+$/.test(s[i] ?? "") : seg === s[i]);
}

/**
 * Splits field errors into those a field of this form shows (path → message, several joined)
 * and the rest, which the banner lists so none is lost.
 */
export function matchFieldErrors(
  errors: readonly FieldError[],
  sections: readonly FormSection[],
): { matched: Record<string, string>; unmatched: FieldError[] } {
  const patterns = fieldPatterns(sections);
  const matched: Record<string, string> = {};
  const unmatched: FieldError[] = [];
  for (const error of errors) {
    const path = toFormPath(error.field);
    if (patterns.some((p) => matches(p, path))) {
      matched[path] = matched[path] ? `${matched[path]} ${error.message}` : error.message;
    } else {
      unmatched.push(error);
    }
  }
  return { matched, unmatched };
}

function numberPaths(sections: readonly FormSection[], values: Values): string[] {
  const out: string[] = [];
  for (const section of sections) {
    for (const item of section.items) {
      if (item.kind === "list") {
        const list = getPath(values, item.path);
        const length = Array.isArray(list) ? list.length : 0;
        for (let i = 0; i < length; i++) {
          for (const f of item.item) if (f.kind === "number" || f.kind === "switch") out.push(`${item.path}.${i}.${f.path}`);
        }
      } else if (item.kind === "number" || item.kind === "switch") {
        out.push(item.path);
      }
    }
  }
  return out;
}

/** A number input's value as the integer the API wants; empty or invalid counts as 0. */
export function toInteger(value: unknown): number {
  if (typeof value === "number") return Number.isFinite(value) ? Math.trunc(value) : 0;
  if (typeof value === "string") {
    const n = Number(value.trim().replace(",", "."));
    return value.trim() !== "" && Number.isFinite(n) ? Math.trunc(n) : 0;
  }
  if (typeof value === "boolean") return value ? 1 : 0;
  return 0;
}

/**
 * The record to send: the original (with any fields the UI does not know), then the edited
 * values, numbers coerced to integers.
 */
export function buildRecord<T extends object>(original: T, values: Values, sections: readonly FormSection[]): T {
  let record: Values = { ...(original as Values), ...values };
  for (const path of numberPaths(sections, record)) {
    record = setPath(record, path, toInteger(getPath(record, path)));
  }
  return record as T;
}

/** The form's starting values: the record with every configured field present. */
export function initialValues<T extends object>(record: T, sections: readonly FormSection[]): Values {
  let values: Values = structuredClone(record) as Values;
  for (const section of sections) {
    for (const item of section.items) {
      const current = getPath(values, item.path);
      if (item.kind === "list") {
        if (!Array.isArray(current)) values = setPath(values, item.path, []);
      } else if (current === undefined || current === null) {
        values = setPath(values, item.path, item.kind === "number" || item.kind === "switch" ? 0 : "");
      }
    }
  }
  return values;
}
