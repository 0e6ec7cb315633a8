/**
 * Alerts for people (issue 16).
 *
 * API (functions/auth/policy.ts): `GET /api/alerts` — clash alerts, newest first, paged:
 * coordinators see all of them with who acknowledged each, a partner those to their
 * organisations; `GET /api/alerts/:id`; `POST /api/alerts/:id/acknowledge` — a member of the
 * told organisation or a coordinator marks it seen (idempotent; logged once). What each alert
 * shows of the events is cut by functions/events/visibility.ts, as in the mail.
 *
 * Pages: `/alerts/stop?token=…` (signed "alerts-off" over the user id, the mail's footer link and
 * its List-Unsubscribe): a GET only asks, through a form; the POST (the form's, or a mail
 * client's RFC 8058 one-click) turns all alerts off, idempotently.
 */
import { and, count, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { Hono, type Context } from "hono";
import { html } from "hono/html";
import { z } from "zod";
import { digits, queryOf } from "../validation.ts";
import { alertRecipients, alerts, events, organisations, users } from "../../db/schema.ts";
import { auditIf } from "../audit/audit.ts";
import { isCoordinator, isMemberOf, type Viewer } from "../auth/viewer.ts";
import type { Reason } from "../coordination/clash.ts";
import type { Database } from "../db/client.ts";
import { verifyLink } from "../digest/links.ts";
import { digestPage } from "../digest/pages.ts";
import type { AppEnv } from "../env.ts";
import { ApiError, invalidInput } from "../errors.ts";
import { busyTimes, isBusyFor, isListedFor } from "../events/visibility.ts";
import { negotiateLocale } from "../i18n/locales.ts";
import { messagesFor } from "../i18n/messages.ts";
import { requestLocale, langQuery } from "../i18n/request.ts";

export const alertsQuerySchema = z.object({
  page: digits(
    z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(1, "must be at least 1").max(1000, "must be at most 1000"),
  ).default(1),
  limit: digits(
    z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(1, "must be at least 1").max(100, "must be at most 100"),
  ).default(25),
});

export interface AlertEventView {
  slug: string;
  /** Null for a busy-only event the viewer may not see in full. */
  title: string | null;
  busy: boolean;
  organisation: string | null;
  allDay: boolean;
  startsAt: string;
  endsAt: string;
  timeZone: string;
}

export interface AlertView {
  id: string;
  createdAt: string;
  severity: string | null;
  organisation: { id: string; name: string } | null;
  event: AlertEventView;
  other: AlertEventView | null;
  reasons: Reason[];
  justification: string | null;
  acknowledgedAt: string | null;
  /** Coordinators only: the name (or address) of who acknowledged it. */
  acknowledgedBy: string | null;
}

export interface AlertsPage {
  items: AlertView[];
  total: number;
  page: number;
  limit: number;
}

/** The alerts a viewer may see: all clash alerts for coordinators, their organisations' for partners. */
function visibleTo(viewer: Viewer): SQL {
  const clash = eq(alerts.kind, "clash");
  if (isCoordinator(viewer)) return clash;
  return viewer.organisations.length ? and(clash, inArray(alerts.organisationId, viewer.organisations))! : sql`0 = 1`;
}

async function views(db: Database, viewer: Viewer, rows: (typeof alerts.$inferSelect)[]): Promise<AlertView[]> {
  const eventIds = [...new Set(rows.flatMap((r) => [r.eventId, r.otherEventId].filter((id): id is string => !!id)))];
  const eventRows = eventIds.length
    ? await db
        .select({
          id: events.id,
          slug: events.slug,
          title: events.title,
          moderation: events.moderation,
          visibility: events.visibility,
          ownerOrganisationId: events.ownerOrganisationId,
          organisation: organisations.name,
          allDay: events.allDay,
          startsAt: events.startsAt,
          endsAt: events.endsAt,
          timeZone: events.timeZone,
          justification: events.clashJustification,
        })
        .from(events)
        .leftJoin(organisations, eq(organisations.id, events.ownerOrganisationId))
        .where(inArray(events.id, eventIds))
    : [];
  const byId = new Map(eventRows.map((e) => [e.id, e]));
  const orgIds = [...new Set(rows.map((r) => r.organisationId).filter((id): id is string => !!id))];
  const orgs = orgIds.length
    ? await db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(inArray(organisations.id, orgIds))
    : [];
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  const ackIds = [...new Set(rows.map((r) => r.acknowledgedBy).filter((id): id is string => !!id))];
  const ackers =
    isCoordinator(viewer) && ackIds.length
      ? await db
          .select({ id: users.id, name: sql<string>`coalesce(${users.name}, ${users.email})` })
          .from(users)
          .where(inArray(users.id, ackIds))
      : [];
  const ackName = new Map(ackers.map((u) => [u.id, u.name]));
  const view = (id: string | null): (AlertEventView & { justification: string | null }) | null => {
    const e = id ? byId.get(id) : undefined;
    if (!e || !isListedFor(e, viewer)) return null;
    const busy = isBusyFor(e, viewer);
    const times = { allDay: e.allDay, startsAt: e.startsAt, endsAt: e.endsAt, timeZone: e.timeZone };
    return {
      slug: e.slug,
      title: busy ? null : e.title,
      busy,
      organisation: e.organisation,
      // In UTC when busy for the viewer (visibility.ts): its zone would tell where it is.
      ...(busy ? busyTimes(times) : times),
      justification: busy ? null : e.justification,
    };
  };
  const out: AlertView[] = [];
  for (const r of rows) {
    const event = view(r.eventId);
    if (!event) continue;
    const { justification, ...shown } = event;
    const other = view(r.otherEventId);
    // Of an event busy for the viewer only its dates are told: the reasons its details gave, and
    // the severity they added up to (an alert recorded while it was still public), are not.
    const hidden = event.busy || Boolean(other?.busy);
    const reasons = ((r.details.reasons as Reason[] | undefined) ?? []).filter((x) => !hidden || x.code === "overlap" || x.code === "near");
    out.push({
      id: r.id,
      createdAt: r.createdAt,
      severity: hidden ? null : r.severity,
      organisation: r.organisationId ? { id: r.organisationId, name: orgName.get(r.organisationId) ?? r.organisationId } : null,
      event: shown,
      other: other ? (({ justification: _, ...o }) => o)(other) : null,
      reasons,
      justification,
      acknowledgedAt: r.acknowledgedAt,
      acknowledgedBy: r.acknowledgedBy ? (ackName.get(r.acknowledgedBy) ?? null) : null,
    });
  }
  return out;
}

/** One alert the viewer may see, or a 404 that does not tell whether it exists. */
async function alertFor(c: Context<AppEnv>): Promise<typeof alerts.$inferSelect> {
  const id = c.req.param("id") ?? "";
  const notFound = new ApiError(404, "not_found", `No alert has the id ${id.slice(0, 40)}`);
  if (!/^[0-9a-f]{32}$/.test(id)) throw notFound;
  const viewer = c.var.viewer!;
  const [row] = await c.var.db
    .select()
    .from(alerts)
    .where(and(eq(alerts.id, id), visibleTo(viewer)));
  if (!row || (!isCoordinator(viewer) && !isMemberOf(viewer, row.organisationId))) throw notFound;
  return row;
}

export const alertRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const parsed = alertsQuerySchema.safeParse(queryOf(c));
    if (!parsed.success) throw invalidInput(parsed.error);
    const { page, limit } = parsed.data;
    const viewer = c.var.viewer!;
    const where = visibleTo(viewer);
    const [rows, [{ total }]] = await c.var.db.batch([
      c.var.db
        .select()
        .from(alerts)
        .where(where)
        .orderBy(desc(alerts.createdAt), desc(alerts.id))
        .limit(limit)
        .offset((page - 1) * limit),
      c.var.db.select({ total: count() }).from(alerts).where(where),
    ]);
    c.header("Cache-Control", "no-store");
    return c.json({ items: await views(c.var.db, viewer, rows), total, page, limit } satisfies AlertsPage);
  })
  .get("/:id", async (c) => {
    const row = await alertFor(c);
    const [view] = await views(c.var.db, c.var.viewer!, [row]);
    if (!view) throw new ApiError(404, "not_found", "No alert has this id");
    c.header("Cache-Control", "no-store");
    return c.json(view);
  })
  .post("/:id/acknowledge", async (c) => {
    const row = await alertFor(c);
    const { db, viewer, now } = c.var;
    const at = now.toISOString();
    // Acknowledging again changes nothing, so it is neither written nor logged again.
    await db.batch([
      auditIf(
        db,
        { actorId: viewer!.id, action: "clash.acknowledge", entity: "event", entityId: row.eventId, after: { with: row.otherEventId, alert: row.id } },
        sql`EXISTS (SELECT 1 FROM ${alerts} WHERE ${alerts.id} = ${row.id} AND ${alerts.acknowledgedAt} IS NULL)`,
      ),
      db
        .update(alerts)
        .set({ acknowledgedAt: at, acknowledgedBy: viewer!.id })
        .where(and(eq(alerts.id, row.id), sql`${alerts.acknowledgedAt} IS NULL`)),
    ]);
    const [fresh] = await db.select().from(alerts).where(eq(alerts.id, row.id));
    const [view] = await views(db, viewer!, [fresh]);
    return c.json(view);
  });

async function stopUser(c: Context<AppEnv>) {
  const id = await verifyLink(c.var.config.LINK_SECRET, "alerts-off", c.req.query("token"));
  const [user] = id ? await c.var.db.select({ id: users.id, locale: users.locale }).from(users).where(eq(users.id, id)) : [];
  return user ?? null;
}

function stopPage(c: Context<AppEnv>, user: { locale: string | null } | null, state: "ask" | "stopped", status: 200 | 404 = 200) {
  const language = negotiateLocale([langQuery(c), user?.locale ?? requestLocale(c)]);
  const t = messagesFor(language).alerts;
  if (!user) return c.html(digestPage(t.linkInvalidTitle, html`<p>${t.linkInvalid}</p>`, language, c.req.url), 404);
  if (state === "stopped") return c.html(digestPage(t.stoppedTitle, html`<p>${t.stopped}</p>`, language, c.req.url), status);
  return c.html(digestPage(t.stopTitle, html`<form method="post"><p>${t.stopAsk}</p><button type="submit">${t.stop}</button></form>`, language, c.req.url));
}

export const alertPageRoutes = new Hono<AppEnv>()
  .get("/alerts/stop", async (c) => {
    const user = await stopUser(c);
    if (!user) return stopPage(c, null, "ask");
    const [row] = await c.var.db.select({ pausedAt: alertRecipients.pausedAt }).from(alertRecipients).where(eq(alertRecipients.userId, user.id));
    return stopPage(c, user, row?.pausedAt ? "stopped" : "ask");
  })
  .post("/alerts/stop", async (c) => {
    const user = await stopUser(c);
    if (!user) return stopPage(c, null, "ask");
    const at = c.var.now.toISOString();
    await c.var.db
      .insert(alertRecipients)
      .values({ userId: user.id, pausedAt: at })
      .onConflictDoUpdate({ target: alertRecipients.userId, set: { pausedAt: sql`coalesce(${alertRecipients.pausedAt}, ${at})` } });
    return stopPage(c, user, "stopped");
  });
