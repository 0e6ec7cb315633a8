/**
 * A review alert's section: an item that entered the review queue, with its organisation and the
 * clash radar's severity, and the link to the queue. Nothing about who submitted it: the queue
 * shows that to those signed in. Skipped when the item no longer waits (it was reviewed before
 * the batch went out).
 */
import { eq } from "drizzle-orm";
import { html } from "hono/html";
import { events, organisations } from "../../../db/schema.ts";
import type { EventInput } from "../../events/events.input.ts";
import { htmlString } from "../../http.ts";
import { fill } from "../../i18n/messages.ts";
import type { AlertKindRenderer } from "../alerts.types.ts";
import { severityText } from "./words.ts";

export const reviewRenderer: AlertKindRenderer = {
  async section(alert, _delivery, ctx) {
    const [row] = await ctx.db
      .select({ title: events.title, moderation: events.moderation, pending: events.pendingChanges, organisation: organisations.name })
      .from(events)
      .leftJoin(organisations, eq(organisations.id, events.ownerOrganisationId))
      .where(eq(events.id, alert.eventId));
    if (!row || (row.moderation !== "pending" && row.pending === null)) return null;
    const t = ctx.messages.alerts;
    const title = (row.pending as EventInput | null)?.title ?? row.title;
    const line = fill(t.reviewLine, { title, organisation: row.organisation ?? "—", severity: severityText(t, alert.severity) });
    const link = `${ctx.origin}/review`;
    return {
      text: `* ${line}\n  ${link}`,
      html: htmlString(html`<li style="font-size:15px;margin:4px 0;"><a href="${link}" style="color:#0b5394;">${line}</a></li>`),
      subject: fill(ctx.messages.mail.reviewWaitingSubject, { title }),
    };
  },
};
