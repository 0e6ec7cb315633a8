/**
 * `/api/webhooks`: an organisation's partners (coordinators: any organisation's) register https
 * endpoints for the topics that concern it, switch them off and on, change their address or
 * topics, remove them, read each one's delivery log and send it a signed ping. The signing secret
 * is made here and shown once, in the answer to the creation. An endpoint the viewer may not
 * manage is a 404, as if it did not exist. The cron does the sending (./outbox.ts).
 */
import { and, asc, count, desc, eq, inArray, sql } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { WEBHOOK_TOPICS } from "../../db/enums.ts";
import { organisations, webhookDeliveries, webhookEndpoints } from "../../db/schema.ts";
import { audit, auditIf, diff } from "../audit/audit.ts";
import { isCoordinator, isMemberOf, type Viewer } from "../auth/viewer.ts";
import type { AppEnv } from "../env.ts";
import { ApiError, fieldError, invalidInput } from "../errors.ts";
import { refusalOf } from "../import/safe-fetch.ts";
import { guard, onGuardFailure } from "../db/guard.ts";
import { id, parseBody, patchSchema, queryOf } from "../validation.ts";
import { payloadOf } from "./enqueue.ts";
import { attempt, type Delivery } from "./outbox.ts";
import { newSecret } from "./signature.ts";

export const MAX_ENDPOINTS_PER_ORGANISATION = 5;
/** The delivery log shows the newest deliveries, at most this many. */
export const MAX_LOG_ROWS = 50;

const topics = z
  .array(z.enum(WEBHOOK_TOPICS, { error: `must be one of ${WEBHOOK_TOPICS.join(", ")}` }), { error: "must be a list of topics" })
  .min(1, "must name at least one topic")
  .max(WEBHOOK_TOPICS.length, `must name at most ${WEBHOOK_TOPICS.length} topics`)
  .refine((t) => new Set(t).size === t.length, { error: "must not name a topic twice" });
const url = z.string({ error: "is required" }).trim().min(1, "is required").max(2000, "must be at most 2000 characters");

export const webhookSchema = z.object({ organisationId: id("must be an organisation id"), url, topics }).strict();
export const webhookPatchSchema = patchSchema(z.object({ url, topics, enabled: z.boolean({ error: "must be true or false" }) }));
export const webhookQuery = z.object({ organisationId: id("must be an organisation id").optional() }).strict();

type Endpoint = typeof webhookEndpoints.$inferSelect;

/** What an endpoint shows its owners: never the secret. */
function view(e: Endpoint, organisationName: string | null) {
  return {
    id: e.id,
    organisationId: e.organisationId,
    organisationName,
    url: e.url,
    topics: e.topics,
    enabled: e.disabledAt === null,
    createdAt: e.createdAt,
    consecutiveFailures: e.consecutiveFailures,
    lastDeliveryAt: e.lastDeliveryAt,
    lastStatus: e.lastStatus,
    lastResponse: e.lastResponse,
    disabledAt: e.disabledAt,
    disabledReason: e.disabledReason,
  };
}
export type WebhookView = ReturnType<typeof view>;

const mayManage = (viewer: Viewer | null, organisationId: string) => isCoordinator(viewer) || isMemberOf(viewer, organisationId);

/** The address checked as every delivery is: https, public. */
function checkedUrl(address: string, allowLoopback: boolean): string {
  let parsed: URL;
  try {
    parsed = new URL(address);
  } catch {
    throw fieldError(400, "url", "must be an https:// address", "https_url");
  }
  const refusal = refusalOf(parsed, allowLoopback);
  if (refusal) throw fieldError(400, "url", refusal, refusal.includes("https://") ? "https_url" : "invalid");
  return parsed.href;
}

const duplicate = () => fieldError(409, "url", "is registered for this organisation already", "unique", { errorCode: "duplicate" });

/** The 409 for one more than an organisation may have. */
const tooMany = () =>
  fieldError(409, "organisationId", `may have at most ${MAX_ENDPOINTS_PER_ORGANISATION} webhook endpoints`, "too_many", { errorCode: "too_many" });

export const webhookRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const { db, viewer } = c.var;
    const parsed = webhookQuery.safeParse(queryOf(c));
    if (!parsed.success) throw invalidInput(parsed.error);
    const q = parsed.data;
    if (q.organisationId && !mayManage(viewer, q.organisationId))
      throw fieldError(403, "organisationId", "must be one of your organisations", "own_organisation", { errorCode: "forbidden" });
    const scope = q.organisationId
      ? eq(webhookEndpoints.organisationId, q.organisationId)
      : isCoordinator(viewer)
        ? undefined
        : inArray(webhookEndpoints.organisationId, viewer!.organisations);
    const rows = await db
      .select({ endpoint: webhookEndpoints, name: organisations.name })
      .from(webhookEndpoints)
      .innerJoin(organisations, eq(organisations.id, webhookEndpoints.organisationId))
      .where(scope)
      .orderBy(asc(organisations.name), asc(webhookEndpoints.createdAt))
      .limit(500);
    return c.json({ webhooks: rows.map((r) => view(r.endpoint, r.name)) });
  })
  .post("/", async (c) => {
    const { db, viewer, config, now } = c.var;
    const body = await parseBody(c, webhookSchema);
    if (!mayManage(viewer, body.organisationId))
      throw fieldError(403, "organisationId", "must be one of your organisations", "own_organisation", {
        errorCode: "forbidden",
        message: "organisationId: you can add webhooks only for your own organisations",
      });
    const href = checkedUrl(body.url, config.FEED_FETCH_ALLOW_LOOPBACK);
    const [[org], [{ n }], [taken]] = await db.batch([
      db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(eq(organisations.id, body.organisationId)),
      db.select({ n: count() }).from(webhookEndpoints).where(eq(webhookEndpoints.organisationId, body.organisationId)),
      db
        .select({ id: webhookEndpoints.id })
        .from(webhookEndpoints)
        .where(and(eq(webhookEndpoints.organisationId, body.organisationId), eq(webhookEndpoints.url, href))),
    ]);
    if (!org) throw fieldError(400, "organisationId", "must be an existing organisation", "unknown_id");
    if (taken) throw duplicate();
    if (n >= MAX_ENDPOINTS_PER_ORGANISATION) throw tooMany();
    const secret = newSecret();
    const endpointId = `wh-${crypto.randomUUID()}`;
    // The count again, in the write's own batch: two requests that both passed the check above
    // at the same moment cannot both add one.
    const added = await db
      .batch([
        guard(db, sql`(SELECT count(*) FROM ${webhookEndpoints} WHERE ${webhookEndpoints.organisationId} = ${org.id}) < ${MAX_ENDPOINTS_PER_ORGANISATION}`),
        db
          .insert(webhookEndpoints)
          .values({ id: endpointId, organisationId: org.id, url: href, secret, topics: body.topics, createdBy: viewer!.id, createdAt: now.toISOString() })
          .onConflictDoNothing()
          .returning(),
        // Written only if the insert was; never the secret.
        auditIf(
          db,
          {
            actorId: viewer!.id,
            action: "webhook.create",
            entity: "webhook",
            entityId: endpointId,
            after: { organisationId: org.id, url: href, topics: body.topics },
          },
          sql`EXISTS (SELECT 1 FROM ${webhookEndpoints} WHERE ${webhookEndpoints.id} = ${endpointId})`,
        ),
      ])
      .catch(onGuardFailure(tooMany));
    const [, [row]] = added;
    if (!row) throw duplicate();
    // The only time the secret leaves the calendar.
    return c.json({ ...view(row, org.name), secret }, 201);
  })
  .patch("/:id", async (c) => {
    const { db, viewer, config, now } = c.var;
    const { endpoint, name } = await visibleEndpoint(db, c.req.param("id"), viewer);
    const body = await parseBody(c, webhookPatchSchema);
    const changes: Partial<Endpoint> = {};
    if (body.url !== undefined) {
      const href = checkedUrl(body.url, config.FEED_FETCH_ALLOW_LOOPBACK);
      if (href !== endpoint.url) changes.url = href;
    }
    if (body.topics !== undefined && JSON.stringify([...body.topics].sort()) !== JSON.stringify([...endpoint.topics].sort())) changes.topics = body.topics;
    if (body.enabled === true && endpoint.disabledAt !== null)
      Object.assign(changes, { disabledAt: null, disabledReason: null, consecutiveFailures: 0, ownersToldAt: null });
    if (body.enabled === false && endpoint.disabledAt === null)
      Object.assign(changes, { disabledAt: now.toISOString(), disabledReason: "switched off by its owners", ownersToldAt: now.toISOString() });
    // Nothing changes: nothing is written.
    if (!Object.keys(changes).length) return c.json(view(endpoint, name));
    if (changes.url) {
      const [taken] = await db
        .select({ id: webhookEndpoints.id })
        .from(webhookEndpoints)
        .where(and(eq(webhookEndpoints.organisationId, endpoint.organisationId), eq(webhookEndpoints.url, changes.url)));
      if (taken) throw duplicate();
    }
    let row: Endpoint | undefined;
    try {
      const update = db.update(webhookEndpoints).set(changes).where(eq(webhookEndpoints.id, endpoint.id)).returning();
      const logged = audit(db, {
        actorId: viewer!.id,
        action: "webhook.update",
        entity: "webhook",
        entityId: endpoint.id,
        ...diff(
          { url: endpoint.url, topics: endpoint.topics, enabled: endpoint.disabledAt === null },
          {
            url: changes.url ?? endpoint.url,
            topics: changes.topics ?? endpoint.topics,
            enabled: "disabledAt" in changes ? changes.disabledAt === null : endpoint.disabledAt === null,
          },
        ),
      });
      // Switched back on: what waited goes out at the next tick, not after its backoff.
      const resume = db
        .update(webhookDeliveries)
        .set({ nextAttemptAt: 0 })
        .where(and(eq(webhookDeliveries.endpointId, endpoint.id), eq(webhookDeliveries.status, "pending")));
      [[row]] = body.enabled === true && changes.disabledAt === null ? await db.batch([update, logged, resume]) : await db.batch([update, logged]);
    } catch (error) {
      if (String((error as Error).message).includes("UNIQUE")) throw duplicate();
      throw error;
    }
    if (!row) throw new ApiError(404, "not_found", "No webhook endpoint has this id");
    return c.json(view(row, name));
  })
  .delete("/:id", async (c) => {
    const { db, viewer } = c.var;
    const { endpoint } = await visibleEndpoint(db, c.req.param("id"), viewer);
    // Its deliveries go with it (said here too, not left to ON DELETE CASCADE, which needs foreign keys on in the connection).
    await db.batch([
      db.delete(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint.id)),
      db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id)),
      audit(db, {
        actorId: viewer!.id,
        action: "webhook.delete",
        entity: "webhook",
        entityId: endpoint.id,
        before: { organisationId: endpoint.organisationId, url: endpoint.url, topics: endpoint.topics },
      }),
    ]);
    return c.body(null, 204);
  })
  .get("/:id/deliveries", async (c) => {
    const { db, viewer } = c.var;
    const { endpoint, name } = await visibleEndpoint(db, c.req.param("id"), viewer);
    const rows = await db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.endpointId, endpoint.id))
      .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
      .limit(MAX_LOG_ROWS);
    return c.json({
      webhook: view(endpoint, name),
      deliveries: rows.map(
        (d): WebhookDeliveryView => ({
          id: d.id,
          topic: d.topic,
          status: d.status,
          attempts: d.attempts,
          createdAt: d.createdAt,
          deliveredAt: d.deliveredAt,
          nextAttemptAt: d.status === "pending" ? new Date(d.nextAttemptAt).toISOString() : null,
          lastStatus: d.lastStatus,
          lastResponse: d.lastResponse,
          payload: JSON.parse(d.payload) as unknown,
        }),
      ),
    });
  })
  .post("/:id/test", async (c) => {
    const { db, viewer, config, now } = c.var;
    const { endpoint } = await visibleEndpoint(db, c.req.param("id"), viewer);
    const pingId = `ping_${crypto.randomUUID().replaceAll("-", "")}`;
    const body = payloadOf("ping", endpoint.organisationId, now, { webhookId: endpoint.id });
    // Sent now, signed like every delivery, even to a switched-off endpoint (to see whether it works again); not logged as a delivery.
    const outcome = await attempt(config, endpoint.url, endpoint.secret, pingId, body, now);
    return c.json({ id: pingId, ok: outcome.ok, status: outcome.status, response: outcome.response });
  });

/** One row of the delivery log. */
export interface WebhookDeliveryView {
  id: string;
  topic: Delivery["topic"];
  status: Delivery["status"];
  attempts: number;
  createdAt: string;
  deliveredAt: string | null;
  /** When a waiting delivery is tried next. */
  nextAttemptAt: string | null;
  lastStatus: number | null;
  lastResponse: string | null;
  /** The body as sent. */
  payload: unknown;
}

async function visibleEndpoint(db: AppEnv["Variables"]["db"], endpointId: string, viewer: Viewer | null) {
  const [row] = await db
    .select({ endpoint: webhookEndpoints, name: organisations.name })
    .from(webhookEndpoints)
    .innerJoin(organisations, eq(organisations.id, webhookEndpoints.organisationId))
    .where(eq(webhookEndpoints.id, endpointId));
  if (!row || !mayManage(viewer, row.endpoint.organisationId)) throw new ApiError(404, "not_found", "No webhook endpoint has this id");
  return row;
}
