/**
 * The webhooks' cron work, run by functions/scheduled.ts after the alerts' (whose clash alerts
 * the clash producer reads): each producer records what the recent window calls for, then the
 * outbox sends what is due. A producer that fails is logged and the rest still run; the next
 * ticks read the same window again.
 */
import type { Database } from "../db/client.ts";
import type { Config } from "../env.ts";
import type { Mailer } from "../mail/mailer.ts";
import { drainWebhooks, type WebhookDrainResult } from "./outbox.ts";
import { produceClashWebhooks, produceEventWebhooks } from "./producers.ts";

export interface WebhookJobsResult {
  recorded: Record<"event" | "clash", number | "failed">;
  sent: WebhookDrainResult;
}

export async function runWebhookJobs(db: Database, mailer: Mailer, config: Config, now: Date): Promise<WebhookJobsResult> {
  const producers = { event: produceEventWebhooks, clash: produceClashWebhooks };
  const recorded = {} as WebhookJobsResult["recorded"];
  for (const [kind, produce] of Object.entries(producers) as [keyof typeof producers, (typeof producers)[keyof typeof producers]][]) {
    try {
      recorded[kind] = await produce(db, config, now);
    } catch (error) {
      recorded[kind] = "failed";
      console.error(JSON.stringify({ level: "error", msg: "webhook producer failed", kind, error: String((error as Error).message).split("\n")[0] }));
    }
  }
  return { recorded, sent: await drainWebhooks(db, mailer, config, now) };
}
