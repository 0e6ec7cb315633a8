/** Calendar arithmetic on plain `YYYY-MM-DD` dates (computed in UTC so no zone shifts a day). */
import type { EventSummary } from "../../../functions/events/events.schema.ts";

const DAY = 86_400_000;
const toDate = (d: string) => Date.parse(`${d}T00:00:00Z`);
const fromMs = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function addDays(date: string, days: number): string {
  return fromMs(toDate(date) + days * DAY);
}

/** `YYYY-MM` of today in the viewer's zone. */
export function currentMonth(timeZone: string): string {
  return localDate(new Date().toISOString(), timeZone).slice(0, 7);
}

/** Parses `YYYY-MM`; null when it is not a month. */
export function parseMonth(value: string | undefined): { year: number; month: number } | null {
  const m = /^(\d{4})-(\d{2})$/.exec(value ?? "");
  if (!m || +m[2] < 1 || +m[2] > 12) return null;
  return { year: +m[1], month: +m[2] };
}

export function shiftMonth(year: number, month: number, delta: number): string {
  const d = new Date(Date.UTC(year, month - 1 + delta, 1));
  return d.toISOString().slice(0, 7);
}

/** The weeks (Monday first, as across the region) that show the month, each seven dates. */
export function monthWeeks(year: number, month: number): string[][] {
  const first = Date.UTC(year, month - 1, 1);
  const weekday = (new Date(first).getUTCDay() + 6) % 7;
  let day = fromMs(first - weekday * DAY);
  const last = fromMs(Date.UTC(year, month, 0));
  const weeks: string[][] = [];
  while (day <= last) {
    const week: string[] = [];
    for (let i = 0; i < 7; i++, day = addDays(day, 1)) week.push(day);
    weeks.push(week);
  }
  return weeks;
}

/** The date of an instant in a zone. */
export function localDate(instant: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(instant));
}

/** First and last date an event covers in the viewer's zone; all-day events keep their own dates. */
export function eventDays(e: EventSummary, timeZone: string): [string, string] {
  if (e.allDay) return [e.startsAt, e.endsAt];
  const lastInstant = new Date(Math.max(Date.parse(e.start), Date.parse(e.end) - 1)).toISOString();
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

/** The Monday of the week that holds `date`. */
export function weekStart(date: string): string {
  const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(date, -weekday);
}

/** Today's date in the viewer's zone. */
export function today(timeZone: string): string {
  return localDate(new Date().toISOString(), timeZone);
}

/** The paths of every view for a date, so the view switcher keeps the reader's place. */
export function viewPathsFor(date: string) {
  return { month: `/month/${date.slice(0, 7)}`, week: `/week/${weekStart(date)}`, list: `/list/${date.slice(0, 7)}`, year: `/year/${date.slice(0, 4)}` };
}

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(toDate(value)) && fromMs(toDate(value)) === value;
}
