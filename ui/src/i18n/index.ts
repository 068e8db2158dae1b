/**
 * Translation: `t(key, params)` over typed dictionaries (pt-BR, the default, and English), so a
 * missing key fails to compile; `plural(base, count)` by the locale's plural rules; numbers,
 * currency and dates through Intl in the chosen locale. The choice is kept in localStorage.
 */
import { useSyncExternalStore } from "react";
import { en } from "./en";
import { ptBR, type Dictionary, type Key } from "./pt-BR";

export type { Key } from "./pt-BR";

export const LOCALES = ["pt-BR", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "pt-BR";
/** Where the chosen language is kept between runs. */
export const LOCALE_KEY = "pabx-locale";

const DICTIONARIES: Record<Locale, Dictionary> = { "pt-BR": ptBR, en };
/** The BCP 47 tag Intl formats with (English formats as en-US: the app's users are in Brazil). */
const INTL_TAG: Record<Locale, string> = { "pt-BR": "pt-BR", en: "en-US" };

function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

function storedLocale(): Locale {
  try {
    const value = globalThis.localStorage?.getItem(LOCALE_KEY);
    return isLocale(value) ? value : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

let current: Locale = storedLocale();
let dictionary: Dictionary = DICTIONARIES[current];
const listeners = new Set<() => void>();

export function getLocale(): Locale {
  return current;
}

/** Switches the language, keeps the choice, and re-renders what `useLocale` watches. */
export function setLocale(locale: Locale): void {
  if (locale === current) return;
  current = locale;
  dictionary = DICTIONARIES[locale];
  formatters.clear();
  try {
    globalThis.localStorage?.setItem(LOCALE_KEY, locale);
  } catch {
    // Storage full or denied: the choice lasts for this run only.
  }
  if (typeof document !== "undefined") document.documentElement.lang = locale;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The current locale, re-rendering the caller when it changes. */
export function useLocale(): Locale {
  return useSyncExternalStore(subscribe, getLocale, getLocale);
}

export type Params = Record<string, string | number>;

function fill(text: string, params?: Params): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

export function t(key: Key, params?: Params): string {
  return fill(dictionary[key], params);
}

export function hasKey(key: string): key is Key {
  return Object.prototype.hasOwnProperty.call(dictionary, key);
}

/** Keys written as `base.one` / `base.other` (`base.zero` optional): the bases `plural` takes. */
export type PluralKey = Key extends infer K ? (K extends `${infer B}.other` ? B : never) : never;

/**
 * The text for `count` by the locale's plural rules (`base.zero` for 0 when present, else
 * `base.<rule>`, else `base.other`); `{count}` is the count formatted for the locale.
 */
export function plural(base: PluralKey, count: number, params?: Params): string {
  const rule = count === 0 && hasKey(`${base}.zero`) ? "zero" : pluralRules().select(count);
  const key = hasKey(`${base}.${rule}`) ? (`${base}.${rule}` as Key) : (`${base}.other` as Key);
  return t(key, { count: formatNumber(count), ...params });
}

// Intl objects are costly to build: one per kind and options while the locale stays.
const formatters = new Map<string, unknown>();

function cached<T>(id: string, make: (tag: string) => T): T {
  let value = formatters.get(id) as T | undefined;
  if (value === undefined) {
    value = make(INTL_TAG[current]);
    formatters.set(id, value);
  }
  return value;
}

function pluralRules(): Intl.PluralRules {
  return cached("plural", (tag) => new Intl.PluralRules(tag));
}

/** Numbers as the locale shows them (pt-BR 1.234,5; en 1,234.5). */
export function formatNumber(value: number): string {
  return cached("number", (tag) => new Intl.NumberFormat(tag)).format(value);
}

/** Money; the platform bills in reais, so BRL unless told (pt-BR R$ 1.234,50; en R$1,234.50). */
export function formatCurrency(value: number, currency = "BRL"): string {
  return cached(`currency:${currency}`, (tag) => new Intl.NumberFormat(tag, { style: "currency", currency })).format(value);
}

type DateInput = Date | number | string;
const DAY: Intl.DateTimeFormatOptions = { day: "2-digit", month: "2-digit", year: "numeric" };

function toDate(value: DateInput): Date | null {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A day (pt-BR 31/12/2026; en 12/31/2026); text that is not a date is shown as it came. */
/**
 * A weekday's name in the platform's numbering (0 = Sunday .. 6 = Saturday; see pabx-api's
 * horario.rs): `short` without the trailing dot (pt-BR "seg", en "Mon"), `long` ("segunda-feira").
 */
export function weekdayName(day: number, width: "short" | "long"): string {
  const format = cached(`weekday:${width}`, (tag) => new Intl.DateTimeFormat(tag, { weekday: width, timeZone: "UTC" }));
  // 1 March 2026 was a Sunday, day 0.
  const name = format.format(Date.UTC(2026, 2, 1 + day));
  return width === "short" ? name.replace(/\.$/, "") : name;
}

export function formatDate(value: DateInput): string {
  const date = toDate(value);
  if (!date) return String(value);
  return cached("date", (tag) => new Intl.DateTimeFormat(tag, DAY)).format(date);
}

/** A moment to the second (pt-BR 31/12/2026, 23:59:58; en 12/31/2026, 11:59:58 PM). */
export function formatDateTime(value: DateInput): string {
  const date = toDate(value);
  if (!date) return String(value);
  return cached("datetime", (tag) => new Intl.DateTimeFormat(tag, { ...DAY, hour: "2-digit", minute: "2-digit", second: "2-digit" })).format(date);
}

