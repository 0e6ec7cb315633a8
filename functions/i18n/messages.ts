/** The Worker's texts by language, with `{name}` placeholders and plural forms chosen by Intl. */
import { BoundedCache } from "../lib/bounded-cache.ts";
import { intlLocale, toLocale, type Locale } from "./locales.ts";
import { da } from "./messages/da.ts";
import { de } from "./messages/de.ts";
import { en, type Plural, type ServerMessages } from "./messages/en.ts";
import { et } from "./messages/et.ts";
import { fi } from "./messages/fi.ts";
import { is } from "./messages/is.ts";
import { lt } from "./messages/lt.ts";
import { lv } from "./messages/lv.ts";
import { nb } from "./messages/nb.ts";
import { pl } from "./messages/pl.ts";
import { ru } from "./messages/ru.ts";
import { sv } from "./messages/sv.ts";

export type { Plural, ServerMessages };

export const SERVER_MESSAGES: Record<Locale, ServerMessages> = { en, da, sv, nb, fi, is, et, lv, lt, ru, pl, de };

/** The texts of a language; English for anything unknown. */
export function messagesFor(language: string | null | undefined): ServerMessages {
  return SERVER_MESSAGES[toLocale(language) ?? "en"];
}

/** `text` with its `{name}` placeholders filled; unknown placeholders become empty. */
export function fill(text: string, params: Record<string, string | number> = {}): string {
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ""));
}

/** Plural rules and number formats by language, made once each (a digest run asks thousands of times). */
const numberFormats = new BoundedCache<Locale, { rules: Intl.PluralRules; numbers: Intl.NumberFormat }>(16);

/** The plural form for `count` in `language`, with `{count}` written the language's way. */
export function plural(language: string | null | undefined, forms: Plural, count: number, params: Record<string, string | number> = {}): string {
  const locale = toLocale(language) ?? "en";
  const { rules, numbers } = numberFormats.getOrSet(locale, () => ({
    rules: new Intl.PluralRules(locale),
    numbers: new Intl.NumberFormat(intlLocale(locale)),
  }));
  const category = rules.select(count) as keyof Plural;
  return fill(forms[category] ?? forms.other, { ...params, count: numbers.format(count) });
}
