/**
 * `/events/:slug` rendered on the server: readable without JavaScript, quick for link previews
 * (Open Graph tags) and for search engines (schema.org Event as JSON-LD). The page is the web app's
 * own shell with the event inside; the app then takes over, starting from the same data.
 */
import type { Context } from "hono";
import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { AppEnv } from "../env.ts";
import { googleCalendarLink, outlookCalendarLink } from "../events/add-to-calendar.ts";
import { etagOf } from "../events/events.commands.ts";
import { getEvent } from "../events/events.queries.ts";
import type { EventDetail } from "../events/events.schema.ts";
import { pageText } from "./texts.ts";

const countryNames = new Intl.DisplayNames(["en"], { type: "region" });
const ATTENDANCE = { in_person: "OfflineEventAttendanceMode", online: "OnlineEventAttendanceMode", hybrid: "MixedEventAttendanceMode" } as const;
const STATUS = { tentative: "EventScheduled", confirmed: "EventScheduled", postponed: "EventPostponed", cancelled: "EventCancelled" } as const;

function place(e: EventDetail): string | null {
  const parts = [e.venue, e.city, e.country ? countryNames.of(e.country) : null].filter(Boolean);
  return parts.length ? parts.join(", ") : null;
}

function when(e: EventDetail): string {
  const dates = new Intl.DateTimeFormat("en-GB", { dateStyle: "full", timeZone: "UTC" });
  if (e.allDay) {
    const first = Date.parse(`${e.startsAt}T00:00:00Z`);
    const last = Date.parse(`${e.endsAt}T00:00:00Z`);
    return first === last ? dates.format(first) : dates.formatRange(first, last);
  }
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "full", timeStyle: "short", timeZone: e.timeZone }).formatRange(new Date(e.start), new Date(e.end));
}

/** schema.org Event; `<` is escaped so the JSON cannot close its script element. */
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
    eventAttendanceMode: `https://schema.org/${ATTENDANCE[e.attendanceMode]}`,
    location: [
      ...(where ? [{ "@type": "Place", name: e.venue ?? e.city ?? where, address: { "@type": "PostalAddress", addressLocality: e.city ?? undefined, addressCountry: e.country ?? undefined } }] : []),
      ...(e.onlineUrl ? [{ "@type": "VirtualLocation", url: e.onlineUrl }] : []),
    ],
    organizer: e.organisers.map((o) => ({ "@type": "Organization", name: o.name })),
    url,
    inLanguage: e.languages.length ? e.languages : undefined,
  };
  return JSON.stringify(data).replace(/</g, "\\u003c");
}

function body(e: EventDetail, origin: string): HtmlEscapedString | Promise<HtmlEscapedString> {
  const url = `${origin}/events/${e.slug}`;
  const where = place(e);
  const links = { title: e.title ?? "", allDay: e.allDay, startsAt: e.startsAt, endsAt: e.endsAt, start: e.start, end: e.end, description: e.summary, location: where, url };
  const lead = e.organisers[0];
  return html`<article class="event-detail">
  <p><a href="/month/${e.startsAt.slice(0, 7)}">${pageText("event.back")}</a></p>
  <h1>${e.busy ? pageText("event.busy", { organisation: lead?.shortName ?? lead?.name ?? "" }) : e.title}</h1>
  <p class="event-meta"><span class="status-badge status-${e.status}">${pageText(`status.${e.status}`)}</span>${e.isSample ? html` · <span class="sample-badge">${pageText("event.sample")}</span>` : ""}</p>
  ${e.summary ? html`<p class="event-summary">${e.summary}</p>` : ""}
  <dl class="event-facts">
    <dt>${pageText("event.when")}</dt>
    <dd>${when(e)}${e.allDay ? "" : html`<div class="original-time">${pageText("event.timeZoneNote", { zone: e.timeZone })}</div>`}</dd>
    ${where || e.attendanceMode !== "in_person"
      ? html`<dt>${pageText("event.where")}</dt><dd>${where ?? ""}${e.attendanceMode === "online" ? html`<div>${pageText("event.online")}</div>` : ""}${e.attendanceMode === "hybrid" ? html`<div>${pageText("event.hybrid")}</div>` : ""}</dd>`
      : ""}
    ${e.organisers.length
      ? html`<dt>${pageText("event.organisers")}</dt><dd><ul class="plain">${e.organisers.map((o) => html`<li>${o.name}${o.shortName ? ` (${o.shortName})` : ""}${o.isLead ? html`<span class="lead-note"> — ${pageText("event.lead")}</span>` : ""}</li>`)}</ul></dd>`
      : ""}
  </dl>
  ${e.description ? html`<div class="event-description">${e.description.split(/\n{2,}/).map((p) => html`<p>${p}</p>`)}</div>` : ""}
  ${e.registrationUrl || e.onlineUrl
    ? html`<p class="event-actions">${e.registrationUrl ? html`<a class="button" href="${e.registrationUrl}" rel="noopener noreferrer">${pageText("event.register")}</a>` : ""}${e.onlineUrl ? html` <a class="button" href="${e.onlineUrl}" rel="noopener noreferrer">${pageText("event.joinOnline")}</a>` : ""}</p>`
    : ""}
  ${e.contacts.length
    ? html`<section><h2>${pageText("event.contacts")}</h2><ul class="plain">${e.contacts.map((p) => html`<li>${p.name}${p.title ? `, ${p.title}` : ""}${p.email ? html` — <a href="mailto:${p.email}">${p.email}</a>` : ""}</li>`)}</ul></section>`
    : ""}
  ${e.projects.length
    ? html`<section><h2>${pageText("event.projects")}</h2><ul class="plain">${e.projects.map((p) => html`<li>${p.title}</li>`)}</ul></section>`
    : ""}
  ${e.documents.length
    ? html`<section><h2>${pageText("event.documents")}</h2><ul class="plain">${e.documents.map((d) => html`<li>${d.url ? html`<a href="${d.url}">${d.title}</a>` : d.title}</li>`)}</ul></section>`
    : ""}
  ${e.busy
    ? ""
    : html`<section class="add-to-calendar"><h2>${pageText("event.addToCalendar")}</h2><ul class="plain">
    <li><a href="/events/${e.slug}.ics">${pageText("event.ics")}</a></li>
    <li><a href="${googleCalendarLink(links)}" rel="noopener noreferrer">${pageText("event.google")}</a></li>
    <li><a href="${outlookCalendarLink(links)}" rel="noopener noreferrer">${pageText("event.outlook")}</a></li></ul></section>`}
</article>`;
}

/** The server-rendered event page, or the app shell with a 404 when the viewer may not see it. */
export async function renderEventPage(c: Context<AppEnv>, slug: string): Promise<Response> {
  const shellResponse = await c.env.ASSETS.fetch(new Request(new URL("/", c.req.url)));
  const shell = await shellResponse.text();
  const { config, viewer } = c.var;
  const event = await getEvent(c.var.db, slug, viewer);
  const cache = viewer ? "no-store" : "public, max-age=300";
  if (!event) {
    const page = shell.replace('<div id="app"></div>', `<div id="app"><main id="main"><h1>${pageText("notFound.title")}</h1><p>${pageText("notFound.text")}</p></main></div>`);
    return c.html(page, 404, { "Cache-Control": cache });
  }
  const url = `${config.PUBLIC_ORIGIN}/events/${event.slug}`;
  const lead = event.organisers[0];
  const title = event.busy ? pageText("event.busy", { organisation: lead?.shortName ?? lead?.name ?? "" }) : event.title!;
  const description = event.busy ? "" : (event.summary ?? event.description ?? "").slice(0, 300);
  const head = html`<link rel="canonical" href="${url}" />
    <meta property="og:type" content="website" />
    <meta property="og:site_name" content="${pageText("site.name")}" />
    <meta property="og:title" content="${title}" />
    <meta property="og:url" content="${url}" />
    ${description ? html`<meta property="og:description" content="${description}" /><meta name="description" content="${description}" />` : ""}
    <meta name="twitter:card" content="summary" />
    <link rel="alternate" type="text/calendar" href="/events/${event.slug}.ics" />
    ${event.busy ? "" : raw(`<script type="application/ld+json">${jsonLd(event, url)}</script>`)}
    ${raw(`<script type="application/json" id="initial-event">${JSON.stringify({ slug: event.slug, event, etag: event.manage ? etagOf({ id: event.id, version: event.manage.version }) : null }).replace(/</g, "\\u003c")}</script>`)}`;
  const page = shell
    .replace(/<title>[^<]*<\/title>/, `<title>${await html`${title} — ${pageText("site.name")}`}</title>`)
    .replace(/<meta name="description"[^>]*>/, "")
    .replace("</head>", `${await head}\n</head>`)
    .replace('<div id="app"></div>', `<div id="app"><main id="main">${await body(event, config.PUBLIC_ORIGIN)}</main></div>`);
  return c.html(page, 200, { "Cache-Control": cache, Vary: "Cookie" });
}
