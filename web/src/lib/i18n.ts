/** Translated texts and locale-aware formatting. Components call `t()`; they hold no UI strings. */
import { en, type Catalogue, type MessageKey } from "../locales/en.ts";

const catalogues: Record<string, Catalogue> = { en };
/** The locale for Intl formatting: the reader's own tag (en-GB writes dates as the British do). */
let locale = "en";
let messages: Catalogue = en;

/** The UI language: the first of the browser's preferences we have a catalogue for. */
export function initLocale(preferred: readonly string[] = navigator.languages ?? []): string {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split("-")[0];
    if (catalogues[base]) {
      locale = Intl.getCanonicalLocales(tag)[0] ?? base;
      messages = catalogues[base];
      document.documentElement.lang = base;
      return locale;
    }
  }
  document.documentElement.lang = "en";
  return locale;
}

export function currentLocale(): string {
  return locale;
}

/** The text for `key`, with `{name}` placeholders filled from `params`. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = messages[key] ?? en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** The label of a controlled-vocabulary term (topic, audience); the id itself when none is known. */
export function termLabel(kind: "topic" | "audience", id: string): string {
  const key = `${kind}.${id}`;
  return key in messages || key in en ? t(key as MessageKey) : id;
}

/** A plural text: `base.one`, `base.other`, … chosen by the locale's plural rules. */
export function plural(base: string, count: number, params: Record<string, string | number> = {}): string {
  const category = new Intl.PluralRules(locale).select(count);
  const key = (`${base}.${category}` in messages ? `${base}.${category}` : `${base}.other`) as MessageKey;
  return t(key, { ...params, count: new Intl.NumberFormat(locale).format(count) });
}

/** The viewer's IANA time zone. */
export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

export function formatMonth(year: number, month: number): string {
  return new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" }).format(Date.UTC(year, month - 1, 1));
}

export function formatWeekday(date: string, style: "short" | "long" = "short"): string {
  return new Intl.DateTimeFormat(locale, { weekday: style, timeZone: "UTC" }).format(Date.parse(`${date}T00:00:00Z`));
}

export function formatDate(date: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "full", timeZone: "UTC" }).format(Date.parse(`${date}T00:00:00Z`));
}

export function formatDateRange(first: string, last: string): string {
  const f = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" });
  return first === last ? f.format(Date.parse(`${first}T00:00:00Z`)) : f.formatRange(Date.parse(`${first}T00:00:00Z`), Date.parse(`${last}T00:00:00Z`));
}

export function formatTime(instant: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { timeStyle: "short", timeZone }).format(new Date(instant));
}

export function formatInstantRange(start: string, end: string, timeZone: string): string {
  const f = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeStyle: "short", timeZone });
  return f.formatRange(new Date(start), new Date(end));
}

export function formatList(items: string[]): string {
  return new Intl.ListFormat(locale, { type: "conjunction" }).format(items);
}

export function languageName(tag: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: "language" }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

export function countryName(code: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: "region" }).of(code) ?? code;
  } catch {
    return code;
  }
}
