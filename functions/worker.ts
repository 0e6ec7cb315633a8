/** The Workers entry: HTTP requests go to the Hono app, cron triggers to the scheduled jobs. */
import { createApp } from "./app.ts";
import type { Bindings } from "./env.ts";
import { runScheduled } from "./scheduled.ts";

const app = createApp();

export default {
  fetch: app.fetch,
  // Awaited rather than left to waitUntil: the invocation then reports the job's real outcome.
  async scheduled(controller, env) {
    await runScheduled(controller, env);
  },
} satisfies ExportedHandler<Bindings>;
