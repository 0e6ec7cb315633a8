/**
 * Loading a digest run's data. A chunk of many subscribers costs a fixed number of queries: the
 * window's published public events and the recent base documents are read once (two queries), and
 * each subscriber's share is then picked in memory (./select.ts).
 */
import { and, asc, eq, gt, sql } from "drizzle-orm";
import { documents, events, type subscriptions } from "../../db/schema.ts";
import type { Database } from "../db/client.ts";
import { overlapping } from "../events/events.queries.ts";
import { feedEventColumns } from "../feeds/feeds.queries.ts";
import type { FeedEvent } from "../feeds/ics.ts";
import { occurrencesBetween, RecurrenceBudget } from "../lib/recurrence.ts";

export const DAY = 86_400_000;
/** The furthest a digest looks ahead, in weeks (a subscriber chooses 1 to this). */
export const MAX_WEEKS_AHEAD = 12;
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
