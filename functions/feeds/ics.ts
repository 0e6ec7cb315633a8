/**
 * Calendar feeds (RFC 5545 with the RFC 7986 properties) built with ical-generator, which escapes
 * TEXT values, ends lines with CRLF and folds them at 75 octets on character boundaries.
 * Timed events keep their own zone: DTSTART;TZID=… with a VTIMEZONE from timezones-ical-library,
 * so recurring meetings stay at their local time across daylight-saving changes. All-day events are
 * VALUE=DATE with the exclusive end date.
 */
import { TZDate } from "@date-fns/tz";
import ical, { type ICalCalendarMethod, ICalEventClass, ICalEventStatus, ICalEventTransparency } from "ical-generator";
import { tzlib_get_ical_block } from "timezones-ical-library";
import { BoundedCache } from "../lib/bounded-cache.ts";
import { addDays } from "../lib/dates.ts";
import { zonedToUtc } from "../lib/time.ts";

export interface FeedEvent {
  id: string;
  slug: string;
  title: string;
  summary: string | null;
  description: string | null;
  type: string;
  status: "tentative" | "confirmed" | "postponed" | "cancelled";
  visibility: "public" | "partners" | "busy_only";
  allDay: boolean;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  startUtc: number;
  endUtc: number;
  rrule: string | null;
  exdates: string[];
  venue: string | null;
  city: string | null;
  country: string | null;
  onlineUrl: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  leadOrganiser: string | null;
  /** Topics with their stored (English) labels; the feed names them in its language. */
  topicTerms: Term[];
  /** True when the viewer may see only that the organiser is busy. */
  busy: boolean;
}

export interface Term {
  id: string;
  label: string;
}

export interface FeedOptions {
  name: string;
  /** The language of the feed's own words (country names in LOCATION); English when unset. */
  locale?: string;
  description: string;
  origin: string;
  /** The address in ORGANIZER (an organiser is a calendar address; ours are organisations). */
  organiserAddress: string;
  texts: { busy: (organisation: string) => string; postponed: (title: string) => string; details: string; topic: (term: Term) => string };
}

const STATUS = {
  tentative: ICalEventStatus.TENTATIVE,
  confirmed: ICalEventStatus.CONFIRMED,
  postponed: ICalEventStatus.TENTATIVE,
  cancelled: ICalEventStatus.CANCELLED,
} as const;

/** Country names by language and code: a feed names the same few countries in every event. Plain strings; bounded. */
const countryNames = new BoundedCache<string, string>(2_000);

function countryName(locale: string, code: string): string {
  const key = `${locale}:${code}`;
  return countryNames.getOrSet(key, () => new Intl.DisplayNames([locale], { type: "region" }).of(code) ?? code);
}

function location(e: FeedEvent, locale: string): string | null {
  const parts = [e.venue, e.city, e.country ? countryName(locale, e.country) : null].filter(Boolean);
  return parts.length ? parts.join(", ") : null;
}

/** EXDATE lines for stored exceptions: local `YYYY-MM-DDTHH:MM` in the event's zone, or dates. */
function exdateLines(e: FeedEvent): string {
  if (!e.exdates.length) return "";
  const compact = (d: string) => d.replace(/[-:]/g, "");
  return e.allDay
    ? `\nEXDATE;VALUE=DATE:${e.exdates.map(compact).join(",")}`
    : `\nEXDATE;TZID=${e.timeZone}:${e.exdates.map((d) => `${compact(d)}00`).join(",")}`;
}

/**
 * The VTIMEZONE for `zone`, named `zone`. timezones-ical-library answers a zone that tzdata keeps
 * as a link (Europe/Copenhagen, Oslo, Stockholm → Europe/Berlin; Europe/Mariehamn → Helsinki;
 * Atlantic/Reykjavik → Africa/Abidjan) with the target's block, TZID included; a DTSTART;TZID=
 * Europe/Copenhagen would then point at no VTIMEZONE, and Berlin would be written once per alias.
 * The rules are the target's, so only the names change.
 */
function vtimezone(zone: string): string | null {
  return vtimezones.getOrSet(zone, () => {
    const block = tzlib_get_ical_block(zone)[0];
    if (!block) return null;
    return block.replace(/^TZID:.*$/m, `TZID:${zone}`).replace(/^X-LIC-LOCATION:.*$/m, `X-LIC-LOCATION:${zone}`);
  });
}

/** VTIMEZONE blocks by zone, made once per isolate (plain strings; bounded). */
const vtimezones = new BoundedCache<string, string | null>(200);

/** One VCALENDAR with every given event. */
export function buildCalendar(items: FeedEvent[], opts: FeedOptions): string {
  const host = new URL(opts.origin).host;
  const locale = opts.locale ?? "en";
  const calendar = ical({
    name: opts.name,
    description: opts.description,
    prodId: { company: "Northern Dimension calendar", product: "calendar", language: "EN" },
    url: opts.origin,
    ttl: 3600,
    method: undefined as unknown as ICalCalendarMethod,
    timezone: { name: null, generator: vtimezone },
  });
  for (const e of items) {
    const url = `${opts.origin}/events/${e.slug}`;
    const lead = e.leadOrganiser ?? "";
    const summary = e.busy ? opts.texts.busy(lead) : e.status === "postponed" ? opts.texts.postponed(e.title) : e.title;
    const description = e.busy ? null : [e.summary, e.description, e.onlineUrl, `${opts.texts.details}: ${url}`].filter(Boolean).join("\n\n");
    // A series' row spans all its occurrences (endUtc is the last one's end, for the range index);
    // DTSTART and DTEND are its first occurrence, which startsAt and endsAt are.
    const endUtc = e.rrule ? zonedToUtc(e.endsAt, e.timeZone) : e.endUtc;
    const timing = e.allDay
      ? { allDay: true, start: e.startsAt, end: addDays(e.endsAt, 1) }
      : { start: new TZDate(e.startUtc, e.timeZone), end: new TZDate(endUtc, e.timeZone), timezone: e.timeZone };
    calendar.createEvent({
      id: `${e.id}@${host}`,
      sequence: Math.max(0, e.version - 1),
      stamp: new Date(e.updatedAt),
      lastModified: new Date(e.updatedAt),
      created: new Date(e.createdAt),
      ...timing,
      summary,
      description,
      location: e.busy ? null : location(e, locale),
      url: e.busy ? null : url,
      status: STATUS[e.status],
      class: e.busy ? ICalEventClass.CONFIDENTIAL : ICalEventClass.PUBLIC,
      transparency: ICalEventTransparency.OPAQUE,
      categories: e.busy ? [] : [e.type, ...e.topicTerms.map(opts.texts.topic)].map((name) => ({ name })),
      organizer: lead ? { name: lead, email: opts.organiserAddress } : undefined,
      // A busy-only series repeats too: its times are what the viewer may see (lists show each
      // occurrence as busy); only its words are held back.
      repeating: e.rrule ? `RRULE:${e.rrule}${exdateLines(e)}` : null,
    });
  }
  return calendar.toString();
}
