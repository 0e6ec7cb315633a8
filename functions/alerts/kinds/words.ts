/** Words the alert sections share: an event's dates, the radar's reasons and severities, in the reader's language. */
import { inArray } from "drizzle-orm";
import { organisations } from "../../../db/schema.ts";
import type { Reason } from "../../coordination/clash.ts";
import type { Database } from "../../db/client.ts";
import { intlLocale, toLocale } from "../../i18n/locales.ts";
import { fill, plural, type ServerMessages } from "../../i18n/messages.ts";
import { termName } from "../../i18n/terms.ts";

type Texts = ServerMessages["alerts"];

const localeOf = (language: string) => intlLocale(toLocale(language) ?? "en");

/** An event's dates as its organisers wrote them: all-day by date, others in the event's own zone. */
export function whenText(
  e: { allDay: boolean; startsAt: string; endsAt: string; timeZone: string; startUtc: number; endUtc: number },
  language: string,
): string {
  if (e.allDay) {
    const f = new Intl.DateTimeFormat(localeOf(language), { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
    const start = new Date(`${e.startsAt.slice(0, 10)}T00:00:00Z`);
    const end = new Date(`${e.endsAt.slice(0, 10)}T00:00:00Z`);
    return end > start ? f.formatRange(start, end) : f.format(start);
  }
  const f = new Intl.DateTimeFormat(localeOf(language), {
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: e.timeZone,
    timeZoneName: "short",
  });
  return f.formatRange(new Date(e.startUtc), new Date(e.endUtc));
}

export function severityText(t: Texts, severity: string | null): string {
  return severity === "high" ? t.severityHigh : severity === "medium" ? t.severityMedium : severity === "low" ? t.severityLow : t.severityNone;
}

/** Names of the organisations the reasons mention, by id. */
export async function organisationNames(db: Database, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(inArray(organisations.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** A reason in words; a reason this version does not know (a newer radar's) is left out rather than shown as a code. */
export function reasonText(r: Reason, t: Texts, language: string, organisationName: (id: string) => string): string | null {
  const list = (values: string[]) => new Intl.ListFormat(localeOf(language), { type: "conjunction" }).format(values);
  const regions = new Intl.DisplayNames([localeOf(language)], { type: "region" });
  const languages = new Intl.DisplayNames([localeOf(language)], { type: "language" });
  switch (r.code) {
    case "overlap":
      return t.overlap;
    case "near":
      return plural(language, t.near, r.days);
    case "shared_audience":
      return fill(t.sharedAudience, { values: list(r.values.map((v) => termName(language, "audience", v, v))) });
    case "shared_topic":
      return fill(t.sharedTopic, { values: list(r.values.map((v) => termName(language, "topic", v, v))) });
    case "shared_organiser":
      return fill(t.sharedOrganiser, { values: list(r.values.map(organisationName)) });
    case "shared_country":
      return fill(t.sharedCountry, { values: list(r.values.map((v) => regions.of(v) ?? v)) });
    case "same_city":
      return fill(t.sameCity, { values: list(r.values) });
    case "shared_language":
      return fill(t.sharedLanguage, { values: list(r.values.map((v) => languages.of(v) ?? v)) });
    // Without the person's name: the mail names no one the reader may not look up themselves.
    case "shared_person":
      return t.sharedPerson;
    case "major_events":
      return t.majorEvents;
    case "blackout":
      return fill(t.blackout, { title: r.title, from: r.startsOn, to: r.endsOn });
    case "observance":
      return fill(t.observance, { title: r.title, from: r.startsOn, to: r.endsOn });
  }
}
