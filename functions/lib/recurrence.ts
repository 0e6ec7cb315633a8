/**
 * Recurring events (RRULE, RFC 5545) expanded in the event's own wall-clock time: the rule runs
 * on "floating" dates (local date-time written as if it were UTC), and each occurrence is then
 * placed in the event's zone, so a 10:00 meeting stays at 10:00 across daylight-saving changes.
 */
import * as rruleModule from "rrule";
import { zonedToUtc } from "./time.ts";

// rrule ships CommonJS for Node and ESM for bundlers; take its exports from whichever we got.
const { RRule } = ((rruleModule as unknown as { default?: typeof rruleModule }).default ?? rruleModule) as typeof rruleModule;

/** The most occurrences one event expands to in one answer, and that a series is measured over. */
export const MAX_OCCURRENCES = 1000;
/** `end_utc` of a series without an end: the last instant a Date can hold. */
export const OPEN_ENDED = 8_640_000_000_000_000;
const ALLOWED_FREQ = new Set([RRule.DAILY, RRule.WEEKLY, RRule.MONTHLY, RRule.YEARLY]);

export interface Recurring {
  allDay: boolean;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  rrule: string;
  exdates: string[];
}

export interface Occurrence {
  startsAt: string;
  endsAt: string;
  startUtc: number;
  endUtc: number;
}

const floating = (local: string) => Date.parse(local.length === 10 ? `${local}T00:00:00Z` : `${local}:00Z`);
const toLocal = (ms: number, allDay: boolean) => new Date(ms).toISOString().slice(0, allDay ? 10 : 16);
const DAY = 86_400_000;

/** Why a rule is not acceptable, or null when it is. */
export function ruleProblem(rrule: string): string | null {
  if (/DTSTART|\n|\r/i.test(rrule)) return "must be a single RRULE value without DTSTART";
  try {
    const options = RRule.parseString(rrule);
    if (options.freq === undefined || !ALLOWED_FREQ.has(options.freq)) return "must repeat DAILY, WEEKLY, MONTHLY or YEARLY";
    if (options.interval !== undefined && (options.interval < 1 || options.interval > 366)) return "INTERVAL must be between 1 and 366";
    return null;
  } catch {
    return "is not a valid RRULE such as FREQ=WEEKLY;BYDAY=TU;COUNT=10";
  }
}

function ruleFor(e: Recurring) {
  return new RRule({ ...RRule.parseString(e.rrule), dtstart: new Date(floating(e.startsAt)) });
}

function place(e: Recurring, floatingStart: number, lengthMs: number): Occurrence {
  const startsAt = toLocal(floatingStart, e.allDay);
  if (e.allDay) {
    const endsAt = toLocal(floatingStart + lengthMs, true);
    return { startsAt, endsAt, startUtc: floatingStart, endUtc: floatingStart + lengthMs + DAY };
  }
  const endsAt = toLocal(floatingStart + lengthMs, false);
  return { startsAt, endsAt, startUtc: zonedToUtc(startsAt, e.timeZone), endUtc: zonedToUtc(endsAt, e.timeZone) };
}

/** The occurrences overlapping [fromUtc, toUtc), exceptions left out. */
export function occurrencesBetween(e: Recurring, fromUtc: number, toUtc: number): Occurrence[] {
  const lengthMs = floating(e.endsAt) - floating(e.startsAt);
  const excluded = new Set(e.exdates);
  // Floating time differs from UTC by at most 14 hours either way.
  const margin = 15 * 3_600_000;
  const candidates = ruleFor(e).between(new Date(fromUtc - lengthMs - margin - DAY), new Date(toUtc + margin), true, (_, i) => i < MAX_OCCURRENCES);
  return candidates
    .map((d) => place(e, d.getTime(), lengthMs))
    .filter((o) => !excluded.has(o.startsAt) && o.startUtc < toUtc && o.endUtc > fromUtc);
}

/** The end of the last occurrence, for the date-range index; open-ended series never end. */
export function seriesEndUtc(e: Recurring): number {
  const rule = ruleFor(e);
  if (!rule.options.count && !rule.options.until) return OPEN_ENDED;
  const all = rule.all((_, i) => i < MAX_OCCURRENCES);
  const last = all[all.length - 1];
  return last ? place(e, last.getTime(), floating(e.endsAt) - floating(e.startsAt)).endUtc : zonedToUtc(e.endsAt, e.timeZone);
}
