/**
 * The repetitions the event form's controls can show: every N days, weeks (on chosen weekdays),
 * months or years, open-ended or ending on a date or after a number of times. A rule outside
 * that (BYMONTHDAY, BYSETPOS, an UNTIL with a time of day…) is not "simple": the form shows it as
 * text and leaves it as it is. The API checks every rule again (functions/lib/recurrence.ts).
 */
import { MAX_COUNT, MAX_INTERVAL } from "../../../functions/lib/recurrence-limits.ts";

export const FREQUENCIES = ["DAILY", "WEEKLY", "MONTHLY", "YEARLY"] as const;
export type Frequency = (typeof FREQUENCIES)[number];
/** RFC 5545 weekday codes, Monday first (the calendar's week start, WKST=MO). */
export const WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const RULE_ENDS = ["never", "until", "count"] as const;

/** The controls' values, as typed: numbers stay text so a half-typed one is not lost. */
export interface SimpleRule {
  freq: Frequency;
  interval: string;
  /** Only for WEEKLY; empty means the start's weekday. */
  byDay: Weekday[];
  end: (typeof RULE_ENDS)[number];
  /** The last day (YYYY-MM-DD) when `end` is "until". */
  until: string;
  /** How many times when `end` is "count". */
  count: string;
}

const UNTIL = /^(\d{4})(\d{2})(\d{2})(T235959Z?)?$/;
const wholeNumber = (v: string, max: number) => /^[1-9]\d{0,3}$/.test(v) && Number(v) <= max;

/**
 * The rule as the form's controls show it, or null when they cannot show it exactly. A timed
 * event's UNTIL must be the end of a day: a bare date there means its midnight, before that
 * day's occurrence, which "ends on" a day would not say.
 */
export function parseSimpleRule(rrule: string, allDay: boolean): SimpleRule | null {
  const parts = new Map<string, string>();
  for (const part of rrule
    .trim()
    .replace(/^RRULE:/i, "")
    .split(";")) {
    const [key, value, extra] = part.split("=");
    if (value === undefined || extra !== undefined || parts.has(key.toUpperCase())) return null;
    parts.set(key.toUpperCase(), value.toUpperCase());
  }
  const freq = parts.get("FREQ") as Frequency | undefined;
  if (!freq || !FREQUENCIES.includes(freq)) return null;
  const rule = newRule(freq);
  for (const [key, value] of parts) {
    if (key === "FREQ") continue;
    if (key === "INTERVAL") {
      if (!wholeNumber(value, MAX_INTERVAL)) return null;
      rule.interval = value;
    } else if (key === "BYDAY" && freq === "WEEKLY") {
      const days = value.split(",");
      if (!days.every((d) => (WEEKDAYS as readonly string[]).includes(d))) return null;
      rule.byDay = WEEKDAYS.filter((d) => days.includes(d));
    } else if (key === "WKST" && value === "MO") {
    } else if (key === "COUNT" && rule.end === "never") {
      if (!wholeNumber(value, MAX_COUNT)) return null;
      Object.assign(rule, { end: "count", count: value });
    } else if (key === "UNTIL" && rule.end === "never") {
      const m = UNTIL.exec(value);
      if (!m || (!allDay && !m[4])) return null;
      Object.assign(rule, { end: "until", until: `${m[1]}-${m[2]}-${m[3]}` });
    } else {
      return null;
    }
  }
  return rule;
}

/**
 * The RRULE value for the controls' choice. UNTIL is the last day itself: a date for all-day
 * events (RFC 5545 wants UNTIL of the same kind as the start), the end of that day otherwise;
 * rules run on the event's wall-clock time, so the last day's occurrence is included. Numbers and
 * dates go in as typed: one left empty or out of range makes a rule the API refuses, naming it.
 */
export function buildRule(rule: SimpleRule, allDay: boolean): string {
  const parts = [`FREQ=${rule.freq}`];
  const interval = rule.interval.trim();
  if (interval !== "1") parts.push(`INTERVAL=${interval}`);
  if (rule.freq === "WEEKLY" && rule.byDay.length) parts.push(`BYDAY=${WEEKDAYS.filter((d) => rule.byDay.includes(d)).join(",")}`);
  if (rule.end === "count") parts.push(`COUNT=${rule.count.trim()}`);
  if (rule.end === "until") parts.push(`UNTIL=${rule.until.replaceAll("-", "")}${allDay ? "" : "T235959Z"}`);
  return parts.join(";");
}

/** The controls' starting values for a rule not yet chosen. */
export function newRule(freq: Frequency): SimpleRule {
  return { freq, interval: "1", byDay: [], end: "never", until: "", count: "" };
}

/**
 * Cancelled occurrences are named by their local start, so they follow the series' start: the
 * date alone for an all-day event, the start's new time of day when it changes. Without this a
 * moved meeting would bring its cancelled dates back.
 */
export function alignExdates(exdates: string[], allDay: boolean, startsAt: string): string[] {
  const time = /T(\d{2}:\d{2})$/.exec(startsAt)?.[1];
  if (!allDay && !time) return exdates;
  return [...new Set(exdates.map((d) => (allDay ? d.slice(0, 10) : `${d.slice(0, 10)}T${time}`)))];
}
