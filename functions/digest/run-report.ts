/**
 * What coordinators see of the weekly digest: each run's deliveries by state, the deliveries that
 * failed for good, and the weeks whose Monday cron never made a run (so a silent week is noticed).
 */
import { desc, eq, sql } from "drizzle-orm";
import { digestDeliveries, digestRuns, subscriptions, users } from "../../db/schema.ts";
import type { Database } from "../db/client.ts";
import type { DigestRunsResponse } from "./digest.types.ts";
import { addDays, mondayOf } from "../lib/dates.ts";

/** How many past runs, failures and Mondays the report looks at. */
export const REPORT_RUNS = 52;
export const REPORT_FAILURES = 100;
export const REPORT_MONDAYS = 8;
/** The cron runs at 06:00 UTC on Mondays; a run is missing an hour after that. */
const DUE_AFTER_MS = 6 * 3_600_000 + 3_600_000;

/**
 * The Mondays among the last `REPORT_MONDAYS` whose run was due by `now` and is not in `weeks`,
 * counting only Mondays whose run fell due after the calendar was installed (`installedAt`, when
 * known) and, once digests have run, none before the first run: a new calendar has no missing
 * weeks, and no week before its install.
 */
export function missingWeeks(weeks: string[], now: Date, installedAt: Date | null = null): string[] {
  const known = new Set(weeks);
  const thisWeek = mondayOf(now.getTime(), "UTC");
  // Weeks before the first run are not counted; with no run yet, those after the install are
  // (a cron that never ran is noticed), or this week's alone when the install date is unknown.
  const firstRun = weeks.length || !installedAt ? weeks.reduce((first, w) => (w < first ? w : first), thisWeek) : "";
  const since = installedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
  const missing: string[] = [];
  for (let i = 0; i < REPORT_MONDAYS; i++) {
    const week = addDays(thisWeek, -7 * i);
    const dueAt = Date.parse(`${week}T00:00:00Z`) + DUE_AFTER_MS;
    if (dueAt <= now.getTime() && dueAt > since && week >= firstRun && !known.has(week)) missing.push(week);
  }
  return missing;
}

/** The report for the coordinators' digest page. */
export async function digestRunReport(db: Database, now: Date): Promise<DigestRunsResponse> {
  const [runs, failures, [installed]] = await db.batch([
    db
      .select({
        id: digestRuns.id,
        week: digestRuns.week,
        createdAt: digestRuns.createdAt,
        total: sql<number>`count(${digestDeliveries.id})`.mapWith(Number),
        sent: sql<number>`coalesce(sum(${digestDeliveries.status} = 'sent'), 0)`.mapWith(Number),
        skipped: sql<number>`coalesce(sum(${digestDeliveries.status} = 'skipped'), 0)`.mapWith(Number),
        pending: sql<number>`coalesce(sum(${digestDeliveries.status} IN ('pending', 'sending')), 0)`.mapWith(Number),
        failed: sql<number>`coalesce(sum(${digestDeliveries.status} = 'failed'), 0)`.mapWith(Number),
      })
      .from(digestRuns)
      .leftJoin(digestDeliveries, eq(digestDeliveries.runId, digestRuns.id))
      .groupBy(digestRuns.id)
      .orderBy(desc(digestRuns.week))
      .limit(REPORT_RUNS),
    db
      .select({ runId: digestDeliveries.runId, email: subscriptions.email, attempts: digestDeliveries.attempts, lastError: digestDeliveries.lastError })
      .from(digestDeliveries)
      .innerJoin(subscriptions, eq(subscriptions.id, digestDeliveries.subscriptionId))
      .where(eq(digestDeliveries.status, "failed"))
      .orderBy(desc(digestDeliveries.runId))
      .limit(REPORT_FAILURES),
    // The install date: the first account is made when the calendar is set up (or seeded).
    db.select({ at: sql<string | null>`min(${users.createdAt})` }).from(users),
  ]);
  return {
    runs,
    missingWeeks: missingWeeks(
      runs.map((r) => r.week),
      now,
      installed?.at ? new Date(installed.at) : null,
    ),
    failures,
  };
}
