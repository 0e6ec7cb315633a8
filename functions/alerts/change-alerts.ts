/**
 * Change alerts (issue 16, item 2): followers are told when a followed event moves, changes place,
 * is postponed or cancelled, and when a new event appears under an organisation, topic or country
 * they follow.
 *
 * Run on each cron tick, never in a request: it reads the audit log over the last WINDOW_MINUTES
 * (overlapping the previous ticks) and records one alert per fact — `change:<audit entry id>` or
 * `new:<event id>` — with insert-or-ignore (enqueue.ts), so the overlap and two ticks at once
 * record nothing twice. The window is taken on the database's clock, the one that stamps
 * `audit_log.at`. A tick reads the window's events, their organisers and topics and all the
 * follows concerned in a few statements, then writes one batch per alert.
 *
 * Who is told: the followers of the event (a change) or of its organisers, topics and country (a
 * new event); never the person who made the change (nor, for an approved proposal, who proposed
 * it); nobody for an event that has ended or is no longer published; nobody who may not list the
 * event (functions/events/visibility.ts), and of a busy-only event only what its dates and status
 * tell — a new one only to those who see it in full. The renderer (kinds/change.ts) checks
 * visibility again when the mail is written.
 */
import { and, asc, eq, inArray, max, or, sql } from "drizzle-orm";
import { auditLog, eventOrganisers, events, eventTopics, follows, users } from "../../db/schema.ts";
import type { Viewer } from "../auth/viewer.ts";
import type { Database } from "../db/client.ts";
import type { Config } from "../env.ts";
import { busyTimes, isBusyFor, isListedFor } from "../events/visibility.ts";
import type { AlertRecipient } from "./alerts.types.ts";
import { alertStatements, MAX_RECIPIENTS_PER_ALERT } from "./enqueue.ts";
import type { FollowKind } from "./follows.types.ts";

/** How far back each tick reads; ticks come every 5 minutes, so a few missed ticks lose nothing. */
export const WINDOW_MINUTES = 30;
/**
 * The most audit entries of publications and applied changes one tick reads, oldest first. More
 * within one window (a very large import) leaves the newest unread while the oldest stay in it.
 */
export const MAX_ENTRIES_PER_TICK = 1000;
/** The most follows one tick reads for all its alerts together. */
const MAX_FOLLOWS_PER_TICK = 50_000;

/** The audit actions that publish an event or apply changes to it; submissions, returns and proposals tell followers nothing. */
const ACTIONS = ["event.create", "event.import", "event.update", "event.approve"];
/** The fields a change alert tells of, grouped as the mail shows them. */
const DATE_FIELDS = ["startsAt", "endsAt", "allDay", "timeZone"] as const;
const PLACE_FIELDS = ["venue", "city", "country", "onlineUrl", "attendanceMode"] as const;
/** What a viewer who sees a busy-only event only as "busy" may be told of it. */
export const BUSY_VISIBLE = ["dates", "status"] as const;

/**
 * Whether a change tells a viewer who sees the event as busy anything: its status, or its dates
 * as that viewer is given them (in UTC, `busyTimes`), which a change of zone alone leaves as they were.
 */
export function busyMayKnow(changes: NonNullable<ChangeDetails["changes"]>): boolean {
  if (changes.status) return true;
  if (!changes.dates) return false;
  const utc = (d: unknown) => {
    const { allDay, startsAt, endsAt } = busyTimes(d as DateValue);
    return `${allDay} ${startsAt} ${endsAt}`;
  };
  return utc(changes.dates.before) !== utc(changes.dates.after);
}

export type ChangedField = "dates" | "status" | (typeof PLACE_FIELDS)[number];
export interface DateValue {
  startsAt: string;
  endsAt: string;
  allDay: boolean;
  timeZone: string;
}
/** `alerts.details` of a change alert: each changed field before → after, or `new` for a newly published event. */
export type ChangeDetails = {
  new?: boolean;
  changes?: Partial<Record<ChangedField, { before: unknown; after: unknown }>>;
};

type Entry = typeof auditLog.$inferSelect;
type EventRow = {
  id: string;
  moderation: string;
  visibility: string;
  ownerOrganisationId: string | null;
  endUtc: number;
  submittedBy: string | null;
  country: string | null;
} & DateValue;

interface Follower {
  followId: string;
  userId: string;
  viewer: Viewer;
}

export const isPublication = (e: Entry) => e.after?.moderation === "published" && e.before?.moderation !== "published";

/**
 * Entries that applied field changes (not proposals waiting for review, which change nothing yet;
 * an import's, "proposed by import" and the feed sync's "proposed by feed sync: …", share the
 * import's action).
 */
export const applies = (e: Entry) => !e.comment?.startsWith("proposed by") && !isPublication(e) && e.action !== "event.create";

/** The date fields later entries changed, each entry's `before`: what they were until then. */
export type LaterDates = { id: number; entityId: string; before: Record<string, unknown> | null }[];

/** The entries after `afterId` that changed the dates of any of `eventIds`, oldest first (for `datesAt`). */
export function laterDateChanges(db: Database, eventIds: string[], afterId: number) {
  return db
    .select({ id: auditLog.id, entityId: auditLog.entityId, before: auditLog.before })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.entity, "event"),
        inArray(auditLog.entityId, eventIds),
        sql`${auditLog.id} > ${afterId}`,
        or(...DATE_FIELDS.map((f) => sql`json_type(${auditLog.before}, ${`$.${f}`}) IS NOT NULL`)),
      ),
    )
    .orderBy(asc(auditLog.id))
    .limit(MAX_ENTRIES_PER_TICK);
}

/**
 * For `laterDateChanges`' rows: the event's dates as they were when an entry `e` was made, where
 * `e` did not change them: each field's value before the next entry that changed it, else the
 * row's (a later change may be stored already, so the row alone would tell a change of another time).
 */
export function datesAt(later: LaterDates): (e: Entry, row: DateValue) => DateValue {
  const byEvent = new Map<string, LaterDates>();
  for (const l of later) {
    const list = byEvent.get(l.entityId);
    if (list) list.push(l);
    else byEvent.set(l.entityId, [l]);
  }
  return (e, row) => {
    const mine = byEvent.get(e.entityId) ?? [];
    const at = (f: (typeof DATE_FIELDS)[number]) => {
      const next = mine.find((l) => l.id > e.id && l.before && f in l.before);
      return next ? next.before![f] : row[f];
    };
    return Object.fromEntries(DATE_FIELDS.map((f) => [f, at(f)])) as unknown as DateValue;
  };
}

/** The changed fields of an entry, before → after; dates as one whole, filled as they were then where the entry holds only part. */
function changesOf(e: Entry, row: EventRow, datesThen: ReturnType<typeof datesAt>): ChangeDetails["changes"] {
  const before = e.before ?? {};
  const after = e.after ?? {};
  const changes: NonNullable<ChangeDetails["changes"]> = {};
  if (DATE_FIELDS.some((f) => f in after)) {
    const then = datesThen(e, row);
    const whole = (side: Record<string, unknown>) => Object.fromEntries(DATE_FIELDS.map((f) => [f, f in side ? side[f] : then[f]])) as unknown as DateValue;
    changes.dates = { before: whole(before), after: whole(after) };
  }
  for (const f of ["status", ...PLACE_FIELDS] as const) if (f in after) changes[f] = { before: before[f] ?? null, after: after[f] ?? null };
  return Object.keys(changes).length ? changes : undefined;
}

/** Follows of the given targets by "kind:target", oldest first, each with its person as a viewer (role and memberships). */
async function followersOf(db: Database, targets: [FollowKind, string[]][]): Promise<Map<string, Follower[]>> {
  const wanted = targets.filter(([, ids]) => ids.length);
  const byTarget = new Map<string, Follower[]>();
  if (!wanted.length) return byTarget;
  const rows = await db
    .select({
      followId: follows.id,
      userId: follows.userId,
      kind: follows.kind,
      target: follows.target,
      email: users.email,
      name: users.name,
      role: users.role,
      locale: users.locale,
      organisations: sql<string>`(SELECT json_group_array(organisation_id) FROM memberships WHERE user_id = ${users.id})`,
    })
    .from(follows)
    .innerJoin(users, eq(users.id, follows.userId))
    .where(or(...wanted.map(([kind, ids]) => and(eq(follows.kind, kind), inArray(follows.target, ids)))))
    .orderBy(asc(follows.createdAt), asc(follows.id))
    .limit(MAX_FOLLOWS_PER_TICK);
  for (const r of rows) {
    const key = `${r.kind}:${r.target}`;
    const viewer: Viewer = {
      id: r.userId,
      email: r.email,
      name: r.name,
      role: r.role,
      locale: r.locale,
      organisations: JSON.parse(r.organisations),
      sessionId: "",
    };
    const list = byTarget.get(key) ?? [];
    list.push({ followId: r.followId, userId: r.userId, viewer });
    byTarget.set(key, list);
  }
  return byTarget;
}

/** The window's entries that may tell followers something, oldest first. */
function recentEntries(db: Database) {
  return db
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.entity, "event"),
        inArray(auditLog.action, ACTIONS),
        sql`${auditLog.at} >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ${`-${WINDOW_MINUTES} minutes`})`,
      ),
    )
    .orderBy(asc(auditLog.id))
    .limit(MAX_ENTRIES_PER_TICK);
}

/**
 * Records the change alerts of the audit log's recent window; returns how many alerts were newly
 * recorded.
 */
export async function produceChangeAlerts(db: Database, _config: Config, now: Date): Promise<number> {
  const entries = (await recentEntries(db)).filter((e) => isPublication(e) || applies(e));
  if (!entries.length) return 0;
  const eventIds = [...new Set(entries.map((e) => e.entityId))];
  const newIds = [...new Set(entries.filter(isPublication).map((e) => e.entityId))];
  const [rows, publications, organisers, topics, later] = await db.batch([
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
    db
      .select({ eventId: eventOrganisers.eventId, id: eventOrganisers.organisationId })
      .from(eventOrganisers)
      .where(and(inArray(eventOrganisers.eventId, newIds), eq(eventOrganisers.consent, "accepted"))),
    db.select({ eventId: eventTopics.eventId, id: eventTopics.topicId }).from(eventTopics).where(inArray(eventTopics.eventId, newIds)),
    // Later changes of the dates (this window's or after it): what an entry's untouched date fields were then.
    laterDateChanges(db, eventIds, entries[0].id),
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const published = new Map(publications.map((p) => [p.eventId, p.lastId ?? 0]));
  const datesThen = datesAt(later);
  const linked = (list: { eventId: string; id: string }[], eventId: string) => list.filter((l) => l.eventId === eventId).map((l) => l.id);
  const followers = await followersOf(db, [
    ["event", eventIds],
    ["organisation", [...new Set(organisers.map((o) => o.id))]],
    ["topic", [...new Set(topics.map((t) => t.id))]],
    ["country", [...new Set(newIds.map((id) => byId.get(id)?.country).filter((c): c is string => !!c))]],
  ]);
  const of = (kind: FollowKind, targets: (string | null)[]) => targets.flatMap((t) => (t ? (followers.get(`${kind}:${t}`) ?? []) : []));

  let recorded = 0;
  for (const e of entries) {
    const row = byId.get(e.entityId);
    // Gone, unpublished or over: nobody is told.
    if (row?.moderation !== "published" || row.endUtc < now.getTime()) continue;
    const actors = new Set([e.actorId, e.action === "event.approve" ? row.submittedBy : null].filter(Boolean));
    const recipients = new Map<string, AlertRecipient>();
    let alert: { dedupeKey: string; details: ChangeDetails };
    if (isPublication(e)) {
      if (e.id !== published.get(e.entityId)) continue;
      alert = { dedupeKey: `new:${row.id}`, details: { new: true } };
      // Organisation first: the follow the mail names and offers to end. Told only who may see
      // what it is, since its country or topic would otherwise give a busy-only event away.
      for (const f of [...of("organisation", linked(organisers, row.id)), ...of("topic", linked(topics, row.id)), ...of("country", [row.country])]) {
        if (actors.has(f.userId) || recipients.has(f.userId) || !isListedFor(row, f.viewer) || isBusyFor(row, f.viewer)) continue;
        recipients.set(f.userId, { userId: f.userId, followId: f.followId });
      }
    } else {
      if ((published.get(e.entityId) ?? 0) > e.id) continue;
      const changes = changesOf(e, row, datesThen);
      if (!changes) continue;
      alert = { dedupeKey: `change:${e.id}`, details: { changes } };
      const busyTold = busyMayKnow(changes);
      for (const f of of("event", [row.id])) {
        if (actors.has(f.userId) || !isListedFor(row, f.viewer) || (isBusyFor(row, f.viewer) && !busyTold)) continue;
        recipients.set(f.userId, { userId: f.userId, followId: f.followId });
      }
    }
    const statements = await alertStatements(db, { kind: "change", eventId: row.id, ...alert }, [...recipients.values()].slice(0, MAX_RECIPIENTS_PER_ALERT));
    if (!statements.length) continue;
    const [first] = (await db.batch(statements as [(typeof statements)[number], ...typeof statements])) as { rowsAffected?: number }[];
    recorded += first?.rowsAffected ? 1 : 0;
  }
  return recorded;
}
