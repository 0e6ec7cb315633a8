/** Projects and base documents (action plans, memoranda), and their links to events. */
import { index, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { CONSENT_STATES, DOCUMENT_KINDS, PROJECT_ROLES, PROJECT_STATUSES } from "../enums.ts";
import { timestamps, jsonList } from "./columns.ts";
import { topics } from "./vocabulary.ts";
import { organisations } from "./directory.ts";
import { events } from "./events.ts";

export const projects = sqliteTable(
  "projects",
  {
    id: text("id").primaryKey(),
    slug: text("slug").notNull(),
    title: text("title").notNull(),
    description: text("description"),
    status: text("status", { enum: PROJECT_STATUSES }).notNull(),
    /** Period as dates (`YYYY-MM-DD`); the end may be open. */
    startDate: text("start_date").notNull(),
    endDate: text("end_date"),
    budgetAmount: real("budget_amount"),
    /** ISO 4217 currency code. */
    budgetCurrency: text("budget_currency"),
    fundingSource: text("funding_source"),
    countries: jsonList("countries"),
    ...timestamps,
  },
  (t) => [uniqueIndex("projects_slug_uq").on(t.slug), index("projects_period_idx").on(t.startDate, t.endDate)],
);

export const projectOrganisations = sqliteTable(
  "project_organisations",
  {
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    role: text("role", { enum: PROJECT_ROLES }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.organisationId] }), index("project_organisations_org_idx").on(t.organisationId)],
);

export const projectTopics = sqliteTable(
  "project_topics",
  {
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    topicId: text("topic_id")
      .notNull()
      .references(() => topics.id),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.topicId] })],
);

export const documents = sqliteTable(
  "documents",
  {
    id: text("id").primaryKey(),
    slug: text("slug").notNull(),
    title: text("title").notNull(),
    kind: text("kind", { enum: DOCUMENT_KINDS }).notNull(),
    /** Date of issue (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`, as precise as known). */
    issuedOn: text("issued_on"),
    languages: jsonList("languages"),
    url: text("url"),
    /** Key of an uploaded file in object storage. */
    fileKey: text("file_key"),
    fileName: text("file_name"),
    fileType: text("file_type"),
    summary: text("summary"),
    countries: jsonList("countries"),
    ...timestamps,
  },
  (t) => [uniqueIndex("documents_slug_uq").on(t.slug), index("documents_issued_idx").on(t.issuedOn)],
);

export const documentOrganisations = sqliteTable(
  "document_organisations",
  {
    documentId: text("document_id")
      .notNull()
      .references(() => documents.id, { onDelete: "cascade" }),
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    consent: text("consent", { enum: CONSENT_STATES }).notNull().default("accepted"),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.organisationId] }), index("document_organisations_org_idx").on(t.organisationId)],
);

export const documentTopics = sqliteTable(
  "document_topics",
  {
    documentId: text("document_id")
      .notNull()
      .references(() => documents.id, { onDelete: "cascade" }),
    topicId: text("topic_id")
      .notNull()
      .references(() => topics.id),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.topicId] })],
);

export const eventProjects = sqliteTable(
  "event_projects",
  {
    eventId: text("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.projectId] }), index("event_projects_project_idx").on(t.projectId)],
);

export const eventDocuments = sqliteTable(
  "event_documents",
  {
    eventId: text("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    documentId: text("document_id")
      .notNull()
      .references(() => documents.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.documentId] }), index("event_documents_document_idx").on(t.documentId)],
);

export const projectDocuments = sqliteTable(
  "project_documents",
  {
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    documentId: text("document_id")
      .notNull()
      .references(() => documents.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.documentId] }), index("project_documents_document_idx").on(t.documentId)],
);

export type Project = typeof projects.$inferSelect;
export type Document = typeof documents.$inferSelect;
