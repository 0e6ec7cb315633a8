/**
 * Recording webhook deliveries: one row per endpoint and fact, its body fixed at once (retries
 * send the same bytes) and built for the endpoint's organisation, as a partner of it would see
 * the calendar (functions/events/visibility.ts, through the API's own reads). Ids derive from the
 * endpoint and the fact's dedupe key and the insert ignores a row already there, so the overlap
 * between cron ticks, or two ticks at once, never records a fact twice.
 */
import { and, inArray, isNull } from "drizzle-orm";
import type { WEBHOOK_TOPICS } from "../../db/enums.ts";
import { webhookDeliveries, webhookEndpoints } from "../../db/schema.ts";
import { stableId } from "../alerts/enqueue.ts";
import type { Database } from "../db/client.ts";

export type WebhookTopic = (typeof WEBHOOK_TOPICS)[number];

export interface WebhookEndpointRef {
  id: string;
  organisationId: string;
  topics: WebhookTopic[];
}

/** The enabled endpoints that want `topic`, of any organisation or of those given, by organisation. */
export async function endpointsFor(db: Database, topics: WebhookTopic[], organisationIds?: string[]): Promise<Map<string, WebhookEndpointRef[]>> {
  const out = new Map<string, WebhookEndpointRef[]>();
  if (organisationIds && !organisationIds.length) return out;
  const rows = await db
    .select({ id: webhookEndpoints.id, organisationId: webhookEndpoints.organisationId, topics: webhookEndpoints.topics })
    .from(webhookEndpoints)
    .where(and(isNull(webhookEndpoints.disabledAt), organisationIds ? inArray(webhookEndpoints.organisationId, organisationIds) : undefined));
  for (const r of rows) {
    if (!r.topics.some((t) => topics.includes(t))) continue;
    const list = out.get(r.organisationId) ?? [];
    list.push({ id: r.id, organisationId: r.organisationId, topics: r.topics });
    out.set(r.organisationId, list);
  }
  return out;
}

/** The delivery id for an endpoint and a fact (also the `Webhook-Id` header). */
export async function deliveryId(endpointId: string, dedupeKey: string): Promise<string> {
  return `msg_${await stableId(`${endpointId}:${dedupeKey}`)}`;
}

export interface Candidate<T> {
  fact: T;
  topic: WebhookTopic;
  dedupeKey: string;
  endpoints: WebhookEndpointRef[];
}

/**
 * Of the candidate facts, those with endpoints that want their topic and have no delivery of them
 * yet, each with just those endpoints: one read for the lot, so a tick that sees the same window
 * again costs a statement, not one per fact.
 */
export async function stillToTell<T>(db: Database, candidates: Candidate<T>[]): Promise<Candidate<T>[]> {
  const wanting = candidates.map((c) => ({ ...c, endpoints: c.endpoints.filter((e) => e.topics.includes(c.topic)) })).filter((c) => c.endpoints.length);
  const ids = await Promise.all(wanting.map((c) => Promise.all(c.endpoints.map((e) => deliveryId(e.id, c.dedupeKey)))));
  const flat = ids.flat();
  const known = new Set<string>();
  for (let i = 0; i < flat.length; i += 400) {
    const rows = await db
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(inArray(webhookDeliveries.id, flat.slice(i, i + 400)));
    for (const r of rows) known.add(r.id);
  }
  return wanting.map((c, i) => ({ ...c, endpoints: c.endpoints.filter((_, j) => !known.has(ids[i][j])) })).filter((c) => c.endpoints.length);
}

/** The JSON body of a delivery, as the README documents it. */
export function payloadOf(topic: WebhookTopic | "ping", organisationId: string, at: Date, data: unknown): string {
  return JSON.stringify({ type: topic, timestamp: at.toISOString(), organisationId, data });
}

/**
 * Records one fact for the given endpoints (all of one organisation); returns how many deliveries
 * were new.
 */
export async function recordDeliveries(
  db: Database,
  endpoints: WebhookEndpointRef[],
  topic: WebhookTopic,
  dedupeKey: string,
  at: Date,
  data: unknown,
): Promise<number> {
  if (!endpoints.length) return 0;
  const rows = await Promise.all(
    endpoints.map(async (e) => ({
      id: await deliveryId(e.id, dedupeKey),
      endpointId: e.id,
      topic,
      dedupeKey,
      payload: payloadOf(topic, e.organisationId, at, data),
      nextAttemptAt: 0,
    })),
  );
  const inserted = await db.insert(webhookDeliveries).values(rows).onConflictDoNothing().returning({ id: webhookDeliveries.id });
  return inserted.length;
}
