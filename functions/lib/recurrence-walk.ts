/**
 * The one place the rrule iterator runs, with its work bounded. rrule walks a rule period by
 * period (day, week, month or year) and only hands a date to the caller when one matches, so a
 * rule that never matches (`BYMONTH=2;BYMONTHDAY=30`) walks silently to the year 9999: callbacks,
 * `until` and `between` cannot stop it. What can: rrule 2.8.1 reads `options.byyearday` exactly
 * once for each day it examines (`isFiltered` in `iter/index.js`, nowhere else), so a getter
 * there counts the work and throws to stop it. The day examined at step n lies at least n − 1
 * days after the walk's start, whatever the frequency and interval, which lets a walk also stop
 * as soon as it is provably past the dates asked for, even when nothing matched.
 * tests/events/recurrence.budget.test.ts pins that coupling: an upgrade of rrule that breaks it
 * fails there, not in production. rrule is pinned to an exact version for this reason.
 */
import * as rruleModule from "rrule";

// rrule ships CommonJS for Node and ESM for bundlers; take its exports from whichever we got.
// (Read through Reflect so the bundler does not warn that the ESM build has no default export.)
export const { RRule } = ((Reflect.get(rruleModule, "default") as typeof rruleModule | undefined) ?? rruleModule) as typeof rruleModule;
/** A rule with the parts DTSTART implies filled in, as rrule keeps it. */
export type ParsedOptions = InstanceType<typeof RRule>["options"];

const DAY = 86_400_000;
/** Days examined for one series in one call, whatever is left of the request's budget. */
export const SERIES_STEPS = 10_000;
/** Days examined for all series of one request (a month view, a digest, the radar, an import). */
export const REQUEST_STEPS = 100_000;
/** Occurrences produced for all series of one request. */
export const REQUEST_OCCURRENCES = 20_000;
/** The most occurrences one series yields in one call. */
export const SERIES_OCCURRENCES = 1000;

/**
 * What a request may still spend on expanding recurrences. One is made per request (or per
 * digest, per radar run) and handed to every expansion, so the total stays bounded however many
 * series the request meets; `truncated` tells the caller that some expansion stopped early.
 */
export class RecurrenceBudget {
  truncated = false;
  steps: number;
  occurrences: number;
  constructor(steps = REQUEST_STEPS, occurrences = REQUEST_OCCURRENCES) {
    this.steps = steps;
    this.occurrences = occurrences;
  }
}

/** The dates a walk produced, and whether they are all the dates asked for. */
export interface Walk {
  dates: Date[];
  complete: boolean;
  /** Days examined, for tests and logs. */
  steps: number;
}

const STOP = Symbol("recurrence walk stopped");

/** A rule on floating dates (local wall-clock time written as UTC). */
export function parseRule(rrule: string, dtstart: Date): ParsedOptions {
  return new RRule({ ...RRule.parseString(rrule), dtstart }, true).options;
}

/**
 * The latest start of a period of the rule at or before `target`, aligned on the rule's
 * INTERVAL, or the rule's own start when no such period lies after it. A rule without COUNT
 * started there yields exactly the occurrences the original yields from there on: rrule has
 * already filled in the parts DTSTART implied (the weekday, day of month, time of day), and every
 * later period is found by stepping whole intervals from the first.
 */
export function periodStartNear(options: ParsedOptions, target: number): Date {
  const origin = options.dtstart;
  if (options.count || target <= origin.getTime()) return origin;
  const n = options.interval;
  const midnight = Date.UTC(origin.getUTCFullYear(), origin.getUTCMonth(), origin.getUTCDate());
  let start: number;
  if (options.freq === RRule.DAILY) {
    start = midnight + Math.floor((target - midnight) / (n * DAY)) * n * DAY;
  } else if (options.freq === RRule.WEEKLY) {
    // rrule's weeks run from WKST; its weekdays count from Monday = 0.
    const weekday = (origin.getUTCDay() + 6) % 7;
    const weekStart = midnight - ((weekday - options.wkst + 7) % 7) * DAY;
    start = weekStart + Math.floor((target - weekStart) / (7 * n * DAY)) * 7 * n * DAY;
  } else if (options.freq === RRule.MONTHLY) {
    const t = new Date(target);
    const months = t.getUTCFullYear() * 12 + t.getUTCMonth() - (origin.getUTCFullYear() * 12 + origin.getUTCMonth());
    start = Date.UTC(origin.getUTCFullYear(), origin.getUTCMonth() + Math.floor(months / n) * n, 1);
  } else if (options.freq === RRule.YEARLY) {
    const years = new Date(target).getUTCFullYear() - origin.getUTCFullYear();
    start = Date.UTC(origin.getUTCFullYear() + Math.floor(years / n) * n, 0, 1);
  } else {
    // Sub-daily rules are refused; one stored anyway walks from its start within the budget.
    return origin;
  }
  return start > origin.getTime() ? new Date(start) : origin;
}

/**
 * The rule's dates in [after, before] (either end open when null), at most `maxOccurrences`,
 * spending at most SERIES_STEPS and what is left of the budget. The walk starts near `after`
 * for rules without COUNT, and stops once it is past `before` (or UNTIL) by more than a whole
 * period, so every period that could hold a date in range has been emitted.
 */
export function walk(options: ParsedOptions, after: Date | null, before: Date | null, budget: RecurrenceBudget, maxOccurrences = SERIES_OCCURRENCES): Walk {
  // Sub-daily rules are refused, and never walked: rrule steps their hours, minutes and seconds
  // in loops of its own that examine no day (HOURLY;INTERVAL=24;BYHOUR=5 never returns).
  if (options.freq > RRule.DAILY) {
    budget.truncated = true;
    return { dates: [], complete: false, steps: 0 };
  }
  const dtstart = after ? periodStartNear(options, after.getTime()) : options.dtstart;
  const rule = new RRule({}, true);
  const last = Math.min(before?.getTime() ?? Infinity, options.until?.getTime() ?? Infinity);
  // The first period may begin up to a year before DTSTART (a YEARLY rule examines its whole
  // first year), and a period is at most 366 days long: past this many steps the walk is in a
  // period that begins after `last`, and every period before it has handed over its dates.
  const enough = Number.isFinite(last) ? Math.max(0, Math.ceil((last - dtstart.getTime()) / DAY)) + 2 * 367 : Infinity;
  const allowed = Math.max(0, Math.min(SERIES_STEPS, budget.steps));
  const cap = Math.max(0, Math.min(maxOccurrences, budget.occurrences));
  let steps = 0;
  let stoppedEarly = false;
  const byyearday = options.byyearday;
  const counted = { ...options, dtstart } as ParsedOptions;
  Object.defineProperty(counted, "byyearday", {
    get() {
      steps++;
      if (steps > enough) throw STOP;
      if (steps > allowed) {
        stoppedEarly = true;
        throw STOP;
      }
      return byyearday;
    },
  });
  rule.options = counted;
  const dates: Date[] = [];
  let full = false;
  const take = (d: Date) => {
    if (dates.length >= cap) {
      full = true;
      return false;
    }
    dates.push(d);
    return true;
  };
  try {
    if (after || before) rule.between(after ?? dtstart, before ?? new Date(8_640_000_000_000_000), true, take);
    else rule.all(take);
  } catch (error) {
    if (error !== STOP) throw error;
  }
  budget.steps -= Math.min(steps, allowed);
  budget.occurrences -= dates.length;
  const complete = !stoppedEarly && !full;
  // Stopping at the caller's own `maxOccurrences` is what it asked for; the budget running out is not.
  if (stoppedEarly || (full && cap < maxOccurrences)) budget.truncated = true;
  return { dates, complete, steps: Math.min(steps, allowed) };
}
