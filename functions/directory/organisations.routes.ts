/** Coordinators add organisations and manage all of them; partners edit their own. */
import { and, eq, sql } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { ORGANISATION_KINDS, organisations } from "../../db/schema.ts";
import { audit, auditIf, diff } from "../audit/audit.ts";
import { isCoordinator, isMemberOf } from "../auth/viewer.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";
import { refs, requireReferences } from "../db/references.ts";
import { id, line, parseBody, patchSchema } from "../validation.ts";

export const organisationFields = z.object({
  name: line(200).min(1, "is required"),
  shortName: line(40).nullable().optional(),
  kind: z.enum(ORGANISATION_KINDS, { error: `must be one of ${ORGANISATION_KINDS.join(", ")}` }),
  parentId: id("must be an organisation id").nullable().optional(),
  countries: z
    .array(z.string().regex(/^[A-Z]{2}$/, "must be ISO 3166-1 alpha-2 codes"))
    .max(30, "at most 30")
    .default([]),
  city: line(100).nullable().optional(),
  website: z
    .string()
    .refine((u) => /^https:\/\//i.test(u) && URL.canParse(u), "must be an https:// link")
    .nullable()
    .optional(),
  description: z.string().trim().max(4000, "must be at most 4000 characters").nullable().optional(),
});
export const organisationCreateSchema = organisationFields
  .extend({ slug: z.string().regex(/^[a-z0-9][a-z0-9-]{1,59}$/, "must be 2–60 lower-case letters, digits and hyphens") })
  .strict();
export const organisationPatchSchema = patchSchema(organisationFields);

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

/** Fields only coordinators set: where an organisation sits in the hierarchy, and what it is. */
const RESERVED = ["parentId", "kind"] as const;

export const organisationWriteRoutes = new Hono<AppEnv>()
  .post("/", async (c) => {
    const input = await parseBody(c, organisationCreateSchema);
    const { db, viewer } = c.var;
    const [taken] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, input.slug));
    if (taken) throw new ApiError(409, "slug_taken", "slug: another organisation has this slug", { issues: [{ field: "slug", rule: "must be unique" }] });
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
        throw new ApiError(403, "forbidden", `${field}: only coordinators change this`, { issues: [{ field, rule: "reserved to coordinators" }] });
      }
    }
    if (patch.parentId === org.id)
      throw new ApiError(400, "invalid_body", "parentId: an organisation cannot be its own parent", {
        issues: [{ field: "parentId", rule: "must be another organisation" }],
      });
    if (patch.parentId) await requireReferences(db, refs("organisation", "parentId", [patch.parentId], false));
    const changes = diff(org as Record<string, unknown>, patch as Record<string, unknown>);
    // A PATCH that changes nothing writes nothing, and leaves no audit entry.
    if (Object.keys(changes.after).length === 0) return c.json({ slug: org.slug });
    const acyclic = patch.parentId ? notAncestorOf(org.id, patch.parentId) : sql`1`;
    const cycle = () =>
      new ApiError(400, "invalid_body", "parentId: the organisation would become its own ancestor", {
        issues: [{ field: "parentId", rule: "must not be one of the organisation's own sub-organisations" }],
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
