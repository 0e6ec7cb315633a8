/**
 * Composing a digest. The work is split so that a chunk of many subscribers costs a fixed number
 * of queries: `loadDigestData` reads the window's published public events and the recent base
 * documents once (two queries), and `composeDigest` picks each subscriber's share in memory.
 */
import { and, asc, eq, gt, sql } from "drizzle-orm";
import { documents, events, type subscriptions } from "../../db/schema.ts";
import { scoreClash } from "../coordination/clash.ts";
import type { Database } from "../db/client.ts";
import { overlapping } from "../events/events.queries.ts";
import { feedEventColumns } from "../feeds/feeds.queries.ts";
import { buildCalendar, type FeedEvent } from "../feeds/ics.ts";
import { intlLocale, toLocale } from "../i18n/locales.ts";
import { messagesFor } from "../i18n/messages.ts";
import { termName } from "../i18n/terms.ts";
import { mondayOf } from "../lib/dates.ts";
import { esc } from "../lib/http.ts";
import { occurrencesBetween, RecurrenceBudget } from "../lib/recurrence.ts";
import { digestTexts, fill, plural, type DigestTexts } from "./texts.ts";

const DAY = 86_400_000;
export const MAX_WEEKS_AHEAD = 12;
/** A digest lists at most this many events; the rest are one link away. */
export const MAX_LISTED = 60;
/** Base documents newer than this are candidates for the "new documents" section. */
const DOCUMENTS_LOOKBACK_DAYS = 35;

export type Subscription = typeof subscriptions.$inferSelect;

export interface DigestEvent extends FeedEvent {
  organisers: { id: string; slug: string; name: string }[];
  topics: string[];
  audiences: string[];
  languages: string[];
  /** When it was published (reviewed), for "newly published since your last digest". */
  publishedAt: string;
  /** A series' next occurrence in the window, by which it is listed (unset for single events). */
  listedStartUtc?: number;
  listedEndUtc?: number;
}

export interface DigestDocument {
  slug: string;
  title: string;
  kind: string;
  countries: string[];
  topics: string[];
  organisations: string[];
  createdAt: string;
}

export interface DigestData {
  now: Date;
  events: DigestEvent[];
  documents: DigestDocument[];
}

/** Everything any subscriber's digest may show, from `now` up to MAX_WEEKS_AHEAD weeks on. */
export async function loadDigestData(db: Database, now: Date): Promise<DigestData> {
  const from = now.getTime();
  const to = from + MAX_WEEKS_AHEAD * 7 * DAY;
  const rows = await db
    .select({
      ...feedEventColumns,
      languages: events.languages,
      publishedAt: sql<string>`coalesce(${events.reviewedAt}, ${events.createdAt})`,
      organisers: sql<string>`(SELECT json_group_array(json_object('id', id, 'slug', slug, 'name', name)) FROM (SELECT o.id, o.slug, coalesce(o.short_name, o.name) AS name FROM event_organisers eo JOIN organisations o ON o.id = eo.organisation_id WHERE eo.event_id = events.id AND eo.consent = 'accepted' ORDER BY eo.is_lead DESC, o.name))`,
      topics: sql<string>`(SELECT json_group_array(topic_id) FROM event_topics WHERE event_id = events.id)`,
      audiences: sql<string>`(SELECT json_group_array(audience_id) FROM event_audiences WHERE event_id = events.id)`,
    })
    .from(events)
    .where(and(eq(events.moderation, "published"), eq(events.visibility, "public"), overlapping(from, to)))
    .orderBy(asc(events.startUtc), asc(events.id));
  const list: DigestEvent[] = [];
  // Loaded once for every subscriber's digest, so one budget bounds the whole run's expansion.
  const budget = new RecurrenceBudget();
  for (const { ownerOrganisationId: _, ...r } of rows) {
    const organisers = JSON.parse(r.organisers) as DigestEvent["organisers"];
    const base: DigestEvent = {
      ...r,
      organisers,
      topics: JSON.parse(r.topics),
      topicTerms: JSON.parse(r.topicTerms),
      audiences: JSON.parse(r.audiences),
      busy: false,
    };
    if (!r.rrule) {
      list.push(base);
      continue;
    }
    // A series is listed by its next occurrence in the window; the .ics carries the whole rule.
    const next = occurrencesBetween(
      { allDay: r.allDay, startsAt: r.startsAt, endsAt: r.endsAt, timeZone: r.timeZone, rrule: r.rrule, exdates: r.exdates },
      from,
      to,
      budget,
      1,
    )[0];
    if (next) list.push({ ...base, listedStartUtc: next.startUtc, listedEndUtc: next.endUtc });
  }
  const since = new Date(from - DOCUMENTS_LOOKBACK_DAYS * DAY).toISOString();
  const docs = await db
    .select({
      slug: documents.slug,
      title: documents.title,
      kind: documents.kind,
      countries: documents.countries,
      createdAt: documents.createdAt,
      topics: sql<string>`(SELECT json_group_array(topic_id) FROM document_topics WHERE document_id = documents.id)`,
      organisations: sql<string>`(SELECT json_group_array(organisation_id) FROM document_organisations WHERE document_id = documents.id AND consent = 'accepted')`,
    })
    .from(documents)
    .where(gt(documents.createdAt, since))
    .orderBy(asc(documents.createdAt));
  return {
    now,
    events: list,
    documents: docs.map((d) => ({ ...d, topics: JSON.parse(d.topics), organisations: JSON.parse(d.organisations) })),
  };
}

const listedStart = (e: DigestEvent) => e.listedStartUtc ?? e.startUtc;
const listedEnd = (e: DigestEvent) => e.listedEndUtc ?? e.endUtc;
const meets = (wanted: string[], values: string[]) => wanted.length === 0 || values.some((v) => wanted.includes(v));

function matches(s: Subscription, e: DigestEvent): boolean {
  return (
    meets(s.countries, e.country ? [e.country] : []) &&
    meets(s.topics, e.topics) &&
    meets(s.audiences, e.audiences) &&
    meets(
      s.organisations,
      e.organisers.flatMap((o) => [o.id, o.slug]),
    )
  );
}

export interface ComposedDigest {
  subject: string;
  text: string;
  html: string;
  /** The listed events as one VCALENDAR, or null when none are listed. */
  ics: string | null;
  eventCount: number;
}

export interface ComposeOptions {
  origin: string;
  fromAddress: string;
  /** Signed links for this subscriber. */
  manageUrl: string;
  unsubscribeUrl: string;
}

interface Section {
  heading: string;
  lines: { text: string; url?: string; mark?: string; warn?: boolean; detail?: string }[];
}

/** One subscriber's digest, or null when there is nothing to say and they did not ask for a note. */
export function composeDigest(s: Subscription, data: DigestData, opts: ComposeOptions): ComposedDigest | null {
  const t = digestTexts(s.language);
  const from = data.now.getTime();
  const to = from + Math.min(Math.max(s.weeksAhead, 1), MAX_WEEKS_AHEAD) * 7 * DAY;
  const since = s.lastSentAt ? Date.parse(s.lastSentAt) : from - 7 * DAY;
  const mine = data.events.filter((e) => listedStart(e) < to && listedEnd(e) > from && matches(s, e));
  const fresh = new Set(mine.filter((e) => Date.parse(e.publishedAt) > since).map((e) => e.id));
  const docs = data.documents.filter(
    (d) => Date.parse(d.createdAt) > since && meets(s.countries, d.countries) && meets(s.topics, d.topics) && meets(s.organisations, d.organisations),
  );
  const clashes = newClashes(mine.slice(0, MAX_LISTED), since);
  const nothing = mine.length === 0 && docs.length === 0;
  if (nothing && !s.emptyNote) return null;

  const url = (slug: string) => `${opts.origin}/events/${slug}`;
  const line = (e: DigestEvent) => ({
    text: e.title,
    url: url(e.slug),
    // Status changes first; otherwise events published since the subscriber's last digest are new.
    mark: e.status === "cancelled" ? t.cancelled : e.status === "postponed" ? t.postponed : fresh.has(e.id) ? t.new : undefined,
    warn: e.status === "cancelled" || e.status === "postponed",
    detail: [when(e, s.timeZone, s.language), place(e, t, s.language), e.organisers.map((o) => o.name).join(", ")].filter(Boolean).join(" · "),
  });
  const sections: Section[] = [];
  const byWeek = new Map<string, DigestEvent[]>();
  const listed = mine.slice(0, MAX_LISTED);
  for (const e of listed) {
    const key = mondayOf(listedStart(e) < from ? from : listedStart(e), s.timeZone);
    byWeek.set(key, [...(byWeek.get(key) ?? []), e]);
  }
  for (const [week, list] of byWeek) sections.push({ heading: fill(t.weekOf, { date: longDate(week, s.language) }), lines: list.map(line) });
  if (mine.length > listed.length)
    sections.push({
      heading: t.moreHeading,
      lines: [
        {
          text: plural(s.language, t.more, mine.length - listed.length),
          url: `${opts.origin}/list/${new Date(listedStart(listed[listed.length - 1])).toISOString().slice(0, 7)}`,
        },
      ],
    });
  if (clashes.length)
    sections.push({ heading: t.clashes, lines: clashes.map(([a, b]) => ({ text: fill(t.clashLine, { a: a.title, b: b.title }), url: url(a.slug) })) });
  if (docs.length) sections.push({ heading: t.documents, lines: docs.map((d) => ({ text: d.title, url: `${opts.origin}/documents/${d.slug}` })) });

  const subject = nothing ? t.subjectEmpty : plural(s.language, t.subject, mine.length);
  const ics = listed.length
    ? buildCalendar(listed, {
        name: subject,
        locale: localeOf(s.language),
        description: t.intro,
        origin: opts.origin,
        organiserAddress: opts.fromAddress,
        texts: {
          busy: (o) => fill(messagesFor(s.language).feed.busy, { organisation: o }),
          postponed: (title) => fill(messagesFor(s.language).feed.postponed, { title }),
          details: t.details,
          topic: (term) => termName(s.language, "topic", term.id, term.label),
        },
      })
    : null;
  return {
    subject,
    text: plainText(t, sections, nothing, ics !== null, opts),
    html: html(t, subject, sections, nothing, ics !== null, opts, s.language),
    ics,
    eventCount: mine.length,
  };
}

/** High clashes between two listed events, at least one of them published since the last digest. */
function newClashes(list: DigestEvent[], since: number): [DigestEvent, DigestEvent][] {
  const subject = (e: DigestEvent) => ({
    startUtc: listedStart(e),
    endUtc: listedEnd(e),
    countries: e.country ? [e.country] : [],
    city: e.city,
    topics: e.topics,
    audiences: e.audiences,
    organisers: e.organisers.map((o) => o.id),
    languages: e.languages,
  });
  const found: [DigestEvent, DigestEvent][] = [];
  const live = list.filter((e) => e.status !== "cancelled");
  for (let i = 0; i < live.length && found.length < 10; i++) {
    for (let j = i + 1; j < live.length; j++) {
      const a = live[i],
        b = live[j];
      if (Date.parse(a.publishedAt) <= since && Date.parse(b.publishedAt) <= since) continue;
      if (listedStart(b) > listedEnd(a) + 3 * DAY) break;
      if (scoreClash(subject(a), subject(b), 3)?.severity === "high") found.push([a, b]);
    }
  }
  return found;
}

/** Date formats by language; English readers in Europe expect day-month order and a 24-hour clock. */
const localeOf = (language: string) => intlLocale(toLocale(language) ?? "en");

function longDate(date: string, language: string): string {
  return new Intl.DateTimeFormat(localeOf(language), { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${date}T00:00:00Z`));
}

/** Dates in the subscriber's zone; all-day events by their own dates. */
function when(e: DigestEvent, zone: string, language: string): string {
  if (e.allDay) {
    const day = new Intl.DateTimeFormat(localeOf(language), { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" });
    const start = e.listedStartUtc !== undefined ? new Date(e.listedStartUtc) : new Date(`${e.startsAt}T00:00:00Z`);
    const endDay = e.rrule ? start : new Date(`${e.endsAt}T00:00:00Z`);
    return endDay.getTime() > start.getTime() ? `${day.format(start)} – ${day.format(endDay)}` : day.format(start);
  }
  const f = new Intl.DateTimeFormat(localeOf(language), {
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: zone,
    timeZoneName: "short",
  });
  return f.formatRange(new Date(listedStart(e)), new Date(listedEnd(e)));
}

function place(e: DigestEvent, t: DigestTexts, language: string): string {
  const country = e.country ? new Intl.DisplayNames([language], { type: "region" }).of(e.country) : null;
  const parts = [e.venue, e.city, country].filter(Boolean);
  return parts.length ? parts.join(", ") : e.onlineUrl ? t.online : "";
}

function plainText(t: DigestTexts, sections: Section[], nothing: boolean, attached: boolean, opts: ComposeOptions): string {
  const out = [t.intro, ""];
  if (nothing) out.push(t.empty, "");
  for (const s of sections) {
    out.push(s.heading, "-".repeat(s.heading.length));
    for (const l of s.lines) {
      out.push(`* ${l.mark ? `[${l.mark}] ` : ""}${l.text}`);
      if (l.detail) out.push(`  ${l.detail}`);
      if (l.url) out.push(`  ${l.url}`);
    }
    out.push("");
  }
  if (attached) out.push(t.attachment, "");
  out.push("--", t.footer, `${t.manage}: ${opts.manageUrl}`, `${t.unsubscribe}: ${opts.unsubscribeUrl}`);
  return out.join("\n");
}

/** Text for HTML content and attribute values. */

/**
 * HTML for mail clients: tables and inline styles, no scripts, no external images. Dark mode: a
 * `prefers-color-scheme` block for clients that honour it (Apple Mail, Outlook apps), and
 * `color-scheme` so that clients which recolour (Gmail, Outlook.com) may.
 */
function html(t: DigestTexts, subject: string, sections: Section[], nothing: boolean, attached: boolean, opts: ComposeOptions, language: string): string {
  const font = "font-family:Segoe UI,Helvetica,Arial,sans-serif;";
  const rows = sections
    .map(
      (s) =>
        `<tr><td class="fg" style="${font}padding:16px 0 4px 0;font-size:18px;font-weight:bold;color:#1a1a1a;border-bottom:2px solid #0b5394;">${esc(s.heading)}</td></tr>` +
        s.lines
          .map(
            (l) =>
              `<tr><td class="fg" style="${font}padding:8px 0;font-size:15px;line-height:1.4;color:#1a1a1a;">` +
              (l.mark ? `<strong class="${l.warn ? "warn" : "ok"}" style="color:${l.warn ? "#a61b1b" : "#1b6b3a"};">${esc(l.mark)}</strong> ` : "") +
              (l.url ? `<a class="ln" href="${esc(l.url)}" style="color:#0b5394;text-decoration:underline;">${esc(l.text)}</a>` : esc(l.text)) +
              (l.detail ? `<br><span class="muted" style="color:#4a4a4a;font-size:14px;">${esc(l.detail)}</span>` : "") +
              `</td></tr>`,
          )
          .join(""),
    )
    .join("");
  return `<!DOCTYPE html>
<html lang="${esc(language)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="color-scheme" content="light dark"><meta name="supported-color-schemes" content="light dark"><title>${esc(subject)}</title>
<style>@media (prefers-color-scheme: dark) { .bg { background:#121212 !important; } .fg { color:#f0f0f0 !important; } .muted { color:#c8c8c8 !important; } .ln { color:#8ab4f8 !important; } .warn { color:#ff8a80 !important; } .ok { color:#81c995 !important; } }</style></head>
<body class="bg" style="margin:0;padding:0;background:#ffffff;">
<table role="presentation" class="bg" width="100%" cellpadding="0" cellspacing="0" border="0"><tr><td align="center" style="padding:16px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;width:100%;">
<tr><td class="fg" style="${font}font-size:15px;color:#1a1a1a;padding-bottom:8px;">${esc(t.intro)}</td></tr>
${nothing ? `<tr><td class="fg" style="${font}font-size:15px;color:#1a1a1a;padding:8px 0;">${esc(t.empty)}</td></tr>` : ""}${rows}
${attached ? `<tr><td class="muted" style="${font}font-size:14px;color:#4a4a4a;padding:16px 0;">${esc(t.attachment)}</td></tr>` : ""}
<tr><td class="muted" style="${font}font-size:13px;color:#4a4a4a;padding-top:24px;border-top:1px solid #cccccc;">${esc(t.footer)}<br><a class="ln" href="${esc(opts.manageUrl)}" style="color:#0b5394;">${esc(t.manage)}</a> · <a class="ln" href="${esc(opts.unsubscribeUrl)}" style="color:#0b5394;">${esc(t.unsubscribe)}</a></td></tr>
</table></td></tr></table>
</body></html>`;
}
