/**
 * The small server-rendered pages a subscriber reaches from a digest without signing in:
 * confirm, unsubscribe and preferences. Plain HTML forms that work without JavaScript, on phones
 * and behind strict firewalls; labelled controls, visible focus, one heading per page.
 */
import { asc } from "drizzle-orm";
import { audiences, organisations, topics } from "../../db/schema.ts";
import { REGION_COUNTRIES } from "../coordination/region.ts";
import type { Database } from "../db/client.ts";
import { esc } from "../lib/http.ts";
import type { Subscription } from "./compose.ts";
import { LOCALES, toLocale } from "../i18n/locales.ts";
import { switcherHtml } from "../i18n/switcher.ts";
import { termName } from "../i18n/terms.ts";
import { digestTexts, type DigestTexts } from "./texts.ts";

/** A whole page: `body` is trusted HTML built here from escaped values. */
export function digestPage(_t: DigestTexts, title: string, body: string, language: string, url?: string): string {
  const switcher = url ? `<header>${switcherHtml(toLocale(language) ?? "en", url)}</header>` : "";
  return `<!DOCTYPE html><html lang="${esc(language)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${esc(title)}</title><link rel="stylesheet" href="/digest.css"></head><body>${switcher}<main><h1>${esc(title)}</h1>${body}</main></body></html>`;
}

const checkboxes = (name: string, legend: string, options: { value: string; label: string }[], chosen: string[]) =>
  `<fieldset><legend>${esc(legend)}</legend>${options
    .map((o) => `<label><input type="checkbox" name="${name}" value="${esc(o.value)}"${chosen.includes(o.value) ? " checked" : ""}> ${esc(o.label)}</label>`)
    .join("")}</fieldset>`;

/**
 * The preferences form in `language` (the page's, which the switcher may change from the digest's
 * own). It shows every value the subscription holds (a country chosen through the API outside the
 * region too), because saving it replaces the whole subscription: what is not shown would be lost.
 */
export async function preferencesPage(
  db: Database,
  s: Subscription,
  state: { saved?: boolean; errors?: string[] } | null,
  language: string,
  url: string,
): Promise<string> {
  const t = digestTexts(language);
  const [topicRows, audienceRows, organisationRows] = await db.batch([
    db.select({ value: topics.id, label: topics.label }).from(topics).orderBy(asc(topics.label)),
    db.select({ value: audiences.id, label: audiences.label }).from(audiences).orderBy(asc(audiences.label)),
    db.select({ value: organisations.id, label: organisations.name }).from(organisations).orderBy(asc(organisations.name)),
  ]);
  const regions = new Intl.DisplayNames([language], { type: "region" });
  const named = (rows: { value: string; label: string }[], kind: "topic" | "audience") =>
    rows.map((r) => ({ value: r.value, label: termName(language, kind, r.value, r.label) })).sort((a, b) => a.label.localeCompare(b.label, language));
  const languageNames = new Intl.DisplayNames([language], { type: "language" });
  const notice = state?.errors
    ? `<div class="error" role="alert"><p>${esc(t.errors)}</p><ul>${state.errors.map((e) => `<li>${esc(e)}</li>`).join("")}</ul></div>`
    : state?.saved
      ? `<p class="ok" role="status">${esc(t.saved)}</p>`
      : "";
  const body = `${notice}<p>${esc(t.preferencesIntro)}</p><p>${esc(s.email)}</p>
<form method="post">
<label><input type="checkbox" name="active"${s.unsubscribedAt ? "" : " checked"}> ${esc(t.active)}</label>
${checkboxes(
  "countries",
  t.countries,
  [...new Set([...REGION_COUNTRIES, ...s.countries])].map((c) => ({ value: c, label: regions.of(c) ?? c })),
  s.countries,
)}
${checkboxes("topics", t.topics, named(topicRows, "topic"), s.topics)}
${checkboxes("audiences", t.audiences, named(audienceRows, "audience"), s.audiences)}
${checkboxes("organisations", t.organisations, organisationRows, s.organisations)}
<label for="language">${esc(t.language)}</label><select id="language" name="language">${LOCALES.map((l) => `<option value="${l}"${l === s.language ? " selected" : ""}>${esc(languageNames.of(l) ?? l)}</option>`).join("")}</select>
<label for="timeZone">${esc(t.timeZone)}</label><select id="timeZone" name="timeZone">${Intl.supportedValuesOf("timeZone")
    .filter((z) => z.startsWith("Europe/") || z === s.timeZone)
    .map((z) => `<option${z === s.timeZone ? " selected" : ""}>${esc(z)}</option>`)
    .join("")}</select>
<label for="weeksAhead">${esc(t.weeksAhead)}</label><input id="weeksAhead" name="weeksAhead" type="number" min="1" max="12" value="${s.weeksAhead}">
<label><input type="checkbox" name="emptyNote"${s.emptyNote ? " checked" : ""}> ${esc(t.emptyNote)}</label>
<p><button type="submit">${esc(t.save)}</button></p>
</form>`;
  return digestPage(t, t.preferencesTitle, body, language, url);
}
