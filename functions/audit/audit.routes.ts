import { and, desc, eq, inArray, lt, sql, type SQL } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { digits, queryOf } from "../validation.ts";
import { apiTokens, auditLog, events, organisations, users } from "../../db/schema.ts";
import type { Database } from "../db/client.ts";
import type { AppEnv } from "../env.ts";
import { invalidInput } from "../errors.ts";
import type { AuditEntry, AuditResponse } from "./audit.types.ts";

/**
 * The current name and page of the record an entry is about, by its kind. Projects and
 * organisations were logged at creation under their slug, later under their id: both are matched.
 * People are named as the directory names them (their names are public there); nothing is looked
 * up for an erased person, whose entry keeps no id.
 */
const targetName = sql<string | null>`CASE ${auditLog.entity}
  WHEN 'event' THEN (SELECT title FROM events WHERE id = ${auditLog.entityId})
  WHEN 'organisation' THEN (SELECT name FROM organisations WHERE id = ${auditLog.entityId} OR slug = ${auditLog.entityId} LIMIT 1)
  WHEN 'person' THEN (SELECT name FROM people WHERE id = ${auditLog.entityId})
  WHEN 'document' THEN (SELECT title FROM documents WHERE id = ${auditLog.entityId} OR slug = ${auditLog.entityId} LIMIT 1)
  WHEN 'project' THEN (SELECT title FROM projects WHERE id = ${auditLog.entityId} OR slug = ${auditLog.entityId} LIMIT 1)
  WHEN 'hold' THEN (SELECT title FROM holds WHERE id = ${auditLog.entityId})
  WHEN 'user' THEN (SELECT name FROM users WHERE id = ${auditLog.entityId})
  END`;
const targetPath = sql<string | null>`CASE ${auditLog.entity}
  WHEN 'event' THEN (SELECT '/events/' || slug FROM events WHERE id = ${auditLog.entityId})
  WHEN 'organisation' THEN (SELECT '/organisations/' || slug FROM organisations WHERE id = ${auditLog.entityId} OR slug = ${auditLog.entityId} LIMIT 1)
  WHEN 'person' THEN (SELECT '/people/' || id FROM people WHERE id = ${auditLog.entityId})
  WHEN 'document' THEN (SELECT '/documents/' || slug FROM documents WHERE id = ${auditLog.entityId} OR slug = ${auditLog.entityId} LIMIT 1)
  WHEN 'project' THEN (SELECT '/projects/' || slug FROM projects WHERE id = ${auditLog.entityId} OR slug = ${auditLog.entityId} LIMIT 1)
  END`;

/** How many distinct id-like values of a page of entries are looked up by name. */
const MAX_NAMED_VALUES = 500;
const ID_LIKE = /^[A-Za-z0-9_-]{1,100}$/;
/** The logged fields whose values are ids of users, events or organisations. */
const ID_FIELDS = new Set(["userId", "with", "event", "organisers", "issuers", "parentId", "ownerOrganisationId", "organisationId"]);

/** The ids among the entries' id fields, single or in lists. */
function referencedIds(entries: { before: Record<string, unknown> | null; after: Record<string, unknown> | null }[]): string[] {
  const found = new Set<string>();
  for (const e of entries) {
    for (const [field, value] of [...Object.entries(e.before ?? {}), ...Object.entries(e.after ?? {})]) {
      if (!ID_FIELDS.has(field)) continue;
      for (const v of Array.isArray(value) ? value : [value]) if (typeof v === "string" && ID_LIKE.test(v)) found.add(v);
    }
  }
  return [...found].slice(0, MAX_NAMED_VALUES);
}

/** Id → current name of the users, events and organisations among `ids`. */
async function namesOf(db: Database, ids: string[]): Promise<Record<string, string>> {
  if (ids.length === 0) return {};
  const [people, titled, orgs] = await db.batch([
    db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids)),
    db.select({ id: events.id, name: events.title }).from(events).where(inArray(events.id, ids)),
    db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(inArray(organisations.id, ids)),
  ]);
  // A user without a name maps to "" (the page says "a user without a name"), never to an address.
  return Object.fromEntries([...people, ...titled, ...orgs].map((r) => [r.id, r.name ?? ""]));
}

const querySchema = z.object({
  entity: z.enum(["event", "organisation", "user"], { error: "must be event, organisation or user" }).optional(),
  entityId: z.string().max(100, "must be at most 100 characters").optional(),
  before: digits(z.coerce.number({ error: "must be an entry id" }).int().positive()).optional(),
  limit: digits(z.coerce.number({ error: "must be a number" }).int().min(1, "must be at least 1").max(200, "must be at most 200")).default(50),
});

/**
 * `GET /api/audit`: newest first, pageable with `before=<id>`; actors by name, never by address,
 * with the name of the API token when they acted through one,
 * the record each entry is about by its current name, with its page, and the names of the
 * users, events and organisations its values name by id.
 */
export const auditRoutes = new Hono<AppEnv>().get("/", async (c) => {
  const parsed = querySchema.safeParse(queryOf(c));
  if (!parsed.success) throw invalidInput(parsed.error);
  const q = parsed.data;
  const where: SQL[] = [];
  if (q.entity) where.push(eq(auditLog.entity, q.entity));
  if (q.entityId) where.push(eq(auditLog.entityId, q.entityId));
  if (q.before) where.push(lt(auditLog.id, q.before));
  const rows = await c.var.db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actorId: auditLog.actorId,
      actorName: users.name,
      tokenId: auditLog.tokenId,
      tokenName: apiTokens.name,
      action: auditLog.action,
      entity: auditLog.entity,
      entityId: auditLog.entityId,
      before: auditLog.before,
      after: auditLog.after,
      comment: auditLog.comment,
      targetName,
      targetPath,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .leftJoin(apiTokens, eq(apiTokens.id, auditLog.tokenId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(q.limit);
  const entries: AuditEntry[] = rows.map(({ targetName: name, targetPath: path, ...row }) => ({ ...row, target: { name, path } }));
  return c.json({ entries, names: await namesOf(c.var.db, referencedIds(entries)) } satisfies AuditResponse);
});
