import { and, asc, sql } from "drizzle-orm";
import { events } from "../../db/schema.ts";
import type { Viewer } from "../auth/viewer.ts";
import type { Database } from "../db/client.ts";
import { embedded, selectJsonRows } from "../db/json-rows.ts";
import { filterConditions, overlapping, type EventFilters } from "../events/events.queries.ts";
import { isBusyFor, publishedFor } from "../events/visibility.ts";
import { OPEN_ENDED } from "../lib/recurrence.ts";
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
  version: events.version,
  createdAt: events.createdAt,
  updatedAt: events.updatedAt,
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
  return rows.map(({ ownerOrganisationId, ...r }) => ({
    ...r,
    busy: isBusyFor({ visibility: r.visibility, ownerOrganisationId }, viewer),
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
      updated: events.updatedAt,
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
