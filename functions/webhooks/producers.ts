/**
 * The webhooks' producers, run in the cron after the alerts' (./jobs.ts), like them from what is
 * recorded already: the audit log's recent event entries (published, changed, cancelled) and the
 * clash alerts the clash producer recorded. Each reads a window of WINDOW_MINUTES on the
 * database's clock (six ticks wide, so a tick that did not run loses nothing) and records one
 * delivery per endpoint and fact with a dedupe key (`event.changed:<audit entry id>`,
 * `clash:<alert id>`), so the overlap between ticks records nothing twice.
 *
 * Which organisations an event concerns: its owner and the organisations that accepted to be named
 * as its organisers. A clash concerns the organisation the clash alert told (the one whose event
 * was there first). Payloads are built per organisation (./payloads.ts).
 */
import { and, asc, eq, inArray, max, sql } from "drizzle-orm";
import { alerts, auditLog, eventOrganisers, events } from "../../db/schema.ts";
import { applies, datesAt, isPublication, laterDateChanges } from "../alerts/change-alerts.ts";
import type { Reason } from "../coordination/clash.ts";
import type { Database } from "../db/client.ts";
import type { Config } from "../env.ts";
import { type Candidate, endpointsFor, recordDeliveries, stillToTell, type WebhookTopic } from "./enqueue.ts";
import { eventFor, type StoredTimes, visibleChanges, visibleReasons } from "./payloads.ts";

export const WINDOW_MINUTES = 30;
/** The most audit entries, and clash alerts, one tick reads. */
export const MAX_ENTRIES_PER_TICK = 500;
/**
 * The most new facts one producer builds payloads for in a tick (each is a read): the rest wait for
 * the next ticks, whose windows still hold them (six ticks × 100 covers a window's 500 entries).
 */
export const MAX_NEW_FACTS_PER_TICK = 100;
const ACTIONS = ["event.create", "event.import", "event.update", "event.approve"];
const EVENT_TOPICS: WebhookTopic[] = ["event.published", "event.changed", "event.cancelled"];

const inWindow = (column: typeof auditLog.at | typeof alerts.createdAt) =>
  sql`${column} >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ${`-${WINDOW_MINUTES} minutes`})`;

/** Records the deliveries the window's publications, applied changes and cancellations call for; returns how many. */
export async function produceEventWebhooks(db: Database, config: Config, now: Date): Promise<number> {
  const wanted = await endpointsFor(db, EVENT_TOPICS);
  if (!wanted.size) return 0;
  const entries = (
    await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, "event"), inArray(auditLog.action, ACTIONS), inWindow(auditLog.at)))
      .orderBy(asc(auditLog.id))
      .limit(MAX_ENTRIES_PER_TICK)
  ).filter((e) => isPublication(e) || applies(e));
  if (!entries.length) return 0;
  const ids = [...new Set(entries.map((e) => e.entityId))];
  const [rows, organisers, publications, later] = await db.batch([
    db
      .select({
        id: events.id,
        slug: events.slug,
        moderation: events.moderation,
        owner: events.ownerOrganisationId,
        allDay: events.allDay,
        startsAt: events.startsAt,
        endsAt: events.endsAt,
        timeZone: events.timeZone,
      })
      .from(events)
      .where(inArray(events.id, ids)),
    db
      .select({ eventId: eventOrganisers.eventId, organisationId: eventOrganisers.organisationId })
      .from(eventOrganisers)
      .where(and(inArray(eventOrganisers.eventId, ids), eq(eventOrganisers.consent, "accepted"))),
    // The last publication of each event: changes made before it (to a draft) are no news.
    db
      .select({ eventId: auditLog.entityId, lastId: max(auditLog.id) })
      .from(auditLog)
      .where(
        and(
          eq(auditLog.entity, "event"),
          inArray(auditLog.entityId, ids),
          sql`json_extract(${auditLog.after}, '$.moderation') = 'published'`,
          sql`json_extract(${auditLog.before}, '$.moderation') IS NOT 'published'`,
        ),
      )
      .groupBy(auditLog.entityId),
    // What an entry's untouched dates were when it was made (a later change may be stored already).
    laterDateChanges(db, ids, entries[0].id),
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const datesThen = datesAt(later);
  const published = new Map(publications.map((p) => [p.eventId, p.lastId ?? 0]));
  const candidates: Candidate<{ entry: (typeof entries)[number]; slug: string; times: StoredTimes; organisationId: string }>[] = [];
  for (const e of entries) {
    const row = byId.get(e.entityId);
    if (row?.moderation !== "published") continue;
    const publication = isPublication(e);
    if (!publication && (published.get(row.id) ?? 0) > e.id) continue;
    const topic: WebhookTopic = publication
      ? "event.published"
      : e.after?.status === "cancelled" && e.before?.status !== "cancelled"
        ? "event.cancelled"
        : "event.changed";
    const concerned = new Set([row.owner, ...organisers.filter((o) => o.eventId === row.id).map((o) => o.organisationId)]);
    for (const organisationId of concerned) {
      if (organisationId && wanted.has(organisationId))
        candidates.push({
          fact: { entry: e, slug: row.slug, times: datesThen(e, row), organisationId },
          topic,
          dedupeKey: `${topic}:${e.id}`,
          endpoints: wanted.get(organisationId)!,
        });
    }
  }
  let recorded = 0;
  for (const { fact, topic, dedupeKey, endpoints } of (await stillToTell(db, candidates)).slice(0, MAX_NEW_FACTS_PER_TICK)) {
    const event = await eventFor(db, fact.slug, fact.organisationId, config.PUBLIC_ORIGIN);
    if (!event) continue;
    const changes = topic === "event.published" ? undefined : visibleChanges(fact.entry.before, fact.entry.after, event.busy, fact.times);
    if (changes && !Object.keys(changes).length) continue;
    recorded += await recordDeliveries(db, endpoints, topic, dedupeKey, now, changes ? { event, changes } : { event });
  }
  return recorded;
}

/** Records a delivery for each clash alert of the window told to an organisation with a clash endpoint; returns how many. */
export async function produceClashWebhooks(db: Database, config: Config, now: Date): Promise<number> {
  const wanted = await endpointsFor(db, ["clash"]);
  if (!wanted.size) return 0;
  const told = await db
    .select({
      id: alerts.id,
      eventId: alerts.eventId,
      otherEventId: alerts.otherEventId,
      organisationId: alerts.organisationId,
      severity: alerts.severity,
      details: alerts.details,
    })
    .from(alerts)
    .where(and(eq(alerts.kind, "clash"), inArray(alerts.organisationId, [...wanted.keys()]), inWindow(alerts.createdAt)))
    .orderBy(asc(alerts.createdAt), asc(alerts.id))
    .limit(MAX_ENTRIES_PER_TICK);
  const candidates = (
    await stillToTell(
      db,
      told.map((alert) => ({ fact: alert, topic: "clash" as const, dedupeKey: `clash:${alert.id}`, endpoints: wanted.get(alert.organisationId!) ?? [] })),
    )
  ).slice(0, MAX_NEW_FACTS_PER_TICK);
  const eventIds = [...new Set(candidates.flatMap((c) => [c.fact.eventId, c.fact.otherEventId ?? c.fact.eventId]))];
  const slugs = new Map(
    eventIds.length ? (await db.select({ id: events.id, slug: events.slug }).from(events).where(inArray(events.id, eventIds))).map((r) => [r.id, r.slug]) : [],
  );
  let recorded = 0;
  for (const { fact: alert, dedupeKey, endpoints } of candidates) {
    const organisationId = alert.organisationId!;
    if (!alert.otherEventId) continue;
    const [event, yourEvent] = await Promise.all(
      [alert.eventId, alert.otherEventId].map((id) => (slugs.has(id) ? eventFor(db, slugs.get(id)!, organisationId, config.PUBLIC_ORIGIN) : null)),
    );
    if (!event || !yourEvent) continue;
    const details = alert.details as { reasons?: Reason[]; score?: number };
    recorded += await recordDeliveries(db, endpoints, "clash", dedupeKey, now, {
      alertId: alert.id,
      alertUrl: `${config.PUBLIC_ORIGIN}/alerts/${alert.id}`,
      // The severity and score add up the reasons: of an event busy for the endpoint's organisation,
      // they would tell which hidden details matched (an alert recorded while it was still public).
      severity: event.busy ? null : alert.severity,
      score: event.busy ? null : (details.score ?? null),
      reasons: visibleReasons(details.reasons ?? [], event.busy),
      event,
      yourEvent,
    });
  }
  return recorded;
}
