/**
 * What a viewer may see of an event: the one rule, in TypeScript for rows already read and in SQL
 * for queries, side by side so they cannot drift apart.
 *
 * - Published public and busy-only events are listed for everybody, partner-only ones for partners
 *   and coordinators (`publishedFor`).
 * - A busy-only event shows its details (title, texts, type, place, country, attendance mode,
 *   links, languages, topics, audiences, contacts) only to its own organisation and to
 *   coordinators; everybody else sees "busy" (`isBusyFor`): its times, its status and who
 *   organises it, nothing of what or where. Its times are given in UTC (`busyTimes`): its own
 *   time zone, and the wall clock and offset that come with it, would all but name the country.
 *   An organisation asked to be named as an organiser sees the title and start (in UTC) of what
 *   it is asked to accept (consent/). Nothing may be found or filtered by a detail the viewer
 *   cannot see (`detailsVisibleTo`): a search or a country filter matching a busy event would
 *   tell its hidden words or country one probe at a time.
 * - Slugs: a non-public event carries an opaque slug; the title slug it had while public is kept as
 *   an alias that leads on only for viewers who see the event's details (`detailsShownTo`).
 */
import { and, inArray, ne, or, sql, type SQL } from "drizzle-orm";
import { events } from "../../db/schema.ts";
import { isCoordinator, isMemberOf, seesPartnerEvents, type Viewer } from "../auth/viewer.ts";
import { zonedToUtc } from "../lib/time.ts";

/** Published events the viewer may list. */
export function publishedFor(viewer: Viewer | null): SQL {
  const visibilities: ("public" | "busy_only" | "partners")[] = seesPartnerEvents(viewer) ? ["public", "busy_only", "partners"] : ["public", "busy_only"];
  // `+` keeps the moderation index out of the planner's choice: nearly every event is published,
  // and it would pick that index (scanning half the table) over the date-range index.
  return and(sql`+${events.moderation} = 'published'`, inArray(events.visibility, visibilities))!;
}

/** The TypeScript twin of `publishedFor`: whether the viewer may meet the event at all. */
export function isListedFor(row: { moderation: string; visibility: string }, viewer: Viewer | null): boolean {
  return row.moderation === "published" && (row.visibility !== "partners" || seesPartnerEvents(viewer));
}

/** True when the viewer sees only that the event's organisation is busy, not what it is. */
export function isBusyFor(row: { visibility: string; ownerOrganisationId: string | null }, viewer: Viewer | null): boolean {
  return row.visibility === "busy_only" && !isCoordinator(viewer) && !isMemberOf(viewer, row.ownerOrganisationId);
}

/** The zone a busy-only event's times are given in to those who see it as busy. */
export const BUSY_TIME_ZONE = "UTC";

/**
 * An event's times as a viewer who sees it as busy is given them: the same instants as UTC wall
 * clock (`YYYY-MM-DDTHH:MM`) with `timeZone` UTC. All-day events keep their dates, which name no
 * zone. Every door that gives a busy-only event's times to such a viewer passes them through this.
 * The instants default to the wall clock read in the event's zone; a series' occurrence or first
 * occurrence passes its own.
 */
export function busyTimes<T extends { allDay: boolean; startsAt: string; endsAt: string; timeZone: string }>(
  e: T,
  startUtc = e.allDay ? 0 : zonedToUtc(e.startsAt, e.timeZone),
  endUtc = e.allDay ? 0 : zonedToUtc(e.endsAt, e.timeZone),
): T {
  if (e.allDay) return { ...e, timeZone: BUSY_TIME_ZONE };
  return { ...e, startsAt: utcWallClock(startUtc), endsAt: utcWallClock(endUtc), timeZone: BUSY_TIME_ZONE };
}

const utcWallClock = (ms: number) => new Date(ms).toISOString().slice(0, 16);

/** The fields of an event (as stored or as input) that `busyFace` reads. */
export interface BusyShown {
  allDay: boolean;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  rrule: string | null;
  exdates: string[];
  status: string;
  visibility: string;
}

/**
 * What a viewer who sees the event as busy is shown of it, as one text to compare: its instants
 * (a change of zone that keeps them is none to that viewer, who is given UTC; a timed series keeps
 * its zone, which places its occurrences; all-day dates name none), rule and exceptions, status, visibility and accepted
 * organisers. A write that changes it raises the event's busy revision, the SEQUENCE and
 * LAST-MODIFIED its feeds give that viewer (db/schema/events.ts); any other write does not, so
 * they cannot tell that, or when, a hidden detail was edited.
 */
export function busyFace(e: BusyShown, acceptedOrganisers: readonly string[]): string {
  const times = e.allDay ? [e.startsAt, e.endsAt] : [zonedToUtc(e.startsAt, e.timeZone), zonedToUtc(e.endsAt, e.timeZone)];
  return JSON.stringify([e.allDay, ...times, e.rrule, e.rrule && !e.allDay ? e.timeZone : null, e.exdates, e.status, e.visibility, acceptedOrganisers]);
}

/**
 * The SQL twin of `isBusyFor`, as a value (1 or 0) for the rows read: the negation of
 * `detailsVisibleTo`, where an unknown answer (a busy-only event without an owner organisation,
 * for a viewer with organisations) counts as busy, as `isBusyFor` has it.
 */
export function busyFor(viewer: Viewer | null): SQL {
  return sql`coalesce(NOT (${detailsVisibleTo(viewer)}), 1)`;
}

/** The SQL twin of `!isBusyFor`: events whose details the viewer may see. */
export function detailsVisibleTo(viewer: Viewer | null): SQL {
  if (isCoordinator(viewer)) return sql`1 = 1`;
  const notBusy = ne(events.visibility, "busy_only");
  return viewer?.organisations.length ? or(notBusy, inArray(events.ownerOrganisationId, viewer.organisations))! : notBusy;
}

/** Events whose every state the viewer may see: all for coordinators, their organisations' for partners; none for others. */
export function editableBy(viewer: Viewer | null): SQL | undefined {
  if (isCoordinator(viewer)) return sql`1 = 1`;
  if (viewer?.organisations.length) return inArray(events.ownerOrganisationId, viewer.organisations);
  return undefined;
}

/**
 * Events the viewer sees in full wherever they meet them: published ones listed for them whose
 * details they may see, and every state of those they may edit. An old slug leads only to these.
 */
export function detailsShownTo(viewer: Viewer | null): SQL {
  const shown = and(publishedFor(viewer), detailsVisibleTo(viewer))!;
  const editable = editableBy(viewer);
  return editable ? or(shown, editable)! : shown;
}
