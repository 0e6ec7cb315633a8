/**
 * The viewer's dates: today and this month in their zone, the days an event covers, and the views'
 * paths. Plain date arithmetic is the shared functions/lib/dates.ts.
 */
import type { EventSummary } from "../../../functions/events/events.schema.ts";
import { addDays, localDate, weekStart } from "../../../functions/lib/dates.ts";

/** `YYYY-MM` of today in the viewer's zone. */
export function currentMonth(timeZone: string): string {
  return today(timeZone).slice(0, 7);
}

/** First and last date an event covers in the viewer's zone; all-day events keep their own dates. */
export function eventDays(e: EventSummary, timeZone: string): [string, string] {
  if (e.allDay) return [e.startsAt, e.endsAt];
  const lastInstant = Math.max(Date.parse(e.start), Date.parse(e.end) - 1);
  return [localDate(e.start, timeZone), localDate(lastInstant, timeZone)];
}

/** Events by date for the given dates. */
export function eventsByDay(events: EventSummary[], dates: string[], timeZone: string): Map<string, EventSummary[]> {
  const map = new Map<string, EventSummary[]>(dates.map((d) => [d, []]));
  for (const e of events) {
    const [first, last] = eventDays(e, timeZone);
    for (let d = first; d <= last; d = addDays(d, 1)) map.get(d)?.push(e);
  }
  return map;
}

/** Today's date in the viewer's zone. */
export function today(timeZone: string): string {
  return localDate(Date.now(), timeZone);
}

/** The paths of every view for a date, so the view switcher keeps the reader's place. */
export function viewPathsFor(date: string) {
  return { month: `/month/${date.slice(0, 7)}`, week: `/week/${weekStart(date)}`, list: `/list/${date.slice(0, 7)}`, year: `/year/${date.slice(0, 4)}` };
}
