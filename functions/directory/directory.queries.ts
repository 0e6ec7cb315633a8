/** Reads of the directory and library: organisations, people, documents, projects. */
import { and, asc, desc, eq, inArray, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import {
  documentOrganisations,
  documents,
  documentTopics,
  eventOrganisers,
  events,
  organisations,
  people,
  personOrganisations,
  personTopics,
  projectOrganisations,
  projects,
  projectTopics,
} from "../../db/schema.ts";
import { isCoordinator, isMemberOf, type Viewer } from "../auth/viewer.ts";
import type { Database } from "../db/client.ts";
import { detailsShownTo, publishedFor } from "../events/visibility.ts";
import { visiblePerson, type VisiblePerson } from "./visibility.ts";
import { MAX_LIST_ROWS } from "../validation.ts";

const inJson = (column: SQLWrapper, values: string[]) =>
  sql`EXISTS (SELECT 1 FROM json_each(${column}) WHERE value IN (SELECT value FROM json_each(${JSON.stringify(values)})))`;

export interface OrganisationFilters {
  country: string[];
  kind: string[];
  topic: string[];
}

export async function listOrganisations(db: Database, f: OrganisationFilters, viewer: Viewer | null) {
  const where: SQL[] = [];
  if (f.country.length) where.push(inJson(organisations.countries, f.country));
  if (f.kind.length) where.push(inArray(organisations.kind, f.kind as (typeof organisations.$inferSelect)["kind"][]));
  if (f.topic.length) {
    // An organisation works on the topics of its events (those it accepted to co-organise) and
    // projects; of its events only those the viewer sees in full count, or the filter would tell a
    // hidden event's topic.
    where.push(sql`(EXISTS (SELECT 1 FROM ${eventOrganisers} JOIN event_topics et ON et.event_id = ${eventOrganisers.eventId} JOIN ${events} ON ${events.id} = ${eventOrganisers.eventId} WHERE ${eventOrganisers.organisationId} = ${organisations.id} AND ${eventOrganisers.consent} = 'accepted' AND ${inArray(sql`et.topic_id`, f.topic)} AND ${detailsShownTo(viewer)})
      OR EXISTS (SELECT 1 FROM ${projectOrganisations} JOIN project_topics pt ON pt.project_id = ${projectOrganisations.projectId} WHERE ${projectOrganisations.organisationId} = ${organisations.id} AND ${inArray(sql`pt.topic_id`, f.topic)}))`);
  }
  return db
    .select({
      id: organisations.id,
      slug: organisations.slug,
      name: organisations.name,
      shortName: organisations.shortName,
      kind: organisations.kind,
      parentId: organisations.parentId,
      countries: organisations.countries,
      city: organisations.city,
    })
    .from(organisations)
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(organisations.name))
    .limit(MAX_LIST_ROWS);
}

const personColumns = {
  id: people.id,
  name: people.name,
  title: people.title,
  countries: people.countries,
  languages: people.languages,
  email: people.email,
  emailVisibility: people.emailVisibility,
  phone: people.phone,
  phoneVisibility: people.phoneVisibility,
  isSample: people.isSample,
  organisations: sql<string>`(SELECT json_group_array(json_object('id', o.id, 'slug', o.slug, 'name', o.name, 'role', po.role)) FROM person_organisations po JOIN organisations o ON o.id = po.organisation_id WHERE po.person_id = people.id)`,
  topics: sql<string>`(SELECT json_group_array(topic_id) FROM person_topics WHERE person_id = people.id)`,
};

export type DirectoryPerson = VisiblePerson & { organisations: { id: string; slug: string; name: string; role: string | null }[]; topics: string[] };

export interface PeopleFilters {
  country: string[];
  organisation: string[];
  topic: string[];
  language: string[];
}

export async function listPeople(db: Database, f: PeopleFilters, viewer: Viewer | null, ids?: string[]): Promise<DirectoryPerson[]> {
  const where: SQL[] = [];
  if (ids) where.push(inArray(people.id, ids));
  if (f.country.length) where.push(inJson(people.countries, f.country));
  if (f.language.length) where.push(inJson(people.languages, f.language));
  if (f.topic.length)
    where.push(sql`EXISTS (SELECT 1 FROM ${personTopics} WHERE ${personTopics.personId} = ${people.id} AND ${inArray(personTopics.topicId, f.topic)})`);
  if (f.organisation.length) {
    where.push(
      sql`EXISTS (SELECT 1 FROM ${personOrganisations} JOIN ${organisations} ON ${organisations.id} = ${personOrganisations.organisationId} WHERE ${personOrganisations.personId} = ${people.id} AND (${inArray(organisations.id, f.organisation)} OR ${inArray(organisations.slug, f.organisation)}))`,
    );
  }
  const rows = await db
    .select(personColumns)
    .from(people)
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(people.name))
    .limit(MAX_LIST_ROWS);
  return rows.map((r) => ({ ...visiblePerson(r, viewer), organisations: JSON.parse(r.organisations), topics: JSON.parse(r.topics) }));
}

export const NO_PEOPLE_FILTERS: PeopleFilters = { country: [], organisation: [], topic: [], language: [] };

const projectColumns = {
  id: projects.id,
  slug: projects.slug,
  title: projects.title,
  description: projects.description,
  status: projects.status,
  startDate: projects.startDate,
  endDate: projects.endDate,
  budgetAmount: projects.budgetAmount,
  budgetCurrency: projects.budgetCurrency,
  fundingSource: projects.fundingSource,
  countries: projects.countries,
  organisations: sql<string>`(SELECT json_group_array(json_object('id', o.id, 'slug', o.slug, 'name', o.name, 'role', po.role)) FROM (SELECT * FROM project_organisations ORDER BY role = 'lead' DESC) po JOIN organisations o ON o.id = po.organisation_id WHERE po.project_id = projects.id)`,
  topics: sql<string>`(SELECT json_group_array(topic_id) FROM project_topics WHERE project_id = projects.id)`,
};

type OrgRef = { id: string; slug: string; name: string; role?: string | null };
const parseProject = <T extends { organisations: string; topics: string }>(
  r: T,
): Omit<T, "organisations" | "topics"> & { organisations: OrgRef[]; topics: string[] } => ({
  ...r,
  organisations: JSON.parse(r.organisations) as OrgRef[],
  topics: JSON.parse(r.topics) as string[],
});

export async function listProjects(db: Database, f: { organisation: string[]; topic: string[]; status: string[] }) {
  const where: SQL[] = [];
  if (f.status.length) where.push(inArray(projects.status, f.status as (typeof projects.$inferSelect)["status"][]));
  if (f.topic.length)
    where.push(sql`EXISTS (SELECT 1 FROM ${projectTopics} WHERE ${projectTopics.projectId} = ${projects.id} AND ${inArray(projectTopics.topicId, f.topic)})`);
  if (f.organisation.length) {
    where.push(
      sql`EXISTS (SELECT 1 FROM ${projectOrganisations} JOIN ${organisations} ON ${organisations.id} = ${projectOrganisations.organisationId} WHERE ${projectOrganisations.projectId} = ${projects.id} AND (${inArray(organisations.id, f.organisation)} OR ${inArray(organisations.slug, f.organisation)}))`,
    );
  }
  const rows = await db
    .select(projectColumns)
    .from(projects)
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(projects.startDate), asc(projects.title))
    .limit(MAX_LIST_ROWS);
  return rows.map(parseProject);
}

const documentColumns = {
  id: documents.id,
  slug: documents.slug,
  title: documents.title,
  kind: documents.kind,
  issuedOn: documents.issuedOn,
  languages: documents.languages,
  url: documents.url,
  hasFile: sql<boolean>`${documents.fileKey} IS NOT NULL`.mapWith(Boolean),
  fileName: documents.fileName,
  summary: documents.summary,
  countries: documents.countries,
  issuers: sql<string>`(SELECT json_group_array(json_object('id', o.id, 'slug', o.slug, 'name', o.name)) FROM document_organisations d JOIN organisations o ON o.id = d.organisation_id WHERE d.document_id = documents.id AND d.consent = 'accepted')`,
  topics: sql<string>`(SELECT json_group_array(topic_id) FROM document_topics WHERE document_id = documents.id)`,
};

const parseDocument = <T extends { issuers: string; topics: string }>(r: T): Omit<T, "issuers" | "topics"> & { issuers: OrgRef[]; topics: string[] } => ({
  ...r,
  issuers: JSON.parse(r.issuers) as OrgRef[],
  topics: JSON.parse(r.topics) as string[],
});

export async function listDocuments(db: Database, f: { kind: string[]; organisation: string[]; topic: string[]; country: string[]; language: string[] }) {
  const where: SQL[] = [];
  if (f.kind.length) where.push(inArray(documents.kind, f.kind as (typeof documents.$inferSelect)["kind"][]));
  if (f.country.length) where.push(inJson(documents.countries, f.country));
  if (f.language.length) where.push(inJson(documents.languages, f.language));
  if (f.topic.length)
    where.push(
      sql`EXISTS (SELECT 1 FROM ${documentTopics} WHERE ${documentTopics.documentId} = ${documents.id} AND ${inArray(documentTopics.topicId, f.topic)})`,
    );
  if (f.organisation.length) {
    where.push(
      sql`EXISTS (SELECT 1 FROM ${documentOrganisations} JOIN ${organisations} ON ${organisations.id} = ${documentOrganisations.organisationId} WHERE ${documentOrganisations.documentId} = ${documents.id} AND ${documentOrganisations.consent} = 'accepted' AND (${inArray(organisations.id, f.organisation)} OR ${inArray(organisations.slug, f.organisation)}))`,
    );
  }
  const rows = await db
    .select(documentColumns)
    .from(documents)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(documents.issuedOn), asc(documents.title))
    .limit(MAX_LIST_ROWS);
  return rows.map(parseDocument);
}

/**
 * One document with its links. Its editors (coordinators, partners of an issuer that accepted)
 * also get `canEdit` and the organisations named as issuers that have not accepted yet, marked
 * `awaitingAcceptance`; everybody else sees only the accepted issuers.
 */
export async function getDocument(db: Database, slug: string, viewer: Viewer | null) {
  const [row] = await db
    .select({
      ...documentColumns,
      fileKey: documents.fileKey,
      fileType: documents.fileType,
      events: sql<string>`(SELECT json_group_array(json_object('slug', e.slug, 'title', e.title, 'startsAt', e.starts_at)) FROM event_documents ed JOIN events e ON e.id = ed.event_id WHERE ed.document_id = documents.id AND e.moderation = 'published' AND e.visibility = 'public')`,
      projects: sql<string>`(SELECT json_group_array(json_object('slug', p.slug, 'title', p.title)) FROM project_documents pd JOIN projects p ON p.id = pd.project_id WHERE pd.document_id = documents.id)`,
      proposedIssuers: sql<string>`(SELECT json_group_array(json_object('id', o.id, 'slug', o.slug, 'name', o.name, 'awaitingAcceptance', json('true'))) FROM document_organisations d JOIN organisations o ON o.id = d.organisation_id WHERE d.document_id = documents.id AND d.consent = 'proposed')`,
    })
    .from(documents)
    .where(eq(documents.slug, slug));
  if (!row) return null;
  const { proposedIssuers, ...doc } = parseDocument(row);
  const canEdit = isCoordinator(viewer) || doc.issuers.some((o) => isMemberOf(viewer, o.id));
  const issuers = canEdit ? [...doc.issuers, ...(JSON.parse(proposedIssuers) as (OrgRef & { awaitingAcceptance: true })[])] : doc.issuers;
  return { ...doc, issuers, canEdit, events: JSON.parse(row.events), projects: JSON.parse(row.projects) };
}

export async function getProject(db: Database, slug: string, viewer: Viewer | null) {
  const [row] = await db.select(projectColumns).from(projects).where(eq(projects.slug, slug));
  if (!row) return null;
  const [linkedEvents, linkedDocuments] = await db.batch([
    db
      .select({ slug: events.slug, title: events.title, startsAt: events.startsAt, allDay: events.allDay })
      .from(events)
      .where(
        and(
          publishedFor(viewer),
          sql`${events.visibility} != 'busy_only'`,
          sql`${events.id} IN (SELECT event_id FROM event_projects WHERE project_id = ${row.id})`,
        ),
      )
      .orderBy(asc(events.startUtc))
      .limit(MAX_LIST_ROWS),
    db
      .select(documentColumns)
      .from(documents)
      .where(sql`${documents.id} IN (SELECT document_id FROM project_documents WHERE project_id = ${row.id})`)
      .limit(MAX_LIST_ROWS),
  ]);
  return { ...parseProject(row), events: linkedEvents, documents: linkedDocuments.map(parseDocument) };
}

export async function getOrganisation(db: Database, slug: string, viewer: Viewer | null, now: Date) {
  const [org] = await db.select().from(organisations).where(eq(organisations.slug, slug));
  if (!org) return null;
  const t = now.getTime();
  const eventColumns = {
    slug: events.slug,
    title: events.title,
    startsAt: events.startsAt,
    endsAt: events.endsAt,
    allDay: events.allDay,
    status: events.status,
    city: events.city,
    country: events.country,
  };
  const organised = sql`${events.id} IN (SELECT event_id FROM event_organisers WHERE organisation_id = ${org.id} AND consent = 'accepted') AND ${events.visibility} != 'busy_only'`;
  const [parent, children, upcoming, past, docs] = await db.batch([
    db
      .select({ slug: organisations.slug, name: organisations.name })
      .from(organisations)
      .where(eq(organisations.id, org.parentId ?? "")),
    db
      .select({ slug: organisations.slug, name: organisations.name, shortName: organisations.shortName })
      .from(organisations)
      .where(eq(organisations.parentId, org.id))
      .orderBy(asc(organisations.name))
      .limit(MAX_LIST_ROWS),
    db
      .select(eventColumns)
      .from(events)
      .where(and(publishedFor(viewer), organised, sql`${events.endUtc} >= ${t}`))
      .orderBy(asc(events.startUtc))
      .limit(50),
    db
      .select(eventColumns)
      .from(events)
      .where(and(publishedFor(viewer), organised, sql`${events.endUtc} < ${t}`))
      .orderBy(desc(events.startUtc))
      .limit(50),
    db
      .select(documentColumns)
      .from(documents)
      .where(sql`${documents.id} IN (SELECT document_id FROM document_organisations WHERE organisation_id = ${org.id} AND consent = 'accepted')`)
      .orderBy(desc(documents.issuedOn))
      .limit(MAX_LIST_ROWS),
  ]);
  const [team, work] = await Promise.all([
    listPeople(db, { ...NO_PEOPLE_FILTERS, organisation: [org.id] }, viewer),
    listProjects(db, { organisation: [org.id], topic: [], status: [] }),
  ]);
  // Whether an organisation's feeds publish without review is for its own partners and the
  // coordinators: to anyone else it would only point at the feeds worth subverting.
  const { trusted, ...shown } = org;
  return {
    ...shown,
    ...(isCoordinator(viewer) || isMemberOf(viewer, org.id) ? { trusted } : {}),
    parent: parent.at(0) ?? null,
    children,
    people: team,
    upcomingEvents: upcoming,
    pastEvents: past,
    projects: work,
    documents: docs.map(parseDocument),
  };
}
