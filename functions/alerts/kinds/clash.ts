/**
 * A clash alert's section: which event now clashes with the recipient's organisation's event and
 * why, both events' links, the publisher's justification, the free-date finder for the event that
 * came later, and the alert's page (to mark it as seen). Cut to what the recipient may see
 * (functions/events/visibility.ts): a busy-only event they may not see in full is "a busy-only
 * event of <organisation>", with only its dates as reasons and no justification.
 */
import { html } from "hono/html";
import { inArray } from "drizzle-orm";
import { events } from "../../../db/schema.ts";
import type { Viewer } from "../../auth/viewer.ts";
import type { Reason } from "../../coordination/clash.ts";
import { loadEvents, type StoredEvent } from "../../events/events.commands.ts";
import { busyTimes, isBusyFor, isListedFor } from "../../events/visibility.ts";
import { htmlString } from "../../http.ts";
import { addDays } from "../../lib/dates.ts";
import { fill } from "../../i18n/messages.ts";
import type { AlertKindRenderer, AlertMailContext } from "../alerts.types.ts";
import { organisationNames, reasonText, whenText } from "./words.ts";

const DAY = 86_400_000;

/** The recipient as a viewer, for the visibility rules. */
const viewerOf = (ctx: AlertMailContext): Viewer => ({
  id: ctx.user.id,
  email: ctx.user.email,
  name: null,
  role: ctx.user.role as Viewer["role"],
  organisations: ctx.user.organisationIds,
  locale: ctx.user.locale,
  sessionId: "",
});

/** The free-date finder with the event's length and circles (only those the reader may see), from tomorrow to two months after it. */
export function finderLink(origin: string, e: StoredEvent, busy: boolean, today: string): string {
  const days = Math.min(14, Math.max(1, Math.ceil((e.row.endUtc - e.row.startUtc) / DAY)));
  const start = new Date(e.row.startUtc).toISOString().slice(0, 10);
  const from = addDays(today, 1);
  const to = addDays(start > from ? start : from, 60);
  const q = new URLSearchParams({ days: String(days), from, to });
  if (!busy) {
    if (e.row.country) q.set("countries", e.row.country);
    if (e.audiences.length) q.set("audiences", e.audiences.join(","));
    if (e.topics.length) q.set("topics", e.topics.join(","));
  }
  return `${origin}/free-dates?${q}`;
}

export const clashRenderer: AlertKindRenderer = {
  async section(alert, _delivery, ctx) {
    if (!alert.otherEventId) return null;
    const ids = [alert.eventId, alert.otherEventId];
    const found = await ctx.memo(`events:${ids.join(",")}`, () => loadEvents(ctx.db, inArray(events.id, ids)));
    const event = found.find((e) => e.row.id === alert.eventId);
    const other = found.find((e) => e.row.id === alert.otherEventId);
    const viewer = viewerOf(ctx);
    if (!event || !other || !isListedFor(event.row, viewer) || !isListedFor(other.row, viewer)) return null;
    const now = ctx.now.getTime();
    if (event.row.endUtc <= now || other.row.endUtc <= now || event.row.status === "cancelled") return null;
    const busy = isBusyFor(event.row, viewer);
    const t = ctx.messages.alerts;
    const language = ctx.language;
    const reasons = ((alert.details.reasons as Reason[] | undefined) ?? []).filter((r) => !busy || r.code === "overlap" || r.code === "near");
    const named = [
      ...[event.row.ownerOrganisationId, other.row.ownerOrganisationId].filter((id): id is string => !!id),
      ...reasons.flatMap((r) => (r.code === "shared_organiser" ? r.values : [])),
    ];
    const names = await ctx.memo(`organisations:${named.join(",")}`, () => organisationNames(ctx.db, named));
    const organisationName = (id: string) => names.get(id) ?? id;
    const owner = event.row.ownerOrganisationId ? organisationName(event.row.ownerOrganisationId) : "—";
    const eventName = busy ? fill(t.busyEvent, { organisation: owner }) : event.row.title;
    const otherOrganisation = other.row.ownerOrganisationId ? organisationName(other.row.ownerOrganisationId) : "—";
    const why = reasons.map((r) => reasonText(r, t, language, organisationName)).filter((w): w is string => !!w);
    const justification = busy ? null : (event.row.clashJustification ?? null);
    // In UTC when busy for the reader (visibility.ts): its zone would tell where it is.
    const eventWhen = whenText(busy ? busyTimes(event.row, event.row.startUtc, event.row.endUtc) : event.row, language);
    const eventUrl = `${ctx.origin}/events/${event.row.slug}`;
    const otherUrl = `${ctx.origin}/events/${other.row.slug}`;
    const finder = finderLink(ctx.origin, event, busy, new Date(now).toISOString().slice(0, 10));
    const ackUrl = `${ctx.origin}/alerts/${alert.id}`;
    const heading = fill(t.clashHeading, { organisation: otherOrganisation });
    const line = fill(t.clashLine, { event: eventName, other: other.row.title });
    const finderText = fill(t.finder, { event: eventName });
    const text = [
      heading,
      "-".repeat(heading.length),
      line,
      "",
      `${t.theEvent}: ${eventName}`,
      `  ${eventWhen}`,
      `  ${eventUrl}`,
      `${t.yourEvent}: ${other.row.title}`,
      `  ${whenText(other.row, language)}`,
      `  ${otherUrl}`,
      "",
      `${t.reasons}:`,
      ...why.map((w) => `* ${w}`),
      "",
      justification ? `${t.justification}: "${justification}"` : t.noJustification,
      "",
      `${finderText}: ${finder}`,
      `${t.acknowledge}: ${ackUrl}`,
    ].join("\n");
    const part = html`<h2 style="font-size:18px;margin:16px 0 4px 0;border-bottom:2px solid #0b5394;">${heading}</h2>
<p style="font-size:15px;">${line}</p>
<p style="font-size:15px;">${t.theEvent}: <a href="${eventUrl}" style="color:#0b5394;">${eventName}</a><br><span style="color:#4a4a4a;font-size:14px;">${eventWhen}</span></p>
<p style="font-size:15px;">${t.yourEvent}: <a href="${otherUrl}" style="color:#0b5394;">${other.row.title}</a><br><span style="color:#4a4a4a;font-size:14px;">${whenText(other.row, language)}</span></p>
<p style="font-size:15px;margin-bottom:0;">${t.reasons}:</p><ul style="font-size:15px;margin-top:4px;">${why.map((w) => html`<li>${w}</li>`)}</ul>
<p style="font-size:15px;">${justification ? html`${t.justification}: <q>${justification}</q>` : t.noJustification}</p>
<p style="font-size:15px;"><a href="${finder}" style="color:#0b5394;">${finderText}</a> · <a href="${ackUrl}" style="color:#0b5394;">${t.acknowledge}</a></p>`;
    return { text, html: htmlString(part), subject: fill(t.clashSubject, { other: other.row.title }) };
  },
};
