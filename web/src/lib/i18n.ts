/** Translated texts and locale-aware formatting. Components call `t()`; they hold no UI strings. */
import { intlLocale, LOCALE_COOKIE, LOCALES, negotiateLocale, toLocale, type Locale } from "../../../functions/i18n/locales.ts";
import type { Catalogue, MessageKey as CoreKey } from "../locales/en.ts";
import type { MoreCatalogue, MoreKey } from "../locales/more/en.ts";

export { LOCALES, type Locale };
/** A key of either half of the catalogue. */
export type MessageKey = CoreKey | MoreKey;
/** The catalogue keys that start with `prefix`. */
export type MessageKeyOf<P extends string> = Extract<MessageKey, `${P}${string}`>;

/**
 * Every language, English included, is a chunk of its own, fetched before the first render: a
 * reader downloads the texts of one language only (the catalogues are complete, tests see to it).
 */
const loaders: Record<Locale, () => Promise<Catalogue>> = {
  en: () => import("../locales/en.ts").then((m) => m.en),
  da: () => import("../locales/da.ts").then((m) => m.da),
  sv: () => import("../locales/sv.ts").then((m) => m.sv),
  nb: () => import("../locales/nb.ts").then((m) => m.nb),
  fi: () => import("../locales/fi.ts").then((m) => m.fi),
  is: () => import("../locales/is.ts").then((m) => m.is),
  et: () => import("../locales/et.ts").then((m) => m.et),
  lv: () => import("../locales/lv.ts").then((m) => m.lv),
  lt: () => import("../locales/lt.ts").then((m) => m.lt),
  ru: () => import("../locales/ru.ts").then((m) => m.ru),
  pl: () => import("../locales/pl.ts").then((m) => m.pl),
  de: () => import("../locales/de.ts").then((m) => m.de),
};

/**
 * The second half of each catalogue: the texts of the pages and parts that load later (forms, the
 * directory, coordination, accounts). Fetched with the first of them (`withMoreTexts`), so the
 * first load carries only what the calendar's first screen says.
 */
const moreLoaders: Record<Locale, () => Promise<MoreCatalogue>> = {
  en: () => import("../locales/more/en.ts").then((m) => m.more),
  da: () => import("../locales/more/da.ts").then((m) => m.more),
  sv: () => import("../locales/more/sv.ts").then((m) => m.more),
  nb: () => import("../locales/more/nb.ts").then((m) => m.more),
  fi: () => import("../locales/more/fi.ts").then((m) => m.more),
  is: () => import("../locales/more/is.ts").then((m) => m.more),
  et: () => import("../locales/more/et.ts").then((m) => m.more),
  lv: () => import("../locales/more/lv.ts").then((m) => m.more),
  lt: () => import("../locales/more/lt.ts").then((m) => m.more),
  ru: () => import("../locales/more/ru.ts").then((m) => m.more),
  pl: () => import("../locales/more/pl.ts").then((m) => m.more),
  de: () => import("../locales/more/de.ts").then((m) => m.more),
};

let language: Locale = "en";
/** The locale for Intl formatting: English readers keep their own variant (en-US, en-IE…). */
let locale = "en-GB";
let messages = {} as Catalogue & MoreCatalogue;
/** The language whose second half is in `messages` (or on its way), once something asked for it. */
let moreLanguage: Locale | null = null;
let moreLoaded: Promise<void> = Promise.resolve();
const listeners = new Set<(language: Locale) => void>();

function cookieLocale(): string | null {
  const match = document.cookie.match(new RegExp(`(?:^|;\\s*)${LOCALE_COOKIE}=([^;]+)`));
  return match ? decodeURIComponent(match[1]) : null;
}

function formattingLocale(chosen: Locale, preferred: readonly string[]): string {
  if (chosen !== "en") return intlLocale(chosen);
  const english = preferred.find((tag) => toLocale(tag) === "en" && tag.includes("-"));
  try {
    return english ? (Intl.getCanonicalLocales(english)[0] ?? "en-GB") : "en-GB";
  } catch {
    return "en-GB";
  }
}

/** Switches the interface to `next` (loading its texts first) and tells the app to re-render. */
export async function setLocale(next: Locale, preferred: readonly string[] = navigator.languages ?? []): Promise<void> {
  try {
    // A reader who already opened a later page gets both halves of the new language at once.
    const [core, rest] = await Promise.all([loaders[next](), moreLanguage ? moreLoaders[next]() : null]);
    messages = { ...core, ...rest } as Catalogue & MoreCatalogue;
    if (moreLanguage) moreLanguage = next;
  } catch (error) {
    // A language chunk that cannot be fetched (a flaky link, offline before it was kept): English.
    if (next === "en") throw error;
    return setLocale("en", preferred);
  }
  language = next;
  locale = formattingLocale(next, preferred);
  document.documentElement.lang = next;
  for (const listener of listeners) listener(next);
}

/** Loads the second half of the current language's texts (once per language). */
export function loadMoreTexts(): Promise<void> {
  if (moreLanguage === language) return moreLoaded;
  const wanted = language;
  moreLanguage = wanted;
  moreLoaded = moreLoaders[wanted]().then(
    (rest) => {
      if (language === wanted) messages = { ...messages, ...rest };
    },
    (error: unknown) => {
      // Asked again next time (a flaky link); the page shows what it has meanwhile.
      moreLanguage = null;
      throw error;
    },
  );
  return moreLoaded;
}

/** `module`, once it and the second half of the texts are both in: for every lazily loaded page and part. */
export function withMoreTexts<T>(module: Promise<T>): Promise<T> {
  return Promise.all([module, loadMoreTexts()]).then(([m]) => m);
}

/** Remembers a choice on this device (the server-rendered pages read the same cookie). */
export function rememberLocale(next: Locale) {
  document.cookie = `${LOCALE_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax${location.protocol === "https:" ? "; secure" : ""}`;
}

/** The first language: the switcher's cookie (which also carries the account's choice), then the browser's. */
export function initLocale(preferred: readonly string[] = navigator.languages ?? []): Promise<void> {
  return setLocale(negotiateLocale([cookieLocale(), ...preferred]), preferred);
}

export function onLocaleChange(listener: (language: Locale) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The interface language (one of LOCALES). */
export function currentLanguage(): Locale {
  return language;
}

/** The locale for Intl formatting. */
export function currentLocale(): string {
  return locale;
}

/** The text for `key`, with `{name}` placeholders filled from `params`. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = messages[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** The label of a controlled-vocabulary term (topic, audience); the id itself when none is known. */
export function termLabel(kind: "topic" | "audience", id: string): string {
  const key = `${kind}.${id}`;
  return key in messages ? t(key as MessageKey) : id;
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

/**
 * A month as a heading ("March 2031", "Март 2031 г."): the first letter capitalised, as headings
 * are in every language, also where the month's own name is lower-case (Russian, Polish, Finnish…).
 */
export function formatMonth(year: number, month: number): string {
  const text = new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" }).format(Date.UTC(year, month - 1, 1));
  return text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);
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

/** A moment as date and time in the reader's locale and zone. */
export function formatDateTime(instant: string | number | Date): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(new Date(instant));
}

/** An amount of money in the reader's way of writing numbers. */
export function formatMoney(amount: number, currency: string): string {
  return new Intl.NumberFormat(locale, { style: "currency", currency, maximumFractionDigits: 0 }).format(amount);
}
