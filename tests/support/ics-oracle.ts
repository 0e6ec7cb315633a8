/**
 * The test oracle for functions/feeds/ics.ts: the feed as ical-generator builds it from the same
 * events, the way the Worker built it before it wrote iCalendar itself. tests/feeds/ics.test.ts
 * holds the two side by side. Three differences are meant, and the oracle is told of them: the
 * calendar's name and description are TEXT, escaped (ical-generator left commas bare); a series
 * timed in UTC names its exceptions in UTC (there is no VTIMEZONE for TZID=UTC); and a rule's
 * UNTIL, stored in the event's wall-clock time, is written of DTSTART's kind (RFC 5545 3.3.10): a
 * DATE for an all-day series, else the UTC instant. A fourth is not told, so the comparison leaves
 * it out: a start the clocks skip is written as stored (03:30), where the library wrote the
 * instant's wall clock (04:30); tests/feeds/ics.test.ts checks that one with a parser.
 */
import { TZDate } from "@date-fns/tz";
import ical, { type ICalCalendarMethod, ICalEventClass, ICalEventStatus, ICalEventTransparency } from "ical-generator";
import { tzlib_get_ical_block } from "timezones-ical-library";
import type { FeedEvent, FeedOptions } from "../../functions/feeds/ics.ts";
import { addDays } from "../../functions/lib/dates.ts";
import { zonedToUtc } from "../../functions/lib/time.ts";

const STATUS = {
  tentative: ICalEventStatus.TENTATIVE,
  confirmed: ICalEventStatus.CONFIRMED,
  postponed: ICalEventStatus.TENTATIVE,
  cancelled: ICalEventStatus.CANCELLED,
} as const;

function location(e: FeedEvent, locale: string): string | null {
  const country = e.country ? (new Intl.DisplayNames([locale], { type: "region" }).of(e.country) ?? e.country) : null;
  const parts = [e.venue, e.city, country].filter(Boolean);
  return parts.length ? parts.join(", ") : null;
}

function exdateLines(e: FeedEvent): string {
  if (!e.exdates.length) return "";
  const compact = (d: string) => d.replace(/[-:]/g, "");
  if (e.allDay) return `\nEXDATE;VALUE=DATE:${e.exdates.map(compact).join(",")}`;
  if (e.timeZone === "UTC") return `\nEXDATE:${e.exdates.map((d) => `${compact(d)}00Z`).join(",")}`;
  return `\nEXDATE;TZID=${e.timeZone}:${e.exdates.map((d) => `${compact(d)}00`).join(",")}`;
}

/** The rule with its UNTIL converted as the oracle's doc says, computed here with @date-fns/tz. */
function feedRule(e: FeedEvent): string {
  return e.rrule!.replace(/UNTIL=(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z?)?/, (_, y, mo, d, h = "00", mi = "00", s = "00") => {
    if (e.allDay) return `UNTIL=${y}${mo}${d}`;
    const instant = e.timeZone === "UTC" ? Date.UTC(+y, +mo - 1, +d, +h, +mi, +s) : new TZDate(+y, +mo - 1, +d, +h, +mi, +s, e.timeZone).getTime();
    return `UNTIL=${new Date(instant).toISOString().replace(/[-:]|\.\d{3}/g, "")}`;
  });
}

const escapeText = (value: string) => value.replace(/[\\;,]/g, "\\$&").replace(/\r\n|\r|\n/g, "\\n");

function vtimezoneBlock(zone: string): string | null {
  const block = tzlib_get_ical_block(zone)[0];
  if (!block) return null;
  return block.replace(/^TZID:.*$/m, `TZID:${zone}`).replace(/^X-LIC-LOCATION:.*$/m, `X-LIC-LOCATION:${zone}`);
}

/** One VCALENDAR with every given event. */
export function buildCalendarWithLibrary(items: FeedEvent[], opts: FeedOptions): string {
  const host = new URL(opts.origin).host;
  const locale = opts.locale ?? "en";
  const calendar = ical({
    // ical-generator writes these two as given: escaped here as TEXT, as the feed does.
    name: escapeText(opts.name),
    description: escapeText(opts.description),
    prodId: { company: "Northern Dimension calendar", product: "calendar", language: "EN" },
    url: opts.origin,
    ttl: 3600,
    method: undefined as unknown as ICalCalendarMethod,
    timezone: { name: null, generator: (zone: string) => vtimezoneBlock(zone) },
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
      repeating: e.rrule ? `RRULE:${feedRule(e)}${exdateLines(e)}` : null,
    });
  }
  // ical-generator leaves the last line without its CRLF.
  return `${calendar.toString()}\r\n`;
}
