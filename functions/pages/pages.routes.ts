import type { MiddlewareHandler } from "hono";
import { Hono } from "hono";
import { loadReader } from "../auth/middleware.ts";
import { withDatabase } from "../db/middleware.ts";
import type { AppEnv } from "../env.ts";
import { bodyEtag } from "../http.ts";
import { securityHeaders } from "../security.ts";
import { cached, CLOCKED, STABLE, type CacheRule } from "../cache/edge-cache.ts";
import { requestLocale } from "../i18n/request.ts";
import { renderEventPage } from "./event-page.ts";
import { currentMonth, renderMonthPage } from "./month-page.ts";

/** `/events/new` is the app's event form, not an event: hand it to the app. */
const appForm: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.param("slug") === "new") return c.env.ASSETS.fetch(c.req.raw);
  await next();
};

/** A month's page: its language is part of the key. */
const A_MONTH: CacheRule = { ...STABLE, vary: requestLocale, streamed: true };
/** `/` shows the calendar's current month: that month is part of the key too. */
const THIS_MONTH: CacheRule = { ...CLOCKED, vary: (c) => `${requestLocale(c)}|${currentMonth(c)}`, streamed: true };

/** Pages the Worker renders itself; every other page is the web app. */
export const pageRoutes = new Hono<AppEnv>()
  // The month view's page carries the month's events and streams (./month-page.ts): cached, but a
  // first reader's copy streams and has no body ETag.
  .get("/", securityHeaders, withDatabase, cached(THIS_MONTH), loadReader, (c) => renderMonthPage(c, undefined))
  .get("/month/:month", securityHeaders, withDatabase, cached(A_MONTH), loadReader, (c) => renderMonthPage(c, c.req.param("month")))
  .get(
    "/events/:slug{[a-z0-9][a-z0-9-]{0,119}}",
    appForm,
    securityHeaders,
    bodyEtag,
    withDatabase,
    cached({ ...STABLE, vary: requestLocale }),
    loadReader,
    (c) => renderEventPage(c, c.req.param("slug")),
  );
