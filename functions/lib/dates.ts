/**
 * Calendar arithmetic on plain `YYYY-MM-DD` dates, the one set the Worker, the web app, the seed and
 * the scripts share. Dates are computed as UTC midnights so no zone shifts a day; weeks start on
 * Monday, as across the region. Pure and dependency-free: the web bundle imports it too.
 */
import { BoundedCache } from "./bounded-cache.ts";

/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const ms = utcMidnight(value);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === value;
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

/** The Monday of the week that holds `date`. */
export function weekStart(date: string): string {
  const weekday = (new Date(utcMidnight(date)).getUTCDay() + 6) % 7;
  return addDays(date, -weekday);
}

/**
 * One formatter per zone: building one costs far more than using it, and views call this per
 * event. Bounded: zones come from input (validated IANA names, but many of them).
 */
const dayFormats = new BoundedCache<string, Intl.DateTimeFormat>(64);

/** The date (`YYYY-MM-DD`) of an instant in an IANA zone. */
export function localDate(instant: string | number | Date, timeZone: string): string {
  const format = dayFormats.getOrSet(timeZone, () => new Intl.DateTimeFormat("en", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }));
  const parts = format.formatToParts(new Date(instant));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year").padStart(4, "0")}-${part("month")}-${part("day")}`;
}

/** The Monday (`YYYY-MM-DD`) of the week that holds the instant `ms` in `zone`. */
export function mondayOf(ms: number, zone: string): string {
  return weekStart(localDate(ms, zone));
}

/** Parses `YYYY-MM`; null when it is not a month. */
/**
 * The earliest and latest date the calendar accepts anywhere: far enough for history and plans,
 * near enough that every loop over days stays short (and every year has four digits).
 */
export const EARLIEST_DATE = "1900-01-01";
export const LATEST_DATE = "2200-12-31";

/** Whether a year (`YYYY`), month (`YYYY-MM`) or date (`YYYY-MM-DD`) lies within the calendar's dates. */
export function inCalendarRange(value: string): boolean {
  return value >= EARLIEST_DATE.slice(0, value.length) && value <= LATEST_DATE.slice(0, value.length);
}

export function parseMonth(value: string | undefined): { year: number; month: number } | null {
  const m = /^(\d{4})-(\d{2})$/.exec(value ?? "");
  if (!m || +m[2] < 1 || +m[2] > 12 || !inCalendarRange(m[0])) return null;
  return { year: +m[1], month: +m[2] };
}

/** The month (`YYYY-MM`) `delta` months from `year`-`month`. */
export function shiftMonth(year: number, month: number, delta: number): string {
  return new Date(Date.UTC(year, month - 1 + delta, 1)).toISOString().slice(0, 7);
}

/** The weeks (Monday first) that show the month, each seven dates. */
export function monthWeeks(year: number, month: number): string[][] {
  const last = new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
  const weeks: string[][] = [];
  // A month spans at most six weeks: the bound also ends the loop should a date ever leave four-digit years.
  for (let day = weekStart(`${year}-${String(month).padStart(2, "0")}-01`); day <= last && weeks.length < 6; ) {
    const week: string[] = [];
    for (let i = 0; i < 7; i++, day = addDays(day, 1)) week.push(day);
    weeks.push(week);
  }
  return weeks;
}
