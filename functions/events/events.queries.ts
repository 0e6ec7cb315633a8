/**
 * Event reads. Each list or detail is one SQL statement (one database round trip): related rows
 * come back as JSON built by correlated subqueries rather than as N+1 follow-up queries. The
 * subqueries name `events.id` in full: an unqualified `id` would bind to the inner table's column.
 */
import { and, eq, inArray, isNotNull, or, sql, type SQL } from "drizzle-orm";
import type { Viewer } from "../auth/viewer.ts";
import { eventAudiences, eventOrganisers, events, eventSlugAliases, eventTopics, LONG_EVENT_MS, organisations } from "../../db/schema.ts";
import type { Database } from "../db/client.ts";
import { occurrencesBetween, RecurrenceBudget, type Occurrence, type Recurring } from "../lib/recurrence.ts";
import { addDays, utcMidnight } from "../lib/dates.ts";
import { eventInstants } from "../lib/instants.ts";
import { zonedToUtc } from "../lib/time.ts";
import { detailsShownTo, detailsVisibleTo, editableBy, isBusyFor, publishedFor } from "./visibility.ts";
import { MAX_EVENTS, type EventDetail, type EventListResponse, type EventsQuery, type EventSummary } from "./events.schema.ts";

const summaryColumns = {
  id: events.id,
  slug: events.slug,
  title: events.title,
  summary: events.summary,
  type: events.type,
  status: events.status,
  visibility: events.visibility,
  allDay: events.allDay,
  startsAt: events.startsAt,
  endsAt: events.endsAt,
  timeZone: events.timeZone,
  startUtc: events.startUtc,
  endUtc: events.endUtc,
  city: events.city,
  country: events.country,
  attendanceMode: events.attendanceMode,
  languages: events.languages,
  isSample: events.isSample,
  ownerOrganisationId: events.ownerOrganisationId,
  rrule: events.rrule,
  exdates: events.exdates,
  organisers: sql<string>`(SELECT json_group_array(json_object('id', id, 'slug', slug, 'name', name, 'shortName', short_name, 'isLead', json(CASE WHEN is_lead THEN 'true' ELSE 'false' END))) FROM (SELECT o.id, o.slug, o.name, o.short_name, eo.is_lead FROM event_organisers eo JOIN organisations o ON o.id = eo.organisation_id WHERE eo.event_id = events.id AND eo.consent = 'accepted' ORDER BY eo.is_lead DESC, o.name))`,
  topics: sql<string>`(SELECT json_group_array(topic_id) FROM (SELECT topic_id FROM event_topics WHERE event_id = events.id ORDER BY topic_id))`,
  audiences: sql<string>`(SELECT json_group_array(audience_id) FROM (SELECT audience_id FROM event_audiences WHERE event_id = events.id ORDER BY audience_id))`,
};

type SummaryRow = Awaited<ReturnType<typeof selectSummaries>>[number];

function selectSummaries(db: Database) {
  return db.select(summaryColumns).from(events).$dynamic();
}

function toSummary(row: SummaryRow, viewer: Viewer | null, occurrence?: Occurrence): EventSummary {
  // Busy-only events show their details only to their own organisation and to coordinators.
  const busy = isBusyFor(row, viewer);
  return {
    id: row.id,
    slug: row.slug,
    busy,
    title: busy ? null : row.title,
    summary: busy ? null : row.summary,
    type: row.type,
    status: row.status,
    visibility: row.visibility,
    allDay: row.allDay,
    startsAt: occurrence?.startsAt ?? row.startsAt,
    endsAt: occurrence?.endsAt ?? row.endsAt,
    timeZone: row.timeZone,
    start: new Date(occurrence?.startUtc ?? row.startUtc).toISOString(),
    end: new Date(occurrence?.endUtc ?? (row.rrule ? firstOccurrenceEnd(row) : row.endUtc)).toISOString(),
    recurring: row.rrule !== null,
    city: busy ? null : row.city,
    country: busy ? null : row.country,
    attendanceMode: row.attendanceMode,
    languages: busy ? [] : row.languages,
    organisers: JSON.parse(row.organisers),
    topics: busy ? [] : JSON.parse(row.topics),
    audiences: busy ? [] : JSON.parse(row.audiences),
    isSample: row.isSample,
    ownerOrganisationId: row.ownerOrganisationId,
  };
}

/**
 * Events overlapping [fromUtc, toUtc), in a form both halves of which use the
 * (is_long, start_utc) index: short events by a bounded start range, long ones on their own.
 */
export function overlapping(fromUtc: number, toUtc: number): SQL {
  return sql`((${events.isLong} = 0 AND ${events.startUtc} > ${fromUtc - LONG_EVENT_MS} AND ${events.startUtc} < ${toUtc} AND ${events.endUtc} > ${fromUtc}) OR (${events.isLong} = 1 AND ${events.startUtc} < ${toUtc} AND ${events.endUtc} > ${fromUtc}))`;
}

/** The list filters shared by the event list and the calendar feeds. */
export interface EventFilters {
  country: string[];
  organisation: string[];
  topic: string[];
  audience: string[];
  type: (typeof events.$inferSelect)["type"][];
  language: string[];
  status: (typeof events.$inferSelect)["status"][];
}

export const NO_FILTERS: EventFilters = { country: [], organisation: [], topic: [], audience: [], type: [], language: [], status: [] };

/** SQL conditions for the filters: any of the values within one filter, every filter that is set. */
export function filterConditions(q: EventFilters, viewer: Viewer | null): SQL[] {
  const conditions: SQL[] = [];
  // Country, language, topic and audience are details a busy-only event hides: filtering by them
  // passes only events whose details the viewer may see.
  if (q.country.length || q.language.length || q.topic.length || q.audience.length) conditions.push(detailsVisibleTo(viewer));
  if (q.country.length) conditions.push(inArray(events.country, q.country));
  if (q.type.length) conditions.push(inArray(events.type, q.type));
  if (q.status.length) conditions.push(inArray(events.status, q.status));
  if (q.language.length) {
    conditions.push(sql`EXISTS (SELECT 1 FROM json_each(${events.languages}) WHERE value IN (SELECT value FROM json_each(${JSON.stringify(q.language)})))`);
  }
  if (q.topic.length) {
    conditions.push(sql`EXISTS (SELECT 1 FROM ${eventTopics} WHERE ${eventTopics.eventId} = ${events.id} AND ${inArray(eventTopics.topicId, q.topic)})`);
  }
  if (q.audience.length) {
    conditions.push(
      sql`EXISTS (SELECT 1 FROM ${eventAudiences} WHERE ${eventAudiences.eventId} = ${events.id} AND ${inArray(eventAudiences.audienceId, q.audience)})`,
    );
  }
  if (q.organisation.length) {
    conditions.push(
      sql`EXISTS (SELECT 1 FROM ${eventOrganisers} JOIN ${organisations} ON ${organisations.id} = ${eventOrganisers.organisationId} WHERE ${eventOrganisers.eventId} = ${events.id} AND ${eventOrganisers.consent} = 'accepted' AND (${inArray(organisations.id, q.organisation)} OR ${inArray(organisations.slug, q.organisation)}))`,
    );
  }
  return conditions;
}

function recurringOf(row: SummaryRow): Recurring {
  return { allDay: row.allDay, startsAt: row.startsAt, endsAt: row.endsAt, timeZone: row.timeZone, rrule: row.rrule!, exdates: row.exdates };
}

/** A series is indexed to its last end; a single item shows its first occurrence's end. */
function firstOccurrenceEnd(row: SummaryRow): number {
  return eventInstants({ allDay: row.allDay, startsAt: row.startsAt, endsAt: row.endsAt, timeZone: row.timeZone }).endUtc;
}

/** Events overlapping the days `from`..`to` (inclusive) as seen in the viewer's zone `tz`. */
export async function listEvents(db: Database, q: EventsQuery, viewer: Viewer | null): Promise<EventListResponse> {
  const rangeStart = zonedToUtc(q.from, q.tz);
  const rangeEnd = zonedToUtc(addDays(q.to, 1), q.tz);
  const conditions: SQL[] = [
    publishedFor(viewer),
    // Indexed pre-filter wide enough for both kinds of event, then the exact test for each kind:
    // timed events by instant, all-day events by their dates (indexed as UTC midnights).
    overlapping(Math.min(rangeStart, utcMidnight(q.from)), Math.max(rangeEnd, utcMidnight(addDays(q.to, 1)))),
    or(
      // Recurring events are expanded below; their series is what the index holds.
      isNotNull(events.rrule),
      and(eq(events.allDay, false), sql`${events.startUtc} < ${rangeEnd}`, sql`${events.endUtc} > ${rangeStart}`),
      and(eq(events.allDay, true), sql`${events.startsAt} <= ${q.to}`, sql`${events.endsAt} >= ${q.from}`),
    )!,
  ];
  conditions.push(...filterConditions(q, viewer));
  const rows = await selectSummaries(db)
    .where(and(...conditions))
    .orderBy(events.startUtc, events.id)
    .limit(MAX_EVENTS + 1);
  const budget = new RecurrenceBudget();
  const expanded = rows.slice(0, MAX_EVENTS).flatMap((row) => {
    if (!row.rrule) return [toSummary(row, viewer)];
    // All-day occurrences are matched by date, like single all-day events.
    const [from, to] = row.allDay ? [utcMidnight(q.from), utcMidnight(addDays(q.to, 1))] : [rangeStart, rangeEnd];
    return occurrencesBetween(recurringOf(row), from, to, budget).map((o) => toSummary(row, viewer, o));
  });
  expanded.sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id));
  return {
    from: q.from,
    to: q.to,
    tz: q.tz,
    // A series whose expansion ran out of budget is cut short too.
    truncated: rows.length > MAX_EVENTS || expanded.length > MAX_EVENTS || budget.truncated,
    events: expanded.slice(0, MAX_EVENTS),
  };
}

/**
 * One event by slug as the viewer may see it: published ones by their visibility, and every state
 * of the events the viewer may edit, with the moderation details (`manage`).
 */
export async function getEvent(db: Database, slug: string, viewer: Viewer | null): Promise<EventDetail | null> {
  const editable = editableBy(viewer);
  const [row] = await db
    .select({
      ...summaryColumns,
      description: events.description,
      venue: events.venue,
      onlineUrl: events.onlineUrl,
      registrationUrl: events.registrationUrl,
      rrule: events.rrule,
      // Contact fields leave the database only when public; the rest never reach the Worker.
      contacts: sql<string>`(SELECT json_group_array(json_object('id', p.id, 'name', p.name, 'title', p.title, 'email', CASE WHEN p.email_visibility = 'public' THEN p.email END, 'phone', CASE WHEN p.phone_visibility = 'public' THEN p.phone END)) FROM event_contacts ec JOIN people p ON p.id = ec.person_id WHERE ec.event_id = events.id)`,
      projects: sql<string>`(SELECT json_group_array(json_object('id', pr.id, 'slug', pr.slug, 'title', pr.title)) FROM event_projects ep JOIN projects pr ON pr.id = ep.project_id WHERE ep.event_id = events.id)`,
      documents: sql<string>`(SELECT json_group_array(json_object('id', d.id, 'slug', d.slug, 'title', d.title, 'kind', d.kind, 'url', d.url)) FROM event_documents ed JOIN documents d ON d.id = ed.document_id WHERE ed.event_id = events.id)`,
      canEdit: editable ? sql<number>`CASE WHEN ${editable} THEN 1 ELSE 0 END` : sql<number>`0`,
      proposedOrganisers: editable
        ? sql<string>`CASE WHEN ${editable} THEN (SELECT json_group_array(json_object('id', o.id, 'slug', o.slug, 'name', o.name, 'shortName', o.short_name, 'isLead', json(CASE WHEN eo.is_lead THEN 'true' ELSE 'false' END), 'awaitingAcceptance', json('true'))) FROM event_organisers eo JOIN organisations o ON o.id = eo.organisation_id WHERE eo.event_id = events.id AND eo.consent = 'proposed') ELSE '[]' END`
        : sql<string>`'[]'`,
      moderation: events.moderation,
      version: events.version,
      pendingChanges: events.pendingChanges,
      reviewComment: events.reviewComment,
      submittedAt: events.submittedAt,
      clashJustification: events.clashJustification,
      major: events.major,
    })
    .from(events)
    .where(and(eq(events.slug, slug), editable ? or(publishedFor(viewer), editable) : publishedFor(viewer)))
    .limit(1);
  if (!row) return null;
  const summary = toSummary(row, viewer);
  // Its editors also see whom the event names without their acceptance yet, marked so.
  if (row.canEdit) summary.organisers = [...summary.organisers, ...(JSON.parse(row.proposedOrganisers) as EventSummary["organisers"])];
  const manage = row.canEdit
    ? {
        manage: {
          moderation: row.moderation,
          version: row.version,
          ownerOrganisationId: row.ownerOrganisationId,
          pendingChanges: row.pendingChanges,
          reviewComment: row.reviewComment,
          submittedAt: row.submittedAt,
          clashJustification: row.clashJustification,
        },
      }
    : {};
  if (summary.busy) {
    return {
      ...summary,
      description: null,
      venue: null,
      onlineUrl: null,
      registrationUrl: null,
      rrule: null,
      exdates: [],
      major: false,
      contacts: [],
      projects: [],
      documents: [],
      ...manage,
    };
  }
  const dropNulls = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null)) as T;
  return {
    ...summary,
    description: row.description,
    venue: row.venue,
    onlineUrl: row.onlineUrl,
    registrationUrl: row.registrationUrl,
    rrule: row.rrule,
    exdates: row.exdates,
    major: row.major,
    contacts: (JSON.parse(row.contacts) as EventDetail["contacts"]).map((p) => ({ ...dropNulls(p), title: p.title ?? null })),
    projects: JSON.parse(row.projects),
    documents: JSON.parse(row.documents),
    ...manage,
  };
}

/**
 * The current slug of the event an old slug (an alias) stood for, when the viewer may see that
 * event's details; null otherwise, so that for everybody else an alias is as unknown as any slug.
 */
export async function aliasTarget(db: Database, slug: string, viewer: Viewer | null): Promise<string | null> {
  const [row] = await db
    .select({ slug: events.slug })
    .from(eventSlugAliases)
    .innerJoin(events, eq(events.id, eventSlugAliases.eventId))
    .where(and(eq(eventSlugAliases.slug, slug), detailsShownTo(viewer)))
    .limit(1);
  return row?.slug ?? null;
}

export const MAX_SEARCH_RESULTS = 100;

/**
 * Published events matching the words (title, summary, description, place, organisers) and the
 * filters, upcoming ones first (soonest first), then past ones (latest first).
 */
export async function searchEvents(db: Database, match: string, filters: EventFilters, viewer: Viewer | null, now: Date): Promise<EventSummary[]> {
  const t = now.getTime();
  const rows = await selectSummaries(db)
    // Search reads the texts a busy-only event hides: only events whose details the viewer may see.
    .where(
      and(
        publishedFor(viewer),
        detailsVisibleTo(viewer),
        sql`${events.id} IN (SELECT event_id FROM events_fts WHERE events_fts MATCH ${match})`,
        ...filterConditions(filters, viewer),
      ),
    )
    .orderBy(sql`${events.endUtc} < ${t}`, sql`CASE WHEN ${events.endUtc} >= ${t} THEN ${events.startUtc} END`, sql`${events.startUtc} DESC`)
    .limit(MAX_SEARCH_RESULTS);
  return rows.map((row) => toSummary(row, viewer));
}
