/**
 * The form's pure model: fields described by config, dotted paths into nested records, mapping
 * of Rust's field errors onto those paths, building the record sent back (original record
 * first, so fields the UI does not know survive an update), and the options of selects loaded
 * through a query.
 */
import type { ComponentType, ReactNode } from "react";
import type { FieldError } from "../api";
import type { Key } from "../i18n";
import { fieldMessage } from "../i18n/validation";

export type FieldKind = "text" | "number" | "password" | "switch" | "select" | "query-select";

/** Reads a value beside the field: a sibling in the same list item, or a top-level field. */
export type Sibling = (path: string) => unknown;

export interface SelectOption {
  value: string;
  label: string;
}

/**
 * Where a `query-select` gets its options: a query over the form's current values (e.g. the
 * record's cliente_id), cached per account under `key`.
 */
export interface OptionsQuery {
  /** Query key segments after the account id. */
  key: (values: Values) => readonly (string | number)[];
  load: (values: Values) => Promise<SelectOption[]>;
  /** The "no value" entry (e.g. "Nenhum" = "0"), listed first. */
  none?: SelectOption;
  /** The label of a current value the list lacks: shown, never dropped. */
  unknown: (value: string) => string;
  /** The value is an integer (an id), not text. */
  numeric?: boolean;
}

export interface FieldSpec {
  kind: FieldKind;
  /** Dotted JSON path, e.g. `faixa_min` or `encaminhar_todas_chamadas.encaminhamento_destino`. */
  path: string;
  label: Key;
  description?: Key;
  /**
   * Marked required, as Rust's validation (pabx_api::validation) has it: always, only on a new
   * record ("new"), or while the values beside it say so (e.g. while its switch is on).
   */
  required?: boolean | "new" | ((sibling: Sibling) => boolean);
  /** Select options; values are data (UF codes...), labels already translated by the config. */
  options?: SelectOption[];
  /** A select's label for a current value its options lack (kept, never dropped). */
  unknownOption?: (value: string) => string;
  /** A select whose values are integers. */
  numeric?: boolean;
  /**
   * Puts a text value in its one stored form (trimmed, CNPJ or phone punctuation...): run when
   * the field loses focus and on every text value before the record is sent.
   */
  normalize?: (value: string) => string;
  /** For `query-select`: where its options come from. */
  query?: OptionsQuery;
  min?: number;
  max?: number;
  /** Both grid columns. */
  wide?: boolean;
  /** Disabled (and its value kept) while this says false, e.g. while its switch is off. */
  enabledWhen?: (sibling: Sibling) => boolean;
}

/** What a custom item's component gets: the form's values and errors, and how to change them. */
export interface CustomFieldProps {
  accountId: string;
  values: Values;
  /** Error texts by form path (test id `field-error-<path>` expected on each shown). */
  errors: Record<string, ReactNode>;
  setValue: (path: string, value: unknown) => void;
  clearError: (path: string) => void;
  /** Runs the blur check for one path. */
  onBlur: (path: string) => void;
}

/**
 * A screen's own editor inside a section (weekday chips, a holiday list, a tariff table): it
 * edits `paths` itself; field errors on those paths (patterns, `*` for a list index) reach it.
 */
export interface CustomSpec {
  kind: "custom";
  /** A key for React and the section's layout. */
  path: string;
  /** Error patterns this item shows, e.g. `feriados.*.data`. */
  paths: string[];
  wide?: boolean;
  component: ComponentType<CustomFieldProps>;
}

/** A reader of the values beside `path` (its list item's fields, or the top level). */
export function siblingsOf(values: Values, path: string): Sibling {
  const parent = path.includes(".") ? path.slice(0, path.lastIndexOf(".")) : "";
  return (name) => getPath(values, parent ? `${parent}.${name}` : name);
}

/** `enabledWhen` for a field that only matters while the switch `name` is on. */
export function whenOn(name: string): (sibling: Sibling) => boolean {
  return (sibling) => sibling(name) === 1 || sibling(name) === true;
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

export type FormItem = FieldSpec | ListSpec | CustomSpec;

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
      } else if (item.kind === "custom") {
        out.push(...item.paths);
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
      const message = fieldMessage(error);
      matched[path] = matched[path] ? `${matched[path]} ${message}` : message;
    } else {
      unmatched.push(error);
    }
  }
  return { matched, unmatched };
}

/** Fields whose value is sent as an integer. */
function isInteger(spec: FieldSpec): boolean {
  return (
    spec.kind === "number" ||
    spec.kind === "switch" ||
    (spec.kind === "select" && spec.numeric === true) ||
    (spec.kind === "query-select" && spec.query?.numeric === true)
  );
}

/** Every field of the form with its full path (list items expanded over `values`). */
function fieldsWithPaths(sections: readonly FormSection[], values: Values): [string, FieldSpec][] {
  const out: [string, FieldSpec][] = [];
  for (const section of sections) {
    for (const item of section.items) {
      if (item.kind === "custom") continue;
      if (item.kind === "list") {
        const list = getPath(values, item.path);
        const length = Array.isArray(list) ? list.length : 0;
        for (let i = 0; i < length; i++) {
          for (const f of item.item) out.push([`${item.path}.${i}.${f.path}`, f]);
        }
      } else {
        out.push([item.path, item]);
      }
    }
  }
  return out;
}

/** Every text field with a `normalize` hook, as full paths. */
function normalizedPaths(sections: readonly FormSection[], values: Values): [string, (v: string) => string][] {
  return fieldsWithPaths(sections, values).flatMap(([path, f]) => (f.normalize ? [[path, f.normalize] as [string, (v: string) => string]] : []));
}

function numberPaths(sections: readonly FormSection[], values: Values): string[] {
  return fieldsWithPaths(sections, values).filter(([, f]) => isInteger(f)).map(([path]) => path);
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
 * values, numbers coerced to integers, texts normalised by their field's hook.
 */
export function buildRecord<T extends object>(original: T, values: Values, sections: readonly FormSection[]): T {
  let record: Values = { ...(original as Values), ...values };
  for (const path of numberPaths(sections, record)) {
    record = setPath(record, path, toInteger(getPath(record, path)));
  }
  for (const [path, normalize] of normalizedPaths(sections, record)) {
    const value = getPath(record, path);
    if (typeof value === "string") record = setPath(record, path, normalize(value));
  }
  return record as T;
}

/** The form's starting values: the record with every configured field present. */
export function initialValues<T extends object>(record: T, sections: readonly FormSection[]): Values {
  let values: Values = structuredClone(record) as Values;
  for (const section of sections) {
    for (const item of section.items) {
      if (item.kind === "custom") continue;
      const current = getPath(values, item.path);
      if (item.kind === "list") {
        if (!Array.isArray(current)) values = setPath(values, item.path, []);
      } else if (current === undefined || current === null) {
        values = setPath(values, item.path, isInteger(item) ? 0 : "");
      }
    }
  }
  return values;
}

/** Whether a field shows the required mark, given the values beside it. */
export function isRequired(spec: FieldSpec, sibling: Sibling, isNew: boolean): boolean {
  const { required } = spec;
  if (typeof required === "function") return required(sibling);
  return required === "new" ? isNew : required === true;
}

/** A form value as a select's value ("" for none). */
export function selectValue(value: unknown): string {
  return typeof value === "string" || typeof value === "number" ? String(value) : "";
}

/**
 * A query-select's options: the "none" entry, the loaded ones (none while loading or after a
 * failure), and the current value when the list lacks it, labelled by `unknown`.
 */
export function selectOptions(query: OptionsQuery, loaded: readonly SelectOption[] | undefined, current: string): SelectOption[] {
  const out: SelectOption[] = query.none ? [query.none] : [];
  for (const option of loaded ?? []) if (!out.some((o) => o.value === option.value)) out.push(option);
  if (current !== "" && !out.some((o) => o.value === current)) out.push({ value: current, label: query.unknown(current) });
  return out;
}

/** What a query-select stores for the picked value (a cleared select stores the none entry). */
export function fromSelect(query: OptionsQuery, picked: string | null): string | number {
  const value = picked ?? query.none?.value ?? "";
  return query.numeric ? toInteger(value) : value;
}
