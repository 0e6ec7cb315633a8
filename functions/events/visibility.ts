/**
 * What a viewer may see of an event: the one rule, in TypeScript for rows already read and in SQL
 * for queries, side by side so they cannot drift apart.
 *
 * - Published public and busy-only events are listed for everybody, partner-only ones for partners
 *   and coordinators (`publishedFor`).
 * - A busy-only event shows its details (title, texts, type, place, country, attendance mode,
 *   links, languages, topics, audiences, contacts) only to its own organisation and to
 *   coordinators; everybody else sees "busy" (`isBusyFor`): its times (in its own time zone),
 *   its status and who organises it, nothing of what or where. An organisation asked to be named
 *   as an organiser sees the title and dates of what it is asked to accept (consent/). Nothing
 *   may be found or filtered by a detail the viewer cannot see (`detailsVisibleTo`): a search or
 *   a country filter matching a busy event would tell its hidden words or country one probe at a
 *   time.
 * - Slugs: a non-public event carries an opaque slug; the title slug it had while public is kept as
 *   an alias that leads on only for viewers who see the event's details (`detailsShownTo`).
 */
import { and, inArray, ne, or, sql, type SQL } from "drizzle-orm";
import { events } from "../../db/schema.ts";
import { isCoordinator, isMemberOf, seesPartnerEvents, type Viewer } from "../auth/viewer.ts";

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
