import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { connect } from "../db/middleware.ts";

/** Reports whether the database answers. It connects on its own so that an outage is a 503 with a body, not an error page. */
export const healthRoutes = new Hono<AppEnv>().get("/", async (c) => {
  const started = Date.now();
  try {
    const db = await connect(c);
    await db.$client.execute("SELECT 1");
    return c.json({ status: "ok" as const, database: "reachable" as const, latencyMs: Date.now() - started });
  } catch {
    c.header("Retry-After", "30");
    c.header("Cache-Control", "no-store");
    return c.json({ status: "degraded" as const, database: "unreachable" as const }, 503);
  }
});
