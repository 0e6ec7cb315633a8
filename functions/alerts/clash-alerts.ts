/**
 * Clash alerts (issue 16): when an event is published, or a published event's dates, place or
 * audiences change, and the radar rates a high clash with another organisation's event, that
 * organisation's members are told.
 *
 * Runs in the cron over the audit log's recent entries (./audit-window.ts), never in a request.
 * The radar judges what is published, as the calendar itself (a coordinator's view), like the
 * review queue; what each recipient is then told is cut to what they may see (kinds/clash.ts),
 * and a busy-only event tells other organisations nothing (its score is made of hidden details).
 * One alert per pair and change: the dedupe key holds a hash of the event's dates, place and
 * audiences, so a second tick, or an edit of its title, records nothing new, while a move does.
 * Nothing for events that have ended, are cancelled, or have no organisation to tell.
 */
import { and, eq, gt, inArray, ne } from "drizzle-orm";
import { events } from "../../db/schema.ts";
import { runRadar, storedTraits } from "../coordination/radar.ts";
import { DEFAULT_MARGIN_DAYS } from "../coordination/weights.ts";
import type { Database } from "../db/client.ts";
import type { Config } from "../env.ts";
import { loadEvents, toInput, type StoredEvent } from "../events/events.commands.ts";
import { organisationViewer } from "../auth/viewer.ts";
import { isBusyFor, isListedFor } from "../events/visibility.ts";
import { clashSubject } from "../review/review-clashes.ts";
import { recentEventEntries, type AuditEntry } from "./audit-window.ts";
import { alertStatements, stableId } from "./enqueue.ts";
import { CALENDAR_VIEWER, membersOf } from "./recipients.ts";

/** The fields whose change can make a new clash: the dates, the place and the audiences. */
const SUBJECT_FIELDS = ["startsAt", "endsAt", "allDay", "timeZone", "rrule", "exdates", "venue", "city", "country", "onlineUrl", "attendanceMode", "audiences"];
/** Every high clash of one event is told (the radar's answer is otherwise cut to its strongest 100). */
const MAX_CLASHES_TOLD = 500;
/** Statements per database round trip. */
const BATCH = 100;

/** Whether an audit entry published an event or changed what its clashes depend on. */
function publishesOrMoves(e: AuditEntry): boolean {
  if (e.action === "event.approve") return true;
  if (e.action === "event.create" || e.action === "event.import") return e.after?.moderation === "published";
  return !!e.after && Object.keys(e.after).some((k) => SUBJECT_FIELDS.includes(k) || k === "moderation");
}

/** The change part of the dedupe key: the published version's dates, place and audiences. */
export async function changeHash(stored: StoredEvent): Promise<string> {
  const input = toInput(stored) as unknown as Record<string, unknown>;
  const facts = SUBJECT_FIELDS.map((k) => (k === "audiences" ? [...stored.audiences].sort() : (input[k] ?? null)));
  return (await stableId(JSON.stringify(facts))).slice(0, 16);
}

/** Records the clash alerts the recent publications and moves call for; returns how many alerts it recorded. */
export async function produceClashAlerts(db: Database, _config: Config, now: Date): Promise<number> {
  const entries = (await recentEventEntries(db, ["event.create", "event.import", "event.update", "event.approve"])).filter(publishesOrMoves);
  // The newest entry of each event: of two events published within the window, the later one is
  // the newcomer, and only the organisation already there is told (the newcomer saw the radar).
  const latest = new Map<string, number>();
  for (const e of entries) latest.set(e.entityId, Math.max(e.id, latest.get(e.entityId) ?? 0));
  const ids = [...latest.keys()];
  if (!ids.length) return 0;
  const published = await loadEvents(
    db,
    and(inArray(events.id, ids), eq(events.moderation, "published"), ne(events.status, "cancelled"), gt(events.endUtc, now.getTime()))!,
  );
  let recorded = 0;
  for (const stored of published) {
    const mine = latest.get(stored.row.id)!;
    recorded += await alertsFor(db, stored, now, (otherId) => (latest.get(otherId) ?? 0) > mine);
  }
  return recorded;
}

/** The alerts for one published event: one per high clash with another organisation's event that has not ended. */
export async function alertsFor(db: Database, stored: StoredEvent, now: Date, isNewer: (eventId: string) => boolean = () => false): Promise<number> {
  const today = now.toISOString().slice(0, 10);
  // Shared contact persons are a reason of their own, as on the review queue's radar.
  const people = (await storedTraits(db, stored.row.slug, CALENDAR_VIEWER))?.people ?? [];
  const radar = await runRadar(db, clashSubject(stored, toInput(stored), people), {
    viewer: CALENDAR_VIEWER,
    marginDays: DEFAULT_MARGIN_DAYS,
    excludeSlug: stored.row.slug,
    holidayCountries: [],
    today,
    maxClashes: MAX_CLASHES_TOLD,
  });
  // A series meets the event once per occurrence: the strongest occurrence that has not ended speaks for it.
  const bySlug = new Map<string, (typeof radar.clashes)[number]>();
  for (const c of radar.clashes) {
    if (c.kind !== "event" || c.severity !== "high" || Date.parse(c.end) <= now.getTime() || bySlug.has(c.slug)) continue;
    bySlug.set(c.slug, c);
  }
  if (!bySlug.size) return 0;
  const others = await db
    .select({ id: events.id, slug: events.slug, owner: events.ownerOrganisationId, moderation: events.moderation, visibility: events.visibility })
    .from(events)
    .where(inArray(events.slug, [...bySlug.keys()]));
  // An organisation is told only of what its partners may see in full: a busy-only event of
  // another organisation is its dates and organisers to them, which never make a high clash (the
  // radar weighs it so, README), so the high score its hidden details made must tell them nothing,
  // not even that it is there.
  const told = others.filter(
    (o) => o.owner && o.owner !== stored.row.ownerOrganisationId && !isNewer(o.id) && !isBusyFor(stored.row, organisationViewer(o.owner)),
  );
  const members = await membersOf(db, [...new Set(told.map((o) => o.owner!))]);
  const hash = await changeHash(stored);
  const statements = [];
  let recorded = 0;
  for (const other of told) {
    const clash = bySlug.get(other.slug)!;
    // Only those who may meet the published event at all; what they see of it is the renderer's to cut.
    const recipients = (members.get(other.owner!) ?? []).filter((v) => isListedFor(stored.row, v) && isListedFor(other, v));
    const made = await alertStatements(
      db,
      {
        kind: "clash",
        dedupeKey: `clash:${stored.row.id}:${other.id}:${hash}`,
        eventId: stored.row.id,
        otherEventId: other.id,
        organisationId: other.owner,
        severity: "high",
        details: { reasons: clash.reasons, score: clash.score, otherStart: clash.start },
      },
      recipients.map((r) => ({ userId: r.id })),
    );
    if (made.length) recorded++;
    statements.push(...made);
  }
  for (let i = 0; i < statements.length; i += BATCH) {
    const part = statements.slice(i, i + BATCH);
    await db.batch(part as [(typeof part)[number], ...typeof part]);
  }
  return recorded;
}
