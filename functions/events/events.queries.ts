/**
 * Event reads. Each list or detail is one SQL statement (one database round trip): related rows
 * come back as JSON built by correlated subqueries rather than as N+1 follow-up queries, and the
 * rows themselves as one JSON text (db/json-rows.ts). The
 * subqueries name `events.id` in full: an unqualified `id` would bind to the inner table's column.
 */
import { and, eq, inArray, isNotNull, or, sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { Viewer } from "../auth/viewer.ts";
import { eventAudiences, eventOrganisers, events, eventSlugAliases, eventTopics, LONG_EVENT_MS, organisations } from "../../db/schema.ts";
import type { Database } from "../db/client.ts";
import { dialect, embedded, isoInstant, jsonBoolean, jsonObject, precompiled, selectJsonRows } from "../db/json-rows.ts";
import { occurrencesBetween, RecurrenceBudget, type Occurrence, type Recurring } from "../lib/recurrence.ts";
import { addDays, utcMidnight } from "../lib/dates.ts";
import { eventInstants } from "../lib/instants.ts";
import { zonedToUtc } from "../lib/time.ts";
import { busyFor, busyTimes, detailsShownTo, detailsVisibleTo, editableBy, publishedFor } from "./visibility.ts";
import { MAX_EVENTS, type EventDetail, type EventListResponse, type EventsQuery, type EventSummary, type OrganiserRef } from "./events.schema.ts";

const ORGANISERS = sql`(SELECT json_group_array(json_object('id', id, 'slug', slug, 'name', name, 'shortName', short_name, 'isLead', json(CASE WHEN is_lead THEN 'true' ELSE 'false' END))) FROM (SELECT o.id, o.slug, o.name, o.short_name, eo.is_lead FROM event_organisers eo JOIN organisations o ON o.id = eo.organisation_id WHERE eo.event_id = events.id AND eo.consent = 'accepted' ORDER BY eo.is_lead DESC, o.name))`;
const TOPICS = sql`(SELECT json_group_array(topic_id) FROM (SELECT topic_id FROM event_topics WHERE event_id = events.id ORDER BY topic_id))`;
const AUDIENCES = sql`(SELECT json_group_array(audience_id) FROM (SELECT audience_id FROM event_audiences WHERE event_id = events.id ORDER BY audience_id))`;

/**
 * What a busy-only event's summary holds back from a viewer who may not see it, and what stands
 * in its place: one list for both ways a summary is made (`summaryJson`, `LISTED`).
 */
const HELD_BACK = {
  title: "NULL",
  summary: "NULL",
  type: "NULL",
  city: "NULL",
  country: "NULL",
  attendanceMode: "NULL",
  languages: "'[]'",
  topics: "'[]'",
  audiences: "'[]'",
} as const;

/**
 * An event as lists show it (an `EventSummary`), built as JSON by the database: the Worker
 * passes a list of them on without parsing or serialising each (see `eventsBetween`). `busy`
 * says whether the viewer sees only "busy" (null: the full summary, as `event_listings` keeps it):
 * busy-only events keep their details to their own organisation and coordinators (`busyFor`, the
 * SQL twin of `isBusyFor`). A series carries its first occurrence; lists replace it by its
 * occurrences, and a series read as one item ends where its first occurrence does (`withFirstEnd`).
 */
function summaryJson(busy: SQL | null): SQL {
  const hidden = (key: keyof typeof HELD_BACK, value: SQL | AnyColumn) =>
    busy ? sql`CASE WHEN ${busy} THEN ${sql.raw(HELD_BACK[key])} ELSE ${value} END` : sql`${value}`;
  const hiddenList = (key: keyof typeof HELD_BACK, value: SQL | AnyColumn) => embedded<string[]>(hidden(key, value));
  return jsonObject({
    id: events.id,
    slug: events.slug,
    busy: busy ? jsonBoolean(busy) : embedded<boolean>(sql`'false'`),
    title: hidden("title", events.title),
    summary: hidden("summary", events.summary),
    type: hidden("type", events.type),
    status: events.status,
    visibility: events.visibility,
    allDay: events.allDay,
    startsAt: events.startsAt,
    endsAt: events.endsAt,
    timeZone: events.timeZone,
    start: isoInstant(events.startUtc),
    end: isoInstant(events.endUtc),
    recurring: jsonBoolean(isNotNull(events.rrule)),
    city: hidden("city", events.city),
    country: hidden("country", events.country),
    attendanceMode: hidden("attendanceMode", events.attendanceMode),
    languages: hiddenList("languages", events.languages),
    organisers: embedded<OrganiserRef[]>(ORGANISERS),
    topics: hiddenList("topics", TOPICS),
    audiences: hiddenList("audiences", AUDIENCES),
    isSample: events.isSample,
    ownerOrganisationId: events.ownerOrganisationId,
  });
}

/** The summary as the viewer of `visibleEvents` may see it, built from the event's rows (a detail, search hits); rendered to SQL text once. */
const SUMMARY = precompiled(summaryJson(sql`"events"."hidden"`));

/**
 * The full summary as the triggers of `event_listings` (migration 0019) write it for every event,
 * so that a list reads each event's summary as one stored text instead of building it with three
 * subqueries: that halved the month list's time in the database. Triggers on every table the
 * summary is made from keep it in step, in the transaction of the write itself, whoever writes.
 * tests/events/listings.test.ts fails when this text and the triggers' differ (a change here needs
 * the migration `npm run db:listings` writes, db/listings.ts) and when a stored summary differs
 * from `SUMMARY`.
 */
export const STORED_SUMMARY_SQL = dialect.sqlToQuery(summaryJson(null)).sql;

/**
 * A list's stored summary (`event_listings`, joined as "l" to the list's rows "listed"), or built
 * from the event's rows if it is missing, so a list never drops an event.
 */
const STORED = sql.raw(`coalesce("l"."summary", (SELECT ${STORED_SUMMARY_SQL} FROM "events" WHERE "events"."id" = "listed"."listed_id"))`);

/**
 * A list's summary as the viewer may see it: the stored one ("stored"), with what a busy-only
 * viewer may not see taken out in place (the same keys in the same order as `SUMMARY` writes them).
 */
const LISTED = sql.raw(
  `CASE WHEN "listed_hidden" THEN json_set("stored", '$.busy', json('true'), ${Object.entries(HELD_BACK)
    .map(([key, shown]) => `'$.${key}', ${shown === "NULL" ? "NULL" : `json(${shown})`}`)
    .join(", ")}) ELSE "stored" END`,
);

/**
 * The events matching `where`, each with `hidden` (`busyFor` the viewer), under the name
 * `events`, so that `SUMMARY` and the conditions built on the `events` table read them.
 */
function visibleEvents(viewer: Viewer | null, where: SQL | undefined): SQL {
  return sql`(SELECT "events".*, ${busyFor(viewer)} AS "hidden" FROM "events" WHERE ${where ?? sql`1`}) AS "events"`;
}

/** A series read as one item (a search hit, its own page) ends where its first occurrence does. */
function withFirstEnd(summary: EventSummary): EventSummary {
  if (!summary.recurring) return summary;
  return { ...summary, end: new Date(eventInstants(summary).endUtc).toISOString() };
}

/**
 * Events overlapping [fromUtc, toUtc), in a form both halves of which use the
 * (is_long, start_utc) index: short events by a bounded start range, long ones on their own.
 * `byRange: false` keeps that index out of the planner's choice (`+is_long`), for wide ranges
 * (a feed's months ahead) where another condition (a country) picks far fewer rows.
 */
export function overlapping(fromUtc: number, toUtc: number, byRange = true): SQL {
  const isLong = byRange ? sql`${events.isLong}` : sql`+${events.isLong}`;
  return sql`((${isLong} = 0 AND ${events.startUtc} > ${fromUtc - LONG_EVENT_MS} AND ${events.startUtc} < ${toUtc} AND ${events.endUtc} > ${fromUtc}) OR (${isLong} = 1 AND ${events.startUtc} < ${toUtc} AND ${events.endUtc} > ${fromUtc}))`;
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
  // Country, type, language, topic and audience are details a busy-only event hides: filtering by
  // them passes only events whose details the viewer may see.
  if (q.country.length || q.type.length || q.language.length || q.topic.length || q.audience.length) conditions.push(detailsVisibleTo(viewer));
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

/** A series in a list: its summary and what its occurrences are computed from. */
/** A row the Worker rewrites: a series (expanded into its occurrences) or an event busy for the viewer (its times in UTC). */
interface SeriesRow {
  summary: EventSummary;
  rrule: string | null;
  exdates: string[];
}

/** List order: by start, then by id (the order of the SQL `ORDER BY start_utc, id` too). */
const byStartThenId = (a: { start: string; id: string }, b: { start: string; id: string }) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id);

/**
 * Events overlapping the days `from`..`to` (inclusive) as seen in the viewer's zone `tz`, as the
 * JSON text of the response's `events`, and whether the list was cut short.
 *
 * The database sorts the matching rows (narrow: ids, starts, series rules), then joins each one's
 * stored summary (`LISTED`) in that order and writes them as JSON texts, one per line; the Worker
 * passes those texts on as they are and only builds the occurrences of the series (few) itself,
 * and the times of events busy for the viewer (few, in UTC), merging them in by start. So a list of hundreds of events costs no parsing or serialising of
 * each, and the database builds none of them.
 */
async function eventsBetween(db: Database, q: EventsQuery, viewer: Viewer | null): Promise<{ truncated: boolean; events: string }> {
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
  // The rows in list order, narrow (sorting them carries no summaries); their summaries are
  // joined to them in that order.
  const listed = db
    .select({
      hidden: sql`"events"."hidden"`.as("listed_hidden"),
      isSeries: sql`${events.rrule} IS NOT NULL`.as("is_series"),
      rrule: sql`${events.rrule}`.as("series_rule"),
      exdates: sql`${events.exdates}`.as("series_exdates"),
      startUtc: sql`${events.startUtc}`.as("listed_start"),
      id: sql`${events.id}`.as("listed_id"),
      // The first MAX_EVENTS rows in list order are listed; one more tells that there were more.
      rank: sql`row_number() OVER (ORDER BY ${events.startUtc}, ${events.id})`.as("listed_rank"),
    })
    .from(visibleEvents(viewer, and(...conditions)))
    .orderBy(events.startUtc, events.id)
    .limit(MAX_EVENTS + 1)
    .as("listed");
  const rows = db
    .select({ ...listed._.selectedFields, stored: sql`${STORED}`.as("stored") })
    .from(listed)
    .leftJoin(sql`"event_listings" AS "l"`, sql`"l"."event_id" = "listed"."listed_id"`)
    .as("rows");
  // Series and events busy for the viewer go to the Worker as objects (see SeriesRow); the rest as texts.
  const single = sql`NOT "is_series" AND NOT "listed_hidden" AND "listed_rank" <= ${MAX_EVENTS}`;
  const [found] = await db
    .select({
      n: sql<number>`count(*)`,
      singles: sql<string | null>`group_concat(${LISTED}, char(10)) FILTER (WHERE ${single})`,
      starts: sql<string>`json_group_array("listed_start") FILTER (WHERE ${single})`,
      ids: sql<string>`json_group_array("listed_id") FILTER (WHERE ${single})`,
      series: sql<string>`json_group_array(json_object('summary', json(${LISTED}), 'rrule', "series_rule", 'exdates', json("series_exdates"))) FILTER (WHERE ("is_series" OR "listed_hidden") AND "listed_rank" <= ${MAX_EVENTS})`,
    })
    .from(rows);
  const series = JSON.parse(found.series) as SeriesRow[];
  const budget = new RecurrenceBudget();
  const occurrences = series.flatMap(({ summary: e, rrule, exdates }) => {
    // A viewer who sees the event as busy gets its times in UTC (visibility.ts), once each
    // occurrence is placed by the event's own zone (its daylight-saving changes included).
    const shown = (o: EventSummary, startUtc: number, endUtc: number) => (e.busy ? busyTimes(o, startUtc, endUtc) : o);
    if (rrule === null) return [{ startUtc: Date.parse(e.start), summary: shown(e, Date.parse(e.start), Date.parse(e.end)) }];
    // All-day occurrences are matched by date, like single all-day events.
    const [from, to] = e.allDay ? [utcMidnight(q.from), utcMidnight(addDays(q.to, 1))] : [rangeStart, rangeEnd];
    const recurring: Recurring = { allDay: e.allDay, startsAt: e.startsAt, endsAt: e.endsAt, timeZone: e.timeZone, rrule, exdates };
    return occurrencesBetween(recurring, from, to, budget).map((o: Occurrence) => ({
      startUtc: o.startUtc,
      summary: shown(
        { ...e, startsAt: o.startsAt, endsAt: o.endsAt, start: new Date(o.startUtc).toISOString(), end: new Date(o.endUtc).toISOString() },
        o.startUtc,
        o.endUtc,
      ),
    }));
  });
  // Without occurrences to merge in (most windows) the texts go on as one, commas for newlines.
  if (occurrences.length === 0 && found.n <= MAX_EVENTS) {
    return { truncated: budget.truncated, events: found.singles === null ? "[]" : `[${found.singles.replaceAll("\n", ",")}]` };
  }
  // Newline never occurs inside minified JSON: the lines are the single events' texts.
  const singles = found.singles === null ? [] : found.singles.split("\n");
  let merged = singles;
  if (occurrences.length > 0) {
    occurrences.sort((a, b) => byStartThenId(a.summary, b.summary));
    const starts = JSON.parse(found.starts) as number[];
    const ids = JSON.parse(found.ids) as string[];
    merged = [];
    let i = 0;
    for (const o of occurrences) {
      while (i < singles.length && (starts[i] < o.startUtc || (starts[i] === o.startUtc && ids[i].localeCompare(o.summary.id) < 0))) merged.push(singles[i++]);
      merged.push(JSON.stringify(o.summary));
    }
    for (; i < singles.length; i++) merged.push(singles[i]);
  }
  return {
    // A series whose expansion ran out of budget is cut short too.
    truncated: found.n > MAX_EVENTS || merged.length > MAX_EVENTS || budget.truncated,
    events: `[${merged.slice(0, MAX_EVENTS).join(",")}]`,
  };
}

/** Events overlapping the days `from`..`to` (inclusive) as seen in the viewer's zone `tz`. */
export async function listEvents(db: Database, q: EventsQuery, viewer: Viewer | null): Promise<EventListResponse> {
  const { truncated, events: listed } = await eventsBetween(db, q, viewer);
  return { from: q.from, to: q.to, tz: q.tz, truncated, events: JSON.parse(listed) as EventSummary[] };
}

/** `listEvents`'s response as JSON text, the events' part as the database wrote it. */
export async function listEventsJson(db: Database, q: EventsQuery, viewer: Viewer | null): Promise<string> {
  const { truncated, events: listed } = await eventsBetween(db, q, viewer);
  const head = JSON.stringify({ from: q.from, to: q.to, tz: q.tz, truncated } satisfies Omit<EventListResponse, "events">);
  return `${head.slice(0, -1)},"events":${listed}}`;
}

/**
 * One event by slug as the viewer may see it: published ones by their visibility, and every state
 * of the events the viewer may edit, with the moderation details (`manage`).
 */
export async function getEvent(db: Database, slug: string, viewer: Viewer | null): Promise<EventDetail | null> {
  const editable = editableBy(viewer);
  const [row] = await selectJsonRows(
    db,
    {
      summary: embedded<EventSummary>(SUMMARY),
      ownerOrganisationId: events.ownerOrganisationId,
      exdates: events.exdates,
      description: events.description,
      venue: events.venue,
      onlineUrl: events.onlineUrl,
      registrationUrl: events.registrationUrl,
      rrule: events.rrule,
      // Contact fields leave the database only when public; the rest never reach the Worker.
      contacts: embedded<EventDetail["contacts"]>(
        sql`(SELECT json_group_array(json_object('id', p.id, 'name', p.name, 'title', p.title, 'email', CASE WHEN p.email_visibility = 'public' THEN p.email END, 'phone', CASE WHEN p.phone_visibility = 'public' THEN p.phone END)) FROM event_contacts ec JOIN people p ON p.id = ec.person_id WHERE ec.event_id = events.id)`,
      ),
      projects: embedded<EventDetail["projects"]>(
        sql`(SELECT json_group_array(json_object('id', pr.id, 'slug', pr.slug, 'title', pr.title)) FROM event_projects ep JOIN projects pr ON pr.id = ep.project_id WHERE ep.event_id = events.id)`,
      ),
      documents: embedded<EventDetail["documents"]>(
        sql`(SELECT json_group_array(json_object('id', d.id, 'slug', d.slug, 'title', d.title, 'kind', d.kind, 'url', d.url)) FROM event_documents ed JOIN documents d ON d.id = ed.document_id WHERE ed.event_id = events.id)`,
      ),
      canEdit: editable ? sql<number>`CASE WHEN ${editable} THEN 1 ELSE 0 END` : sql<number>`0`,
      proposedOrganisers: embedded<OrganiserRef[]>(
        editable
          ? sql`CASE WHEN ${editable} THEN (SELECT json_group_array(json_object('id', o.id, 'slug', o.slug, 'name', o.name, 'shortName', o.short_name, 'isLead', json(CASE WHEN eo.is_lead THEN 'true' ELSE 'false' END), 'awaitingAcceptance', json('true'))) FROM event_organisers eo JOIN organisations o ON o.id = eo.organisation_id WHERE eo.event_id = events.id AND eo.consent = 'proposed') ELSE '[]' END`
          : sql`'[]'`,
      ),
      moderation: events.moderation,
      version: events.version,
      pendingChanges: events.pendingChanges,
      reviewComment: events.reviewComment,
      submittedAt: events.submittedAt,
      clashJustification: events.clashJustification,
      major: events.major,
    },
    visibleEvents(viewer, and(eq(events.slug, slug), editable ? or(publishedFor(viewer), editable) : publishedFor(viewer))),
    (q) => q.limit(1),
  );
  if (!row) return null;
  // A series read as one item is its first occurrence; a viewer who sees it as busy gets UTC times.
  const first = withFirstEnd(row.summary);
  const summary = first.busy ? busyTimes(first, Date.parse(first.start), Date.parse(first.end)) : first;
  // Its editors also see whom the event names without their acceptance yet, marked so.
  if (row.canEdit) summary.organisers = [...summary.organisers, ...row.proposedOrganisers];
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
    contacts: row.contacts.map((p) => ({ ...dropNulls(p), title: p.title ?? null })),
    projects: row.projects,
    documents: row.documents,
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
  const rows = await selectJsonRows(
    db,
    { summary: embedded<EventSummary>(SUMMARY) },
    // Search reads the texts a busy-only event hides: only events whose details the viewer may see.
    visibleEvents(
      viewer,
      and(
        publishedFor(viewer),
        detailsVisibleTo(viewer),
        sql`${events.id} IN (SELECT event_id FROM events_fts WHERE events_fts MATCH ${match})`,
        ...filterConditions(filters, viewer),
      ),
    ),
    (q) =>
      q
        // Ties (same start) by id, so that the order and the cut at MAX_SEARCH_RESULTS never depend on the query plan.
        .orderBy(sql`${events.endUtc} < ${t}`, sql`CASE WHEN ${events.endUtc} >= ${t} THEN ${events.startUtc} END`, sql`${events.startUtc} DESC`, events.id)
        .limit(MAX_SEARCH_RESULTS),
  );
  return rows.map((row) => withFirstEnd(row.summary));
}
