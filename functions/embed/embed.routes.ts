/**
 * Embeds for partners' websites: the JSON <nd-calendar> reads (`GET /api/embed/events`, the one
 * response any origin may read: `Access-Control-Allow-Origin: *`, never with credentials), the
 * iframe pages `/embed/calendar` and `/embed/events/:slug` (framable by any page, anonymous: no
 * cookie is read or set) and oEmbed (`GET /oembed?url=…`) for an event page.
 */
import type { Context } from "hono";
import { Hono } from "hono";
import { withDatabase } from "../db/middleware.ts";
import type { AppEnv } from "../env.ts";
import { ApiError, fieldError, onError } from "../errors.ts";
import { getEvent } from "../events/events.queries.ts";
import type { EventDetail } from "../events/events.schema.ts";
import { html } from "hono/html";
import { bodyEtag, htmlString } from "../http.ts";
import { negotiateLocale, toLocale, type Locale } from "../i18n/locales.ts";
import { messagesFor } from "../i18n/messages.ts";
import { framableSecurityHeaders, securityHeaders } from "../security.ts";
import { cached, CLOCKED } from "../cache/edge-cache.ts";
import { isSlug, queryValues } from "../validation.ts";
import { badSettingsFrame, calendarFrame, embedPlace, embedWhen, eventFrame, FRAME_THEMES, type FrameTheme, notFoundFrame } from "./embed-pages.ts";
import { EMBED_FILTER_KEYS, parseEmbedQuery, upcomingPublicEvents } from "./embed.queries.ts";
import { langQuery } from "../i18n/request.ts";

/**
 * The embed's language: its `lang` (the host page's; a language the calendar does not speak falls
 * back to English), else the browser's; never a cookie or an account.
 */
function embedLocale(c: Context<AppEnv>, lang: string | undefined): Locale {
  if (lang) return toLocale(lang) ?? "en";
  return negotiateLocale([], c.req.header("accept-language"));
}

/** What of the request an embed's language depends on besides its URL (`embedLocale`). */
export const embedVariant = (c: Context<AppEnv>): string => (langQuery(c) ? "" : negotiateLocale([], c.req.header("accept-language")));
const embedCache = cached({ ...CLOCKED, vary: embedVariant });

const query = (c: Context<AppEnv>) => parseEmbedQuery(queryValues(c, ["limit", "lang"], EMBED_FILTER_KEYS));

/** The frame's `theme` (light when not given), or a 400 naming it. */
function frameTheme(c: Context<AppEnv>): FrameTheme {
  const value = c.req.query("theme");
  if (value === undefined) return "light";
  if (!(FRAME_THEMES as readonly string[]).includes(value))
    throw fieldError(400, "theme", `must be one of ${FRAME_THEMES.join(", ")}`, "one_of", { errorCode: "invalid_query" });
  return value as FrameTheme;
}

const PUBLIC_CACHE = { "Cache-Control": "public, max-age=300", Vary: "Accept-Language" };

/** The event behind a slug when it is public and published, else null. */
async function publicEvent(c: Context<AppEnv>, slug: string): Promise<EventDetail | null> {
  if (!isSlug(slug)) return null;
  const event = await getEvent(c.var.db, slug, null);
  return event && event.visibility === "public" && !event.busy ? event : null;
}

/** `GET /api/embed/events`, mounted under /api. */
export const embedApiRoutes = new Hono<AppEnv>().get("/events", async (c) => {
  const q = query(c);
  const locale = embedLocale(c, q.lang);
  const m = messagesFor(locale);
  const origin = c.var.config.PUBLIC_ORIGIN;
  const events = await upcomingPublicEvents(c.var.db, q, c.var.now);
  c.header("Access-Control-Allow-Origin", "*");
  c.header("Cache-Control", PUBLIC_CACHE["Cache-Control"]);
  c.header("Vary", "Accept-Language");
  return c.json({
    lang: locale,
    texts: { heading: m.embed.heading, empty: m.embed.empty, more: m.embed.more },
    calendarUrl: `${origin}/`,
    events: events.map((e) => ({
      slug: e.slug,
      url: `${origin}/events/${e.slug}`,
      title: e.title ?? "",
      allDay: e.allDay,
      startsAt: e.startsAt,
      endsAt: e.endsAt,
      start: e.start,
      end: e.end,
      timeZone: e.timeZone,
      when: embedWhen(e, locale),
      where: embedPlace(e, locale),
      status: e.status,
      statusText: e.status === "confirmed" ? null : m.page[e.status],
    })),
  });
});

const OEMBED_WIDTH = 600;
const OEMBED_HEIGHT = 400;

function dimension(c: Context<AppEnv>, field: "maxwidth" | "maxheight", fallback: number): number {
  const value = c.req.query(field);
  if (value === undefined) return fallback;
  if (!/^\d{1,5}$/.test(value) || Number(value) < 1)
    throw fieldError(400, field, "must be a whole number of pixels from 1 to 99999", "out_of_range", { errorCode: "invalid_query" });
  return Math.min(Number(value), fallback);
}

/** The slug of an event page of this calendar (`…/events/:slug` or `…/embed/events/:slug`), or a 400. */
function eventSlugOf(c: Context<AppEnv>, value: string | undefined): string {
  const origin = c.var.config.PUBLIC_ORIGIN;
  const rule = `must be the address of an event page of this calendar (${origin}/events/…)`;
  if (!value) throw fieldError(400, "url", "is required", "required", { errorCode: "invalid_query" });
  if (value.length > 2000) throw fieldError(400, "url", "must be at most 2000 characters", "too_long", { errorCode: "invalid_query" });
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw fieldError(400, "url", rule, "format", { errorCode: "invalid_query" });
  }
  const match = /^\/(?:embed\/)?events\/([^/]+)\/?$/.exec(url.pathname);
  if (url.origin !== origin || !match) throw fieldError(400, "url", rule, "format", { errorCode: "invalid_query" });
  return match[1];
}

/** `/embed/*` and `/oembed`: pages outside /api. */
export const embedPageRoutes = new Hono<AppEnv>()
  .get("/embed/calendar", framableSecurityHeaders, bodyEtag, withDatabase, embedCache, async (c) => {
    const q = query(c);
    const theme = frameTheme(c);
    const locale = embedLocale(c, q.lang);
    const origin = c.var.config.PUBLIC_ORIGIN;
    const events = await upcomingPublicEvents(c.var.db, q, c.var.now);
    return c.html(calendarFrame(events, origin, `${origin}/`, locale, theme), 200, PUBLIC_CACHE);
  })
  .get("/embed/events/:slug", framableSecurityHeaders, bodyEtag, withDatabase, embedCache, async (c) => {
    const lang = langQuery(c);
    if (lang !== undefined && lang.length > 35) throw fieldError(400, "lang", "must be at most 35 characters", "too_long", { errorCode: "invalid_query" });
    const theme = frameTheme(c);
    const locale = embedLocale(c, lang);
    const event = await publicEvent(c, c.req.param("slug"));
    // Inside a partner's page a visitor reads words, not an error object.
    if (!event) return c.html(notFoundFrame(c.var.config.PUBLIC_ORIGIN, locale, theme), 404, PUBLIC_CACHE);
    return c.html(eventFrame(event, c.var.config.PUBLIC_ORIGIN, locale, theme), 200, PUBLIC_CACHE);
  })
  .onError((error, c) => {
    // Bad settings in a frame's address: the field and its rule in words, inside the partner's page.
    if (error instanceof ApiError && error.status === 400 && error.issues && c.req.path.startsWith("/embed/")) {
      const locale = negotiateLocale([], c.req.header("accept-language"));
      return c.html(badSettingsFrame(error.issues, c.var.config.PUBLIC_ORIGIN, locale), 400, { "Cache-Control": "no-store" });
    }
    return onError(error, c);
  })
  .get("/oembed", securityHeaders, withDatabase, async (c) => {
    const format = c.req.query("format") ?? "json";
    if (format === "xml") throw new ApiError(501, "not_implemented", "format: only json is served");
    if (format !== "json") throw fieldError(400, "format", "must be json", "one_of", { errorCode: "invalid_query" });
    const slug = eventSlugOf(c, c.req.query("url"));
    const width = dimension(c, "maxwidth", OEMBED_WIDTH);
    const height = dimension(c, "maxheight", OEMBED_HEIGHT);
    const event = await publicEvent(c, slug);
    if (!event) throw new ApiError(404, "not_found", `No public event has the slug ${slug}`);
    const origin = c.var.config.PUBLIC_ORIGIN;
    const m = messagesFor("en");
    const src = `${origin}/embed/events/${event.slug}`;
    const title = event.title ?? "";
    c.header("Cache-Control", "public, max-age=300");
    return c.json({
      version: "1.0",
      type: "rich",
      provider_name: m.site,
      provider_url: `${origin}/`,
      title,
      width,
      height,
      html: htmlString(html`<iframe src="${src}" width="${width}" height="${height}" title="${title}" loading="lazy" style="border:0"></iframe>`),
    });
  });
