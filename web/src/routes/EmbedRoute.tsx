import { h } from "preact";
import { useEffect, useState } from "preact/hooks";
import { REGION_COUNTRIES as COUNTRIES, REGION_LANGUAGES as LANGUAGES } from "../../../db/enums.ts";
import { autonym } from "../../../functions/i18n/locales.ts";
import { fetchVocabulary, type VocabularyResponse } from "../lib/api.ts";
import { countryName, languageName, LOCALES, t, termLabel } from "../lib/i18n.ts";

/** The filters an embed takes (functions/embed/embed.queries.ts), in the calendar's own words. */
const KEYS = ["organisation", "country", "topic", "audience", "language"] as const;
type Key = (typeof KEYS)[number];
type Variant = "element" | "iframe";
const LIMITS = [3, 5, 10, 20, 50];
/** The frame's colours (functions/embed/embed-pages.ts FRAME_THEMES); light needs no parameter. */
const THEMES = ["light", "dark", "auto"] as const;
type Theme = (typeof THEMES)[number];
const THEME_WORDS = { light: "embedBuilder.themeLight", dark: "embedBuilder.themeDark", auto: "embedBuilder.themeAuto" } as const;

/** A value inside a double-quoted attribute of the code a partner pastes. */
const attr = (value: string) => value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

/** The chosen filters, the limit and the language as name–value pairs. */
function settings(filters: Partial<Record<Key, string>>, limit: number, lang: string): [string, string][] {
  return [
    ...KEYS.filter((k) => filters[k]).map((k): [string, string] => [k, filters[k]!]),
    ["limit", String(limit)],
    ...(lang ? [["lang", lang] as [string, string]] : []),
  ];
}

/** The code for the chosen filters: the element with its script, or the frame (and the script that sizes it). */
function snippet(variant: Variant, filters: Partial<Record<Key, string>>, limit: number, lang: string, theme: Theme): string {
  const origin = location.origin;
  const script = `<script src="${origin}/embed.js" defer></script>`;
  const pairs = settings(filters, limit, lang);
  if (variant === "element") {
    const attributes = pairs.map(([k, v]) => ` ${k}="${attr(v)}"`).join("");
    return `${script}\n<nd-calendar${attributes}></nd-calendar>`;
  }
  const query = new URLSearchParams([...pairs, ...(theme === "light" ? [] : [["theme", theme]])]);
  return `<iframe src="${attr(`${origin}/embed/calendar?${query}`)}" title="${attr(t("embedBuilder.frameTitle"))}" width="100%" height="600" style="border:0"></iframe>\n${script}`;
}

/** Loads /embed.js into the app once, for the live preview. */
let embedScript: HTMLScriptElement | undefined;
function loadEmbedScript() {
  if (embedScript) return;
  embedScript = document.createElement("script");
  embedScript.src = "/embed.js";
  document.head.appendChild(embedScript);
}

/** `/on-your-website`: builds the code that puts the calendar on a partner's website, with a live preview. */
export function EmbedRoute() {
  const [vocab, setVocab] = useState<VocabularyResponse | null>(null);
  const [filters, setFilters] = useState<Partial<Record<Key, string>>>({});
  const [limit, setLimit] = useState(5);
  const [lang, setLang] = useState("");
  const [variant, setVariant] = useState<Variant>("element");
  const [theme, setTheme] = useState<Theme>("light");
  const [copied, setCopied] = useState<"" | "ok" | "failed">("");
  useEffect(() => {
    fetchVocabulary().then(setVocab, () => undefined);
    loadEmbedScript();
  }, []);
  const code = snippet(variant, filters, limit, lang, theme);
  useEffect(() => setCopied(""), [code]);
  const options: Record<Key, { value: string; label: string }[]> = {
    organisation: (vocab?.organisations ?? []).map((o) => ({ value: o.slug, label: o.shortName ? `${o.name} (${o.shortName})` : o.name })),
    country: COUNTRIES.map((c) => ({ value: c, label: countryName(c) })).sort((a, b) => a.label.localeCompare(b.label)),
    topic: (vocab?.topics ?? []).map((x) => ({ value: x.id, label: termLabel("topic", x.id) })),
    audience: (vocab?.audiences ?? []).map((x) => ({ value: x.id, label: termLabel("audience", x.id) })),
    language: LANGUAGES.map((v) => ({ value: v, label: languageName(v) })).sort((a, b) => a.label.localeCompare(b.label)),
  };
  async function copy() {
    try {
      await navigator.clipboard.writeText(code);
      setCopied("ok");
    } catch {
      setCopied("failed");
    }
  }
  const query = new URLSearchParams([...settings(filters, limit, lang), ...(theme === "light" ? [] : [["theme", theme]])]);
  return (
    <section class="embed-builder">
      <h1>{t("embedBuilder.title")}</h1>
      <p>{t("embedBuilder.intro")}</p>
      <div class="filter-grid">
        {KEYS.map((key) => (
          <div class="field" key={key}>
            <label for={`embed-${key}`}>{t(`filters.${key}`)}</label>
            <select id={`embed-${key}`} value={filters[key] ?? ""} onChange={(e) => setFilters({ ...filters, [key]: e.currentTarget.value || undefined })}>
              <option value="">{t("filters.any")}</option>
              {options[key].map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>
        ))}
        <div class="field">
          <label for="embed-limit">{t("embedBuilder.limit")}</label>
          <select id="embed-limit" value={String(limit)} onChange={(e) => setLimit(Number(e.currentTarget.value))}>
            {LIMITS.map((n) => (
              <option key={n} value={String(n)}>
                {n}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="embed-lang">{t("embedBuilder.lang")}</label>
          <select id="embed-lang" value={lang} onChange={(e) => setLang(e.currentTarget.value)}>
            <option value="">{t("embedBuilder.langPage")}</option>
            {LOCALES.map((l) => (
              <option key={l} value={l} lang={l}>
                {autonym(l)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <fieldset class="embed-variant">
        <legend>{t("embedBuilder.variant")}</legend>
        {(["element", "iframe"] as const).map((v) => (
          <div class="embed-variant-option" key={v}>
            <input
              type="radio"
              name="embed-variant"
              id={`embed-variant-${v}`}
              value={v}
              checked={variant === v}
              onChange={() => setVariant(v)}
              aria-describedby={`embed-variant-${v}-hint`}
            />
            <label for={`embed-variant-${v}`}>{t(`embedBuilder.${v}`)}</label>
            <p id={`embed-variant-${v}-hint`} class="field-hint">
              {t(`embedBuilder.${v}Hint`)}
            </p>
          </div>
        ))}
      </fieldset>
      {variant === "iframe" && (
        <div class="field">
          <label for="embed-theme">{t("embedBuilder.theme")}</label>
          <select id="embed-theme" value={theme} onChange={(e) => setTheme(e.currentTarget.value as Theme)}>
            {THEMES.map((v) => (
              <option key={v} value={v}>
                {t(THEME_WORDS[v])}
              </option>
            ))}
          </select>
        </div>
      )}
      <div class="field">
        <label for="embed-code">{t("embedBuilder.code")}</label>
        <textarea id="embed-code" class="embed-code" readOnly rows={4} value={code} onFocus={(e) => e.currentTarget.select()} />
      </div>
      <p class="form-actions">
        <button type="button" onClick={copy}>
          {t("embedBuilder.copy")}
        </button>
        <span role="status">{copied === "ok" ? t("embedBuilder.copied") : copied === "failed" ? t("embedBuilder.copyFailed") : ""}</span>
      </p>
      <h2 id="embed-preview-heading">{t("embedBuilder.preview")}</h2>
      <div class="embed-preview">
        {variant === "element" ? (
          h("nd-calendar", { ...filters, limit: String(limit), lang: lang || undefined })
        ) : (
          <iframe src={`/embed/calendar?${query}`} title={t("embedBuilder.frameTitle")} class="embed-preview-frame" height={400} />
        )}
      </div>
    </section>
  );
}
