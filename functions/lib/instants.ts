/**
 * The indexed instants of an event (`start_utc`, `end_utc`), built on the zone arithmetic
 * (time.ts) and the recurrence expansion (recurrence.ts), which both sit below it.
 */
import { addDays, utcMidnight } from "./dates.ts";
import { seriesEndUtc } from "./recurrence.ts";
import { zonedToUtc } from "./time.ts";

/**
 * Timed events: exact instants, end exclusive. All-day events keep their dates in every zone, so
 * they are indexed as UTC midnights from the first day to the day after the last. Recurring
 * events end where their series ends.
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
