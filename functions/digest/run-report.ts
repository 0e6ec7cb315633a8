/**
 * What coordinators see of the weekly digest: each run's deliveries by state, the deliveries that
 * failed for good, and the weeks whose Monday cron never made a run (so a silent week is noticed).
 */
import { desc, eq, sql } from "drizzle-orm";
import { digestDeliveries, digestRuns, subscriptions } from "../../db/schema.ts";
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
 * counting only from the first run ever made (a new calendar has no missing weeks).
 */
export function missingWeeks(weeks: string[], now: Date): string[] {
  const known = new Set(weeks);
  const thisWeek = mondayOf(now.getTime(), "UTC");
  const firstRun = weeks.reduce((first, w) => (w < first ? w : first), thisWeek);
  const missing: string[] = [];
  for (let i = 0; i < REPORT_MONDAYS; i++) {
    const week = addDays(thisWeek, -7 * i);
    const due = Date.parse(`${week}T00:00:00Z`) + DUE_AFTER_MS <= now.getTime();
    if (due && week >= firstRun && !known.has(week)) missing.push(week);
  }
  return missing;
}

/** The report for the coordinators' digest page. */
export async function digestRunReport(db: Database, now: Date): Promise<DigestRunsResponse> {
  const [runs, failures] = await db.batch([
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
  ]);
  return {
    runs,
    missingWeeks: missingWeeks(
      runs.map((r) => r.week),
      now,
    ),
    failures,
  };
}
