/** Coordinators add organisations and manage all of them; partners edit their own. */
import { and, eq, sql } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { ORGANISATION_KINDS, organisations } from "../../db/schema.ts";
import { audit, auditIf, diff } from "../audit/audit.ts";
import { isCoordinator, isMemberOf } from "../auth/viewer.ts";
import type { AppEnv } from "../env.ts";
import { ApiError, fieldError } from "../errors.ts";
import { refs, requireReferences } from "../db/references.ts";
import { countries, httpsUrl, id, line, optionalLine, parseBody, patchSchema, slug as slugRule, text } from "../validation.ts";

export const organisationFields = z.object({
  name: line(200).min(1, "is required"),
  shortName: optionalLine(40),
  kind: z.enum(ORGANISATION_KINDS, { error: `must be one of ${ORGANISATION_KINDS.join(", ")}` }),
  parentId: id("must be an organisation id").nullable().optional(),
  countries: countries(30).default([]),
  city: optionalLine(100),
  website: httpsUrl().nullable().optional(),
  description: text(4000).nullable().optional(),
});
export const organisationCreateSchema = organisationFields.extend({ slug: slugRule() }).strict();
export const organisationPatchSchema = patchSchema(
  organisationFields.extend({
    /** Coordinators only: the organisation's calendar feed publishes directly, without review (feed sync). */
    trusted: z.boolean({ error: "must be true or false" }).optional(),
  }),
);

/**
 * True (as SQL) when `organisationId` is not `parentId` nor one of its ancestors, so that making
 * `parentId` the parent closes no cycle. UNION stops the walk on rows already seen, so even a cycle
 * already in the data ends it.
 */
function notAncestorOf(organisationId: string, parentId: string) {
  return sql`NOT EXISTS (
    WITH RECURSIVE ancestors(id) AS (
      SELECT ${parentId}
      UNION SELECT o.parent_id FROM ${organisations} o JOIN ancestors a ON o.id = a.id WHERE o.parent_id IS NOT NULL
    )
    SELECT 1 FROM ancestors WHERE id = ${organisationId})`;
}

/** Fields only coordinators set: where an organisation sits in the hierarchy, what it is, and whether its feed is trusted. */
const RESERVED = ["parentId", "kind", "trusted"] as const;

export const organisationWriteRoutes = new Hono<AppEnv>()
  .post("/", async (c) => {
    const input = await parseBody(c, organisationCreateSchema);
    const { db, viewer } = c.var;
    const [taken] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, input.slug));
    if (taken) throw fieldError(409, "slug", "must be unique", "unique", { errorCode: "slug_taken", message: "slug: another organisation has this slug" });
    if (input.parentId) await requireReferences(db, refs("organisation", "parentId", [input.parentId], false));
    await db.batch([
      db.insert(organisations).values({ id: input.slug, ...input }),
      audit(db, { actorId: viewer!.id, action: "organisation.create", entity: "organisation", entityId: input.slug, after: input }),
    ]);
    return c.json({ slug: input.slug }, 201);
  })
  .patch("/:slug", async (c) => {
    const { db, viewer, now } = c.var;
    const [org] = await db
      .select()
      .from(organisations)
      .where(eq(organisations.slug, c.req.param("slug")));
    if (!org) throw new ApiError(404, "not_found", "No organisation has this slug");
    const coordinator = isCoordinator(viewer);
    if (!coordinator && !isMemberOf(viewer, org.id)) throw new ApiError(403, "forbidden", "Partners edit only their own organisations.");
    const patch = await parseBody(c, organisationPatchSchema);
    for (const field of RESERVED) {
      if (!coordinator && patch[field] !== undefined && patch[field] !== org[field]) {
        throw fieldError(403, field, "reserved to coordinators", "coordinator_only", {
          errorCode: "forbidden",
          message: `${field}: only coordinators change this`,
        });
      }
    }
    if (patch.parentId === org.id)
      throw fieldError(400, "parentId", "must be another organisation", "invalid", { message: "parentId: an organisation cannot be its own parent" });
    if (patch.parentId) await requireReferences(db, refs("organisation", "parentId", [patch.parentId], false));
    const changes = diff(org as Record<string, unknown>, patch as Record<string, unknown>);
    // A PATCH that changes nothing writes nothing, and leaves no audit entry.
    if (Object.keys(changes.after).length === 0) return c.json({ slug: org.slug });
    const acyclic = patch.parentId ? notAncestorOf(org.id, patch.parentId) : sql`1`;
    const cycle = () =>
      fieldError(400, "parentId", "must not be one of the organisation's own sub-organisations", "invalid", {
        message: "parentId: the organisation would become its own ancestor",
      });
    const [{ ok }] = await db.all<{ ok: number }>(sql`SELECT ${acyclic} AS ok`);
    if (!ok) throw cycle();
    // Checked again inside the write: two concurrent edits cannot close a cycle between them.
    const [, updated] = await db.batch([
      auditIf(db, { actorId: viewer!.id, action: "organisation.update", entity: "organisation", entityId: org.id, ...changes }, acyclic),
      db
        .update(organisations)
        .set({ ...patch, updatedAt: now.toISOString() })
        .where(and(eq(organisations.id, org.id), acyclic))
        .returning({ id: organisations.id }),
    ]);
    if (updated.length === 0) throw cycle();
    return c.json({ slug: org.slug });
  });
