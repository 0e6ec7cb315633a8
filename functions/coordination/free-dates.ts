/**
 * The free-date finder: over a window, the start dates where an event of a given length collides
 * least with what is planned, leaving out weekends and public holidays unless asked. It proposes
 * only good dates: never a window the radar rates high or one in a blackout period, and dates
 * during an observance only when nothing else is left. When fewer good dates exist than asked,
 * the answer says so (`shortBy`, `reason`, `rejected`) rather than filling the list with clashing
 * ones. Events in the window are read once; each day then only looks at the events bucketed near it.
 */
import type { Viewer } from "../auth/viewer.ts";
import type { Database } from "../db/client.ts";
import { addDays, daysBetween, utcMidnight } from "../lib/dates.ts";
import type { ClashSubject } from "./clash.ts";
import { holidaysBetween, weekendsBetween } from "./holidays.ts";
import type { Candidate } from "./clash.ts";
import { concerns, type Observance, observancesBetween, periodClashes, type PeriodClash } from "./observances.ts";
import { everythingBetween, rankClashes, type RadarClash } from "./radar.ts";
import { severityOf, type Severity } from "./weights.ts";

const DAY = 86_400_000;

export interface FreeDateQuery {
  days: number;
  from: string;
  to: string;
  countries: string[];
  audiences: string[];
  topics: string[];
  organisers: string[];
  limit: number;
  weekends: boolean;
  holidays: boolean;
  marginDays: number;
}

export interface FreeDate {
  /** First and last day. */
  start: string;
  end: string;
  score: number;
  severity: Severity | null;
  /** The strongest collisions on those dates, if any. */
  clashes: Pick<RadarClash, "slug" | "kind" | "title" | "busy" | "organiser" | "score" | "severity" | "reasons">[];
  /** Observances on those dates: proposed only because too few dates without one were left. */
  periods: PeriodClash[];
}

export interface FreeDatesResult {
  dates: FreeDate[];
  /** How many dates were asked for (`limit`), and how many good ones were found. */
  asked: number;
  found: number;
  shortBy: number;
  /** Why the list is short, or null when it is not. */
  reason: "few_good_dates" | null;
  /** Start dates left out: rated a high clash, in a blackout period, or on a weekend or holiday excluded. */
  rejected: { high: number; blackout: number; excludedDays: number };
  /** Some proposed dates fall during an observance, because nothing else was left. */
  usesObservances: boolean;
  /** The blackout periods and observances in the window that concern the countries asked for. */
  markedPeriods: Observance[];
  /** Start dates that were scored. */
  considered: number;
}

export async function findFreeDates(db: Database, q: FreeDateQuery, viewer: Viewer | null, today: string): Promise<FreeDatesResult> {
  const windowStart = utcMidnight(q.from) - (q.marginDays + 1) * DAY;
  const windowEnd = utcMidnight(addDays(q.to, q.days)) + (q.marginDays + 1) * DAY;
  const lastDate = addDays(q.to, q.days - 1);
  const [candidates, allPeriods] = await Promise.all([everythingBetween(db, windowStart, windowEnd, viewer, today), observancesBetween(db, q.from, lastDate)]);
  const periods = allPeriods.filter((o) => concerns(o, q.countries));

  // Bucket every candidate under each day it could crowd (its span plus the margin).
  const buckets = new Map<number, Candidate[]>();
  const firstDay = Math.floor(windowStart / DAY);
  const lastDay = Math.floor(windowEnd / DAY);
  for (const c of candidates) {
    const from = Math.max(firstDay, Math.floor(c.startUtc / DAY) - q.marginDays - 1);
    const to = Math.min(lastDay, Math.ceil(c.endUtc / DAY) + q.marginDays + 1);
    for (let d = from; d <= to; d++) (buckets.get(d) ?? buckets.set(d, []).get(d)!).push(c);
  }

  const blocked = new Set<string>([
    ...(q.weekends ? [] : weekendsBetween(q.from, lastDate)),
    ...(q.holidays ? [] : holidaysBetween(q.countries, q.from, lastDate).map((h) => h.date)),
  ]);
  const good: FreeDate[] = [];
  const duringObservances: FreeDate[] = [];
  const rejected = { high: 0, blackout: 0, excludedDays: 0 };
  let considered = 0;
  // Counted loops, not date-string comparisons: `addDays` past year 9999 writes `+010000-…`, which
  // sorts before any four-digit year, so a string bound could never be reached.
  const starts = daysBetween(q.from, q.to) + 1;
  for (let i = 0; i < starts; i++) {
    const start = addDays(q.from, i);
    const end = addDays(start, q.days - 1);
    let free = true;
    for (let d = 0; d < q.days; d++) if (blocked.has(addDays(start, d))) free = false;
    if (!free) {
      rejected.excludedDays++;
      continue;
    }
    const on = periodClashes(periods, start, end, q.countries);
    if (on.some((p) => p.kind === "blackout")) {
      rejected.blackout++;
      continue;
    }
    considered++;
    const proposal: ClashSubject = {
      startUtc: utcMidnight(start),
      endUtc: utcMidnight(addDays(end, 1)),
      countries: q.countries,
      city: null,
      topics: q.topics,
      audiences: q.audiences,
      organisers: q.organisers,
      languages: [],
    };
    const near = new Set<Candidate>();
    for (let d = Math.floor(proposal.startUtc / DAY); d < Math.ceil(proposal.endUtc / DAY); d++) for (const c of buckets.get(d) ?? []) near.add(c);
    const clashes = rankClashes(proposal, [...near], q.marginDays);
    if (clashes.some((c) => c.severity === "high")) {
      rejected.high++;
      continue;
    }
    const score = clashes.reduce((sum, c) => sum + c.score, 0);
    (on.length ? duringObservances : good).push({
      start,
      end,
      score,
      severity: clashes.length ? severityOf(Math.max(...clashes.map((c) => c.score))) : null,
      clashes: clashes
        .slice(0, 3)
        .map(({ slug, kind, title, busy, organiser, score, severity, reasons }) => ({ slug, kind, title, busy, organiser, score, severity, reasons })),
      periods: on,
    });
  }
  const best = (a: FreeDate, b: FreeDate) => a.score - b.score || a.start.localeCompare(b.start);
  const dates = [...good.sort(best), ...duringObservances.sort(best)].slice(0, q.limit);
  const shortBy = q.limit - dates.length;
  return {
    dates,
    asked: q.limit,
    found: dates.length,
    shortBy,
    reason: shortBy > 0 ? "few_good_dates" : null,
    rejected,
    usesObservances: dates.some((d) => d.periods.length > 0),
    markedPeriods: periods,
    considered,
  };
}
