/**
 * The audit log: one row per create, update, delete, approval, membership and role change, written
 * in the same batch as the change itself. Only ids and field values go in; callers never pass
 * tokens, and people's addresses are replaced by `[redacted]`.
 */
import { sql, type SQL } from "drizzle-orm";
import { auditLog } from "../../db/schema.ts";
import type { Database } from "../db/client.ts";

const SECRET_FIELDS = new Set(["email", "token", "password", "phone"]);

function redact(values: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  if (!values) return null;
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, SECRET_FIELDS.has(k) && v != null ? "[redacted]" : v]));
}

export interface AuditInput {
  actorId: string | null;
  action: string;
  entity: string;
  entityId: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  comment?: string | null;
}

/**
 * The API token each request's database client acts for (auth/middleware.ts sets it). The client is
 * made anew for every request (db/client.ts), so every audit row written through it names the
 * token without each write path passing it along; a WeakMap, so entries go with their clients.
 */
const tokenOfRequest = new WeakMap<Database, string>();

/** Marks the audit rows written through `db` (one request's client) as made with the API token `tokenId`. */
export function auditAsToken(db: Database, tokenId: string): void {
  tokenOfRequest.set(db, tokenId);
}

/** The insert for one audit row, to put in the batch that makes the change. */
export function audit(db: Database, entry: AuditInput) {
  return db.insert(auditLog).values({
    actorId: entry.actorId,
    tokenId: tokenOfRequest.get(db) ?? null,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId,
    before: redact(entry.before),
    after: redact(entry.after),
    comment: entry.comment ?? null,
  });
}

/**
 * The insert for one audit row that is written only if `condition` holds when the batch reaches
 * it: for changes that may turn out to change nothing (erasing someone already gone, repeating an
 * acknowledgement), so the log records what happened, not what was asked.
 */
export function auditIf(db: Database, entry: AuditInput, condition: SQL) {
  const json = (values: Record<string, unknown> | null | undefined) => {
    const redacted = redact(values);
    return redacted ? JSON.stringify(redacted) : null;
  };
  return db.run(sql`
    INSERT INTO ${auditLog} (actor_id, token_id, action, entity, entity_id, before, after, comment)
    SELECT ${entry.actorId}, ${tokenOfRequest.get(db) ?? null}, ${entry.action}, ${entry.entity}, ${entry.entityId}, ${json(entry.before)}, ${json(entry.after)}, ${entry.comment ?? null}
    WHERE ${condition}`);
}

/** Only the fields whose values differ, as {before, after}. */
export function diff(before: Record<string, unknown>, after: Record<string, unknown>) {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return { before: b, after: a };
}
