/**
 * The application: one router per resource under /api, mounted here. The Workers entry
 * (functions/worker.ts) only hands requests and cron events to it.
 */
import { Hono } from "hono";
import { withDatabase } from "./db/middleware.ts";
import type { AppEnv } from "./env.ts";
import { ApiError, onError } from "./errors.ts";
import { eventsRoutes } from "./events/events.routes.ts";
import { healthRoutes } from "./health/health.routes.ts";

export function createApp() {
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set("requestId", c.req.header("cf-ray") ?? crypto.randomUUID());
    c.set("now", new Date());
    await next();
    c.header("X-Content-Type-Options", "nosniff");
  });
  app.onError(onError);

  const api = new Hono<AppEnv>()
    .route("/health", healthRoutes)
    .use("/events/*", withDatabase)
    .use("/events", withDatabase)
    .route("/events", eventsRoutes)
    .all("*", (c) => {
      throw new ApiError(404, "not_found", `No API endpoint ${c.req.method} ${new URL(c.req.url).pathname}`);
    });
  app.route("/api", api);

  // Everything else is the web app: static assets, and index.html for client-side routes.
  app.all("*", (c) => c.env.ASSETS.fetch(c.req.raw));
  return app;
}

export type AppType = ReturnType<typeof createApp>;
