/**
 * The section of an alert mail for a change alert (change-alerts.ts): what changed of a followed
 * event, before → after, or that a new event appeared under what the person follows; the event's
 * link and the one-click link that ends the follow behind it. Written when the mail is, so what
 * the recipient may see is decided then (functions/events/visibility.ts): nothing for an event
 * they may no longer list, and of a busy-only event only its dates and status.
 */
import { eq } from "drizzle-orm";
import { html } from "hono/html";
import { events, follows, organisations } from "../../../db/schema.ts";
import type { Viewer } from "../../auth/viewer.ts";
import { busyTimes, isBusyFor, isListedFor } from "../../events/visibility.ts";
import { htmlString } from "../../http.ts";
import { intlLocale, toLocale } from "../../i18n/locales.ts";
import { fill, messagesFor } from "../../i18n/messages.ts";
import { zonedToUtc } from "../../lib/time.ts";
import type { AlertKindRenderer, AlertMailContext, StoredAlert } from "../alerts.types.ts";
import { BUSY_VISIBLE, type ChangeDetails, type ChangedField, type DateValue } from "../change-alerts.ts";
import { followName } from "../follow-names.ts";

type Texts = ReturnType<typeof messagesFor>["follows"];

/** An event's dates in its own time zone, in `language`; all-day events by their dates. */
export function eventDates(d: DateValue, language: string): string {
  const locale = intlLocale(toLocale(language) ?? "en");
  if (d.allDay) {
    const f = new Intl.DateTimeFormat(locale, { weekday: "short", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
    const start = new Date(`${d.startsAt.slice(0, 10)}T00:00:00Z`);
    const end = new Date(`${d.endsAt.slice(0, 10)}T00:00:00Z`);
    return end > start ? f.formatRange(start, end) : f.format(start);
  }
  const f = new Intl.DateTimeFormat(locale, {
    weekday: "short",
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: d.timeZone,
    timeZoneName: "short",
  });
  return f.formatRange(new Date(zonedToUtc(d.startsAt, d.timeZone)), new Date(zonedToUtc(d.endsAt, d.timeZone)));
}

/** One field's value in words. */
function valueText(field: ChangedField, value: unknown, t: Texts, language: string, busy: boolean): string {
  if (value === null || value === undefined || value === "") return t.none;
  // Dates of an event busy for the reader are in UTC (visibility.ts): its zone would tell where it is.
  if (field === "dates") return eventDates(busy ? busyTimes(value as DateValue) : (value as DateValue), language);
  if (field === "status") return t.status[value as keyof Texts["status"]] ?? String(value);
  if (field === "attendanceMode") return t.attendance[value as keyof Texts["attendance"]] ?? String(value);
  if (field === "country") return new Intl.DisplayNames([language], { type: "region" }).of(String(value)) ?? String(value);
  return String(value);
}

const asViewer = (u: AlertMailContext["user"]): Viewer => ({
  id: u.id,
  email: u.email,
  name: null,
  role: u.role as Viewer["role"],
  organisations: u.organisationIds,
  locale: u.locale,
  sessionId: "",
});

const FIELD_ORDER: ChangedField[] = ["dates", "status", "venue", "city", "country", "onlineUrl", "attendanceMode"];

export const changeRenderer: AlertKindRenderer = {
  async section(alert: StoredAlert, delivery: { followId: string | null }, ctx: AlertMailContext) {
    // A delivery whose follow has ended since is not sent: the person asked for no more.
    if (!delivery.followId) return null;
    const [follow] = await ctx.db.select({ kind: follows.kind, target: follows.target }).from(follows).where(eq(follows.id, delivery.followId));
    if (!follow) return null;
    const [row] = await ctx.db
      .select({
        title: events.title,
        slug: events.slug,
        moderation: events.moderation,
        visibility: events.visibility,
        ownerOrganisationId: events.ownerOrganisationId,
        organisation: organisations.name,
        startsAt: events.startsAt,
        endsAt: events.endsAt,
        allDay: events.allDay,
        timeZone: events.timeZone,
        venue: events.venue,
        city: events.city,
        country: events.country,
      })
      .from(events)
      .leftJoin(organisations, eq(organisations.id, events.ownerOrganisationId))
      .where(eq(events.id, alert.eventId));
    const viewer = asViewer(ctx.user);
    if (!row || !isListedFor(row, viewer)) return null;
    const busy = isBusyFor(row, viewer);
    const t = messagesFor(ctx.language).follows;
    const details = alert.details as ChangeDetails;
    if (details.new && busy) return null;
    const title = busy ? fill(t.busy, { organisation: row.organisation ?? "" }) : row.title;

    const lines: { label: string; text: string }[] = [];
    if (details.new) {
      lines.push({ label: t.fields.dates, text: eventDates(row, ctx.language) });
      const country = row.country ? new Intl.DisplayNames([ctx.language], { type: "region" }).of(row.country) : null;
      const where = [row.venue, row.city, country].filter(Boolean).join(", ");
      if (where) lines.push({ label: t.where, text: where });
    } else {
      for (const field of FIELD_ORDER) {
        const change = details.changes?.[field];
        if (!change || (busy && !(BUSY_VISIBLE as readonly string[]).includes(field))) continue;
        const [was, is] = [valueText(field, change.before, t, ctx.language, busy), valueText(field, change.after, t, ctx.language, busy)];
        // The same text both sides (a zone change told in UTC, which it leaves as it was) is no news.
        if (was !== is) lines.push({ label: t.fields[field], text: `${was} → ${is}` });
      }
      if (!lines.length) return null;
    }

    const heading = fill(details.new ? t.added : t.changed, { title });
    const link = `${ctx.origin}/events/${row.slug}`;
    const unfollowLink = await ctx.unfollowLink(delivery.followId);
    const unfollowText = fill(t.unfollow, { what: await followName(ctx.db, ctx.language, follow.kind, follow.target, viewer) });
    const text = [heading, ...lines.map((l) => `${l.label}: ${l.text}`), `${t.open}: ${link}`, `${unfollowText}: ${unfollowLink}`].join("\n");
    const fragment = html`<section class="alert-change"><h2>${heading}</h2><ul>${lines.map(
      (l) => html`<li><strong>${l.label}:</strong> ${l.text}</li>`,
    )}</ul><p><a href="${link}">${t.open}</a></p><p><a href="${unfollowLink}">${unfollowText}</a></p></section>`;
    return { text, html: htmlString(fragment) };
  },
};
