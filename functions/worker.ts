/** The Workers entry: HTTP requests go to the Hono app, cron triggers to the scheduled jobs. */
import { createApp } from "./app.ts";
import type { Bindings } from "./env.ts";
import { runScheduled } from "./scheduled.ts";
import { dataChanged } from "./cache/freshness.ts";

const app = createApp();

export default {
  fetch: app.fetch,
  // Awaited rather than left to waitUntil: the invocation then reports the job's real outcome.
  async scheduled(controller, env, ctx) {
    // The tick renders stale stored outputs again by asking the app, as a reader would.
    try {
      await runScheduled(controller, env, (request) => Promise.resolve(app.fetch(request, env, ctx)));
    } finally {
      // Jobs may change data (feed sync imports events): this isolate's readers see it at once.
      dataChanged();
    }
  },
} satisfies ExportedHandler<Bindings>;
