/**
 * The names of the controlled vocabulary (topics, audiences, document kinds) in each language. The web app's
 * catalogues include the same files, so a topic has one name per language everywhere.
 */
import { toLocale, type Locale } from "./locales.ts";
import { daTerms } from "./terms/da.ts";
import { deTerms } from "./terms/de.ts";
import { enTerms } from "./terms/en.ts";
import { etTerms } from "./terms/et.ts";
import { fiTerms } from "./terms/fi.ts";
import { isTerms } from "./terms/is.ts";
import { ltTerms } from "./terms/lt.ts";
import { lvTerms } from "./terms/lv.ts";
import { nbTerms } from "./terms/nb.ts";
import { plTerms } from "./terms/pl.ts";
import { ruTerms } from "./terms/ru.ts";
import { svTerms } from "./terms/sv.ts";

const TERMS: Record<Locale, Record<string, string>> = {
  en: enTerms,
  da: daTerms,
  sv: svTerms,
  nb: nbTerms,
  fi: fiTerms,
  is: isTerms,
  et: etTerms,
  lv: lvTerms,
  lt: ltTerms,
  ru: ruTerms,
  pl: plTerms,
  de: deTerms,
};

/** A topic's or audience's name in `language`; `fallback` (the stored label) for terms added later. */
export function termName(language: string | null | undefined, kind: "topic" | "audience", id: string, fallback: string): string {
  return TERMS[toLocale(language) ?? "en"][`${kind}.${id}`] ?? fallback;
}

/** A term's name in every language that has one (search matches a kind named in any of them). */
export function termNamesInEveryLanguage(key: string): string[] {
  return Object.values(TERMS)
    .map((terms) => terms[key])
    .filter((name): name is string => !!name);
}
