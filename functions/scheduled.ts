import { runAlertJobs } from "./alerts/jobs.ts";
import { runHoldJobs } from "./coordination/hold-reminders.ts";
import { getDatabase } from "./db/client.ts";
import { drainDeliveries, startWeeklyRun, WEEKLY_CRON } from "./digest/runs.ts";
import { sendPersonNotices } from "./directory/person-notices.ts";
import { parseConfig, type Bindings } from "./env.ts";
import { refreshStoredOutputs } from "./cache/stored-output.ts";
import { runFeedSync } from "./feed-sync/sync.ts";
import { mailerFromConfig } from "./mail/from-config.ts";
import { runWebhookJobs } from "./webhooks/jobs.ts";

/**
 * Cron entry. Every tick keeps the database migrated and runs the small due jobs (hold reminders
 * and expiry, notices to imported people, pending digest deliveries, due calendar feeds, then the alerts' producers and outbox, then the webhooks', then the stored outputs the data has moved past); the weekly cron (Monday
 * 06:00 UTC) first creates the week's digest run.
 */
export async function runScheduled(
  controller: { cron: string; scheduledTime: number },
  env: Bindings,
  fetchApp?: (request: Request) => Promise<Response>,
): Promise<void> {
  const config = parseConfig(env);
  const db = await getDatabase(config);
  const now = new Date(controller.scheduledTime);
  const mailer = mailerFromConfig(config, env);
  const holds = await runHoldJobs(db, mailer, config.PUBLIC_ORIGIN, now);
  const notices = await sendPersonNotices(db, mailer, config.PUBLIC_ORIGIN, now);
  const run = controller.cron === WEEKLY_CRON ? await startWeeklyRun(db, now) : null;
  const digests = await drainDeliveries(db, mailer, config, now);
  const feeds = await runFeedSync(db, mailer, config, now);
  const alerts = await runAlertJobs(db, mailer, config, now);
  const webhooks = await runWebhookJobs(db, mailer, config, now);
  const storedOutputs = fetchApp ? await refreshStoredOutputs(db, now, (path) => fetchApp(new Request(`${config.PUBLIC_ORIGIN}${path}`))) : 0;
  console.log(
    JSON.stringify({
      level: "info",
      msg: "scheduled tick",
      cron: controller.cron,
      at: now.toISOString(),
      ...holds,
      personNotices: notices,
      digestRun: run?.week,
      digests,
      feeds,
      alerts,
      webhooks,
      storedOutputs,
    }),
  );
}
