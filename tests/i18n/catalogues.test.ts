/**
 * Every language has every text: the web app's catalogues (web/src/locales) and the Worker's
 * (functions/i18n/messages), with the same placeholders as English, every plural form its
 * language needs (Russian, Polish, Lithuanian: one/few/many/other; Latvian: zero/one/other),
 * and translated, not English copied over.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LOCALES, negotiateLocale, parseAcceptLanguage } from "../../functions/i18n/locales.ts";
import { plural, SERVER_MESSAGES, type Plural } from "../../functions/i18n/messages.ts";
import { en as enFirst } from "../../web/src/locales/en.ts";
import { more as enMore } from "../../web/src/locales/more/en.ts";

const PLURAL_CATEGORIES = ["zero", "one", "two", "few", "many", "other"];
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const categoriesOf = (locale: string) => new Intl.PluralRules(locale).resolvedOptions().pluralCategories as string[];

/**
 * The two halves of each language's texts: what the first screen says (web/src/locales/xx.ts)
 * and what the later pages say (web/src/locales/more/xx.ts, loaded with them). Each half of each
 * language has the keys of the same half in English, so no text is missing at the time it is used.
 */
const HALVES = [
  { name: "first half", en: enFirst, load: async (locale: string) => (await import(`../../web/src/locales/${locale}.ts`))[locale] },
  { name: "second half", en: enMore, load: async (locale: string) => (await import(`../../web/src/locales/more/${locale}.ts`)).more },
] as const;
const en = { ...enFirst, ...enMore };

async function webCatalogue(locale: string): Promise<Record<string, string>> {
  const [first, second] = await Promise.all(HALVES.map((h) => h.load(locale)));
  return { ...first, ...second };
}

/** English keys of plural texts, by base: "day.events" for "day.events.one" + "day.events.other". */
const pluralBases = Object.keys(en)
  .filter((k) => k.endsWith(".other") && `${k.slice(0, -6)}.one` in en)
  .map((k) => k.slice(0, -6));
const isPluralKey = (key: string) => pluralBases.some((base) => key.startsWith(`${base}.`) && PLURAL_CATEGORIES.includes(key.slice(base.length + 1)));

describe("web catalogues", () => {
  it("exist for exactly the region's twelve languages", () => {
    for (const dir of ["../../web/src/locales/", "../../web/src/locales/more/"]) {
      const files = readdirSync(new URL(dir, import.meta.url))
        .filter((f) => f.endsWith(".ts"))
        .map((f) => f.replace(/\.ts$/, ""));
      expect(files.sort(), dir).toEqual([...LOCALES].sort());
    }
  });

  it("split the same way in every language: each half has the keys of the English half", async () => {
    expect(Object.keys(enFirst).filter((k) => k in enMore)).toEqual([]);
    for (const locale of LOCALES.filter((l) => l !== "en")) {
      for (const half of HALVES) {
        const catalogue = await half.load(locale);
        const missing = Object.keys(half.en).filter((k) => !isPluralKey(k) && !(k in catalogue));
        const unknown = Object.keys(catalogue).filter((k) => !(k in half.en) && !isPluralKey(k));
        expect([missing, unknown], `${locale} ${half.name}: missing, misplaced`).toEqual([[], []]);
        // Plural forms go with their base.
        const stray = Object.keys(catalogue).filter((k) => isPluralKey(k) && !(`${k.slice(0, k.lastIndexOf("."))}.other` in half.en));
        expect(stray, `${locale} ${half.name}: plural forms away from their base`).toEqual([]);
      }
    }
  });

  for (const locale of LOCALES.filter((l) => l !== "en")) {
    describe(locale, () => {
      it("has every English key, nothing else but plural forms, and the same placeholders", async () => {
        const catalogue = await webCatalogue(locale);
        const missing = Object.keys(en).filter((k) => !isPluralKey(k) && !(k in catalogue));
        const unknown = Object.keys(catalogue).filter((k) => !(k in en) && !isPluralKey(k));
        expect(missing, `${locale} lacks these keys`).toEqual([]);
        expect(unknown, `${locale} has keys English does not`).toEqual([]);
        for (const [key, text] of Object.entries(catalogue)) {
          expect(text.trim(), `${locale} ${key} is empty`).not.toBe("");
          const reference = (en as Record<string, string>)[key] ?? (en as Record<string, string>)[`${key.slice(0, key.lastIndexOf("."))}.other`];
          expect(placeholders(text), `${locale} ${key} placeholders`).toEqual(placeholders(reference));
        }
      });

      it("has every plural form its language uses", async () => {
        const catalogue = await webCatalogue(locale);
        for (const base of pluralBases) {
          for (const category of categoriesOf(locale)) expect(catalogue, `${locale} ${base}.${category}`).toHaveProperty([`${base}.${category}`]);
        }
      });

      it("is a translation, not English copied over", async () => {
        const catalogue = await webCatalogue(locale);
        const same = Object.keys(en).filter((k) => catalogue[k] === (en as Record<string, string>)[k]);
        expect(same.length / Object.keys(en).length, `${locale} keeps ${same.length} English texts: ${same.slice(0, 20).join(", ")}`).toBeLessThan(0.1);
      });
    });
  }
});

/** The leaves of a server catalogue: "mail.signInBody" → text; plural texts as their own objects. */
function leaves(value: object, prefix = ""): Map<string, string | Plural> {
  const out = new Map<string, string | Plural>();
  for (const [key, v] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof v === "string" || "other" in v) out.set(path, v);
    else for (const [k, leaf] of leaves(v, path)) out.set(k, leaf);
  }
  return out;
}

describe("server catalogues (mail, pages, feeds, digest)", () => {
  const reference = leaves(SERVER_MESSAGES.en);
  for (const locale of LOCALES.filter((l) => l !== "en")) {
    it(`${locale}: same keys, same placeholders, all plural forms, translated`, () => {
      const texts = leaves(SERVER_MESSAGES[locale]);
      expect([...texts.keys()].sort()).toEqual([...reference.keys()].sort());
      let same = 0;
      for (const [key, english] of reference) {
        const text = texts.get(key)!;
        if (typeof english === "string") {
          expect(typeof text, key).toBe("string");
          expect(placeholders(text as string), `${locale} ${key}`).toEqual(placeholders(english));
          if (text === english) same++;
        } else {
          const forms = text as Plural;
          for (const category of categoriesOf(locale)) {
            expect(forms, `${locale} ${key} needs "${category}"`).toHaveProperty([category]);
            expect(placeholders(forms[category as keyof Plural]!), `${locale} ${key}.${category}`).toEqual(placeholders(english.other));
          }
        }
      }
      expect(same / reference.size).toBeLessThan(0.15);
    });
  }

  it("picks the plural form by the language's rules", () => {
    const subject = (locale: (typeof LOCALES)[number], n: number) => plural(locale, SERVER_MESSAGES[locale].digest.subject, n);
    expect(subject("ru", 1)).toContain("1 мероприятие ");
    expect(subject("ru", 3)).toContain("3 мероприятия ");
    expect(subject("ru", 5)).toContain("5 мероприятий ");
    expect(subject("ru", 21)).toContain("21 мероприятие ");
    expect(subject("pl", 2)).toContain("2 wydarzenia ");
    expect(subject("pl", 12)).toContain("12 wydarzeń ");
    expect(subject("pl", 22)).toContain("22 wydarzenia ");
    expect(subject("lt", 1)).toContain("1 renginys ");
    expect(subject("lt", 3)).toContain("3 renginiai ");
    expect(subject("lt", 10)).toContain("10 renginių ");
    expect(subject("lv", 0)).toContain("0 pasākumu ");
    expect(subject("lv", 21)).toContain("21 pasākums ");
    expect(subject("lv", 5)).toContain("5 pasākumi ");
    expect(subject("en", 1)).toContain("1 event ");
    expect(subject("de", 1200)).toContain("1.200 Veranstaltungen");
  });
});

describe("choosing the language", () => {
  it("takes an explicit choice first, then Accept-Language by weight, then English", () => {
    expect(negotiateLocale(["fi"], "de")).toBe("fi");
    expect(negotiateLocale([null, undefined], "fr-FR, de-AT;q=0.8, pl;q=0.9")).toBe("pl");
    expect(negotiateLocale([], "no")).toBe("nb");
    expect(negotiateLocale(["xx"], "fr, es;q=0.5")).toBe("en");
    expect(negotiateLocale([], "*")).toBe("en");
    expect(negotiateLocale([], "ru;q=0, lv")).toBe("lv");
  });

  it("reads Accept-Language as browsers send it", () => {
    expect(parseAcceptLanguage("lt-LT,lt;q=0.9,en-US;q=0.8,en;q=0.7")).toEqual(["lt-LT", "lt", "en-US", "en"]);
    expect(parseAcceptLanguage("")).toEqual([]);
    expect(parseAcceptLanguage("da;q=bad, sv")).toEqual(["sv"]);
  });
});

describe("audit log words (web/src/audit-words, loaded with the audit page)", () => {
  const words = async (locale: string): Promise<Record<string, string>> => (await import(`../../web/src/audit-words/${locale}.ts`))[locale];

  it("name every action the Worker writes to the log", async () => {
    const files = readdirSync(new URL("../../functions/", import.meta.url), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
    const written = new Set<string>();
    for (const file of files) {
      const source = readFileSync(new URL(`../../functions/${file}`, import.meta.url), "utf8");
      for (const line of source.split("\n").filter((l) => /\baction\b/.test(l))) {
        for (const m of line.matchAll(/"([a-z]+\.[a-z.]+)"/g)) written.add(m[1]);
      }
    }
    // Built from parts: the consent answers (consent/proposals.routes.ts) and the CSV imports.
    for (const kind of ["event", "document"]) for (const answer of ["accept", "decline"]) written.add(`${kind}.proposal.${answer}`);
    for (const kind of ["organisations", "people"]) written.add(`import.${kind}`);
    const en = await words("en");
    expect([...written].filter((action) => !(`action.${action}` in en))).toEqual([]);
    expect(written.size).toBeGreaterThan(30);
  });

  for (const locale of LOCALES.filter((l) => l !== "en")) {
    it(`${locale}: every English word, translated`, async () => {
      const [english, texts] = await Promise.all([words("en"), words(locale)]);
      expect(Object.keys(texts).sort()).toEqual(Object.keys(english).sort());
      for (const text of Object.values(texts)) expect(text.trim()).not.toBe("");
      const same = Object.keys(english).filter((k) => texts[k] === english[k]);
      expect(same.length / Object.keys(english).length, `${locale} keeps ${same.join(", ")}`).toBeLessThan(0.15);
    });
  }
});

describe("observances page words (web/src/observance-words, loaded with that page)", () => {
  const words = async (locale: string): Promise<Record<string, string>> => (await import(`../../web/src/observance-words/${locale}.ts`))[locale];

  it("exist for exactly the region's twelve languages", () => {
    const files = readdirSync(new URL("../../web/src/observance-words/", import.meta.url)).map((f) => f.replace(/\.ts$/, ""));
    expect(files.sort()).toEqual([...LOCALES].sort());
  });

  for (const locale of LOCALES.filter((l) => l !== "en")) {
    it(`${locale}: every English word, translated, with the same placeholders`, async () => {
      const [english, texts] = await Promise.all([words("en"), words(locale)]);
      expect(Object.keys(texts).sort()).toEqual(Object.keys(english).sort());
      for (const [key, text] of Object.entries(texts)) {
        expect(text.trim()).not.toBe("");
        expect(placeholders(text), `${locale} ${key} placeholders`).toEqual(placeholders(english[key]));
      }
      const same = Object.keys(english).filter((k) => texts[k] === english[k]);
      expect(same.length / Object.keys(english).length, `${locale} keeps ${same.join(", ")}`).toBeLessThan(0.15);
    });
  }
});

describe("feed sync words (web/src/feed-words, loaded with the import page's sync section)", () => {
  const words = async (locale: string): Promise<Record<string, string>> => (await import(`../../web/src/feed-words/${locale}.ts`))[locale];

  for (const locale of LOCALES.filter((l) => l !== "en")) {
    it(`${locale}: every English text, translated, with the same placeholders`, async () => {
      const [english, texts] = await Promise.all([words("en"), words(locale)]);
      expect(Object.keys(texts).sort()).toEqual(Object.keys(english).sort());
      for (const [key, text] of Object.entries(texts)) {
        expect(text.trim(), key).not.toBe("");
        expect(placeholders(text), key).toEqual(placeholders(english[key]));
      }
      const same = Object.keys(english).filter((k) => texts[k] === english[k]);
      expect(same.length / Object.keys(english).length, `${locale} keeps ${same.join(", ")}`).toBeLessThan(0.15);
    });
  }
});
