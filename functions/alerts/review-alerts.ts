/**
 * Review alerts (issue 16): coordinators are told when something enters the review queue, with the
 * clash radar's severity, batched by the outbox with everything else of the quarter hour. Replaces
 * the mail a request used to send itself: the cron reads the audit log, so no request pays for it.
 *
 * What enters the queue: a submission (event.submit), a partner's first proposed change to a
 * published event (event.propose), or an import that leaves an event waiting (event.import: a
 * synced feed's new entry or change); editing a proposal already waiting does not announce it again.
 * The dedupe key names the audit entry that put it in the queue, so each entry is told once.
 */
import { and, eq, inArray, isNotNull, or, sql } from "drizzle-orm";
import { auditLog, events } from "../../db/schema.ts";
import type { Database } from "../db/client.ts";
import type { Config } from "../env.ts";
import { queueClashes } from "../review/review-clashes.ts";
import { recentEventEntries } from "./audit-window.ts";
import { alertStatements } from "./enqueue.ts";
import { CALENDAR_VIEWER, reviewers } from "./recipients.ts";

/** Whether a proposal entry follows another proposal of the same waiting period (no approval or return between). */
async function repeatedProposals(db: Database, entryIds: number[]): Promise<Set<number>> {
  if (!entryIds.length) return new Set();
  const rows = await db.all<{ id: number }>(sql`
    SELECT a.id FROM ${auditLog} a WHERE a.id IN (${sql.join(
      entryIds.map((id) => sql`${id}`),
      sql`, `,
    )})
    AND EXISTS (SELECT 1 FROM ${auditLog} p WHERE p.entity = 'event' AND p.entity_id = a.entity_id AND p.action = 'event.propose' AND p.id < a.id
      AND NOT EXISTS (SELECT 1 FROM ${auditLog} r WHERE r.entity = 'event' AND r.entity_id = a.entity_id
        AND r.action IN ('event.approve', 'event.return', 'event.update', 'event.delete') AND r.id > p.id AND r.id < a.id))`);
  return new Set(rows.map((r) => r.id));
}

/** Records a review alert for each item that entered the queue in the window and still waits; returns how many. */
export async function produceReviewAlerts(db: Database, _config: Config, now: Date): Promise<number> {
  // Imports too: a synced feed's new entries and a partner's re-import of a published event wait for review.
  const entries = await recentEventEntries(db, ["event.submit", "event.propose", "event.import"]);
  const repeated = await repeatedProposals(
    db,
    entries.filter((e) => e.action === "event.propose").map((e) => e.id),
  );
  const fresh = entries.filter((e) => !repeated.has(e.id));
  if (!fresh.length) return 0;
  const waiting = await db
    .select({ id: events.id })
    .from(events)
    .where(
      and(
        inArray(
          events.id,
          fresh.map((e) => e.entityId),
        ),
        or(eq(events.moderation, "pending"), isNotNull(events.pendingChanges)),
      ),
    );
  const stillWaiting = new Set(waiting.map((w) => w.id));
  // What waits is what the newest of an event's entries put in the queue: an older one (a
  // submission approved since, then a proposed change) is not told again beside it.
  const newest = new Map<string, (typeof fresh)[number]>();
  for (const e of fresh) if (!newest.has(e.entityId) || newest.get(e.entityId)!.id < e.id) newest.set(e.entityId, e);
  const todo = [...newest.values()].filter((e) => stillWaiting.has(e.entityId));
  if (!todo.length) return 0;
  const verdicts = await queueClashes(db, [...stillWaiting], CALENDAR_VIEWER, now.toISOString().slice(0, 10));
  let recorded = 0;
  for (const entry of todo) {
    const verdict = verdicts.get(entry.entityId);
    const statements = await alertStatements(
      db,
      {
        kind: "review",
        dedupeKey: `review:${entry.entityId}:${entry.id}`,
        eventId: entry.entityId,
        severity: verdict?.highest ?? null,
        details: { total: verdict?.total ?? 0, proposal: entry.action === "event.propose" },
      },
      (await reviewers(db, entry.actorId)).map((r) => ({ userId: r.id })),
    );
    if (!statements.length) continue;
    const [alert] = await db.batch(statements as [(typeof statements)[number], ...typeof statements]);
    // Told once: a later tick that finds the same entry inserts nothing and counts nothing.
    if (alert.rowsAffected > 0) recorded++;
  }
  return recorded;
}
