/**
 * Calendar subscriptions: `/calendar.ics` (with the calendar's filters), one feed per organisation
 * and one file per event. Public visibility only. ETags let clients that poll (Outlook, Google,
 * Apple) get a cheap 304 when nothing changed.
 */
import { eq } from "drizzle-orm";
import type { Context } from "hono";
import { Hono } from "hono";
import { organisations } from "../../db/schema.ts";
import { withDatabase } from "../db/middleware.ts";
import type { AppEnv } from "../env.ts";
import { ApiError, invalidInput } from "../errors.ts";
import { NO_FILTERS } from "../events/events.queries.ts";
import { filtersSchema, FILTER_KEYS } from "../events/events.schema.ts";
import { bodyEtag } from "../http.ts";
import { securityHeaders } from "../security.ts";
import { cached, CLOCKED } from "../cache/edge-cache.ts";
import { fullFeedOutput } from "../cache/outputs.ts";
import { queryValues } from "../validation.ts";
import { buildAtom } from "./atom.ts";
import { feedEvents, newlyPublished } from "./feeds.queries.ts";
import { buildCalendar, type FeedEvent, type Term } from "./ics.ts";
import { viewerForFeedToken } from "./private-feed.ts";
import { fill, messagesFor, type ServerMessages } from "../i18n/messages.ts";
import { intlLocale, negotiateLocale, type Locale } from "../i18n/locales.ts";
import { requestLocale, langQuery } from "../i18n/request.ts";
import { termName } from "../i18n/terms.ts";

/** Public feeds for anonymous readers come from the edge cache (never a private feed: its address is personal). */
const feedCache = cached({ ...CLOCKED, vary: requestLocale });

/** A feed's language: the link's (`?lang=`), else the reader's browser or account. */
const texts = (c: Context<AppEnv>): ServerMessages => messagesFor(requestLocale(c));

async function respond(c: Context<AppEnv>, items: FeedEvent[], name: string, filename: string, locale: Locale = requestLocale(c)) {
  const { config } = c.var;
  const m = messagesFor(locale);
  const body = buildCalendar(items, {
    name,
    locale: intlLocale(locale),
    description: m.feed.description,
    origin: config.PUBLIC_ORIGIN,
    organiserAddress: config.MAIL_FROM.address,
    texts: {
      busy: (organisation) => fill(m.feed.busy, { organisation }),
      postponed: (title) => fill(m.feed.postponed, { title }),
      details: m.feed.details,
      topic: (term) => termName(locale, "topic", term.id, term.label),
    },
  });
  return c.body(body, 200, {
    "Cache-Control": "public, max-age=900",
    Vary: "Accept-Encoding, Accept-Language, Cookie",
    "Content-Type": "text/calendar; charset=utf-8",
    "Content-Disposition": `inline; filename="${filename}"`,
  });
}

function filters(c: Context<AppEnv>) {
  const parsed = filtersSchema.safeParse(queryValues(c, [], FILTER_KEYS));
  if (!parsed.success) throw invalidInput(parsed.error);
  return parsed.data;
}

function atomSummary(e: Awaited<ReturnType<typeof newlyPublished>>[number]): string {
  const when = e.allDay
    ? e.startsAt === e.endsAt
      ? e.startsAt
      : `${e.startsAt} – ${e.endsAt}`
    : `${e.startsAt.replace("T", " ")} – ${e.endsAt.slice(11)} (${e.timeZone})`;
  return [when, [e.city, e.country].filter(Boolean).join(", "), e.summary].filter(Boolean).join(" · ");
}

export const feedRoutes = new Hono<AppEnv>()
  .get("/feed.atom", securityHeaders, bodyEtag, withDatabase, feedCache, async (c) => {
    const rows = await newlyPublished(c.var.db);
    const locale = requestLocale(c);
    const body = buildAtom(
      rows.map((e) => ({
        slug: e.slug,
        title: e.title,
        summary: atomSummary(e),
        author: e.author,
        categories: (JSON.parse(e.topicTerms) as Term[]).map((term) => termName(locale, "topic", term.id, term.label)),
        published: e.published,
        updated: e.updated,
      })),
      {
        title: messagesFor(locale).feed.atomTitle,
        origin: c.var.config.PUBLIC_ORIGIN,
        selfPath: "/feed.atom",
        updated: rows.reduce((max, e) => (e.updated > max ? e.updated : max), "1970-01-01T00:00:00.000Z"),
      },
    );
    // In the reader's language (Accept-Language, the `lang` cookie): a shared cache must keep them apart.
    return c.body(body, 200, {
      "Content-Type": "application/atom+xml; charset=utf-8",
      "Cache-Control": "public, max-age=900",
      Vary: "Accept-Language, Cookie",
    });
  })
  .get("/calendar.ics", securityHeaders, bodyEtag, withDatabase, feedCache, fullFeedOutput, async (c) => {
    const f = filters(c);
    return respond(c, await feedEvents(c.var.db, f, c.var.now), texts(c).site, "calendar.ics");
  })
  .get("/feeds/:token/calendar.ics", securityHeaders, bodyEtag, withDatabase, async (c) => {
    const viewer = await viewerForFeedToken(c.var.db, c.req.param("token"));
    if (!viewer) throw new ApiError(404, "not_found", "This feed address is unknown or was revoked.");
    const locale = negotiateLocale([langQuery(c), viewer.locale]);
    const response = await respond(c, await feedEvents(c.var.db, filters(c), c.var.now, undefined, viewer), messagesFor(locale).site, "calendar.ics", locale);
    // Personal: no shared cache may keep it.
    response.headers.set("Cache-Control", "private, max-age=300");
    return response;
  })
  .get("/organisations/:slug/calendar.ics", securityHeaders, bodyEtag, withDatabase, feedCache, async (c) => {
    const slug = c.req.param("slug");
    const [org] = await c.var.db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(eq(organisations.slug, slug));
    if (!org) throw new ApiError(404, "not_found", `No organisation has the slug ${slug}`);
    const f = { ...filters(c), organisation: [org.id] };
    return respond(c, await feedEvents(c.var.db, f, c.var.now), fill(texts(c).feed.organisationName, { organisation: org.name }), `${slug}.ics`);
  })
  .get("/events/:file{[a-z0-9][a-z0-9-]*\\.ics}", securityHeaders, bodyEtag, withDatabase, feedCache, async (c) => {
    const slug = c.req.param("file").replace(/\.ics$/, "");
    const items = await feedEvents(c.var.db, NO_FILTERS, c.var.now, slug);
    if (!items.length) throw new ApiError(404, "not_found", `No published event has the slug ${slug}`);
    return respond(c, items, items[0].busy ? texts(c).site : items[0].title, `${slug}.ics`);
  })
  // Any other .ics under /events (upper case, dots, %-sequences) names no event: a calendar
  // client given the web app's page instead would report a broken file, not a missing one.
  .get("/events/:file{.+\\.ics}", securityHeaders, () => {
    throw new ApiError(404, "not_found", "No published event has this address; event addresses are lower-case, such as /events/baltic-forum.ics");
  });
