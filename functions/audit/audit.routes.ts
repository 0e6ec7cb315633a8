import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { auditLog, users } from "../../db/schema.ts";
import type { AppEnv } from "../env.ts";
import { invalidInput } from "../errors.ts";
import type { AuditEntry } from "./audit.types.ts";

const querySchema = z.object({
  entity: z.enum(["event", "organisation", "user"], { error: "must be event, organisation or user" }).optional(),
  entityId: z.string().max(100, "must be at most 100 characters").optional(),
  before: z.coerce.number({ error: "must be an entry id" }).int().positive().optional(),
  limit: z.coerce.number({ error: "must be a number" }).int().min(1).max(200, "must be at most 200").default(50),
});

/** `GET /api/audit`: newest first, pageable with `before=<id>`; actors by name, never by address. */
export const auditRoutes = new Hono<AppEnv>().get("/", async (c) => {
  const parsed = querySchema.safeParse(c.req.query());
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
      action: auditLog.action,
      entity: auditLog.entity,
      entityId: auditLog.entityId,
      before: auditLog.before,
      after: auditLog.after,
      comment: auditLog.comment,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(q.limit);
  return c.json({ entries: rows } satisfies { entries: AuditEntry[] });
});
