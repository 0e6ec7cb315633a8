/**
 * The directory and library, readable by everyone within each viewer's visibility: organisations,
 * people (contact fields by their own visibility), documents and projects; plus the lists the
 * forms need (`/api/vocabulary`).
 */
import { asc, eq } from "drizzle-orm";
import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import { audiences, DOCUMENT_KINDS, ORGANISATION_KINDS, organisations, people, PROJECT_STATUSES, topics } from "../../db/schema.ts";
import { isCoordinator } from "../auth/viewer.ts";
import type { AppEnv } from "../env.ts";
import { ApiError, fieldError, invalidInput } from "../errors.ts";
import { countryFilter, id as idRule, isSlug, languageTag, listParam, queryValues } from "../validation.ts";
import { getDocument, getOrganisation, getProject, listDocuments, listOrganisations, listPeople, listProjects } from "./directory.queries.ts";
import type { PersonResponse, VocabularyResponse } from "./directory.types.ts";

const country = countryFilter();
const id = idRule("values must be ids (lower-case letters, digits, hyphens, at most 100)");
const language = languageTag();

export const organisationQuery = z.object({
  country: listParam(country),
  kind: listParam(z.enum(ORGANISATION_KINDS, { error: `must be among ${ORGANISATION_KINDS.join(", ")}` })),
  topic: listParam(id),
});
export const peopleQuery = z.object({ country: listParam(country), organisation: listParam(id), topic: listParam(id), language: listParam(language) });
export const documentQuery = z.object({
  kind: listParam(z.enum(DOCUMENT_KINDS, { error: `must be among ${DOCUMENT_KINDS.join(", ")}` })),
  organisation: listParam(id),
  topic: listParam(id),
  country: listParam(country),
  language: listParam(language),
});
export const projectQuery = z.object({
  status: listParam(z.enum(PROJECT_STATUSES, { error: `must be among ${PROJECT_STATUSES.join(", ")}` })),
  organisation: listParam(id),
  topic: listParam(id),
});

function parseQuery<T extends z.ZodObject>(c: Context<AppEnv>, schema: T): z.infer<T> {
  const parsed = schema.safeParse(queryValues(c, [], Object.keys(schema.shape)));
  if (!parsed.success) throw invalidInput(parsed.error);
  return parsed.data;
}

const slugParam = (c: Context<AppEnv>, name: string) => {
  const value = c.req.param(name) ?? "";
  if (!isSlug(value)) throw fieldError(400, name, "must be lower-case letters, digits and hyphens", "id", { errorCode: "invalid_path" });
  return value;
};

export const vocabularyRoutes = new Hono<AppEnv>().get("/", async (c) => {
  const { db } = c.var;
  const [orgs, topicRows, audienceRows] = await db.batch([
    db
      .select({
        id: organisations.id,
        slug: organisations.slug,
        name: organisations.name,
        shortName: organisations.shortName,
        kind: organisations.kind,
        countries: organisations.countries,
      })
      .from(organisations)
      .orderBy(asc(organisations.name)),
    db.select().from(topics).orderBy(asc(topics.id)),
    db.select().from(audiences).orderBy(asc(audiences.id)),
  ]);
  c.header("Cache-Control", "public, max-age=300");
  return c.json({ organisations: orgs, topics: topicRows, audiences: audienceRows } satisfies VocabularyResponse);
});

export const organisationRoutes = new Hono<AppEnv>()
  .get("/", async (c) => c.json({ organisations: await listOrganisations(c.var.db, parseQuery(c, organisationQuery), c.var.viewer) }))
  .get("/:slug", async (c) => {
    const org = await getOrganisation(c.var.db, slugParam(c, "slug"), c.var.viewer, c.var.now);
    if (!org) throw new ApiError(404, "not_found", "No organisation has this slug");
    return c.json({ ...org, feed: `${c.var.config.PUBLIC_ORIGIN}/organisations/${org.slug}/calendar.ics` });
  });

export const peopleRoutes = new Hono<AppEnv>()
  .get("/", async (c) => c.json({ people: await listPeople(c.var.db, parseQuery(c, peopleQuery), c.var.viewer) }))
  .get("/:id", async (c) => {
    const [person] = await listPeople(c.var.db, { country: [], organisation: [], topic: [], language: [] }, c.var.viewer, [slugParam(c, "id")]);
    if (!person) throw new ApiError(404, "not_found", "No person has this id");
    if (!isCoordinator(c.var.viewer)) return c.json(person);
    // Coordinators edit the record, so they also get who may see each contact field.
    const [contact] = await c.var.db
      .select({ emailVisibility: people.emailVisibility, phoneVisibility: people.phoneVisibility })
      .from(people)
      .where(eq(people.id, person.id));
    return c.json({ ...person, contact } satisfies PersonResponse);
  });

export const documentRoutes = new Hono<AppEnv>()
  .get("/", async (c) => c.json({ documents: await listDocuments(c.var.db, parseQuery(c, documentQuery)) }))
  .get("/:slug", async (c) => {
    const doc = await getDocument(c.var.db, slugParam(c, "slug"), c.var.viewer);
    if (!doc) throw new ApiError(404, "not_found", "No document has this slug");
    const { fileKey: _k, fileType: _t, ...visible } = doc;
    return c.json({ ...visible, file: doc.hasFile ? `/documents/${doc.slug}/file` : null });
  });

export const projectRoutes = new Hono<AppEnv>()
  .get("/", async (c) => c.json({ projects: await listProjects(c.var.db, parseQuery(c, projectQuery)) }))
  .get("/:slug", async (c) => {
    const project = await getProject(c.var.db, slugParam(c, "slug"), c.var.viewer);
    if (!project) throw new ApiError(404, "not_found", "No project has this slug");
    return c.json(project);
  });
