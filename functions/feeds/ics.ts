/**
 * Calendar feeds (RFC 5545 with the RFC 7986 properties), written here in one pass: TEXT values
 * escaped (backslash, semicolon, comma, line breaks), parameter values caret-encoded (RFC 6868),
 * lines ended by CRLF and folded at 75 octets on character boundaries. Timed events keep their own
 * zone: DTSTART;TZID=… with a VTIMEZONE from timezones-ical-library, so recurring meetings stay at
 * their local time across daylight-saving changes. All-day events are VALUE=DATE with the
 * exclusive end date.
 *
 * It writes what ical-generator writes for the same event, byte for byte (tests/feeds/ics.test.ts
 * holds the two side by side over generated events): that library built each event as an object
 * with a random UID, asked Intl for each of the six fields of each date and split the finished
 * text into lines to fold it, half the CPU of a feed request. The calendar's own name and
 * description are escaped as TEXT, as RFC 7986 says (ical-generator left their commas bare), and
 * the last line ends with CRLF like every other.
 */
import { tzlib_get_ical_block } from "timezones-ical-library";
import { BoundedCache } from "../lib/bounded-cache.ts";
import { addDays } from "../lib/dates.ts";
import { canonicalRule } from "../lib/recurrence.ts";
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

/** STATUS by ours: RFC 5545 has no "postponed"; such an event is TENTATIVE (and its title says so). */
const STATUS = { tentative: "TENTATIVE", confirmed: "CONFIRMED", postponed: "TENTATIVE", cancelled: "CANCELLED" } as const;

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

/**
 * The EXDATE line for stored exceptions (local `YYYY-MM-DDTHH:MM` in the event's zone, or dates),
 * folded; "" without any. A series timed in UTC has no VTIMEZONE to name: its exceptions are UTC
 * DATE-TIMEs, as its DTSTART is. An exception of the other kind than the series (a date in a
 * timed series, stored before the API checked) excludes nothing here, so it is not written.
 */
function exdateLine(e: FeedEvent): string {
  const exdates = e.exdates.filter((d) => (d.length === 10) === e.allDay);
  if (!exdates.length) return "";
  const compact = (d: string) => d.replace(/[-:]/g, "");
  if (e.allDay) return line(`EXDATE;VALUE=DATE:${exdates.map(compact).join(",")}`);
  if (e.timeZone === "UTC") return line(`EXDATE:${exdates.map((d) => `${compact(d)}00Z`).join(",")}`);
  return line(`EXDATE;TZID=${e.timeZone}:${exdates.map((d) => `${compact(d)}00`).join(",")}`);
}

/**
 * The RRULE value as RFC 5545 wants it next to this DTSTART: canonical (canonicalRule), and its
 * UNTIL of DTSTART's kind (3.3.10): a DATE for an all-day series, UTC for a timed one. The stored
 * UNTIL is read in the event's wall-clock time, as the calendar expands the series
 * (lib/recurrence.ts), so a timed one is converted from the event's zone.
 */
function feedRule(rrule: string, e: FeedEvent): string {
  return canonicalRule(rrule)
    .split(";")
    .map((part) => {
      const m = /^UNTIL=(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z?)?$/.exec(part);
      if (!m) return part;
      const [, y, mo, d, h = "00", mi = "00", sec = "00"] = m;
      if (e.allDay) return `UNTIL=${y}${mo}${d}`;
      if (e.timeZone === "UTC") return `UNTIL=${y}${mo}${d}T${h}${mi}${sec}Z`;
      return `UNTIL=${utcStamp(zonedToUtc(`${y}-${mo}-${d}T${h}:${mi}:${sec}`, e.timeZone))}`;
    })
    .join(";");
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
    const named = block.replace(/^TZID:.*$/m, `TZID:${zone}`).replace(/^X-LIC-LOCATION:.*$/m, `X-LIC-LOCATION:${zone}`);
    return `${named.replace(/\r\n/g, "\n").replace(/\n/g, "\r\n").trim()}\r\n`;
  });
}

/** VTIMEZONE blocks by zone, CRLF-ended, made once per isolate (plain strings; bounded). */
const vtimezones = new BoundedCache<string, string | null>(200);

/** Control characters TEXT and parameter values cannot hold (RFC 5545 3.1, 3.3.11: only HTAB); line breaks are escaped instead. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** What `text` changes: control characters and line breaks, backslash, semicolon, comma. */
const TEXT_SPECIAL = /[\u0000-\u001f\u007f\\;,]/;

/**
 * A TEXT value escaped (RFC 5545 3.3.11): backslash, semicolon and comma, line breaks as `\\n`;
 * other control characters (none since the API refuses them, but older rows may hold them) left out.
 */
function text(value: string): string {
  // Most values hold nothing to escape: one scan instead of three replacements.
  if (!TEXT_SPECIAL.test(value)) return value;
  return value
    .replace(CONTROL, "")
    .replace(/[\\;,]/g, "\\$&")
    .replace(/\r\n|\r|\n/g, "\\n");
}

/** A quoted parameter value (RFC 6868 caret encoding): `^`, `"` and line breaks. */
function parameter(value: string): string {
  return value
    .replace(CONTROL, "")
    .replace(/\^/g, "^^")
    .replace(/"/g, "^'")
    .replace(/\r\n|\r|\n/g, "^n");
}

const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/** An instant as a UTC DATE-TIME (`YYYYMMDDTHHMMSSZ`). */
function utcStamp(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getUTCFullYear()).padStart(4, "0")}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}T${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}Z`;
}

/** `YYYY-MM-DD` as a DATE value. */
const dateValue = (date: string) => date.replaceAll("-", "");

/** A stored local `YYYY-MM-DDTHH:MM` as a DATE-TIME (`YYYYMMDDTHHMM00`) to go with a TZID. */
const localStamp = (local: string) => `${local.slice(0, 4)}${local.slice(5, 7)}${local.slice(8, 10)}T${local.slice(11, 13)}${local.slice(14, 16)}00`;

/** Octets of one UTF-16 code unit in UTF-8 (a high surrogate stands for its whole pair). */
function octets(code: number): number {
  return code < 0x80 ? 1 : code < 0x800 ? 2 : code >= 0xd800 && code <= 0xdbff ? 4 : 3;
}

/** One content line, folded at 75 octets on character boundaries (RFC 5545 3.1), CRLF-ended. */
function line(content: string): string {
  if (!/[^\x00-\x7f]/.test(content)) {
    // ASCII: an octet a character, so lines of 74 (the continuation's space makes 75).
    if (content.length <= 74) return `${content}\r\n`;
    let out = content.slice(0, 74);
    for (let i = 74; i < content.length; i += 74) out += `\r\n ${content.slice(i, i + 74)}`;
    return `${out}\r\n`;
  }
  let out = "";
  let count = 0;
  for (let i = 0; i < content.length; i++) {
    let ch = content[i];
    const size = octets(content.charCodeAt(i));
    if (size === 4) ch += content[++i] ?? "";
    count += size;
    if (count > 74) {
      out += "\r\n ";
      count = size;
    }
    out += ch;
  }
  return `${out}\r\n`;
}

/** One VCALENDAR with every given event. */
export function buildCalendar(items: FeedEvent[], opts: FeedOptions): string {
  const host = new URL(opts.origin).host;
  const locale = opts.locale ?? "en";
  let head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Northern Dimension calendar//calendar//EN\r\n";
  head += line(`URL:${opts.origin}`);
  head += line(`NAME:${text(opts.name)}`);
  head += line(`X-WR-CALNAME:${text(opts.name)}`);
  head += line(`X-WR-CALDESC:${text(opts.description)}`);
  // Each zone the events are timed in, once, in the order they first appear.
  const zones = new Set<string>();
  let body = "";
  for (const e of items) {
    const url = `${opts.origin}/events/${e.slug}`;
    const lead = e.leadOrganiser ?? "";
    const summary = e.busy ? opts.texts.busy(lead) : e.status === "postponed" ? opts.texts.postponed(e.title) : e.title;
    const description = e.busy ? null : [e.summary, e.description, e.onlineUrl, `${opts.texts.details}: ${url}`].filter(Boolean).join("\n\n");
    const place = e.busy ? null : location(e, locale);
    const updated = utcStamp(new Date(e.updatedAt).getTime());
    let v = `BEGIN:VEVENT\r\n${line(`UID:${e.id}@${host}`)}SEQUENCE:${Math.max(0, e.version - 1)}\r\nDTSTAMP:${updated}\r\n`;
    if (e.allDay) {
      v += `DTSTART;VALUE=DATE:${dateValue(e.startsAt)}\r\nDTEND;VALUE=DATE:${dateValue(addDays(e.endsAt, 1))}\r\n`;
      v += "X-MICROSOFT-CDO-ALLDAYEVENT:TRUE\r\nX-MICROSOFT-MSNCALENDAR-ALLDAYEVENT:TRUE\r\n";
    } else {
      // A series' row spans all its occurrences (endUtc is the last one's end, for the range
      // index); DTSTART and DTEND are its first occurrence, which startsAt and endsAt are.
      if (e.timeZone === "UTC") v += `DTSTART:${utcStamp(e.startUtc)}\r\nDTEND:${utcStamp(e.rrule ? zonedToUtc(e.endsAt, "UTC") : e.endUtc)}\r\n`;
      else {
        // The wall clock as stored, not the instant's: a start the clocks skip (03:30 on the night
        // summer time begins) is read with the offset before the gap (RFC 5545 3.3.5), the instant
        // the calendar holds, while a series keeps 03:30 on its other dates and its exceptions
        // (written in wall-clock time) still match.
        zones.add(e.timeZone);
        v += line(`DTSTART;TZID=${e.timeZone}:${localStamp(e.startsAt)}`);
        v += line(`DTEND;TZID=${e.timeZone}:${localStamp(e.endsAt)}`);
      }
    }
    // A busy-only all-day series repeats too (dates name no zone); a timed one comes here as its
    // occurrences in UTC (feeds.queries.ts), its zone held back with its words.
    if (e.rrule) v += line(`RRULE:${feedRule(e.rrule, e)}`) + exdateLine(e);
    v += line(`SUMMARY:${text(summary)}`);
    v += "TRANSP:OPAQUE\r\n";
    if (place) v += line(`LOCATION:${text(place)}`);
    if (description) v += line(`DESCRIPTION:${text(description)}`);
    if (lead) v += line(`ORGANIZER;CN="${parameter(lead)}":mailto:${text(opts.organiserAddress)}`);
    if (!e.busy) v += line(`CATEGORIES:${[e.type, ...e.topicTerms.map(opts.texts.topic)].map(text).join(",")}`);
    if (!e.busy) v += line(`URL;VALUE=URI:${text(url)}`);
    v += `STATUS:${STATUS[e.status]}\r\n`;
    v += `CREATED:${utcStamp(new Date(e.createdAt).getTime())}\r\nLAST-MODIFIED:${updated}\r\n`;
    v += `CLASS:${e.busy ? "CONFIDENTIAL" : "PUBLIC"}\r\nEND:VEVENT\r\n`;
    body += v;
  }
  for (const zone of zones) head += vtimezone(zone) ?? "";
  head += "REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\nX-PUBLISHED-TTL:PT1H\r\n";
  return `${head}${body}END:VCALENDAR\r\n`;
}
