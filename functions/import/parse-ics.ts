/**
 * Reading events out of an iCalendar file (ical.js), into the shape the event rules check. Each
 * VEVENT becomes a candidate or a refusal with its reasons; nothing here touches the database.
 */
import ICAL from "ical.js";
import { isTimeZone, wallClock, zonedToUtc } from "../lib/time.ts";
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

export function parseIcs(text: string): { items: ParsedItem[] } | { error: string } {
  let root: ICAL.Component;
  try {
    root = new ICAL.Component(ICAL.parse(text));
  } catch (error) {
    return { error: `not an iCalendar file: ${String((error as Error).message).split("\n")[0]}` };
  }
  if (root.name !== "vcalendar") return { error: "not an iCalendar file: no VCALENDAR" };
  const items: ParsedItem[] = [];
  for (const v of root.getAllSubcomponents("vevent")) {
    // ical.js decodes a property's value only when it is read, so a malformed one (a DTSTART of
    // "2030050") throws here, not in ICAL.parse: that event is refused, the others are still read.
    try {
      readEvent(v, items);
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
  return { items };
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

/** One VEVENT as a candidate or a refusal, added to `items`. */
function readEvent(v: ICAL.Component, items: ParsedItem[]): void {
  // Changed single occurrences of a series (RECURRENCE-ID) are not taken; the series is.
  if (v.hasProperty("recurrence-id")) return;
  const uid = (v.getFirstPropertyValue("uid") as string | null) ?? null;
  const title = (v.getFirstPropertyValue("summary") as string | null)?.trim() || null;
  const reasons: Reason[] = [];
  if (!uid) reasons.push({ code: "missing_uid", text: "UID: missing, so the event could not be matched on a later import" });
  if (!title) reasons.push({ code: "missing_summary", text: "SUMMARY: missing" });
  const start = v.getFirstPropertyValue("dtstart") as ICAL.Time | null;
  if (!start) reasons.push({ code: "missing_start", text: "DTSTART: missing" });
  if (reasons.length || !start || !uid) {
    items.push({ kind: "refused", uid, title, reasons });
    return;
  }
  const allDay = start.isDate;
  const zone = zoneOf(v, start);
  const unknownZone = (property: "DTSTART" | "DTEND", tzid: unknown) =>
    items.push({
      kind: "refused",
      uid,
      title,
      reasons: [{ code: "time_zone", zone: String(tzid), text: `${property}: time zone ${tzid} is not an IANA zone such as Europe/Riga` }],
    });
  if (!zone) {
    unknownZone("DTSTART", v.getFirstProperty("dtstart")?.getParameter("tzid"));
    return;
  }
  // Ends are kept in the start's zone; all-day events keep their last day (iCalendar's end is
  // the day after); a timed event without a length gets one hour. A DTEND is read by the zones
  // the calendar knows (`wallClockIn`); a DURATION is added to the start's wall clock.
  const startsAt = localOf(start, allDay);
  let endsAt: string;
  if (allDay) {
    const endDate = endOf(v, start);
    const end = endDate.compare(start) > 0 ? endDate : null;
    const last = (end ?? start).clone();
    if (end) last.adjust(-1, 0, 0, 0);
    endsAt = localOf(last, true);
  } else {
    const dtend = v.getFirstProperty("dtend");
    const end = dtend ? wallClockIn(dtend, dtend.getFirstValue() as ICAL.Time, zone) : localOf(endOf(v, start), false);
    if (dtend && end === null) {
      unknownZone("DTEND", dtend.getParameter("tzid"));
      return;
    }
    if (end && zonedToUtc(end, zone) > zonedToUtc(startsAt, zone)) endsAt = end;
    else {
      const later = start.clone();
      later.adjust(0, 1, 0, 0);
      endsAt = localOf(later, false);
    }
  }
  const rrule = v.getFirstPropertyValue("rrule") as ICAL.Recur | null;
  // An exception in another zone than the start's (or in UTC) is kept as its wall clock in the start's.
  const exdates = v
    .getAllProperties("exdate")
    .flatMap((p) => p.getValues().map((d: ICAL.Time) => (allDay || d.isDate ? localOf(d, allDay) : (wallClockIn(p, d, zone) ?? localOf(d, false)))));
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
