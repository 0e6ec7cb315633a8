/**
 * The webhooks' outbox, with the mail outboxes' discipline (functions/digest/runs.ts,
 * functions/alerts/outbox.ts):
 *
 * - Claims: one UPDATE … RETURNING takes a chunk of due deliveries (pending and due, or left
 *   `sending` longer than the lease by a tick that died) of endpoints that are switched on; two
 *   overlapping ticks never take the same delivery, so never send it twice.
 * - Each attempt is signed afresh (./signature.ts) over the body fixed when it was recorded, with
 *   the delivery's id as `Webhook-Id`, and POSTed through the guarded fetcher (https only, no
 *   private or local targets, every redirect hop checked).
 * - A 2xx answer delivers it. Anything else (another status, no answer in time, a refused
 *   redirect) puts it back with exponential backoff (5 min × 2ⁿ, at most 6 hours) and ends it
 *   `failed` after MAX_ATTEMPTS. The delivery and its endpoint keep the last status and the start
 *   of the last answer (the delivery log).
 * - After DISABLE_AFTER_FAILURES failed attempts in a row (fewer than MAX_ATTEMPTS, so a lone
 *   delivery is not lost with it) an endpoint is switched off: nothing more is tried (its
 *   deliveries wait, and go out at the next tick after its owners switch it back on), and its
 *   organisation's partners are told once by mail (claimed by `owners_told_at`).
 * - At least once, at one point: an answer received but not recorded (the tick died in between)
 *   is sent again after the lease, with the same `Webhook-Id`, by which receivers deduplicate.
 */
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { memberships, organisations, users, webhookDeliveries, webhookEndpoints } from "../../db/schema.ts";
import type { Database } from "../db/client.ts";
import type { Config } from "../env.ts";
import { fill, messagesFor } from "../i18n/messages.ts";
import { FetchRefusal, safePost } from "../import/safe-fetch.ts";
import type { Mailer } from "../mail/mailer.ts";
import { deliveryHeaders } from "./signature.ts";

export const LEASE_MS = 5 * 60_000;
export const MAX_ATTEMPTS = 10;
export const DISABLE_AFTER_FAILURES = 8;
export const BACKOFF_MS = 5 * 60_000;
const MAX_BACKOFF_MS = 6 * 3_600_000;
/** Deliveries per tick: each is one subrequest, well inside a Worker's budget beside the other jobs. */
export const DELIVERIES_PER_TICK = 25;
/** How much of an answer the log keeps. */
export const RESPONSE_CHARS = 500;
/** How long the log keeps a delivery that is done (sent or failed). */
export const KEEP_DAYS = 30;

export type Delivery = typeof webhookDeliveries.$inferSelect;
type Endpoint = typeof webhookEndpoints.$inferSelect;

export interface WebhookDrainResult {
  delivered: number;
  retried: number;
  failed: number;
  disabled: number;
}

/** Takes up to `limit` due deliveries of switched-on endpoints. */
async function claim(db: Database, now: number, limit: number): Promise<Delivery[]> {
  const due = sql`((status = 'pending' AND next_attempt_at <= ${now}) OR (status = 'sending' AND claimed_at < ${now - LEASE_MS}))`;
  return db
    .update(webhookDeliveries)
    .set({ status: "sending", claimedAt: now, attempts: sql`${webhookDeliveries.attempts} + 1` })
    .where(
      sql`${webhookDeliveries.id} IN (SELECT d.id FROM ${webhookDeliveries} d JOIN ${webhookEndpoints} e ON e.id = d.endpoint_id
        WHERE e.disabled_at IS NULL AND ((d.status = 'pending' AND d.next_attempt_at <= ${now}) OR (d.status = 'sending' AND d.claimed_at < ${now - LEASE_MS}))
        ORDER BY d.next_attempt_at, d.id LIMIT ${limit}) AND ${due}`,
    )
    .returning();
}

export interface AttemptOutcome {
  ok: boolean;
  status: number | null;
  response: string;
}

/** One signed POST of `body` to `url`; never throws. */
export async function attempt(config: Config, url: string, secret: string, id: string, body: string, now: Date): Promise<AttemptOutcome> {
  try {
    const res = await safePost(url, body, await deliveryHeaders(secret, id, now, body), {
      allowLoopback: config.FEED_FETCH_ALLOW_LOOPBACK,
      timeoutMs: config.FEED_FETCH_TIMEOUT_MS,
      keepChars: RESPONSE_CHARS,
    });
    return { ok: res.status >= 200 && res.status < 300, status: res.status, response: res.text };
  } catch (error) {
    const message = error instanceof FetchRefusal ? error.message : String((error as Error).message ?? error).split("\n")[0];
    return { ok: false, status: null, response: message.slice(0, RESPONSE_CHARS) };
  }
}

/** Sends what is due. */
export async function drainWebhooks(db: Database, mailer: Mailer, config: Config, now: Date, limit = DELIVERIES_PER_TICK): Promise<WebhookDrainResult> {
  const result: WebhookDrainResult = { delivered: 0, retried: 0, failed: 0, disabled: 0 };
  const at = now.getTime();
  // The log stays bounded; the producers' windows are far shorter, so nothing pruned is recorded again.
  await db.run(
    sql`DELETE FROM ${webhookDeliveries} WHERE status IN ('sent', 'failed') AND created_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ${`-${KEEP_DAYS} days`})`,
  );
  const claimed = await claim(db, at, limit);
  if (!claimed.length) return result;
  const endpoints = await db
    .select()
    .from(webhookEndpoints)
    .where(inArray(webhookEndpoints.id, [...new Set(claimed.map((d) => d.endpointId))]));
  // One endpoint's deliveries in turn (it is not flooded, and once switched off gets no more); endpoints side by side.
  await Promise.all(
    endpoints.map(async (endpoint) => {
      const mine = claimed.filter((d) => d.endpointId === endpoint.id);
      for (let i = 0; i < mine.length; i++) {
        const disabled = await send(db, mailer, config, endpoint, mine[i], now, result);
        if (disabled) {
          await release(db, mine.slice(i + 1));
          break;
        }
      }
    }),
  );
  return result;
}

/** Gives back claimed deliveries not attempted (their endpoint was switched off meanwhile). */
async function release(db: Database, left: Delivery[]): Promise<void> {
  if (!left.length) return;
  await db
    .update(webhookDeliveries)
    .set({ status: "pending", claimedAt: null, attempts: sql`${webhookDeliveries.attempts} - 1` })
    .where(
      and(
        inArray(
          webhookDeliveries.id,
          left.map((d) => d.id),
        ),
        eq(webhookDeliveries.status, "sending"),
      ),
    );
}

/** Attempts one delivery and records the outcome; true when the endpoint got switched off by it. */
async function send(db: Database, mailer: Mailer, config: Config, endpoint: Endpoint, d: Delivery, now: Date, result: WebhookDrainResult): Promise<boolean> {
  const outcome = await attempt(config, endpoint.url, endpoint.secret, d.id, d.payload, now);
  const iso = now.toISOString();
  const last = { lastStatus: outcome.status, lastResponse: outcome.response };
  if (outcome.ok) {
    await db.batch([
      db
        .update(webhookDeliveries)
        .set({ status: "sent", deliveredAt: iso, claimedAt: null, ...last })
        .where(eq(webhookDeliveries.id, d.id)),
      db
        .update(webhookEndpoints)
        .set({ consecutiveFailures: 0, lastDeliveryAt: iso, ...last })
        .where(eq(webhookEndpoints.id, endpoint.id)),
    ]);
    result.delivered++;
    return false;
  }
  const final = d.attempts >= MAX_ATTEMPTS;
  if (final) result.failed++;
  else result.retried++;
  const backoff = Math.min(BACKOFF_MS * 2 ** (d.attempts - 1), MAX_BACKOFF_MS);
  const reason = `${DISABLE_AFTER_FAILURES} deliveries in a row failed`;
  const [, [state]] = await db.batch([
    db
      .update(webhookDeliveries)
      .set({ status: final ? "failed" : "pending", claimedAt: null, nextAttemptAt: now.getTime() + backoff, ...last })
      .where(eq(webhookDeliveries.id, d.id)),
    db
      .update(webhookEndpoints)
      .set({
        consecutiveFailures: sql`${webhookEndpoints.consecutiveFailures} + 1`,
        lastDeliveryAt: iso,
        ...last,
        disabledAt: sql`CASE WHEN ${webhookEndpoints.disabledAt} IS NULL AND ${webhookEndpoints.consecutiveFailures} + 1 >= ${DISABLE_AFTER_FAILURES} THEN ${iso} ELSE ${webhookEndpoints.disabledAt} END`,
        disabledReason: sql`CASE WHEN ${webhookEndpoints.disabledAt} IS NULL AND ${webhookEndpoints.consecutiveFailures} + 1 >= ${DISABLE_AFTER_FAILURES} THEN ${reason} ELSE ${webhookEndpoints.disabledReason} END`,
      })
      .where(eq(webhookEndpoints.id, endpoint.id))
      .returning({ disabledAt: webhookEndpoints.disabledAt, failures: webhookEndpoints.consecutiveFailures }),
  ]);
  if (!state?.disabledAt) return false;
  if (state.disabledAt === iso) result.disabled++;
  await tellOwners(db, mailer, config, endpoint, state.failures, outcome.response, now);
  return true;
}

/** Mails the organisation's partners once per switching off (claimed by owners_told_at). */
async function tellOwners(db: Database, mailer: Mailer, config: Config, endpoint: Endpoint, failures: number, lastAnswer: string, now: Date): Promise<void> {
  const [claimedTell] = await db
    .update(webhookEndpoints)
    .set({ ownersToldAt: now.toISOString() })
    .where(and(eq(webhookEndpoints.id, endpoint.id), isNull(webhookEndpoints.ownersToldAt)))
    .returning({ id: webhookEndpoints.id });
  if (!claimedTell) return;
  const [org] = await db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, endpoint.organisationId));
  const members = await db
    .select({ email: users.email, locale: users.locale })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.organisationId, endpoint.organisationId))
    .limit(200);
  const params = {
    organisation: org?.name ?? endpoint.organisationId,
    url: endpoint.url,
    count: failures,
    error: lastAnswer || "—",
    link: `${config.PUBLIC_ORIGIN}/webhooks?organisation=${encodeURIComponent(endpoint.organisationId)}`,
  };
  for (const m of members) {
    const texts = messagesFor(m.locale).mail;
    try {
      await mailer.send({ to: m.email, subject: fill(texts.webhookDisabledSubject, params), text: fill(texts.webhookDisabledBody, params) });
    } catch (error) {
      console.error(
        JSON.stringify({ level: "error", msg: "webhook owners not told", endpoint: endpoint.id, error: String((error as Error).message).split("\n")[0] }),
      );
    }
  }
}
