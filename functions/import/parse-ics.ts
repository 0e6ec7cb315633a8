/**
 * Reading events out of an iCalendar file (ical.js), into the shape the event rules check. Each
 * VEVENT becomes a candidate or a refusal with its reasons; nothing here touches the database.
 */
import ICAL from "ical.js";
import { isTimeZone, wallClock } from "../lib/time.ts";
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

export function parseIcs(text: string): { items: ParsedItem[] } | { error: string } {
  let root: ICAL.Component;
  try {
    root = new ICAL.Component(ICAL.parse(text));
  } catch (error) {
    return { error: `not an iCalendar file: ${String((error as Error).message).split("\n")[0]}` };
  }
  if (root.name !== "vcalendar") return { error: "not an iCalendar file: no VCALENDAR" };
  for (const tz of root.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(tz);
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

/** One VEVENT as a candidate or a refusal, added to `items`. */
function readEvent(v: ICAL.Component, items: ParsedItem[]): void {
  // Changed single occurrences of a series (RECURRENCE-ID) are not taken; the series is.
  if (v.hasProperty("recurrence-id")) return;
  const uid = (v.getFirstPropertyValue("uid") as string | null) ?? null;
  const title = (v.getFirstPropertyValue("summary") as string | null)?.trim() || null;
  const reasons: Reason[] = [];
  if (!uid) reasons.push({ code: "missing_uid", text: "UID: missing, so the event could not be matched on a later import" });
  if (!title) reasons.push({ code: "missing_summary", text: "SUMMARY: missing" });
  const event = new ICAL.Event(v);
  const start = v.hasProperty("dtstart") ? event.startDate : null;
  if (!start) reasons.push({ code: "missing_start", text: "DTSTART: missing" });
  if (reasons.length || !start || !uid) {
    items.push({ kind: "refused", uid, title, reasons });
    return;
  }
  const allDay = start.isDate;
  const zone = zoneOf(v, start);
  if (!zone) {
    const tzid = v.getFirstProperty("dtstart")?.getParameter("tzid");
    items.push({
      kind: "refused",
      uid,
      title,
      reasons: [{ code: "time_zone", zone: String(tzid), text: `DTSTART: time zone ${tzid} is not an IANA zone such as Europe/Riga` }],
    });
    return;
  }
  // Ends are kept in the start's zone; all-day events keep their last day (iCalendar's end is
  // the day after); a timed event without a length gets one hour.
  const end = event.endDate && event.endDate.compare(start) > 0 ? event.endDate : null;
  let endsAt: string;
  if (allDay) {
    const last = (end ?? start).clone();
    if (end) last.adjust(-1, 0, 0, 0);
    endsAt = localOf(last, true);
  } else if (end) {
    endsAt = localOf(start.zone && end.zone ? end.convertToZone(start.zone) : end, false);
  } else {
    const later = start.clone();
    later.adjust(0, 1, 0, 0);
    endsAt = localOf(later, false);
  }
  const rrule = v.getFirstPropertyValue("rrule") as ICAL.Recur | null;
  const exdates = v.getAllProperties("exdate").flatMap((p) => p.getValues().map((d: ICAL.Time) => localOf(d, allDay)));
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
    startsAt: localOf(start, allDay),
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
