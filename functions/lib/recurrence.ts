/**
 * Recurring events (RRULE, RFC 5545) expanded in the event's own wall-clock time: the rule runs
 * on "floating" dates (local date-time written as if it were UTC), and each occurrence is then
 * placed in the event's zone, so a 10:00 meeting stays at 10:00 across daylight-saving changes.
 *
 * Every expansion goes through `walk` (recurrence-walk.ts) with a RecurrenceBudget, so no rule,
 * however hostile and whenever it was stored, can make a request walk the calendar to year 9999.
 * The checks here keep new rules small enough that their whole series fits one walk.
 */
import { type ParsedOptions, RecurrenceBudget, RRule, parseRule, SERIES_OCCURRENCES, SERIES_STEPS, walk, type Walk } from "./recurrence-walk.ts";
import { MAX_COUNT, MAX_INTERVAL, MAX_SPAN_YEARS } from "./recurrence-limits.ts";
import { zonedToUtc } from "./time.ts";
import { BoundedCache } from "./bounded-cache.ts";
import type { RuleCode } from "../errors.ts";

export { RecurrenceBudget, REQUEST_STEPS, SERIES_STEPS } from "./recurrence-walk.ts";

/** The most occurrences one event expands to in one answer. */
export const MAX_OCCURRENCES = SERIES_OCCURRENCES;
export { MAX_COUNT } from "./recurrence-limits.ts";
/** `end_utc` of a series without an end: the last instant a Date can hold. */
export const OPEN_ENDED = 8_640_000_000_000_000;
const ALLOWED_FREQ = new Set([RRule.DAILY, RRule.WEEKLY, RRule.MONTHLY, RRule.YEARLY]);
const ALLOWED_PARTS = new Set(["FREQ", "INTERVAL", "COUNT", "UNTIL", "WKST", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYYEARDAY", "BYWEEKNO", "BYSETPOS"]);
const SUB_DAILY_PARTS = new Set(["BYHOUR", "BYMINUTE", "BYSECOND"]);
/** Each numeric part: its largest absolute value, and whether it may be negative. */
const NUMBER_RANGES: Record<string, [number, boolean]> = {
  BYMONTH: [12, false],
  BYMONTHDAY: [31, true],
  BYYEARDAY: [366, true],
  BYWEEKNO: [53, true],
  BYSETPOS: [366, true],
};

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
// Floating time differs from UTC by at most 14 hours either way.
const ZONE_MARGIN = 15 * 3_600_000;

/**
 * The rule code of a problem `ruleProblem` or `seriesProblem` found. Kept beside the texts they
 * return, so that a reworded text and its code change together.
 */
export function recurrenceCode(problem: string): RuleCode {
  if (problem.startsWith("is not a valid RRULE")) return "recurrence_format";
  if (problem.startsWith("COUNT must be between")) return "recurrence_count";
  if (problem.startsWith("INTERVAL must be between")) return "recurrence_interval";
  if (problem === "UNTIL must not be before the start") return "recurrence_until_before_start";
  if (problem.startsWith("UNTIL must be at most") || problem.startsWith("reaches its COUNT")) return "recurrence_span";
  if (problem.startsWith("falls on no date")) return "recurrence_no_date";
  if (problem.startsWith("does not repeat on its own start")) return "recurrence_start";
  if (problem.startsWith("has more than")) return "recurrence_occurrences";
  return "recurrence";
}

/**
 * A rule as it is stored and written into feeds: without an `RRULE:` prefix, upper case (RFC 5545
 * names and values are case-insensitive, but clients are not: ical.js refuses a whole feed over a
 * lower-case `freq=weekly`), its parts trimmed and empty ones dropped. Expects a rule that passed
 * `ruleProblem`.
 */
export function canonicalRule(rrule: string): string {
  return rrule
    .trim()
    .replace(/^RRULE:/i, "")
    .split(";")
    .map((p) => p.trim().toUpperCase())
    .filter(Boolean)
    .join(";");
}

/** Why a rule is not acceptable on its own, or null when it is. */
export function ruleProblem(rrule: string): string | null {
  if (/DTSTART|\n|\r/i.test(rrule)) return "must be a single RRULE value without DTSTART";
  const parts = rrule
    .replace(/^RRULE:/i, "")
    .split(";")
    .map((p) => p.split("=", 1)[0].trim().toUpperCase());
  // The event's own start gives the time of day; hours, minutes or seconds in the rule would
  // repeat it several times a day, which is the sub-daily repetition the calendar does not hold.
  if (parts.some((p) => SUB_DAILY_PARTS.has(p))) return "must not use BYHOUR, BYMINUTE or BYSECOND: the event's start gives the time of day";
  if (parts.some((p) => !ALLOWED_PARTS.has(p)))
    return "may use only FREQ, INTERVAL, COUNT, UNTIL, WKST, BYDAY, BYMONTHDAY, BYMONTH, BYYEARDAY, BYWEEKNO and BYSETPOS";
  let options: ReturnType<typeof RRule.parseString>;
  try {
    options = RRule.parseString(rrule);
    new RRule({ ...options, dtstart: new Date(0) }, true);
  } catch {
    return "is not a valid RRULE such as FREQ=WEEKLY;BYDAY=TU;COUNT=10";
  }
  if (options.freq === undefined || !ALLOWED_FREQ.has(options.freq)) return "must repeat DAILY, WEEKLY, MONTHLY or YEARLY";
  if (options.interval !== undefined && !(Number.isInteger(options.interval) && options.interval >= 1 && options.interval <= MAX_INTERVAL))
    return `INTERVAL must be between 1 and ${MAX_INTERVAL}`;
  if (options.count !== undefined && options.count !== null && !(Number.isInteger(options.count) && options.count >= 1 && options.count <= MAX_COUNT))
    return `COUNT must be between 1 and ${MAX_COUNT}`;
  for (const [part, [max, negative]] of Object.entries(NUMBER_RANGES)) {
    const value = (options as Record<string, unknown>)[part.toLowerCase()];
    if (value === undefined || value === null) continue;
    const ok = [value].flat().every((v) => Number.isInteger(v) && v !== 0 && Math.abs(v as number) <= max && (negative || (v as number) > 0));
    if (!ok) return `${part} must list whole numbers from ${negative ? `-${max} to -1 or ` : ""}1 to ${max}`;
  }
  return null;
}

/** The years after `start` (floating) within which a new series must find and end its dates. */
function spanEnd(start: Date): Date {
  return new Date(Date.UTC(start.getUTCFullYear() + MAX_SPAN_YEARS, start.getUTCMonth(), start.getUTCDate(), start.getUTCHours(), start.getUTCMinutes()));
}

function optionsOf(e: Recurring): ParsedOptions {
  return parseRule(e.rrule, new Date(floating(e.startsAt)));
}

/**
 * Walks of a whole series (from its start), kept between calls: an import checks each series
 * (`seriesProblem`) for its own budget and again in the event rules, then finds its end for the
 * index (`seriesEndUtc`), and a re-import or an edit checks it once more. Only complete walks are
 * kept, as instants (plain numbers); a hit is charged to the budget as the walk was and needs as
 * much of it left, so a request's expansion stays bounded as if it had walked.
 */
const wholeWalks = new BoundedCache<string, { dates: readonly number[]; steps: number }>(32);
const walkKey = (e: Recurring, before: Date | null, max: number) => `${e.startsAt}|${e.rrule}|${before?.getTime() ?? ""}|${max}`;

function keptWalk(key: string, budget: RecurrenceBudget): Walk | null {
  const kept = wholeWalks.get(key);
  if (!kept || kept.steps > Math.min(SERIES_STEPS, budget.steps) || kept.dates.length > budget.occurrences) return null;
  budget.steps -= kept.steps;
  budget.occurrences -= kept.dates.length;
  return { dates: kept.dates.map((t) => new Date(t)), complete: true, steps: kept.steps };
}

function walkWhole(e: Recurring, options: ParsedOptions, before: Date | null, budget: RecurrenceBudget, max: number): Walk {
  const key = walkKey(e, before, max);
  const kept = keptWalk(key, budget);
  if (kept) return kept;
  const found = walk(options, null, before, budget, max);
  if (found.complete) wholeWalks.set(key, { dates: found.dates.map((d) => d.getTime()), steps: found.steps });
  return found;
}

/**
 * Why a rule does not make a series for this start, or null when it does: it must fall on a
 * date within MAX_SPAN_YEARS of the start, and end (by UNTIL or COUNT) within them. Both are
 * found in one bounded walk, so a rule that never matches costs the same as one that does.
 * Expects a rule that passed `ruleProblem` and a valid start. A request that checks many series
 * (an import) passes its own budget, holding at least SERIES_STEPS and MAX_COUNT occurrences.
 */
export function seriesProblem(e: Recurring, budget = new RecurrenceBudget(SERIES_STEPS, MAX_COUNT)): string | null {
  const options = optionsOf(e);
  const limit = spanEnd(options.dtstart);
  if (options.until && options.until < options.dtstart) return "UNTIL must not be before the start";
  if (options.until && options.until > limit) return `UNTIL must be at most ${MAX_SPAN_YEARS} years after the start`;
  const bounded = Boolean(options.count || options.until);
  const found = walkWhole(e, options, limit, budget, bounded ? MAX_COUNT : 1);
  if (found.dates.length === 0) return `falls on no date within ${MAX_SPAN_YEARS} years of the start (check BYMONTH, BYMONTHDAY, BYDAY and the other BY parts)`;
  // RFC 5545 counts DTSTART as the first occurrence whatever the rule says, and calendar clients
  // do; the rule alone would not have it. The two would disagree on the series, so the start must
  // be one of the rule's own dates.
  if (found.dates[0].getTime() !== options.dtstart.getTime())
    return `does not repeat on its own start ${e.startsAt}: move the start to the first date the rule gives (${toLocal(found.dates[0].getTime(), e.allDay)}), or add the start's day to BYDAY and the other BY parts`;
  if (bounded && !found.complete) return `has more than ${MAX_COUNT} occurrences; end it sooner with UNTIL or COUNT, or leave it open-ended`;
  if (options.count && found.dates.length < options.count) return `reaches its COUNT more than ${MAX_SPAN_YEARS} years after the start; use a smaller COUNT`;
  return null;
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

/**
 * The occurrences overlapping [fromUtc, toUtc), exceptions left out, within the request's
 * budget; with `limit`, only the first ones (a digest lists a series by its next occurrence).
 * A rule stored before today's checks that cannot be read yields nothing.
 */
export function occurrencesBetween(e: Recurring, fromUtc: number, toUtc: number, budget: RecurrenceBudget, limit = MAX_OCCURRENCES): readonly Occurrence[] {
  // Readers of one month ask for the same series over the same window again and again; a walk of
  // the rule allocates far more than the answer it gives (rrule builds day sets per period), so
  // the complete expansions are kept, within a bound. Never one the budget cut short.
  const key = `${fromUtc}|${toUtc}|${limit}|${e.allDay ? 1 : 0}|${e.startsAt}|${e.endsAt}|${e.timeZone}|${e.rrule}|${e.exdates.join(",")}`;
  const kept = expanded.get(key);
  if (kept) return kept;
  const wasTruncated = budget.truncated;
  const found = expand(e, fromUtc, toUtc, budget, limit);
  if (!wasTruncated && !budget.truncated && found.length <= KEPT_OCCURRENCES) expanded.set(key, Object.freeze(found.map((o) => Object.freeze(o))));
  return found;
}

/** Expansions kept between requests: at most this many, each of at most KEPT_OCCURRENCES. */
const expanded = new BoundedCache<string, readonly Occurrence[]>(128);
const KEPT_OCCURRENCES = 200;

function expand(e: Recurring, fromUtc: number, toUtc: number, budget: RecurrenceBudget, limit: number): Occurrence[] {
  const lengthMs = floating(e.endsAt) - floating(e.startsAt);
  const excluded = new Set(e.exdates);
  let options: ParsedOptions;
  try {
    options = optionsOf(e);
  } catch {
    budget.truncated = true;
    return [];
  }
  const lead = lengthMs + ZONE_MARGIN + DAY;
  // Dates fall on different days, so besides the exceptions at most one a day of the lead-in
  // (occurrences ending before the range) comes ahead of the first `limit` kept.
  const enough = Math.min(MAX_OCCURRENCES, limit + excluded.size + Math.ceil(lead / DAY) + 1);
  const { dates, complete } = walk(options, new Date(fromUtc - lead), new Date(toUtc + ZONE_MARGIN), budget, enough);
  // A series with more than MAX_OCCURRENCES in range is cut short, and the answer says so.
  if (!complete && enough === MAX_OCCURRENCES) budget.truncated = true;
  return dates
    .map((d) => place(e, d.getTime(), lengthMs))
    .filter((o) => !excluded.has(o.startsAt) && o.startUtc < toUtc && o.endUtc > fromUtc)
    .slice(0, limit);
}

/**
 * The end of the last occurrence, for the date-range index; open-ended series never end. When
 * a series stored before today's checks cannot be walked to its end within the budget, an
 * upper bound: UNTIL plus the event's length, or never.
 */
export function seriesEndUtc(e: Recurring, budget = new RecurrenceBudget(SERIES_STEPS, MAX_COUNT)): number {
  const options = optionsOf(e);
  if (!options.count && !options.until) return OPEN_ENDED;
  const lengthMs = floating(e.endsAt) - floating(e.startsAt);
  // A series `seriesProblem` walked whole within its span (all of its COUNT, or up to an UNTIL
  // inside the span) has its dates kept already.
  const limit = spanEnd(options.dtstart);
  const spanKey = walkKey(e, limit, MAX_COUNT);
  const inSpan = wholeWalks.get(spanKey);
  const covers = inSpan !== undefined && (options.count ? inSpan.dates.length === options.count : options.until! <= limit);
  const found = (covers && keptWalk(spanKey, budget)) || walkWhole(e, options, null, budget, options.count ?? MAX_COUNT);
  const last = found.dates[found.dates.length - 1];
  if (!found.complete)
    return options.until ? Math.max(place(e, options.until.getTime(), lengthMs).endUtc + ZONE_MARGIN, zonedToUtc(e.endsAt, e.timeZone)) : OPEN_ENDED;
  return last ? place(e, last.getTime(), lengthMs).endUtc : zonedToUtc(e.endsAt, e.timeZone);
}
