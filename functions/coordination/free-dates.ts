/**
 * The free-date finder: over a window, the start dates where an event of a given length collides
 * least with what is planned, leaving out weekends and public holidays unless asked. Events in the
 * window are read once; each day then only looks at the events bucketed near it.
 */
import type { Viewer } from "../auth/viewer.ts";
import type { Database } from "../db/client.ts";
import { addDays, daysBetween, utcMidnight } from "../lib/dates.ts";
import type { ClashSubject } from "./clash.ts";
import { holidaysBetween, weekendsBetween } from "./holidays.ts";
import type { Candidate } from "./clash.ts";
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
}

export async function findFreeDates(db: Database, q: FreeDateQuery, viewer: Viewer | null, today: string): Promise<{ dates: FreeDate[]; considered: number }> {
  const windowStart = utcMidnight(q.from) - (q.marginDays + 1) * DAY;
  const windowEnd = utcMidnight(addDays(q.to, q.days)) + (q.marginDays + 1) * DAY;
  const candidates = await everythingBetween(db, windowStart, windowEnd, viewer, today);

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
    ...(q.weekends ? [] : weekendsBetween(q.from, addDays(q.to, q.days - 1))),
    ...(q.holidays ? [] : holidaysBetween(q.countries, q.from, addDays(q.to, q.days - 1)).map((h) => h.date)),
  ]);
  const results: FreeDate[] = [];
  let considered = 0;
  // Counted loops, not date-string comparisons: `addDays` past year 9999 writes `+010000-…`, which
  // sorts before any four-digit year, so a string bound could never be reached.
  const starts = daysBetween(q.from, q.to) + 1;
  for (let i = 0; i < starts; i++) {
    const start = addDays(q.from, i);
    const end = addDays(start, q.days - 1);
    let free = true;
    for (let d = 0; d < q.days; d++) if (blocked.has(addDays(start, d))) free = false;
    if (!free) continue;
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
    const score = clashes.reduce((sum, c) => sum + c.score, 0);
    results.push({
      start,
      end,
      score,
      severity: clashes.length ? severityOf(Math.max(...clashes.map((c) => c.score))) : null,
      clashes: clashes
        .slice(0, 3)
        .map(({ slug, kind, title, busy, organiser, score, severity, reasons }) => ({ slug, kind, title, busy, organiser, score, severity, reasons })),
    });
  }
  results.sort((a, b) => a.score - b.score || a.start.localeCompare(b.start));
  return { dates: results.slice(0, q.limit), considered };
}
