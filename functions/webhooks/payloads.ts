/**
 * What a delivery tells of events, cut for the endpoint's organisation: the event as the API's own
 * read (`getEvent`) shows it to a partner of that organisation, so a busy-only event of another
 * organisation is only its dates and "busy", and an event the organisation may not list is not
 * told at all. Changes name only the fields a reader of the event may see.
 */
import type { Reason } from "../coordination/clash.ts";
import type { Database } from "../db/client.ts";
import { getEvent } from "../events/events.queries.ts";
import { organisationViewer } from "../auth/viewer.ts";
import { busyTimes } from "../events/visibility.ts";

/** Fields a change tells of, before → after; a busy reader is told only of dates and status. */
const CHANGE_FIELDS = [
  "title",
  "summary",
  "description",
  "type",
  "startsAt",
  "endsAt",
  "allDay",
  "timeZone",
  "status",
  "venue",
  "city",
  "country",
  "onlineUrl",
  "registrationUrl",
  "attendanceMode",
  "languages",
] as const;
const BUSY_FIELDS = new Set(["startsAt", "endsAt", "allDay", "timeZone", "status"]);

export type EventPayload = NonNullable<Awaited<ReturnType<typeof getEvent>>> & { url: string };

/** The event as a partner of the organisation sees it, with its page's address; null when they may not see it. */
export async function eventFor(db: Database, slug: string, organisationId: string, origin: string): Promise<EventPayload | null> {
  const event = await getEvent(db, slug, organisationViewer(organisationId));
  if (!event) return null;
  // Moderation details are for the calendar's editors, not for a partner's system.
  const { manage: _manage, ...shown } = event as typeof event & { manage?: unknown };
  return { ...shown, url: `${origin}/events/${event.slug}` } as EventPayload;
}

/** An event's times as stored: what a change's sides are filled from where they hold only part. */
export interface StoredTimes {
  allDay: boolean;
  startsAt: string;
  endsAt: string;
  timeZone: string;
}
const TIME_FIELDS = ["allDay", "startsAt", "endsAt", "timeZone"] as const;

/**
 * The changed fields of an audit entry that the reader may see, before → after. A reader for whom
 * the event is busy is told its times in UTC (`busyTimes`, visibility.ts), each side made whole
 * from the event's stored times, and never its time zone: a change of zone alone is told as the
 * change of the instants it made.
 */
export function visibleChanges(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
  busy: boolean,
  stored: StoredTimes,
): Record<string, { before: unknown; after: unknown }> {
  const out: Record<string, { before: unknown; after: unknown }> = {};
  for (const f of CHANGE_FIELDS) {
    if (!after || !(f in after) || (busy && !BUSY_FIELDS.has(f))) continue;
    out[f] = { before: before?.[f] ?? null, after: after[f] ?? null };
  }
  if (busy && after && TIME_FIELDS.some((f) => f in after)) {
    const whole = (side: Record<string, unknown>) =>
      busyTimes(Object.fromEntries(TIME_FIELDS.map((f) => [f, f in side ? side[f] : stored[f]])) as unknown as StoredTimes);
    const [was, is] = [whole(before ?? {}), whole(after)];
    for (const f of TIME_FIELDS) delete out[f];
    for (const f of ["allDay", "startsAt", "endsAt"] as const) if (was[f] !== is[f]) out[f] = { before: was[f], after: is[f] };
  }
  return out;
}

/**
 * A clash's reasons as the reader may be told them: of a busy-only event only that the dates
 * meet; key persons only counted (the radar named them as the calendar sees them).
 */
export function visibleReasons(reasons: Reason[], busy: boolean): unknown[] {
  return reasons
    .filter((r) => !busy || r.code === "overlap" || r.code === "near")
    .map((r) => (r.code === "shared_person" ? { code: r.code, count: r.values.length + (r.others ?? 0) } : r));
}
