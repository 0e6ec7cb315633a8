/**
 * Reading events out of an iCalendar file (ical.js), into the shape the event rules check. Each
 * VEVENT becomes a candidate or a refusal with its reasons; nothing here touches the database.
 */
import ICAL from "ical.js";
import { isTimeZone, wallClock, zonedToUtc } from "../lib/time.ts";
import { MAX_COUNT, MAX_INTERVAL } from "../lib/recurrence-limits.ts";
import type { Reason } from "./report-notes.ts";

export interface Candidate {
  uid: string;
  /** The event fields (owner and organisers are added by the caller). */
  fields: Record<string, unknown>;
}

export type ParsedItem = { kind: "candidate"; candidate: Candidate } | { kind: "refused"; uid: string | null; title: string | null; reasons: Reason[] };

const STATUS: Record<string, string> = { TENTATIVE: "tentative", CONFIRMED: "confirmed", CANCELLED: "cancelled" };
const pad = (n: number) => String(n).padStart(2, "0");

function localOf(t: ICAL.Time, allDay: boolean): string {
  const date = `${t.year}-${pad(t.month)}-${pad(t.day)}`;
  return allDay ? date : `${date}T${pad(t.hour)}:${pad(t.minute)}`;
}

/**
 * The rule as the calendar stores it: read in the event's wall-clock time (lib/recurrence.ts). A
 * timed series in a zone other than UTC has its UNTIL in UTC (RFC 5545 3.3.10); it is stored as
 * that instant's wall-clock time in the event's zone, as the calendar's feeds write it back.
 */
function storedRule(recur: ICAL.Recur, allDay: boolean, zone: string): string {
  const rule = recur.toString();
  const until = recur.until;
  if (!until || allDay || until.isDate || zone === "UTC" || until.zone !== ICAL.Timezone.utcTimezone) return rule;
  const local = wallClock(until.toUnixTime() * 1000, zone).replace(/[-:]/g, "");
  return rule.replace(/UNTIL=[0-9TZ]+/i, `UNTIL=${local}`);
}

/**
 * The IANA zone of DTSTART: its TZID parameter (which must name an IANA zone), UTC for `Z` times
 * and dates; floating times (no zone at all) are read as UTC.
 */
function zoneOf(v: ICAL.Component, t: ICAL.Time): string | null {
  if (t.isDate) return "UTC";
  const tzid = v.getFirstProperty("dtstart")?.getParameter("tzid") as string | undefined;
  if (!tzid) return "UTC";
  return isTimeZone(tzid) ? tzid : null;
}

/**
 * A DATE-TIME's wall clock in `zone`, read by the zones this calendar knows: its own TZID (an IANA
 * zone, else null), UTC for `Z` times, `zone` for floating ones. Never by the file's VTIMEZONE
 * blocks: ical.js would keep those in one registry for every file the isolate reads, so one
 * partner's file (or feed) could redefine a zone for every later import.
 */
function wallClockIn(prop: ICAL.Property | null, t: ICAL.Time, zone: string): string | null {
  const own = prop?.getParameter("tzid") as string | undefined;
  let instant: number;
  if (own) {
    if (!isTimeZone(own)) return null;
    instant = zonedToUtc(localOf(t, false), own);
  } else if (t.zone === ICAL.Timezone.utcTimezone) {
    instant = t.toUnixTime() * 1000;
  } else {
    return localOf(t, false);
  }
  return wallClock(instant, zone).slice(0, 16);
}

/** The longest UID kept: it is stored to match later imports, and echoed in every report. */
export const MAX_UID_CHARS = 255;
/** What a report repeats of a text from the file (a title, a zone's name), at most. */
export const ECHO_CHARS = 200;
export const echo = (s: string) => (s.length > ECHO_CHARS ? `${s.slice(0, ECHO_CHARS)}…` : s);
/**
 * A property's name and parameters (before its first colon), at most. ical.js reads a run of
 * 240,000 parameters in over a second, growing faster than the file; real ones are short.
 */
const MAX_PROPERTY_HEAD = 2000;
const LONG_HEAD = new RegExp(`^[^:\\r\\n]{${MAX_PROPERTY_HEAD},}`, "m");

/**
 * The events of an iCalendar file, read. A file with more than `limit` events (repeated
 * occurrences not counted) is counted only (`tooMany`), none of its events read.
 */
export function parseIcs(text: string, limit = Number.POSITIVE_INFINITY): { items: ParsedItem[]; tooMany: boolean } | { error: string } {
  const unfolded = text.replace(/\r?\n[ \t]/g, "");
  if (LONG_HEAD.test(unfolded)) {
    return { error: `not an iCalendar file this calendar reads: a property's name and parameters run past ${MAX_PROPERTY_HEAD} characters` };
  }
  let root: ICAL.Component;
  try {
    root = new ICAL.Component(ICAL.parse(text));
  } catch (error) {
    return { error: `not an iCalendar file: ${String((error as Error).message).split("\n")[0]}` };
  }
  if (root.name !== "vcalendar") return { error: "not an iCalendar file: no VCALENDAR" };
  const vevents = root.getAllSubcomponents("vevent");
  if (vevents.filter((v) => !v.hasProperty("recurrence-id")).length > limit) return { items: [], tooMany: true };
  const items: ParsedItem[] = [];
  // The rules as the file wrote them, by event, when the file's events can be told apart that way.
  const written = rulesAsWritten(unfolded);
  const rules = written.length === vevents.length ? written : [];
  for (const [i, v] of vevents.entries()) {
    // ical.js decodes a property's value only when it is read, so a malformed one (a DTSTART of
    // "2030050") throws here, not in ICAL.parse: that event is refused, the others are still read.
    try {
      readEvent(v, items, rules[i] ?? null);
    } catch (error) {
      const uid = (v.getFirstPropertyValue("uid") as string | null) ?? null;
      items.push({
        kind: "refused",
        uid,
        title: null,
        reasons: [
          {
            code: "unreadable",
            text: `could not be read: ${String((error as Error).message)
              .split("\n")[0]
              .slice(0, 200)}`,
          },
        ],
      });
    }
  }
  return { items, tooMany: false };
}

/**
 * A VEVENT's end as ical.js's `Event.endDate` reads it: DTEND, else DTSTART plus DURATION, else
 * the day after an all-day start or the start itself. Read here because `new ICAL.Event` looks
 * through every VEVENT of the file for its exceptions: a file of 13,000 events took 8 s.
 */
function endOf(v: ICAL.Component, start: ICAL.Time): ICAL.Time {
  const dtend = v.getFirstPropertyValue("dtend") as ICAL.Time | null;
  if (dtend) return dtend;
  const end = start.clone();
  const duration = v.getFirstPropertyValue("duration") as ICAL.Duration | null;
  if (duration) end.addDuration(duration);
  else if (end.isDate) end.day += 1;
  return end;
}

/** A date-time value as ical.js keeps it when it names no zone of its own (no `Z`). */
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
const DATE_VALUE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2}))?/;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const leap = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);

/** The first value of a date or date-time property that names no real moment (as the file wrote it), or null. */
function unrealValue(p: ICAL.Property): string | null {
  for (const raw of (p.toJSON() as unknown[]).slice(3)) {
    if (typeof raw !== "string") continue;
    const m = DATE_VALUE.exec(raw);
    if (!m) continue;
    const year = +m[1];
    const month = +m[2];
    const day = +m[3];
    const monthDays = month >= 1 && month <= 12 ? MONTH_DAYS[month - 1] + (month === 2 && leap(year) ? 1 : 0) : 0;
    if (day < 1 || day > monthDays) return raw;
    if (m[4] !== undefined && (+m[4] > 23 || +m[5] > 59 || +m[6] > 60)) return raw;
  }
  return null;
}

/**
 * The first RRULE value of each VEVENT of the calendar (null for one without), in file order, read
 * from the unfolded text: ical.js reads INTERVAL=0 or a negative one as 1, and COUNT=0 as no
 * count at all, so a rule the file got wrong would repeat every day, for ever.
 */
function rulesAsWritten(unfolded: string): (string | null)[] {
  const rules: (string | null)[] = [];
  let depth = 0;
  for (const line of unfolded.split(/\r?\n/)) {
    const head = line.slice(0, 12).toUpperCase();
    if (head.startsWith("BEGIN:")) {
      depth++;
      if (depth === 2 && head.startsWith("BEGIN:VEVENT")) rules.push(null);
    } else if (head.startsWith("END:")) depth--;
    else if (depth === 2 && rules.length && rules[rules.length - 1] === null && /^RRULE[;:]/i.test(line))
      rules[rules.length - 1] = line.slice(line.indexOf(":") + 1);
  }
  return rules;
}

/** What a rule as written gets wrong in the parts ical.js would quietly change, or null. */
function unrealRulePart(rule: string): string | null {
  const part = (name: string) => new RegExp(`(?:^|;)${name}=([^;]*)`, "i").exec(rule)?.[1]?.trim();
  const interval = part("INTERVAL");
  if (interval !== undefined && !(/^\d+$/.test(interval) && +interval >= 1 && +interval <= MAX_INTERVAL))
    return `INTERVAL must be between 1 and ${MAX_INTERVAL}`;
  const count = part("COUNT");
  if (count !== undefined && !(/^\d+$/.test(count) && +count >= 1 && +count <= MAX_COUNT)) return `COUNT must be between 1 and ${MAX_COUNT}`;
  return null;
}

/** One VEVENT as a candidate or a refusal, added to `items`. */
function readEvent(v: ICAL.Component, items: ParsedItem[], writtenRule: string | null): void {
  // Changed single occurrences of a series (RECURRENCE-ID) are not taken; the series is.
  if (v.hasProperty("recurrence-id")) return;
  const fullUid = (v.getFirstPropertyValue("uid") as string | null) ?? null;
  const uid = fullUid && echo(fullUid);
  const title = (v.getFirstPropertyValue("summary") as string | null)?.trim() || null;
  const reasons: Reason[] = [];
  if (!uid) reasons.push({ code: "missing_uid", text: "UID: missing, so the event could not be matched on a later import" });
  else if (fullUid!.length > MAX_UID_CHARS) {
    const rule = `must be at most ${MAX_UID_CHARS} characters`;
    reasons.push({ code: "too_long", field: "uid", rule, text: `UID: ${rule}` });
  }
  if (!title) reasons.push({ code: "missing_summary", text: "SUMMARY: missing" });
  const start = v.getFirstPropertyValue("dtstart") as ICAL.Time | null;
  if (!start) reasons.push({ code: "missing_start", text: "DTSTART: missing" });
  if (reasons.length || !start || !uid) {
    items.push({ kind: "refused", uid, title: title && echo(title), reasons });
    return;
  }
  const refuse = (reason: Reason) => items.push({ kind: "refused", uid, title: title && echo(title), reasons: [reason] });
  const unknownZone = (property: string, tzid: unknown) =>
    refuse({ code: "time_zone", zone: echo(String(tzid)), text: `${property}: time zone ${echo(String(tzid))} is not an IANA zone such as Europe/Riga` });
  // ical.js turns 30 February into 2 March and 10:99 into 11:39: such a value is refused, not moved.
  for (const name of ["dtstart", "dtend", "exdate"]) {
    for (const p of v.getAllProperties(name)) {
      const bad = unrealValue(p);
      if (bad) return void refuse({ code: "unreadable", text: `could not be read: ${name.toUpperCase()} ${echo(bad)} is not a real date or time` });
    }
  }
  const allDay = start.isDate;
  const zone = zoneOf(v, start);
  if (!zone) return void unknownZone("DTSTART", v.getFirstProperty("dtstart")?.getParameter("tzid"));
  // Ends are kept in the start's zone; all-day events keep their last day (iCalendar's end is
  // the day after). A DTEND is read by the zones the calendar knows (`wallClockIn`); a DURATION's
  // days are calendar days, its hours exact time (RFC 5545 3.3.6). A timed event without a length
  // gets one hour; an end before the start is refused.
  const startsAt = localOf(start, allDay);
  const dtend = v.getFirstProperty("dtend");
  const duration = dtend ? null : (v.getFirstPropertyValue("duration") as ICAL.Duration | null);
  if (duration?.isNegative) return void refuse({ code: "unreadable", text: "could not be read: DURATION must not be negative" });
  let endsAt: string;
  if (allDay) {
    const end = endOf(v, start);
    const order = end.compare(start);
    if (order < 0) return void refuse({ code: "unreadable", text: "could not be read: DTEND must not be before DTSTART" });
    const last = (order > 0 ? end : start).clone();
    if (order > 0) last.adjust(-1, 0, 0, 0);
    endsAt = localOf(last, true);
  } else {
    const startUtc = zonedToUtc(startsAt, zone);
    let end: string | null = null;
    if (dtend) {
      end = wallClockIn(dtend, dtend.getFirstValue() as ICAL.Time, zone);
      if (end === null) return void unknownZone("DTEND", dtend.getParameter("tzid"));
    } else if (duration) {
      const day = start.clone();
      day.adjust(duration.weeks * 7 + duration.days, 0, 0, 0);
      const exact = ((duration.hours * 60 + duration.minutes) * 60 + duration.seconds) * 1000;
      end = wallClock(zonedToUtc(localOf(day, false), zone) + exact, zone).slice(0, 16);
    }
    const endUtc = end === null ? startUtc : zonedToUtc(end, zone);
    if (endUtc < startUtc) return void refuse({ code: "unreadable", text: "could not be read: DTEND must not be before DTSTART" });
    endsAt = endUtc > startUtc ? end! : wallClock(startUtc + 3_600_000, zone).slice(0, 16);
  }
  const rrule = v.getFirstPropertyValue("rrule") as ICAL.Recur | null;
  const unrealPart = rrule && writtenRule !== null ? unrealRulePart(writtenRule) : null;
  if (unrealPart) return void refuse({ code: "recurrence", field: "rrule", text: `rrule: ${unrealPart}` });
  // Exceptions are kept as wall clock in the start's zone: one in another zone (or UTC) is
  // converted, a date alone on a timed series is that day at the series' time of day.
  const exdates: string[] = [];
  for (const p of v.getAllProperties("exdate")) {
    // A value in the series' own zone (or floating) is its wall clock as written: kept as it is,
    // unconverted, so it names the occurrence the rule places there (a time the clocks skip too).
    const own = p.getParameter("tzid") as string | undefined;
    const raws = (p.toJSON() as unknown[]).slice(3);
    if (!allDay && (own === undefined || own === zone) && raws.every((r) => typeof r === "string" && LOCAL_DATE_TIME.test(r))) {
      for (const r of raws as string[]) exdates.push(r.slice(0, 16));
      continue;
    }
    for (const d of p.getValues() as ICAL.Time[]) {
      if (allDay || d.isDate) {
        exdates.push(allDay ? localOf(d, true) : `${localOf(d, true)}T${startsAt.slice(11, 16)}`);
        continue;
      }
      const local = wallClockIn(p, d, zone);
      if (local === null) return void unknownZone("EXDATE", p.getParameter("tzid"));
      exdates.push(local);
    }
  }
  const url = v.getFirstPropertyValue("url") as string | null;
  const status = String(v.getFirstPropertyValue("status") ?? "CONFIRMED").toUpperCase();
  const description = v.getFirstPropertyValue("description") as string | null;
  const location = v.getFirstPropertyValue("location") as string | null;
  // The schedule (summary, times, repetition, status) is always the file's; descriptive texts only
  // where the file has them, so a re-import keeps a description or link added in the calendar.
  const fields: Record<string, unknown> = {
    title,
    status: STATUS[status] ?? "confirmed",
    allDay,
    startsAt,
    endsAt,
    timeZone: zone,
    rrule: rrule ? storedRule(rrule, allDay, zone) : null,
    exdates,
    ...(description !== null ? { description } : {}),
    ...(location !== null ? { venue: location.replace(/\s+/g, " ").trim().slice(0, 200) || null } : {}),
    ...(url && /^https:\/\//i.test(url) ? { registrationUrl: url } : {}),
  };
  items.push({ kind: "candidate", candidate: { uid, fields } });
}
