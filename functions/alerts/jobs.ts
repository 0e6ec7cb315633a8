/**
 * The alerts' cron work (issue 16), run by functions/scheduled.ts after the other jobs: each
 * producer in turn records what the recent audit log calls for (clash, change and review alerts;
 * dedupe keys make the overlap between ticks harmless), then the outbox sends what is due.
 * A producer that fails is logged and the others still run: nothing it missed is lost, since the
 * next ticks read the same window again.
 */
import type { Database } from "../db/client.ts";
import type { Config } from "../env.ts";
import type { Mailer } from "../mail/mailer.ts";
import { produceChangeAlerts } from "./change-alerts.ts";
import { produceClashAlerts } from "./clash-alerts.ts";
import { drainAlerts, type AlertDrainResult } from "./outbox.ts";
import { produceReviewAlerts } from "./review-alerts.ts";

export interface AlertJobsResult {
  recorded: Record<"clash" | "change" | "review", number | "failed">;
  sent: AlertDrainResult;
}

export async function runAlertJobs(db: Database, mailer: Mailer, config: Config, now: Date): Promise<AlertJobsResult> {
  const producers = { clash: produceClashAlerts, change: produceChangeAlerts, review: produceReviewAlerts };
  const recorded = {} as AlertJobsResult["recorded"];
  for (const [kind, produce] of Object.entries(producers) as [keyof typeof producers, (typeof producers)[keyof typeof producers]][]) {
    try {
      recorded[kind] = await produce(db, config, now);
    } catch (error) {
      recorded[kind] = "failed";
      console.error(JSON.stringify({ level: "error", msg: "alert producer failed", kind, error: String((error as Error).message).split("\n")[0] }));
    }
  }
  return { recorded, sent: await drainAlerts(db, mailer, config, now) };
}
