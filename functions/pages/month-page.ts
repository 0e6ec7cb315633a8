/**
 * `/` and `/month/YYYY-MM`: the web app's page with the month's events already in it, so the month
 * view paints from the page itself instead of waiting for its script, then its texts, then the
 * API, one after another (issue 18.4).
 *
 * - The month's events go into a JSON data block (`<script type="application/json"
 *   id="initial-month">`): data, never executed, so the CSP stays `script-src 'self'`. They are
 *   the events the viewer may see (functions/events/visibility.ts, through listEvents), for the
 *   grid's days widened by one day on each side in UTC, which covers the grid in every time zone:
 *   the app places them by the reader's own zone and needs no second request. It uses the block
 *   once, for its first render, and only when the month and filters are the ones it shows.
 * - The reader's language chunk is preloaded (`<link rel="modulepreload">`), so it loads beside
 *   the app's script; the chunks' names come from `locale-chunks.json`, written by the web build.
 * - Anonymous readers get the public view, from the edge cache once one reader had it
 *   (functions/cache/edge-cache.ts, keyed by the data version, the language and, for `/`, the
 *   month it shows); a page for anyone else (a session cookie or an Authorization header) is never
 *   stored by a shared cache.
 * - The page streams: its head (the app's script, styles and the language preload) goes out before
 *   the month is read, so those load while the database answers. When the database fails, the
 *   page is the plain app: it then asks the API itself and says what went wrong, as before.
 */
import type { Context } from "hono";
import { html, raw } from "hono/html";
import { isAnonymousRequest } from "../cache/anonymous.ts";
import type { AppEnv } from "../env.ts";
import { listEvents } from "../events/events.queries.ts";
import { eventsQuerySchema, FILTER_KEYS } from "../events/events.schema.ts";
import { LOCALES, type Locale } from "../i18n/locales.ts";
import { requestLocale } from "../i18n/request.ts";
import { addDays, localDate, monthWeeks, parseMonth } from "../lib/dates.ts";
import { inShellHalves } from "./shell.ts";

/** The data block's element id; web/src/routes/MonthRoute.tsx reads it. */
const INITIAL_MONTH_ID = "initial-month";

/** JSON inside a script element: `<` escaped, so no text can close the element. */
const scriptJson = (data: unknown) => JSON.stringify(data).replace(/</g, "\\u003c");

/** Which language chunk each language loads (web/vite.config.ts writes it); null when the build has none. */
async function localeChunks(c: Context<AppEnv>): Promise<Partial<Record<Locale, string>> | null> {
  const res = await c.env.ASSETS.fetch(new Request(new URL("/locale-chunks.json", c.req.url)));
  if (!res.ok) return null;
  const map = (await res.json()) as Record<string, unknown>;
  return Object.fromEntries(LOCALES.flatMap((l) => (typeof map[l] === "string" && /^\/assets\/[\w.-]+\.js$/.test(map[l]) ? [[l, map[l]]] : [])));
}

/** The month's data block, or null when the month or the filters are not valid (the app then says so). */
async function monthData(c: Context<AppEnv>, month: string) {
  const parsed = parseMonth(month);
  if (!parsed) return null;
  const weeks = monthWeeks(parsed.year, parsed.month);
  // The filters as the app reads them from the address (one value each), so it can tell its own.
  const filters: Record<string, string> = Object.fromEntries(FILTER_KEYS.flatMap((k) => (c.req.query(k) ? [[k, c.req.query(k)!]] : [])));
  const query = eventsQuerySchema.safeParse({
    ...Object.fromEntries(Object.entries(filters).map(([k, v]) => [k, [v]])),
    from: addDays(weeks[0][0], -1),
    to: addDays(weeks[weeks.length - 1][6], 1),
    tz: "UTC",
  });
  if (!query.success) return null;
  const events = await listEvents(c.var.db, query.data, c.var.viewer);
  return { month, filters, events };
}

/** The month `/` shows: this month by the calendar's clock, in UTC (also part of its cache key). */
export const currentMonth = (c: Context<AppEnv>): string => localDate(c.var.now, "UTC").slice(0, 7);

/**
 * The app's page for `/` (this month, by the calendar's clock in UTC) or `/month/:month`. The
 * head goes out at once, so the browser fetches the app's script, styles and language while the
 * month is read; the data block follows, before the rest of the page.
 */
export async function renderMonthPage(c: Context<AppEnv>, month: string | undefined): Promise<Response> {
  const [shell, chunks] = await Promise.all([c.env.ASSETS.fetch(new Request(new URL("/", c.req.url))).then((r) => r.text()), localeChunks(c)]);
  const locale = requestLocale(c);
  const chunk = chunks?.[locale];
  const preload = chunk ? html`<link rel="modulepreload" crossorigin href="${chunk}" />` : "";
  const [head, rest] = inShellHalves(shell, { lang: locale, headEnd: html`${preload}</head>` }, "app");
  const data = monthData(c, month ?? currentMonth(c)).catch((error: unknown) => {
    // The plain app then asks the API itself and says what went wrong; no cache keeps this page.
    c.set("incomplete", true);
    console.error(
      JSON.stringify({ level: "error", msg: "month page sent without its data", error: String((error as Error)?.message ?? error).split("\n")[0] }),
    );
    return null;
  });
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(encoder.encode(String(await head)));
      const d = await data;
      const block = d ? html`<script type="application/json" id="${INITIAL_MONTH_ID}">${raw(scriptJson(d))}</script>` : "";
      controller.enqueue(encoder.encode(String(await html`${block}${rest}`)));
      controller.close();
    },
  });
  // A month that does not exist is the app's "not found" page, with the status to match.
  return c.body(body, month !== undefined && !parseMonth(month) ? 404 : 200, {
    "Content-Type": "text/html; charset=UTF-8",
    // Signed-in readers' months can hold partner-only events: no shared cache may keep them.
    "Cache-Control": isAnonymousRequest(c.req.raw) ? "public, max-age=60" : "private, no-store",
    Vary: "Cookie, Accept-Language",
  });
}
