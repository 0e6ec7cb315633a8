/**
 * Writing projects (engagements): coordinators add them; coordinators and partners of an
 * organisation of the project edit them, as partners edit their own organisations. Which
 * organisations a project names is reserved to coordinators, so that no partner can add another
 * organisation to their project, or take one off it.
 */
import { eq, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { Hono } from "hono";
import { z } from "zod";
import { PROJECT_ROLES, PROJECT_STATUSES, projectOrganisations, projects, projectTopics } from "../../db/schema.ts";
import { audit } from "../audit/audit.ts";
import { isCoordinator, isMemberOf } from "../auth/viewer.ts";
import type { AppEnv } from "../env.ts";
import { ApiError, type FieldIssue, fieldError } from "../errors.ts";
import { makeSlug } from "../events/events.commands.ts";
import { refs, requireReferences } from "../db/references.ts";
import { changesOf, merged, replaceLinks, requireValid, runBatch, stillAsRead, touches } from "../db/patch.ts";
import { guard, isGuardFailure } from "../db/guard.ts";
import {
  addIssues,
  countries,
  dateProblem,
  distinct,
  id,
  isoDate,
  line,
  optionalLine,
  parseBody,
  patchSchema,
  ruled,
  slug as slugRule,
  text,
} from "../validation.ts";
import { getProject } from "./directory.queries.ts";

const organisationLink = z
  .object({
    id: id("must be an organisation id"),
    role: z.enum(PROJECT_ROLES, { error: `must be one of ${PROJECT_ROLES.join(", ")}` }),
  })
  .strict();

export const projectFields = z.object({
  title: line(300).min(1, "is required"),
  description: text(4000).nullable().optional(),
  status: z.enum(PROJECT_STATUSES, { error: `must be one of ${PROJECT_STATUSES.join(", ")}` }),
  startDate: isoDate(),
  endDate: isoDate().nullable().optional(),
  budgetAmount: z.number({ error: "must be a number" }).min(0, "must not be negative").max(1e12, "must be at most 1000000000000").nullable().optional(),
  budgetCurrency: z
    .string()
    .refine((s) => /^[A-Z]{3}$/.test(s), ruled("format", "must be an ISO 4217 currency code such as DKK"))
    .nullable()
    .optional(),
  fundingSource: optionalLine(200),
  countries: countries(30).default([]),
  organisations: z
    .array(organisationLink)
    .min(1, "needs the lead organisation")
    .max(30, "at most 30")
    .refine((list) => distinct(list, (o) => o.id), ruled("duplicate", "must not name an organisation twice"))
    .refine((list) => list.filter((o) => o.role === "lead").length === 1, ruled("invalid", "needs exactly one lead organisation")),
  topics: z
    .array(id("must be topic ids"))
    .max(20, "at most 20")
    .refine((list) => distinct(list), ruled("duplicate", "must not repeat a topic"))
    .default([]),
});

type ProjectFields = z.infer<typeof projectFields>;
/** The fields the rules between fields read (see projectIssues). */
const RULE_FIELDS = ["startDate", "endDate", "budgetAmount", "budgetCurrency"] as const;

/** The rules that span fields, for a new project and for a project as a PATCH would leave it. */
function projectIssues(p: Pick<ProjectFields, "startDate" | "endDate" | "budgetAmount" | "budgetCurrency">): FieldIssue[] {
  const issues: FieldIssue[] = [];
  // Compare only dates that passed their own rule.
  if (p.endDate && dateProblem(p.startDate) === null && dateProblem(p.endDate) === null && p.endDate < p.startDate)
    issues.push({ field: "endDate", rule: "must not be before startDate", code: "not_before_start" });
  if (p.budgetAmount != null && !p.budgetCurrency) issues.push({ field: "budgetCurrency", rule: "is required with a budget amount", code: "required" });
  return issues;
}

export const projectCreateSchema = projectFields
  .extend({
    slug: slugRule().optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    addIssues(ctx, projectIssues(p));
  });
export const projectPatchSchema = patchSchema(projectFields);
type ProjectPatch = z.infer<typeof projectPatchSchema>;

/** Link lists in one order on both sides, so a list sent in another order is no change. */
const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);

const linkRows = (projectId: string, p: Pick<ProjectFields, "organisations" | "topics">) => ({
  organisations: p.organisations.map((o) => ({ projectId, organisationId: o.id, role: o.role })),
  topics: p.topics.map((topicId) => ({ projectId, topicId })),
});

export const projectWriteRoutes = new Hono<AppEnv>()
  .post("/", async (c) => {
    const { slug: wanted, ...input } = await parseBody(c, projectCreateSchema);
    const { db, viewer } = c.var;
    const slug = wanted ?? makeSlug(input.title);
    const [taken] = await db.select({ id: projects.id }).from(projects).where(eq(projects.slug, slug));
    if (taken) throw fieldError(409, "slug", "must be unique", "unique", { errorCode: "slug_taken", message: "slug: another project has this slug" });
    await requireReferences(db, [
      ...input.organisations.map((o, i) => ({ kind: "organisation" as const, field: `organisations[${i}].id`, id: o.id })),
      ...refs("topic", "topics", input.topics),
    ]);
    const { organisations: _o, topics: _t, ...columns } = input;
    const rows = linkRows(slug, input);
    const statements: BatchItem<"sqlite">[] = [
      db.insert(projects).values({ id: slug, slug, ...columns }),
      db.insert(projectOrganisations).values(rows.organisations),
      audit(db, { actorId: viewer!.id, action: "project.create", entity: "project", entityId: slug, after: { slug, ...input } }),
    ];
    if (rows.topics.length) statements.push(db.insert(projectTopics).values(rows.topics));
    await runBatch(db, statements);
    return c.json(await getProject(db, slug, viewer), 201);
  })
  .patch("/:slug", async (c) => {
    const { db, viewer, now } = c.var;
    const [row] = await db
      .select()
      .from(projects)
      .where(eq(projects.slug, c.req.param("slug")));
    if (!row) throw new ApiError(404, "not_found", "No project has this slug");
    const links = await db
      .select({ id: projectOrganisations.organisationId, role: projectOrganisations.role })
      .from(projectOrganisations)
      .where(eq(projectOrganisations.projectId, row.id));
    const topicRows = await db.select({ id: projectTopics.topicId }).from(projectTopics).where(eq(projectTopics.projectId, row.id));
    const coordinator = isCoordinator(viewer);
    if (!coordinator && !links.some((o) => isMemberOf(viewer, o.id)))
      throw new ApiError(403, "forbidden", "Only partners of the project's organisations and coordinators may change this project.");
    const patch = await parseBody(c, projectPatchSchema);

    const stored: ProjectPatch = {
      title: row.title,
      description: row.description,
      status: row.status,
      startDate: row.startDate,
      endDate: row.endDate,
      budgetAmount: row.budgetAmount,
      budgetCurrency: row.budgetCurrency,
      fundingSource: row.fundingSource,
      countries: row.countries,
      organisations: [...links].sort(byId),
      topics: topicRows.map((t) => t.id).sort(),
    };
    const normalised: ProjectPatch = {
      ...patch,
      ...(patch.organisations ? { organisations: [...patch.organisations].sort(byId) } : {}),
      ...(patch.topics ? { topics: [...patch.topics].sort() } : {}),
    };
    const changes = changesOf(stored, normalised);
    // A PATCH that changes nothing writes nothing, and leaves no audit entry.
    if (!changes) return c.json(await getProject(db, row.slug, viewer));
    if (!coordinator && touches(changes, "organisations")) {
      throw fieldError(403, "organisations", "reserved to coordinators", "coordinator_only", {
        errorCode: "forbidden",
        message: "organisations: only coordinators change which organisations a project names",
      });
    }
    const after = merged(stored, normalised) as ProjectFields;
    requireValid(projectIssues(after));
    const { organisations: orgs, topics, ...columns } = changes.changed;
    await requireReferences(db, [
      ...(orgs ?? []).map((o, i) => ({ kind: "organisation" as const, field: `organisations[${i}].id`, id: o.id })),
      ...refs("topic", "topics", topics ?? []),
    ]);

    const rows = linkRows(row.id, after);
    // The rules between fields were checked on the values read; the write stands only on those.
    const asRead = RULE_FIELDS.some((f) => touches(changes, f))
      ? [
          guard(
            db,
            sql`EXISTS (SELECT 1 FROM ${projects} WHERE ${projects.id} = ${row.id} AND ${stillAsRead({ startDate: projects.startDate, endDate: projects.endDate, budgetAmount: projects.budgetAmount, budgetCurrency: projects.budgetCurrency }, stored)})`,
          ),
        ]
      : [];
    await runBatch(db, [
      ...asRead,
      db
        .update(projects)
        .set({ ...columns, updatedAt: now.toISOString() })
        .where(eq(projects.id, row.id)),
      ...(touches(changes, "organisations") ? replaceLinks(db, projectOrganisations, projectOrganisations.projectId, row.id, rows.organisations) : []),
      ...(touches(changes, "topics") ? replaceLinks(db, projectTopics, projectTopics.projectId, row.id, rows.topics) : []),
      audit(db, { actorId: viewer!.id, action: "project.update", entity: "project", entityId: row.id, before: changes.before, after: changes.after }),
    ]).catch((error: unknown) => {
      if (isGuardFailure(error))
        throw new ApiError(
          409,
          "project_changed",
          "Someone else changed this project's dates or budget in the meantime; reload it and make your change again.",
        );
      throw error;
    });
    return c.json(await getProject(db, row.slug, viewer));
  });
