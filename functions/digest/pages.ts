/**
 * The small server-rendered pages a subscriber reaches from a digest without signing in:
 * confirm, unsubscribe and preferences. Plain HTML forms that work without JavaScript, on phones
 * and behind strict firewalls; labelled controls, visible focus, one heading per page.
 */
import { asc } from "drizzle-orm";
import { audiences, organisations, topics } from "../../db/schema.ts";
import { REGION_COUNTRIES } from "../coordination/region.ts";
import type { Database } from "../db/client.ts";
import { html } from "hono/html";
import type { Html } from "../http.ts";
import type { Subscription } from "./load.ts";
import { LOCALES, toLocale } from "../i18n/locales.ts";
import { switcherHtml } from "../i18n/switcher.ts";
import { termName } from "../i18n/terms.ts";
import { digestTexts } from "./texts.ts";

/** A whole page around `body`, a fragment written with `html`. */
export function digestPage(title: string, body: Html, language: string, url?: string): Html {
  const switcher = url ? html`<header>${switcherHtml(toLocale(language) ?? "en", url)}</header>` : "";
  return html`<!DOCTYPE html><html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${title}</title><link rel="stylesheet" href="/digest.css"></head><body>${switcher}<main><h1>${title}</h1>${body}</main></body></html>`;
}

const checkboxes = (name: string, legend: string, options: { value: string; label: string }[], chosen: string[]) =>
  html`<fieldset><legend>${legend}</legend>${options.map(
    (o) => html`<label><input type="checkbox" name="${name}" value="${o.value}"${chosen.includes(o.value) ? " checked" : ""}> ${o.label}</label>`,
  )}</fieldset>`;

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
): Promise<Html> {
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
    ? html`<div class="error" role="alert"><p>${t.errors}</p><ul>${state.errors.map((e) => html`<li>${e}</li>`)}</ul></div>`
    : state?.saved
      ? html`<p class="ok" role="status">${t.saved}</p>`
      : "";
  const body = html`${notice}<p>${t.preferencesIntro}</p><p>${s.email}</p>
<form method="post">
<label><input type="checkbox" name="active"${s.unsubscribedAt ? "" : " checked"}> ${t.active}</label>
${checkboxes(
  "countries",
  t.countries,
  [...new Set([...REGION_COUNTRIES, ...s.countries])].map((c) => ({ value: c, label: regions.of(c) ?? c })),
  s.countries,
)}
${checkboxes("topics", t.topics, named(topicRows, "topic"), s.topics)}
${checkboxes("audiences", t.audiences, named(audienceRows, "audience"), s.audiences)}
${checkboxes("organisations", t.organisations, organisationRows, s.organisations)}
<label for="language">${t.language}</label><select id="language" name="language">${LOCALES.map((l) => html`<option value="${l}"${l === s.language ? " selected" : ""}>${languageNames.of(l) ?? l}</option>`)}</select>
<label for="timeZone">${t.timeZone}</label><select id="timeZone" name="timeZone">${Intl.supportedValuesOf("timeZone")
    .filter((z) => z.startsWith("Europe/") || z === s.timeZone)
    .map((z) => html`<option${z === s.timeZone ? " selected" : ""}>${z}</option>`)}</select>
<label for="weeksAhead">${t.weeksAhead}</label><input id="weeksAhead" name="weeksAhead" type="number" min="1" max="12" value="${s.weeksAhead}">
<label><input type="checkbox" name="emptyNote"${s.emptyNote ? " checked" : ""}> ${t.emptyNote}</label>
<p><button type="submit">${t.save}</button></p>
</form>`;
  return digestPage(t.preferencesTitle, body, language, url);
}
