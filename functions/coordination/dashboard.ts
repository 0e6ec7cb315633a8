/** The coordinators' dashboard: clashes among upcoming events not yet acknowledged, pending submissions, holds about to expire. */
import { and, asc, eq, gte, lte, or, isNotNull } from "drizzle-orm";
import { clashAcknowledgements, events, holds, organisations } from "../../db/schema.ts";
import type { Viewer } from "../auth/viewer.ts";
import type { Database } from "../db/client.ts";
import { addDays } from "../lib/dates.ts";
import { scoreClash, type Reason } from "./clash.ts";
import type { Candidate } from "./clash.ts";
import { candidatesBetween, namePeople } from "./radar.ts";
import { DEFAULT_MARGIN_DAYS, type Severity } from "./weights.ts";

const DAY = 86_400_000;
export const DASHBOARD_DAYS = 183;

export interface PairClash {
  a: { id: string; slug: string; title: string; startsAt: string };
  b: { id: string; slug: string; title: string; startsAt: string };
  score: number;
  severity: Severity;
  reasons: Reason[];
  /**
   * How many occurrence pairs of the two clash (more than one when either repeats): a series
   * counts as one clash with the other event, shown by its strongest, earliest occurrence.
   */
  occurrences: number;
}

/** Each unordered pair of upcoming events (or series) that clash (medium or high), strongest first. */
export async function upcomingClashes(db: Database, now: Date, viewer: Viewer): Promise<PairClash[]> {
  const from = now.getTime();
  const items = await candidatesBetween(db, from, from + DASHBOARD_DAYS * DAY, viewer);
  const acks = await db.select({ a: clashAcknowledgements.eventA, b: clashAcknowledgements.eventB }).from(clashAcknowledgements);
  const acknowledged = new Set(acks.map((r) => `${r.a}|${r.b}`));
  const byDay = new Map<number, Candidate[]>();
  for (const c of items) {
    for (let d = Math.floor(c.startUtc / DAY); d <= Math.floor((c.endUtc - 1) / DAY) + DEFAULT_MARGIN_DAYS; d++)
      (byDay.get(d) ?? byDay.set(d, []).get(d)!).push(c);
  }
  const best = new Map<string, PairClash & { start: number }>();
  const seen = new Map<string, Set<string>>();
  for (const group of byDay.values()) {
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        const [x, y] = group[i].id < group[j].id ? [group[i], group[j]] : [group[j], group[i]];
        if (x.id === y.id) continue;
        const key = `${x.id}|${y.id}`;
        if (acknowledged.has(key)) continue;
        const clash = scoreClash(x, y, DEFAULT_MARGIN_DAYS);
        if (!clash || clash.severity === "low") continue;
        // The same two occurrences meet again under each day they share: counted once.
        const pairs = seen.get(key) ?? seen.set(key, new Set()).get(key)!;
        pairs.add(`${x.startUtc}|${y.startUtc}`);
        const found = best.get(key);
        if (found) found.occurrences = pairs.size;
        const start = Math.min(x.startUtc, y.startUtc);
        if (found && (found.score > clash.score || (found.score === clash.score && found.start <= start))) continue;
        best.set(key, {
          a: { id: x.id, slug: x.slug, title: x.title, startsAt: x.startsAt },
          b: { id: y.id, slug: y.slug, title: y.title, startsAt: y.startsAt },
          ...clash,
          occurrences: pairs.size,
          start,
        });
      }
    }
  }
  const ranked = [...best.values()].sort((p, q) => q.score - p.score || p.start - q.start).slice(0, 100);
  return namePeople(
    db,
    viewer,
    ranked.map(({ start: _, ...pair }) => pair),
  );
}

export async function dashboard(db: Database, now: Date, viewer: Viewer) {
  const today = now.toISOString().slice(0, 10);
  const [clashes, pending, expiring] = await Promise.all([
    upcomingClashes(db, now, viewer),
    db
      .select({
        slug: events.slug,
        title: events.title,
        startsAt: events.startsAt,
        moderation: events.moderation,
        submittedAt: events.submittedAt,
        owner: organisations.name,
      })
      .from(events)
      .leftJoin(organisations, eq(organisations.id, events.ownerOrganisationId))
      .where(or(eq(events.moderation, "pending"), isNotNull(events.pendingChanges)))
      .orderBy(asc(events.submittedAt)),
    db
      .select({
        id: holds.id,
        title: holds.title,
        startsOn: holds.startsOn,
        endsOn: holds.endsOn,
        expiresOn: holds.expiresOn,
        organisation: organisations.name,
      })
      .from(holds)
      .innerJoin(organisations, eq(organisations.id, holds.organisationId))
      .where(and(eq(holds.status, "active"), gte(holds.expiresOn, today), lte(holds.expiresOn, addDays(today, 14))))
      .orderBy(asc(holds.expiresOn)),
  ]);
  return { clashes, pending, expiringHolds: expiring };
}
