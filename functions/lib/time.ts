/** Time-zone arithmetic for events: wall-clock times in IANA zones to UTC instants and back. */
import { TZDate } from "@date-fns/tz";
import { seriesEndUtc } from "./recurrence.ts";

const DAY_MS = 86_400_000;

/** True when `zone` is an IANA time-zone name this runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS]` read as wall-clock time in `zone`, as epoch ms. */
export function zonedToUtc(local: string, zone: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(local);
  if (!m) throw new RangeError(`Not a local date-time: ${local}`);
  const [, y, mo, d, h = "0", mi = "0", s = "0"] = m;
  return new TZDate(+y, +mo - 1, +d, +h, +mi, +s, zone).getTime();
}

/** Epoch ms of UTC midnight at the start of a `YYYY-MM-DD` date. */
export function utcMidnight(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

/** Adds whole days to a `YYYY-MM-DD` date. */
export function addDays(date: string, days: number): string {
  return new Date(utcMidnight(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `a` to `b` (`YYYY-MM-DD`). */
export function daysBetween(a: string, b: string): number {
  return Math.round((utcMidnight(b) - utcMidnight(a)) / DAY_MS);
}

/**
 * The indexed instants of an event. Timed events: exact instants, end exclusive. All-day events
 * keep their dates in every zone, so they are indexed as UTC midnights from the first day to the
 * day after the last. Recurring events end where their series ends.
 */
export function eventInstants(e: { allDay: boolean; startsAt: string; endsAt: string; timeZone: string; rrule?: string | null; exdates?: string[] }): {
  startUtc: number;
  endUtc: number;
} {
  const startUtc = e.allDay ? utcMidnight(e.startsAt) : zonedToUtc(e.startsAt, e.timeZone);
  // A recurring event is indexed over its whole series, so range queries find later occurrences.
  if (e.rrule) return { startUtc, endUtc: seriesEndUtc({ ...e, rrule: e.rrule, exdates: e.exdates ?? [] }) };
  return { startUtc, endUtc: e.allDay ? utcMidnight(addDays(e.endsAt, 1)) : zonedToUtc(e.endsAt, e.timeZone) };
}

/** Monday (YYYY-MM-DD) of the week holding `ms` in `zone`. */
export function mondayOf(ms: number, zone: string): string {
  const d = new TZDate(ms, zone);
  const back = (d.getDay() + 6) % 7;
  const monday = new TZDate(d.getFullYear(), d.getMonth(), d.getDate() - back, zone);
  return `${monday.getFullYear()}-${String(monday.getMonth() + 1).padStart(2, "0")}-${String(monday.getDate()).padStart(2, "0")}`;
}
