/**
 * Per-visitor limits on the API requests that cost the most database and CPU time: the clash
 * radar, the free-date finder, search, the heatmap, exports and imports. One visitor scripting
 * them in a loop gets 429 with Retry-After instead of slowing the calendar for everyone.
 *
 * Counted by Cloudflare's Rate Limiting binding (`[[ratelimits]]` in wrangler.toml; Miniflare
 * runs the same binding locally), per route and per visitor: the signed-in user, otherwise the
 * client address. The binding counts per Cloudflare location and is meant as abuse protection,
 * not exact accounting; floods from many addresses are for Cloudflare's WAF rate-limiting rules
 * (README). Sign-in has its own exact limits in the database (./rate-limit.ts).
 */
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";
import { clientIp } from "./auth.routes.ts";
import { routeTable } from "./policy.ts";

/** The routes counted, each with its own allowance per visitor (the binding's `simple` limit). */
export const COSTLY_ROUTES = [
  "POST /api/clash-check",
  "GET /api/free-dates",
  "GET /api/search",
  "GET /api/heatmap",
  "GET /api/export/organisations.csv",
  "GET /api/export/people.csv",
  "GET /api/export/events.csv",
  "POST /api/import",
  "POST /api/import/csv",
  "POST /api/webhooks/:id/test",
] as const;

const costlyRoute = routeTable(Object.fromEntries(COSTLY_ROUTES.map((route) => [route, route])));

/** Runs after the viewer is known; routes outside the list pass untouched. */
export const throttleCostly: MiddlewareHandler<AppEnv> = async (c, next) => {
  const limiter = c.env.COSTLY_LIMITER;
  const route = costlyRoute(c.req.method, new URL(c.req.url).pathname);
  if (limiter && route) {
    const who = c.var.viewer ? `user:${c.var.viewer.id}` : `ip:${clientIp(c.req.raw)}`;
    const { success } = await limiter.limit({ key: `${route} ${who}` });
    if (!success) {
      throw new ApiError(429, "rate_limited", "Too many requests of this kind. Please wait a minute and try again.", { headers: { "Retry-After": "60" } });
    }
  }
  await next();
};
