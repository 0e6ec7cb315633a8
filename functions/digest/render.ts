/**
 * The words of a digest: a subscriber's selection (./select.ts) as sections of lines, written out
 * as the mail's plain-text part and its HTML part.
 */
import { html } from "hono/html";
import { intlLocale, toLocale } from "../i18n/locales.ts";
import { htmlString } from "../http.ts";
import { BoundedCache } from "../lib/bounded-cache.ts";
import { mondayOf } from "../lib/dates.ts";
import type { DigestEvent, Subscription } from "./load.ts";
import { type DigestSelection, listedEnd, listedStart } from "./select.ts";
import { type DigestTexts, fill, plural } from "./texts.ts";

export interface DigestSection {
  heading: string;
  lines: { text: string; url?: string; mark?: string; warn?: boolean; detail?: string }[];
}

/** Where the digest's links lead and the subscriber's own signed links. */
export interface RenderLinks {
  origin: string;
  manageUrl: string;
  unsubscribeUrl: string;
}

/** Date formats by language; English readers in Europe expect day-month order and a 24-hour clock. */
export const localeOf = (language: string) => intlLocale(toLocale(language) ?? "en");

/** The digest's sections: the listed events by week, a link to the rest, new clashes, new documents. */
export function digestSections(s: Subscription, t: DigestTexts, chosen: DigestSelection, origin: string): DigestSection[] {
  const { from, matching, listed, fresh, clashes, documents } = chosen;
  const url = (slug: string) => `${origin}/events/${slug}`;
  const line = (e: DigestEvent) => ({
    text: e.title,
    url: url(e.slug),
    // Status changes first; otherwise events published since the subscriber's last digest are new.
    mark: e.status === "cancelled" ? t.cancelled : e.status === "postponed" ? t.postponed : fresh.has(e.id) ? t.new : undefined,
    warn: e.status === "cancelled" || e.status === "postponed",
    detail: [when(e, s.timeZone, s.language), place(e, t, s.language), e.organisers.map((o) => o.name).join(", ")].filter(Boolean).join(" · "),
  });
  const sections: DigestSection[] = [];
  const byWeek = new Map<string, DigestEvent[]>();
  for (const e of listed) {
    const key = mondayOf(listedStart(e) < from ? from : listedStart(e), s.timeZone);
    byWeek.set(key, [...(byWeek.get(key) ?? []), e]);
  }
  for (const [week, list] of byWeek) sections.push({ heading: fill(t.weekOf, { date: longDate(week, s.language) }), lines: list.map(line) });
  if (matching.length > listed.length)
    sections.push({
      heading: t.moreHeading,
      lines: [
        {
          text: plural(s.language, t.more, matching.length - listed.length),
          url: `${origin}/list/${new Date(listedStart(listed[listed.length - 1])).toISOString().slice(0, 7)}`,
        },
      ],
    });
  if (clashes.length)
    sections.push({ heading: t.clashes, lines: clashes.map(([a, b]) => ({ text: fill(t.clashLine, { a: a.title, b: b.title }), url: url(a.slug) })) });
  if (documents.length) sections.push({ heading: t.documents, lines: documents.map((d) => ({ text: d.title, url: `${origin}/documents/${d.slug}` })) });
  return sections;
}

/**
 * Formatters by language and zone, made once: building an Intl formatter costs far more than
 * using it, and a run formats thousands of dates in a few languages and zones.
 */
const dateFormats = new BoundedCache<string, Intl.DateTimeFormat>(256);
const regionNames = new BoundedCache<string, Intl.DisplayNames>(32);

function dateFormat(kind: "long" | "day" | "time", language: string, zone: string): Intl.DateTimeFormat {
  return dateFormats.getOrSet(`${kind}|${language}|${zone}`, () => {
    const locale = localeOf(language);
    if (kind === "long") return new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
    if (kind === "day") return new Intl.DateTimeFormat(locale, { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" });
    return new Intl.DateTimeFormat(locale, {
      weekday: "short",
      day: "numeric",
      month: "short",
      hour: "2-digit",
      minute: "2-digit",
      timeZone: zone,
      timeZoneName: "short",
    });
  });
}

function longDate(date: string, language: string): string {
  return dateFormat("long", language, "UTC").format(new Date(`${date}T00:00:00Z`));
}

/** Dates in the subscriber's zone; all-day events by their own dates. */
function when(e: DigestEvent, zone: string, language: string): string {
  if (e.allDay) {
    const day = dateFormat("day", language, "UTC");
    const start = e.listedStartUtc !== undefined ? new Date(e.listedStartUtc) : new Date(`${e.startsAt}T00:00:00Z`);
    const endDay = e.rrule ? start : new Date(`${e.endsAt}T00:00:00Z`);
    return endDay.getTime() > start.getTime() ? `${day.format(start)} – ${day.format(endDay)}` : day.format(start);
  }
  return dateFormat("time", language, zone).formatRange(new Date(listedStart(e)), new Date(listedEnd(e)));
}

function place(e: DigestEvent, t: DigestTexts, language: string): string {
  const country = e.country ? regionNames.getOrSet(language, () => new Intl.DisplayNames([language], { type: "region" })).of(e.country) : null;
  const parts = [e.venue, e.city, country].filter(Boolean);
  return parts.length ? parts.join(", ") : e.onlineUrl ? t.online : "";
}

/** The mail's plain-text part. */
export function plainText(t: DigestTexts, sections: DigestSection[], nothing: boolean, attached: boolean, links: RenderLinks): string {
  const out = [t.intro, ""];
  if (nothing) out.push(t.empty, "");
  for (const s of sections) {
    out.push(s.heading, "-".repeat(s.heading.length));
    for (const l of s.lines) {
      out.push(`* ${l.mark ? `[${l.mark}] ` : ""}${l.text}`);
      if (l.detail) out.push(`  ${l.detail}`);
      if (l.url) out.push(`  ${l.url}`);
    }
    out.push("");
  }
  if (attached) out.push(t.attachment, "");
  out.push("--", t.footer, `${t.manage}: ${links.manageUrl}`, `${t.unsubscribe}: ${links.unsubscribeUrl}`);
  return out.join("\n");
}

const FONT = "font-family:Segoe UI,Helvetica,Arial,sans-serif;";

function sectionRows(s: DigestSection) {
  return html`<tr><td class="fg" style="${FONT}padding:16px 0 4px 0;font-size:18px;font-weight:bold;color:#1a1a1a;border-bottom:2px solid #0b5394;">${s.heading}</td></tr>${s.lines.map(
    (l) =>
      html`<tr><td class="fg" style="${FONT}padding:8px 0;font-size:15px;line-height:1.4;color:#1a1a1a;">${l.mark ? html`<strong class="${l.warn ? "warn" : "ok"}" style="color:${l.warn ? "#a61b1b" : "#1b6b3a"};">${l.mark}</strong> ` : ""}${l.url ? html`<a class="ln" href="${l.url}" style="color:#0b5394;text-decoration:underline;">${l.text}</a>` : l.text}${l.detail ? html`<br><span class="muted" style="color:#4a4a4a;font-size:14px;">${l.detail}</span>` : ""}</td></tr>`,
  )}`;
}

/**
 * The mail's HTML part, for mail clients: tables and inline styles, no scripts, no external
 * images. Dark mode: a `prefers-color-scheme` block for clients that honour it (Apple Mail,
 * Outlook apps), and `color-scheme` so that clients which recolour (Gmail, Outlook.com) may.
 */
export function htmlPart(
  t: DigestTexts,
  subject: string,
  sections: DigestSection[],
  nothing: boolean,
  attached: boolean,
  links: RenderLinks,
  language: string,
): string {
  return htmlString(html`<!DOCTYPE html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="color-scheme" content="light dark"><meta name="supported-color-schemes" content="light dark"><title>${subject}</title>
<style>@media (prefers-color-scheme: dark) { .bg { background:#121212 !important; } .fg { color:#f0f0f0 !important; } .muted { color:#c8c8c8 !important; } .ln { color:#8ab4f8 !important; } .warn { color:#ff8a80 !important; } .ok { color:#81c995 !important; } }</style></head>
<body class="bg" style="margin:0;padding:0;background:#ffffff;">
<table role="presentation" class="bg" width="100%" cellpadding="0" cellspacing="0" border="0"><tr><td align="center" style="padding:16px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;width:100%;">
<tr><td class="fg" style="${FONT}font-size:15px;color:#1a1a1a;padding-bottom:8px;">${t.intro}</td></tr>
${nothing ? html`<tr><td class="fg" style="${FONT}font-size:15px;color:#1a1a1a;padding:8px 0;">${t.empty}</td></tr>` : ""}${sections.map(sectionRows)}
${attached ? html`<tr><td class="muted" style="${FONT}font-size:14px;color:#4a4a4a;padding:16px 0;">${t.attachment}</td></tr>` : ""}
<tr><td class="muted" style="${FONT}font-size:13px;color:#4a4a4a;padding-top:24px;border-top:1px solid #cccccc;">${t.footer}<br><a class="ln" href="${links.manageUrl}" style="color:#0b5394;">${t.manage}</a> · <a class="ln" href="${links.unsubscribeUrl}" style="color:#0b5394;">${t.unsubscribe}</a></td></tr>
</table></td></tr></table>
</body></html>`);
}
