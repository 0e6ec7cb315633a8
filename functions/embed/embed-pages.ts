/**
 * The iframe pages for partners' websites whose CMS strips scripts: `/embed/calendar` (upcoming
 * events, the same filters as <nd-calendar>) and `/embed/events/:slug` (one event). Standalone
 * documents with an external style sheet and script (/embed.js, which tells the parent page the
 * content's height), links opening on the calendar itself in the top window.
 */
import { html } from "hono/html";
import type { EventDetail, EventSummary } from "../events/events.schema.ts";
import type { FieldIssue } from "../errors.ts";
import type { Html } from "../http.ts";
import { intlLocale, type Locale } from "../i18n/locales.ts";
import { messagesFor } from "../i18n/messages.ts";

/** When an event happens, in the reader's language (timed events in their own time zone). */
export function embedWhen(e: Pick<EventSummary, "allDay" | "startsAt" | "endsAt" | "start" | "end" | "timeZone">, locale: Locale): string {
  const tag = intlLocale(locale);
  if (e.allDay) {
    const dates = new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeZone: "UTC" });
    const first = Date.parse(`${e.startsAt}T00:00:00Z`);
    const last = Date.parse(`${e.endsAt}T00:00:00Z`);
    return first === last ? dates.format(first) : dates.formatRange(first, last);
  }
  return new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeStyle: "short", timeZone: e.timeZone }).formatRange(new Date(e.start), new Date(e.end));
}

/** City and country, in the reader's language. */
export function embedPlace(e: Pick<EventSummary, "city" | "country">, locale: Locale): string {
  const country = e.country ? new Intl.DisplayNames([intlLocale(locale)], { type: "region" }).of(e.country) : null;
  return [e.city, country].filter(Boolean).join(", ");
}

/** A status word where it matters (never colour alone): tentative, postponed, cancelled. */
function statusNote(e: EventSummary, locale: Locale): Html | string {
  if (e.status === "confirmed") return "";
  return html`<span class="nd-status nd-status-${e.status}">${messagesFor(locale).page[e.status]}</span> `;
}

/** The frame's colours: light (the default), dark, or as the reader's device is set (`auto`). */
export const FRAME_THEMES = ["light", "dark", "auto"] as const;
export type FrameTheme = (typeof FRAME_THEMES)[number];

function documentOf(locale: Locale, title: string, content: Html, theme: FrameTheme): Html {
  return html`<!doctype html>
<html lang="${locale}" data-nd-embed-frame="" data-theme="${theme}">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<meta name="robots" content="noindex" />
<title>${title}</title>
<link rel="stylesheet" href="/embed-frame.css" />
<script src="/embed.js" defer></script>
</head>
<body>
<main class="nd-embed">${content}</main>
</body>
</html>`;
}

/** The list page: a heading, the events as a list, a link to the whole calendar. */
export function calendarFrame(events: EventSummary[], origin: string, calendarUrl: string, locale: Locale, theme: FrameTheme): Html {
  const m = messagesFor(locale);
  const items = events.map(
    (e) => html`<li class="nd-event">
  <h2 class="nd-title"><a href="${origin}/events/${e.slug}" target="_top">${e.title}</a></h2>
  <p class="nd-when">${statusNote(e, locale)}<time datetime="${e.allDay ? e.startsAt : e.start}">${embedWhen(e, locale)}</time></p>
  ${embedPlace(e, locale) ? html`<p class="nd-where">${embedPlace(e, locale)}</p>` : ""}
</li>`,
  );
  const body = html`<h1 class="nd-heading">${m.embed.heading}</h1>
${events.length ? html`<ul class="nd-events">${items}</ul>` : html`<p class="nd-empty">${m.embed.empty}</p>`}
<p class="nd-more"><a href="${calendarUrl}" target="_top">${m.embed.more}</a></p>`;
  return documentOf(locale, m.embed.frameTitle, body, theme);
}

/** One event: title, when, where, its summary and a link to its page on the calendar. */
export function eventFrame(e: EventDetail, origin: string, locale: Locale, theme: FrameTheme): Html {
  const m = messagesFor(locale);
  const where = embedPlace(e, locale);
  const body = html`<article class="nd-event nd-single">
  <h1 class="nd-title">${e.title}</h1>
  <p class="nd-when">${statusNote(e, locale)}<time datetime="${e.allDay ? e.startsAt : e.start}">${embedWhen(e, locale)}</time></p>
  ${where ? html`<p class="nd-where">${where}</p>` : ""}
  ${e.attendanceMode === "online" ? html`<p>${m.page.online}</p>` : e.attendanceMode === "hybrid" ? html`<p>${m.page.hybrid}</p>` : ""}
  ${e.summary ? html`<p class="nd-summary">${e.summary}</p>` : ""}
  <p class="nd-more"><a href="${origin}/events/${e.slug}" target="_top">${m.embed.details}</a></p>
</article>`;
  return documentOf(locale, e.title ?? m.embed.frameTitle, body, theme);
}

/** The frame for an event that is not (or no longer) public: the calendar's own "not found" words. */
export function notFoundFrame(origin: string, locale: Locale, theme: FrameTheme): Html {
  const m = messagesFor(locale);
  const body = html`<h1 class="nd-heading">${m.page.notFoundTitle}</h1>
<p>${m.page.notFoundText}</p>
<p class="nd-more"><a href="${origin}/" target="_top">${m.embed.more}</a></p>`;
  return documentOf(locale, m.page.notFoundTitle, body, theme);
}

/**
 * The frame for settings that are not valid (a mistyped filter in the pasted code): inside a
 * partner's page the webmaster reads the field and its rule in words, not an error object.
 */
export function badSettingsFrame(issues: FieldIssue[], origin: string, locale: Locale): Html {
  const m = messagesFor(locale);
  const body = html`<h1 class="nd-heading">${m.embed.badSettings}</h1>
<ul class="nd-issues">${issues.map((i) => html`<li><code>${i.field}</code>: ${i.rule}</li>`)}</ul>
<p class="nd-more"><a href="${origin}/on-your-website" target="_top">${m.embed.more}</a></p>`;
  return documentOf(locale, m.embed.badSettings, body, "light");
}
