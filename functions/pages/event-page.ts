/**
 * `/events/:slug` rendered on the server: readable without JavaScript, quick for link previews
 * (Open Graph tags) and for search engines (schema.org Event as JSON-LD). The page is the web app's
 * own shell with the event inside; the app then takes over, starting from the same data.
 */
import type { Context } from "hono";
import { html, raw } from "hono/html";
import type { AppEnv } from "../env.ts";
import { calendarLinkEvent, googleCalendarLink, outlookCalendarLink } from "../lib/add-to-calendar.ts";
import { etagOf } from "../events/events.commands.ts";
import { aliasTarget, getEvent } from "../events/events.queries.ts";
import type { EventDetail } from "../events/events.schema.ts";
import { intlLocale, type Locale } from "../i18n/locales.ts";
import { fill, messagesFor, type ServerMessages } from "../i18n/messages.ts";
import { rememberLocale, requestLocale, langQuery } from "../i18n/request.ts";
import { switcherHtml } from "../i18n/switcher.ts";
import type { Html } from "../http.ts";
import { inShell } from "./shell.ts";

const ATTENDANCE = { in_person: "OfflineEventAttendanceMode", online: "OnlineEventAttendanceMode", hybrid: "MixedEventAttendanceMode" } as const;
const STATUS = { tentative: "EventScheduled", confirmed: "EventScheduled", postponed: "EventPostponed", cancelled: "EventCancelled" } as const;

function place(e: EventDetail, locale: Locale = "en"): string | null {
  const parts = [e.venue, e.city, e.country ? new Intl.DisplayNames([intlLocale(locale)], { type: "region" }).of(e.country) : null].filter(Boolean);
  return parts.length ? parts.join(", ") : null;
}

function when(e: EventDetail, locale: Locale): string {
  const dates = new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: "full", timeZone: "UTC" });
  if (e.allDay) {
    const first = Date.parse(`${e.startsAt}T00:00:00Z`);
    const last = Date.parse(`${e.endsAt}T00:00:00Z`);
    return first === last ? dates.format(first) : dates.formatRange(first, last);
  }
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: "full", timeStyle: "short", timeZone: e.timeZone }).formatRange(
    new Date(e.start),
    new Date(e.end),
  );
}

/** JSON for a script element: `<` is escaped so the JSON cannot close the element. */
const scriptJson = (data: unknown) => JSON.stringify(data).replace(/</g, "\\u003c");

/** schema.org Event, as JSON safe inside its script element. */
function jsonLd(e: EventDetail, url: string): string {
  const where = place(e);
  const data = {
    "@context": "https://schema.org",
    "@type": "Event",
    name: e.title,
    description: e.summary ?? e.description ?? undefined,
    startDate: e.allDay ? e.startsAt : e.start,
    endDate: e.allDay ? e.endsAt : e.end,
    eventStatus: `https://schema.org/${STATUS[e.status]}`,
    eventAttendanceMode: e.attendanceMode ? `https://schema.org/${ATTENDANCE[e.attendanceMode]}` : undefined,
    location: [
      ...(where
        ? [
            {
              "@type": "Place",
              name: e.venue ?? e.city ?? where,
              address: { "@type": "PostalAddress", addressLocality: e.city ?? undefined, addressCountry: e.country ?? undefined },
            },
          ]
        : []),
      ...(e.onlineUrl ? [{ "@type": "VirtualLocation", url: e.onlineUrl }] : []),
    ],
    organizer: e.organisers.map((o) => ({ "@type": "Organization", name: o.name })),
    url,
    inLanguage: e.languages.length ? e.languages : undefined,
  };
  return scriptJson(data);
}

function body(e: EventDetail, origin: string, locale: Locale): Html {
  const m = messagesFor(locale).page;
  const url = `${origin}/events/${e.slug}`;
  const where = place(e, locale);
  const links = calendarLinkEvent(e, where, url);
  const lead = e.organisers[0];
  return html`<article class="event-detail">
  <p><a href="/month/${e.startsAt.slice(0, 7)}">${m.back}</a></p>
  <h1>${e.busy ? fill(m.busy, { organisation: lead?.shortName ?? lead?.name ?? "" }) : e.title}</h1>
  <p class="event-meta"><span class="status-badge status-${e.status}">${m[e.status]}</span>${e.major ? html` · <span class="major-badge">${m.major}</span>` : ""}${e.isSample ? html` · <span class="sample-badge">${m.sample}</span>` : ""}</p>
  ${e.summary ? html`<p class="event-summary">${e.summary}</p>` : ""}
  <dl class="event-facts">
    <dt>${m.when}</dt>
    <dd>${when(e, locale)}${e.allDay ? "" : html`<div class="original-time">${fill(m.timeZoneNote, { zone: e.timeZone })}</div>`}</dd>
    ${
      where || (e.attendanceMode && e.attendanceMode !== "in_person")
        ? html`<dt>${m.where}</dt><dd>${where ?? ""}${e.attendanceMode === "online" ? html`<div>${m.online}</div>` : ""}${e.attendanceMode === "hybrid" ? html`<div>${m.hybrid}</div>` : ""}</dd>`
        : ""
    }
    ${
      e.organisers.length
        ? html`<dt>${m.organisers}</dt><dd><ul class="plain">${e.organisers.map((o) => html`<li><a href="/organisations/${o.slug}">${o.name}</a>${o.shortName ? ` (${o.shortName})` : ""}${o.isLead ? html`<span class="lead-note"> — ${m.lead}</span>` : ""}</li>`)}</ul></dd>`
        : ""
    }
  </dl>
  ${e.description ? html`<div class="event-description">${e.description.split(/\n{2,}/).map((p) => html`<p>${p}</p>`)}</div>` : ""}
  ${
    e.registrationUrl || e.onlineUrl
      ? html`<p class="event-actions">${e.registrationUrl ? html`<a class="button" href="${e.registrationUrl}" rel="noopener noreferrer">${m.register}</a>` : ""}${e.onlineUrl ? html` <a class="button" href="${e.onlineUrl}" rel="noopener noreferrer">${m.joinOnline}</a>` : ""}</p>`
      : ""
  }
  ${
    e.contacts.length
      ? html`<section><h2>${m.contacts}</h2><ul class="plain">${e.contacts.map((p) => html`<li><a href="/people/${p.id}">${p.name}</a>${p.title ? `, ${p.title}` : ""}${p.email ? html` — <a href="mailto:${p.email}">${p.email}</a>` : ""}</li>`)}</ul></section>`
      : ""
  }
  ${e.projects.length ? html`<section><h2>${m.projects}</h2><ul class="plain">${e.projects.map((p) => html`<li><a href="/projects/${p.slug}">${p.title}</a></li>`)}</ul></section>` : ""}
  ${
    e.documents.length
      ? html`<section><h2>${m.documents}</h2><ul class="plain">${e.documents.map((d) => html`<li><a href="/documents/${d.slug}">${d.title}</a></li>`)}</ul></section>`
      : ""
  }
  ${
    e.busy
      ? ""
      : html`<section class="add-to-calendar"><h2>${m.addToCalendar}</h2><ul class="plain">
    <li><a href="/events/${e.slug}.ics">${m.ics}</a></li>
    <li><a href="${googleCalendarLink(links)}" rel="noopener noreferrer">${m.google}</a></li>
    <li><a href="${outlookCalendarLink(links)}" rel="noopener noreferrer">${m.outlook}</a></li></ul></section>`
  }
</article>`;
}

/** oEmbed discovery (functions/embed): only for a published public event, which /oembed answers. */
function oembedLink(e: EventDetail, origin: string, url: string, title: string): Html | string {
  if (e.visibility !== "public" || e.busy || (e.manage && e.manage.moderation !== "published")) return "";
  return html`<link rel="alternate" type="application/json+oembed" href="${origin}/oembed?url=${encodeURIComponent(url)}&amp;format=json" title="${title}" />`;
}

/** The app's content: a header with a switcher for readers without JavaScript, and `content`. */
function appRoot(locale: Locale, url: string, m: ServerMessages, content: Html): Html {
  return html`<div id="app"><header class="site-header"><p class="site-title"><a href="/">${m.site}</a></p>${switcherHtml(locale, url)}</header><main id="main">${content}</main></div>`;
}

/** The server-rendered event page, or the app shell with a 404 when the viewer may not see it. */
export async function renderEventPage(c: Context<AppEnv>, slug: string): Promise<Response> {
  const shellResponse = await c.env.ASSETS.fetch(new Request(new URL("/", c.req.url)));
  const shell = await shellResponse.text();
  const { config, viewer } = c.var;
  const locale = requestLocale(c);
  if (langQuery(c)) rememberLocale(c, locale);
  const m = messagesFor(locale);
  const found = await getEvent(c.var.db, slug, viewer);
  // The server page is the event as published: organisations named but not yet agreeing are
  // shown to its editors by the app only (from the embedded JSON), marked as awaiting acceptance.
  const event = found && { ...found, organisers: found.organisers.filter((o) => !o.awaitingAcceptance) };
  const cache = viewer ? "no-store" : "public, max-age=300";
  const vary = "Cookie, Accept-Language";
  if (!event) {
    // An old slug leads on only for readers who may see the event; for everybody else the page is
    // the same 404 as for a slug that never existed.
    const current = await aliasTarget(c.var.db, slug, viewer);
    if (current) {
      const query = new URL(c.req.url).search;
      c.header("Cache-Control", "private, no-store");
      c.header("Vary", vary);
      return c.redirect(`/events/${current}${query}`, 301);
    }
    const notFound = html`<h1>${m.page.notFoundTitle}</h1><p>${m.page.notFoundText}</p>`;
    return c.html(inShell(shell, { lang: locale, app: appRoot(locale, c.req.url, m, notFound) }), 404, {
      "Cache-Control": cache,
      Vary: vary,
    });
  }
  const url = `${config.PUBLIC_ORIGIN}/events/${event.slug}`;
  const lead = event.organisers[0];
  const title = event.busy ? fill(m.page.busy, { organisation: lead?.shortName ?? lead?.name ?? "" }) : event.title!;
  const description = event.busy ? "" : (event.summary ?? event.description ?? "").slice(0, 300);
  const head = html`<link rel="canonical" href="${url}" />
    <meta property="og:type" content="website" />
    <meta property="og:site_name" content="${m.site}" />
    <meta property="og:title" content="${title}" />
    <meta property="og:url" content="${url}" />
    ${description ? html`<meta property="og:description" content="${description}" /><meta name="description" content="${description}" />` : ""}
    <meta name="twitter:card" content="summary" />
    <link rel="alternate" type="text/calendar" href="/events/${event.slug}.ics" />
    ${oembedLink(event, config.PUBLIC_ORIGIN, url, title)}
    ${event.busy ? "" : html`<script type="application/ld+json">${raw(jsonLd(event, url))}</script>`}
    <script type="application/json" id="initial-event">${raw(scriptJson({ slug: event.slug, event: found, etag: event.manage ? etagOf({ id: event.id, version: event.manage.version }) : null }))}</script>`;
  const page = inShell(shell, {
    lang: locale,
    title: html`<title>${title} — ${m.site}</title>`,
    // The shell's generic description gives way to the event's own (in `head`, when it has one).
    description: "",
    headEnd: html`${head}\n</head>`,
    app: appRoot(locale, c.req.url, m, body(event, config.PUBLIC_ORIGIN, locale)),
  });
  return c.html(page, 200, { "Cache-Control": cache, Vary: vary });
}
