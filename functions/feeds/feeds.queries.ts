import { and, asc, sql } from "drizzle-orm";
import { events } from "../../db/schema.ts";
import type { Viewer } from "../auth/viewer.ts";
import type { Database } from "../db/client.ts";
import { embedded, selectJsonRows } from "../db/json-rows.ts";
import { filterConditions, overlapping, type EventFilters } from "../events/events.queries.ts";
import { busyTimes, isBusyFor, publishedFor } from "../events/visibility.ts";
import { DAY_MS } from "../lib/dates.ts";
import { OPEN_ENDED, occurrencesBetween, RecurrenceBudget } from "../lib/recurrence.ts";
import type { FeedEvent, Term } from "./ics.ts";

/** How far back a feed reaches: subscribers keep what they already have. */
export const FEED_PAST_DAYS = 180;
export const FEED_MAX_EVENTS = 5000;

/** The columns of a feed event (plus the owner, for busy-only checks). */
export const feedEventColumns = {
  id: events.id,
  slug: events.slug,
  title: events.title,
  summary: events.summary,
  description: events.description,
  type: events.type,
  status: events.status,
  visibility: events.visibility,
  allDay: events.allDay,
  startsAt: events.startsAt,
  endsAt: events.endsAt,
  timeZone: events.timeZone,
  startUtc: events.startUtc,
  endUtc: events.endUtc,
  rrule: events.rrule,
  exdates: events.exdates,
  venue: events.venue,
  city: events.city,
  country: events.country,
  onlineUrl: events.onlineUrl,
  createdAt: events.createdAt,
  // Its versions as the public knows them (SEQUENCE, LAST-MODIFIED): the event's own revisions,
  // never a proposal's (events.revision); busy readers get the busy revision instead.
  version: events.revision,
  updatedAt: sql<string>`coalesce(${events.revisedAt}, ${events.createdAt})`,
  busyRevision: events.busyRevision,
  busyRevisedAt: events.busyRevisedAt,
  ownerOrganisationId: events.ownerOrganisationId,
  leadOrganiser: sql<
    string | null
  >`(SELECT coalesce(o.short_name, o.name) FROM event_organisers eo JOIN organisations o ON o.id = eo.organisation_id WHERE eo.event_id = events.id AND eo.consent = 'accepted' ORDER BY eo.is_lead DESC, eo.rowid LIMIT 1)`,
  topicTerms: sql<string>`(SELECT json_group_array(json_object('id', t.id, 'label', t.label)) FROM event_topics et JOIN topics t ON t.id = et.topic_id WHERE et.event_id = events.id)`,
};

/** A feed event as one JSON object (its SQL rendered once, see selectJsonRows). */
const FEED_ROW = { ...feedEventColumns, topicTerms: embedded<Term[]>(feedEventColumns.topicTerms) };

/**
 * The events of a feed as `viewer` may see them (null: the public), within the feed's window,
 * oldest first; one query.
 */
export async function feedEvents(db: Database, filters: EventFilters, now: Date, slug?: string, viewer: Viewer | null = null): Promise<FeedEvent[]> {
  // The rows as one JSON text (db/json-rows.ts): a feed reads hundreds of rows.
  const rows = await selectJsonRows(db, FEED_ROW, events, (q) =>
    q
      .where(
        and(
          publishedFor(viewer),
          // A feed reaches months ahead: with a country filter, the country's index picks fewer rows.
          slug ? sql`${events.slug} = ${slug}` : overlapping(now.getTime() - FEED_PAST_DAYS * 86_400_000, OPEN_ENDED, filters.country.length === 0),
          ...filterConditions(filters, viewer),
        ),
      )
      .orderBy(asc(events.startUtc), asc(events.id))
      .limit(FEED_MAX_EVENTS),
  );
  const budget = new RecurrenceBudget();
  return rows.flatMap(({ ownerOrganisationId, busyRevision, busyRevisedAt, ...r }) => {
    if (!isBusyFor({ visibility: r.visibility, ownerOrganisationId }, viewer)) return [{ ...r, busy: false }];
    // Its versions as far as this reader can tell them (SEQUENCE, LAST-MODIFIED): see `busyFace`.
    const e = { ...r, busy: true, version: busyRevision, updatedAt: busyRevisedAt ?? r.createdAt };
    return e.allDay ? [e] : busyInUtc(e, now, budget, slug !== undefined);
  });
}

/** How far ahead a feed lists the occurrences of a series busy for its reader (see `busyInUtc`). */
export const FEED_BUSY_SERIES_DAYS = 730;

/**
 * A timed event busy for the feed's reader, in UTC (`busyTimes`, visibility.ts): no TZID, no
 * VTIMEZONE, no wall clock of its own zone. A series cannot keep its rule then: read in UTC, it
 * would move by an hour at every daylight-saving change of the zone it was planned in. So each of
 * its occurrences in the feed's window (FEED_PAST_DAYS back, or from its start in the event's own
 * file; FEED_BUSY_SERIES_DAYS ahead; the request's recurrence budget) is an event of its own, with a UID of its own, as every
 * calendar client reads it (RDATE, the other way, is not read by all of them).
 */
function busyInUtc(e: FeedEvent, now: Date, budget: RecurrenceBudget, whole: boolean): FeedEvent[] {
  if (!e.rrule) return [{ ...busyTimes(e, e.startUtc, e.endUtc), exdates: [] }];
  const from = whole ? e.startUtc : now.getTime() - FEED_PAST_DAYS * DAY_MS;
  const to = now.getTime() + FEED_BUSY_SERIES_DAYS * DAY_MS;
  const series = { allDay: false, startsAt: e.startsAt, endsAt: e.endsAt, timeZone: e.timeZone, rrule: e.rrule, exdates: e.exdates };
  return occurrencesBetween(series, from, to, budget).map((o) => ({
    ...busyTimes(e, o.startUtc, o.endUtc),
    id: `${e.id}-${o.startUtc}`,
    startUtc: o.startUtc,
    endUtc: o.endUtc,
    rrule: null,
    exdates: [],
  }));
}

/** Newly published public events for the Atom feed: latest publication first. */
export async function newlyPublished(db: Database, limit = 50) {
  return db
    .select({
      slug: events.slug,
      title: events.title,
      summary: events.summary,
      allDay: events.allDay,
      startsAt: events.startsAt,
      endsAt: events.endsAt,
      timeZone: events.timeZone,
      city: events.city,
      country: events.country,
      published: sql<string>`coalesce(${events.reviewedAt}, ${events.createdAt})`,
      updated: sql<string>`coalesce(${events.revisedAt}, ${events.createdAt})`,
      author: sql<
        string | null
      >`(SELECT o.name FROM event_organisers eo JOIN organisations o ON o.id = eo.organisation_id WHERE eo.event_id = events.id AND eo.consent = 'accepted' ORDER BY eo.is_lead DESC, eo.rowid LIMIT 1)`,
      topicTerms: sql<string>`(SELECT json_group_array(json_object('id', t.id, 'label', t.label)) FROM event_topics et JOIN topics t ON t.id = et.topic_id WHERE et.event_id = events.id)`,
    })
    .from(events)
    .where(and(publishedFor(null), sql`${events.visibility} = 'public'`))
    .orderBy(sql`coalesce(${events.reviewedAt}, ${events.createdAt}) DESC`, asc(events.id))
    .limit(limit);
}
