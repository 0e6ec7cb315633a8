/** Input rules and response shapes of the events API; the web app imports these types. */
import { z } from "zod";
import { EVENT_STATUSES as EVENT_STATUS_VALUES, EVENT_TYPES as EVENT_TYPE_VALUES } from "../../db/schema.ts";
import type { ATTENDANCE_MODES, EVENT_STATUSES, EVENT_TYPES, EVENT_VISIBILITIES, MODERATION_STATES } from "../../db/schema.ts";
import { daysBetween } from "../lib/dates.ts";
import { countryFilter, id, isoDate, issue, languageTag, listParam as list, timeZone } from "../validation.ts";

/** The longest range one request may ask for: a year view plus a little. */
export const MAX_RANGE_DAYS = 400;
/** The most events one response carries; `truncated` says when there were more. */
export const MAX_EVENTS = 2000;

const FILTER_ID_RULE = "values must be ids (lower-case letters, digits, hyphens, at most 100)";

/** The filters the list and the feeds share. */
export const filtersSchema = z.object({
  country: list(countryFilter()),
  organisation: list(id(FILTER_ID_RULE)),
  topic: list(id(FILTER_ID_RULE)),
  audience: list(id(FILTER_ID_RULE)),
  type: list(z.enum(EVENT_TYPE_VALUES, { error: `must be among ${EVENT_TYPE_VALUES.join(", ")}` })),
  language: list(languageTag()),
  status: list(z.enum(EVENT_STATUS_VALUES, { error: `must be among ${EVENT_STATUS_VALUES.join(", ")}` })),
});
export { EVENT_FILTER_KEYS as FILTER_KEYS } from "../../db/enums.ts";

export const eventsQuerySchema = z
  .object({
    from: isoDate(),
    to: isoDate(),
    tz: z.string().default("UTC").pipe(timeZone()),
    ...filtersSchema.shape,
  })
  .superRefine((q, ctx) => {
    const days = daysBetween(q.from, q.to);
    if (days < 0) ctx.addIssue(issue("not_before_start", "must not be before from", ["to"]));
    else if (days >= MAX_RANGE_DAYS) {
      ctx.addIssue(issue("range_length", `the range from–to must be shorter than ${MAX_RANGE_DAYS} days`, ["to"]));
    }
  });

export type EventsQuery = z.infer<typeof eventsQuerySchema>;

export interface OrganiserRef {
  id: string;
  slug: string;
  name: string;
  shortName: string | null;
  isLead: boolean;
  /**
   * Named by the event's own organisation but not yet accepted by this one (consent.ts): listed
   * so only to the event's editors, and to nobody else.
   */
  awaitingAcceptance?: true;
}

/** An event as lists and grids show it. Busy-only events carry no details: `busy` is true and texts are null. */
export interface EventSummary {
  id: string;
  slug: string;
  busy: boolean;
  title: string | null;
  summary: string | null;
  /** Null when `busy`: what kind of event it is, like its title, is not shown. */
  type: (typeof EVENT_TYPES)[number] | null;
  status: (typeof EVENT_STATUSES)[number];
  visibility: (typeof EVENT_VISIBILITIES)[number];
  allDay: boolean;
  /** Wall-clock start/end in `timeZone` (all-day: first and last date). */
  startsAt: string;
  endsAt: string;
  /** The event's IANA zone; UTC when `busy` (visibility.ts `busyTimes`: the zone would tell where it is). */
  timeZone: string;
  /** UTC instants (ISO 8601); all-day events: UTC midnights, end exclusive. */
  start: string;
  end: string;
  /** Part of a series; lists hold one item per occurrence in the range asked for. */
  recurring: boolean;
  city: string | null;
  country: string | null;
  /** Null when `busy`: whether it is online is where it is. */
  attendanceMode: (typeof ATTENDANCE_MODES)[number] | null;
  languages: string[];
  ownerOrganisationId: string | null;
  organisers: OrganiserRef[];
  topics: string[];
  audiences: string[];
  isSample: boolean;
}

export interface EventListResponse {
  from: string;
  to: string;
  tz: string;
  truncated: boolean;
  events: EventSummary[];
}

export interface PersonRef {
  id: string;
  name: string;
  title: string | null;
  /** Present only where the viewer may see it. */
  email?: string;
  phone?: string;
}

export interface EventDetail extends EventSummary {
  description: string | null;
  venue: string | null;
  onlineUrl: string | null;
  registrationUrl: string | null;
  rrule: string | null;
  /** Left-out occurrences of a series: their local starts (dates for all-day events). */
  exdates: string[];
  /** A flagship event (coordinators decide); false for busy-only events shown as busy. */
  major: boolean;
  contacts: PersonRef[];
  projects: { id: string; slug: string; title: string }[];
  documents: { id: string; slug: string; title: string; kind: string; url: string | null }[];
  /** Present for those who may edit the event (its organisation's partners, coordinators). */
  manage?: {
    moderation: (typeof MODERATION_STATES)[number];
    version: number;
    ownerOrganisationId: string | null;
    /** A proposed change to a published event, waiting for review. */
    pendingChanges: Record<string, unknown> | null;
    reviewComment: string | null;
    submittedAt: string | null;
    /** The organiser's reason for keeping dates with a high clash. */
    clashJustification: string | null;
  };
}
