/**
 * The languages of the region the calendar speaks, and how a request's language is chosen:
 * an explicit choice (`?lang=`, the `lang` cookie the switcher sets, the account's preference),
 * then the browser's Accept-Language, then English. Shared by the Worker and the web app.
 */
export const LOCALES = ["en", "da", "sv", "nb", "fi", "is", "et", "lv", "lt", "ru", "pl", "de"] as const;
export type Locale = (typeof LOCALES)[number];

/** The cookie the language switcher sets; readable by the page (no secret in it). */
export const LOCALE_COOKIE = "lang";

const ALIASES: Record<string, Locale> = { no: "nb", nn: "nb" };

/** The supported locale for a BCP 47 tag ("de-AT" → "de", "no" → "nb"), or null. */
export function toLocale(tag: string | null | undefined): Locale | null {
  if (!tag) return null;
  const base = tag.trim().toLowerCase().split(/[-_]/)[0];
  if ((LOCALES as readonly string[]).includes(base)) return base as Locale;
  return ALIASES[base] ?? null;
}

/** The tags of an Accept-Language header, best first (q=0 left out). */
export function parseAcceptLanguage(header: string | null | undefined): string[] {
  if (!header) return [];
  return header
    .split(",")
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((x) => x.tag && x.tag !== "*" && x.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
    .map((x) => x.tag);
}

/** The first supported locale among explicit choices, then the Accept-Language tags; else English. */
export function negotiateLocale(choices: (string | null | undefined)[], acceptLanguage?: string | null): Locale {
  for (const choice of choices) {
    const locale = toLocale(choice);
    if (locale) return locale;
  }
  for (const tag of parseAcceptLanguage(acceptLanguage)) {
    const locale = toLocale(tag);
    if (locale) return locale;
  }
  return "en";
}

/**
 * The tag for Intl formatting. English readers in the region expect day-month order, so English
 * formats as en-GB; the other languages format as themselves.
 */
export function intlLocale(locale: Locale): string {
  return locale === "en" ? "en-GB" : locale;
}

/**
 * Each language's own name for itself (endonym), as the switcher lists them. Written out rather
 * than asked of Intl.DisplayNames: a browser whose ICU data lacks a language (Chromium has no
 * Icelandic names) answers in English, and the switcher would say "Icelandic".
 */
const AUTONYMS: Record<Locale, string> = {
  en: "English",
  da: "Dansk",
  sv: "Svenska",
  nb: "Norsk bokmål",
  fi: "Suomi",
  is: "Íslenska",
  et: "Eesti",
  lv: "Latviešu",
  lt: "Lietuvių",
  ru: "Русский",
  pl: "Polski",
  de: "Deutsch",
};

/** A language's own name for itself ("Deutsch", "Русский"), for the switcher. */
export function autonym(locale: Locale): string {
  return AUTONYMS[locale];
}
