/**
 * Change alerts (issue 16, item 2): followers are told when a followed event moves, changes place,
 * is postponed or cancelled, and when a new event appears under an organisation, topic or country
 * they follow.
 *
 * Run on each cron tick, never in a request: it reads the audit log over the last WINDOW_MINUTES
 * (overlapping the previous ticks) and records one alert per fact — `change:<audit entry id>` or
 * `new:<event id>` — with insert-or-ignore (enqueue.ts), so the overlap and two ticks at once
 * record nothing twice. The window is taken on the database's clock, the one that stamps
 * `audit_log.at`.
 *
 * Who is told: the followers of the event (a change) or of its organisers, topics and country (a
 * new event); never the person who made the change (nor, for an approved proposal, who proposed
 * it); nobody for an event that has ended or is no longer published; nobody who may not list the
 * event (functions/events/visibility.ts), and of a busy-only event only what its dates and status
 * tell. The renderer (kinds/change.ts) checks visibility again when the mail is written.
 */
import { and, asc, eq, inArray, max, or, sql } from "drizzle-orm";
import { auditLog, eventOrganisers, events, eventTopics, follows, users } from "../../db/schema.ts";
import type { Viewer } from "../auth/viewer.ts";
import type { Database } from "../db/client.ts";
import type { Config } from "../env.ts";
import { isBusyFor, isListedFor } from "../events/visibility.ts";
import type { AlertRecipient } from "./alerts.types.ts";
import { alertStatements } from "./enqueue.ts";

/** How far back each tick reads; ticks come every 5 minutes, so a few missed ticks lose nothing. */
export const WINDOW_MINUTES = 30;
/** The most audit entries one tick reads (oldest first); the rest waits for the next tick. */
export const MAX_ENTRIES_PER_TICK = 300;

/** The fields a change alert tells of, grouped as the mail shows them. */
const DATE_FIELDS = ["startsAt", "endsAt", "allDay", "timeZone"] as const;
export const PLACE_FIELDS = ["venue", "city", "country", "onlineUrl", "attendanceMode"] as const;
/** What a viewer who sees a busy-only event only as "busy" may be told of it. */
export const BUSY_VISIBLE = ["dates", "status"] as const;

export type ChangedField = "dates" | "status" | (typeof PLACE_FIELDS)[number];
export interface DateValue {
  startsAt: string;
  endsAt: string;
  allDay: boolean;
  timeZone: string;
}
/** `alerts.details` of a change alert: each changed field before → after, or `new` for a newly published event. */
export interface ChangeDetails {
  new?: boolean;
  changes?: Partial<Record<ChangedField, { before: unknown; after: unknown }>>;
}

type Entry = typeof auditLog.$inferSelect;
type EventRow = {
  id: string;
  moderation: string;
  visibility: string;
  ownerOrganisationId: string | null;
  endUtc: number;
  submittedBy: string | null;
} & DateValue;

const isPublication = (e: Entry) => e.after?.moderation === "published" && e.before?.moderation !== "published";

/** Entries that applied field changes (not proposals waiting for review, which change nothing yet). */
const applies = (e: Entry) =>
  (e.action === "event.update" || e.action === "event.approve" || e.action === "event.import") && e.comment !== "proposed by import" && !isPublication(e);

/** The changed fields of an entry, before → after; dates as one whole, filled from the event's row where the entry holds only part. */
function changesOf(e: Entry, row: EventRow): ChangeDetails["changes"] {
  const before = e.before ?? {};
  const after = e.after ?? {};
  const changes: NonNullable<ChangeDetails["changes"]> = {};
  if (DATE_FIELDS.some((f) => f in after)) {
    const whole = (side: Record<string, unknown>) => Object.fromEntries(DATE_FIELDS.map((f) => [f, f in side ? side[f] : row[f]])) as unknown as DateValue;
    changes.dates = { before: whole(before), after: whole(after) };
  }
  for (const f of ["status", ...PLACE_FIELDS] as const) if (f in after) changes[f] = { before: before[f] ?? null, after: after[f] ?? null };
  return Object.keys(changes).length ? changes : undefined;
}

interface Follower {
  followId: string;
  userId: string;
  kind: string;
  viewer: Viewer;
}

/** Follows of the given targets, each with its person as a viewer (role and memberships). */
async function followersOf(db: Database, targets: SQLTargets): Promise<Follower[]> {
  if (!targets.length) return [];
  const rows = await db
    .select({
      followId: follows.id,
      userId: follows.userId,
      kind: follows.kind,
      email: users.email,
      name: users.name,
      role: users.role,
      locale: users.locale,
      organisations: sql<string>`(SELECT json_group_array(organisation_id) FROM memberships WHERE user_id = ${users.id})`,
    })
    .from(follows)
    .innerJoin(users, eq(users.id, follows.userId))
    .where(or(...targets.map(([kind, ids]) => and(eq(follows.kind, kind), inArray(follows.target, ids)))))
    .orderBy(asc(follows.createdAt), asc(follows.id));
  return rows.map((r) => ({
    followId: r.followId,
    userId: r.userId,
    kind: r.kind,
    viewer: { id: r.userId, email: r.email, name: r.name, role: r.role, locale: r.locale, organisations: JSON.parse(r.organisations), sessionId: "" },
  }));
}
type SQLTargets = ["event" | "organisation" | "topic" | "country", string[]][];

/** The organisers' order of preference for the follow named in a new-event mail. */
const KIND_ORDER = ["organisation", "topic", "country"];

/**
 * Records the change alerts of the audit log's recent window; returns how many alerts were newly
 * recorded.
 */
export async function produceChangeAlerts(db: Database, _config: Config, now: Date): Promise<number> {
  const entries = await db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entity, "event"), sql`${auditLog.at} >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ${`-${WINDOW_MINUTES} minutes`})`))
    .orderBy(asc(auditLog.id))
    .limit(MAX_ENTRIES_PER_TICK);
  const relevant = entries.filter((e) => isPublication(e) || applies(e));
  if (!relevant.length) return 0;
  const eventIds = [...new Set(relevant.map((e) => e.entityId))];
  const [rows, publications] = await db.batch([
    db
      .select({
        id: events.id,
        moderation: events.moderation,
        visibility: events.visibility,
        ownerOrganisationId: events.ownerOrganisationId,
        endUtc: events.endUtc,
        submittedBy: events.submittedBy,
        startsAt: events.startsAt,
        endsAt: events.endsAt,
        allDay: events.allDay,
        timeZone: events.timeZone,
        country: events.country,
      })
      .from(events)
      .where(inArray(events.id, eventIds)),
    // The last time each event was published: a change made before it (to a draft) is no news.
    db
      .select({ eventId: auditLog.entityId, lastId: max(auditLog.id) })
      .from(auditLog)
      .where(
        and(
          eq(auditLog.entity, "event"),
          inArray(auditLog.entityId, eventIds),
          sql`json_extract(${auditLog.after}, '$.moderation') = 'published'`,
          sql`json_extract(${auditLog.before}, '$.moderation') IS NOT 'published'`,
        ),
      )
      .groupBy(auditLog.entityId),
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const published = new Map(publications.map((p) => [p.eventId, p.lastId ?? 0]));
  let recorded = 0;
  for (const e of relevant) {
    const row = byId.get(e.entityId);
    // Gone, unpublished or over: nobody is told.
    if (row?.moderation !== "published" || row.endUtc < now.getTime()) continue;
    const told = new Set([e.actorId, e.action === "event.approve" ? row.submittedBy : null].filter(Boolean));
    let statements: Awaited<ReturnType<typeof alertStatements>>;
    if (isPublication(e)) {
      if (e.id !== published.get(e.entityId)) continue;
      statements = await newEventStatements(db, row, told);
    } else {
      if ((published.get(e.entityId) ?? 0) > e.id) continue;
      const changes = changesOf(e, row);
      if (!changes) continue;
      const followers = await followersOf(db, [["event", [row.id]]]);
      const recipients: AlertRecipient[] = followers
        .filter((f) => !told.has(f.userId) && isListedFor(row, f.viewer))
        .filter((f) => !isBusyFor(row, f.viewer) || Object.keys(changes).some((k) => (BUSY_VISIBLE as readonly string[]).includes(k)))
        .map((f) => ({ userId: f.userId, followId: f.followId }));
      statements = await alertStatements(
        db,
        { kind: "change", dedupeKey: `change:${e.id}`, eventId: row.id, details: { changes } satisfies ChangeDetails },
        recipients,
      );
    }
    if (!statements.length) continue;
    const [first] = (await db.batch(statements as [(typeof statements)[number], ...typeof statements])) as { rowsAffected?: number }[];
    recorded += first?.rowsAffected ? 1 : 0;
  }
  return recorded;
}

/** A newly published event: its organisations', topics' and country's followers who may see it in full. */
async function newEventStatements(db: Database, row: EventRow & { country: string | null }, told: Set<string | null>) {
  const [organisers, topicRows] = await db.batch([
    db
      .select({ id: eventOrganisers.organisationId })
      .from(eventOrganisers)
      .where(and(eq(eventOrganisers.eventId, row.id), eq(eventOrganisers.consent, "accepted"))),
    db.select({ id: eventTopics.topicId }).from(eventTopics).where(eq(eventTopics.eventId, row.id)),
  ]);
  const targets: SQLTargets = [];
  if (organisers.length) targets.push(["organisation", organisers.map((o) => o.id)]);
  if (topicRows.length) targets.push(["topic", topicRows.map((t) => t.id)]);
  if (row.country) targets.push(["country", [row.country]]);
  const followers = (await followersOf(db, targets)).sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
  const recipients = new Map<string, AlertRecipient>();
  for (const f of followers) {
    // Told only who may see what it is: its country or topic would otherwise give a busy-only event away.
    if (told.has(f.userId) || recipients.has(f.userId) || !isListedFor(row, f.viewer) || isBusyFor(row, f.viewer)) continue;
    recipients.set(f.userId, { userId: f.userId, followId: f.followId });
  }
  return alertStatements(db, { kind: "change", dedupeKey: `new:${row.id}`, eventId: row.id, details: { new: true } satisfies ChangeDetails }, [
    ...recipients.values(),
  ]);
}
