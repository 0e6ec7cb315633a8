/**
 * What the producers read: the audit log's recent event entries. The window is measured on the
 * database's own clock, the one that stamped `audit_log.at`, and is six cron ticks wide, so a tick
 * that did not run (or died) is covered by the next ones; the alerts' dedupe keys make the overlap
 * harmless. Bounded, newest first, so one busy quarter hour (an import) cannot outgrow a tick.
 */
import { sql } from "drizzle-orm";
import { auditLog } from "../../db/schema.ts";
import type { Database } from "../db/client.ts";

export const AUDIT_WINDOW_MINUTES = 30;
export const AUDIT_WINDOW_LIMIT = 300;

export interface AuditEntry {
  id: number;
  action: string;
  entityId: string;
  actorId: string | null;
  after: Record<string, unknown> | null;
}

/** The newest event entries of the window with one of `actions`. */
export async function recentEventEntries(db: Database, actions: string[]): Promise<AuditEntry[]> {
  const rows = await db.all<{ id: number; action: string; entity_id: string; actor_id: string | null; after: string | null }>(sql`
    SELECT id, action, entity_id, actor_id, after FROM ${auditLog}
    WHERE at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ${`-${AUDIT_WINDOW_MINUTES} minutes`}) AND entity = 'event'
      AND action IN (${sql.join(
        actions.map((a) => sql`${a}`),
        sql`, `,
      )})
    ORDER BY id DESC LIMIT ${AUDIT_WINDOW_LIMIT}`);
  return rows.map((r) => ({ id: r.id, action: r.action, entityId: r.entity_id, actorId: r.actor_id, after: r.after ? JSON.parse(r.after) : null }));
}
