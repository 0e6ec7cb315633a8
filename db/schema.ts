/**
 * The domain model. Every table the calendar needs for events, the directory and the library;
 * users, sessions, subscriptions and the digest outbox arrive with their issues as later migrations.
 *
 * Conventions:
 * - Ids are text: readable slugs for seeded rows, UUIDs for rows made in the app.
 * - Lists of ISO codes (countries, BCP 47 languages) are JSON arrays in text columns; anything that
 *   is filtered on by range or joined (organisers, topics, audiences) is a link table with indexes.
 * - Times: events keep their local wall-clock time and IANA zone (`startsAt`, `endsAt`, `timeZone`);
 *   `startUtc` / `endUtc` (epoch ms, end exclusive) are derived for indexed range queries. All-day
 *   events keep dates (`YYYY-MM-DD`, end inclusive) and are indexed as UTC midnights.
 * - Contact fields of people carry their own visibility, defaulting to the most restrictive.
 */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const ORGANISATION_KINDS = [
  "intergovernmental",
  "government",
  "police",
  "social_services",
  "health",
  "ngo",
  "research",
  "municipality",
  "network",
  "other",
] as const;
/** 31 days: events longer than this are "long" for range queries (see `events.isLong`). */
export const LONG_EVENT_MS = 2_678_400_000;

export const EVENT_TYPES = [
  "conference",
  "seminar",
  "workshop",
  "meeting",
  "training",
  "study_visit",
  "campaign",
  "deadline",
  "other",
] as const;
export const EVENT_STATUSES = ["tentative", "confirmed", "postponed", "cancelled"] as const;
export const EVENT_VISIBILITIES = ["public", "partners", "busy_only"] as const;
export const ATTENDANCE_MODES = ["in_person", "online", "hybrid"] as const;
export const MODERATION_STATES = ["draft", "pending", "published", "rejected"] as const;
export const PROJECT_STATUSES = ["planned", "ongoing", "completed"] as const;
export const DOCUMENT_KINDS = [
  "action_plan",
  "memorandum",
  "strategy",
  "report",
  "guideline",
  "legislation",
  "presentation",
  "other",
] as const;
/** Who may see a contact field; the default is always the most restrictive. */
export const FIELD_VISIBILITIES = ["public", "partners", "coordinators"] as const;
export const LAWFUL_BASES = ["consent", "legitimate_interest", "public_task"] as const;
export const PROJECT_ROLES = ["lead", "partner"] as const;
/**
 * Whether an organisation named on another organisation's record (co-organiser of an event,
 * co-issuer of a document) agreed to it: a proposal shows on neither page as theirs and gives no
 * rights over the record until accepted.
 */
export const CONSENT_STATES = ["accepted", "proposed"] as const;

const timestamps = {
  createdAt: text("created_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
  updatedAt: text("updated_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
};
const jsonList = (name: string) => text(name, { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`);

/** Controlled vocabulary: topics (e.g. labour exploitation, victim support). */
export const topics = sqliteTable("topics", {
  id: text("id").primaryKey(),
  label: text("label").notNull(),
});

/** Controlled vocabulary: target audiences (e.g. police, social workers). */
export const audiences = sqliteTable("audiences", {
  id: text("id").primaryKey(),
  label: text("label").notNull(),
});

export const organisations = sqliteTable(
  "organisations",
  {
    id: text("id").primaryKey(),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    shortName: text("short_name"),
    kind: text("kind", { enum: ORGANISATION_KINDS }).notNull(),
    parentId: text("parent_id").references((): ReturnType<typeof text> => organisations.id, { onDelete: "set null" }),
    countries: jsonList("countries"),
    city: text("city"),
    website: text("website"),
    description: text("description"),
    ...timestamps,
  },
  (t) => [uniqueIndex("organisations_slug_uq").on(t.slug), index("organisations_parent_idx").on(t.parentId)],
);

export const people = sqliteTable("people", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  title: text("title"),
  countries: jsonList("countries"),
  languages: jsonList("languages"),
  email: text("email"),
  emailVisibility: text("email_visibility", { enum: FIELD_VISIBILITIES }).notNull().default("coordinators"),
  phone: text("phone"),
  phoneVisibility: text("phone_visibility", { enum: FIELD_VISIBILITIES }).notNull().default("coordinators"),
  lawfulBasis: text("lawful_basis", { enum: LAWFUL_BASES }).notNull(),
  consentAt: text("consent_at"),
  notifiedAt: text("notified_at"),
  /** Marks clearly fictional demo records. */
  isSample: integer("is_sample", { mode: "boolean" }).notNull().default(false),
  ...timestamps,
});

/**
 * Private links that let a person view, correct or erase their own record (GDPR articles 14, 16
 * and 17). Stored as SHA-256 hashes; the link is mailed when a coordinator adds the person.
 */
export const personTokens = sqliteTable(
  "person_tokens",
  {
    id: text("id").primaryKey(),
    personId: text("person_id").notNull().references(() => people.id, { onDelete: "cascade" }),
    createdAt: text("created_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
    /** Epoch ms. */
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [index("person_tokens_person_idx").on(t.personId)],
);

export const personOrganisations = sqliteTable(
  "person_organisations",
  {
    personId: text("person_id").notNull().references(() => people.id, { onDelete: "cascade" }),
    organisationId: text("organisation_id").notNull().references(() => organisations.id, { onDelete: "cascade" }),
    role: text("role"),
  },
  (t) => [primaryKey({ columns: [t.personId, t.organisationId] }), index("person_organisations_org_idx").on(t.organisationId)],
);

export const personTopics = sqliteTable(
  "person_topics",
  {
    personId: text("person_id").notNull().references(() => people.id, { onDelete: "cascade" }),
    topicId: text("topic_id").notNull().references(() => topics.id),
  },
  (t) => [primaryKey({ columns: [t.personId, t.topicId] }), index("person_topics_topic_idx").on(t.topicId)],
);

export const events = sqliteTable(
  "events",
  {
    id: text("id").primaryKey(),
    slug: text("slug").notNull(),
    title: text("title").notNull(),
    summary: text("summary"),
    description: text("description"),
    type: text("type", { enum: EVENT_TYPES }).notNull(),
    status: text("status", { enum: EVENT_STATUSES }).notNull().default("confirmed"),
    visibility: text("visibility", { enum: EVENT_VISIBILITIES }).notNull().default("public"),
    allDay: integer("all_day", { mode: "boolean" }).notNull().default(false),
    /** Local wall-clock start in `timeZone`: `YYYY-MM-DDTHH:MM` or, all-day, `YYYY-MM-DD`. */
    startsAt: text("starts_at").notNull(),
    /** Local wall-clock end (exclusive); all-day: the last day, inclusive. */
    endsAt: text("ends_at").notNull(),
    timeZone: text("time_zone").notNull(),
    startUtc: integer("start_utc").notNull(),
    endUtc: integer("end_utc").notNull(),
    /**
     * 1 for events (or series) longer than LONG_EVENT_MS. Range queries look up short events by
     * start within [from − LONG_EVENT_MS, to) and the few long ones separately, so both use the
     * index instead of scanning every event that started before the range.
     */
    isLong: integer("is_long").generatedAlwaysAs(sql`(end_utc - start_utc > 2678400000)`, { mode: "virtual" }),
    rrule: text("rrule"),
    exdates: jsonList("exdates"),
    venue: text("venue"),
    city: text("city"),
    country: text("country"),
    onlineUrl: text("online_url"),
    attendanceMode: text("attendance_mode", { enum: ATTENDANCE_MODES }).notNull().default("in_person"),
    languages: jsonList("languages"),
    registrationUrl: text("registration_url"),
    moderation: text("moderation", { enum: MODERATION_STATES }).notNull().default("pending"),
    /** The organisation whose partners may edit the event; set by coordinators only. */
    ownerOrganisationId: text("owner_organisation_id").references(() => organisations.id, { onDelete: "set null" }),
    submittedBy: text("submitted_by"),
    submittedAt: text("submitted_at"),
    reviewedBy: text("reviewed_by"),
    reviewedAt: text("reviewed_at"),
    /** A coordinator's note when returning a submission. */
    reviewComment: text("review_comment"),
    /**
     * A partner's edit of a published event, waiting for review; the published fields stay live
     * until a coordinator approves it.
     */
    pendingChanges: text("pending_changes", { mode: "json" }).$type<Record<string, unknown> | null>(),
    /** Why the organiser keeps dates the clash radar rated high; coordinators see it in review. */
    clashJustification: text("clash_justification"),
    /** UID of the iCalendar event this one was imported from; imports update rather than duplicate. */
    icalUid: text("ical_uid"),
    /** Optimistic concurrency: every update must name the version it read. */
    version: integer("version").notNull().default(1),
    /** Marks demo records so that nobody takes them for real engagements. */
    isSample: integer("is_sample", { mode: "boolean" }).notNull().default(false),
    createdBy: text("created_by"),
    updatedBy: text("updated_by"),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("events_slug_uq").on(t.slug),
    index("events_range_idx").on(t.startUtc, t.endUtc),
    index("events_long_start_idx").on(t.isLong, t.startUtc),
    index("events_end_idx").on(t.endUtc),
    index("events_country_start_idx").on(t.country, t.startUtc),
    index("events_moderation_start_idx").on(t.moderation, t.startUtc),
    index("events_owner_idx").on(t.ownerOrganisationId),
    uniqueIndex("events_owner_ical_uid_uq").on(t.ownerOrganisationId, t.icalUid),
  ],
);

export const eventOrganisers = sqliteTable(
  "event_organisers",
  {
    eventId: text("event_id").notNull().references(() => events.id, { onDelete: "cascade" }),
    organisationId: text("organisation_id").notNull().references(() => organisations.id, { onDelete: "cascade" }),
    isLead: integer("is_lead", { mode: "boolean" }).notNull().default(false),
    consent: text("consent", { enum: CONSENT_STATES }).notNull().default("accepted"),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.organisationId] }),
    index("event_organisers_org_idx").on(t.organisationId),
    // At most one lead organiser per event.
    uniqueIndex("event_organisers_one_lead_uq").on(t.eventId).where(sql`is_lead = 1`),
  ],
);

/**
 * Slugs an event no longer carries (a non-public event gets an opaque slug instead of one made from
 * its title): old links lead on, for viewers who may see the event, and nowhere for others.
 */
export const eventSlugAliases = sqliteTable(
  "event_slug_aliases",
  {
    slug: text("slug").primaryKey(),
    eventId: text("event_id").notNull().references(() => events.id, { onDelete: "cascade" }),
    createdAt: timestamps.createdAt,
  },
  (t) => [index("event_slug_aliases_event_idx").on(t.eventId)],
);

export const eventContacts = sqliteTable(
  "event_contacts",
  {
    eventId: text("event_id").notNull().references(() => events.id, { onDelete: "cascade" }),
    personId: text("person_id").notNull().references(() => people.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.personId] }), index("event_contacts_person_idx").on(t.personId)],
);

export const eventTopics = sqliteTable(
  "event_topics",
  {
    eventId: text("event_id").notNull().references(() => events.id, { onDelete: "cascade" }),
    topicId: text("topic_id").notNull().references(() => topics.id),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.topicId] }), index("event_topics_topic_idx").on(t.topicId, t.eventId)],
);

export const eventAudiences = sqliteTable(
  "event_audiences",
  {
    eventId: text("event_id").notNull().references(() => events.id, { onDelete: "cascade" }),
    audienceId: text("audience_id").notNull().references(() => audiences.id),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.audienceId] }), index("event_audiences_audience_idx").on(t.audienceId, t.eventId)],
);

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
    projectId: text("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    organisationId: text("organisation_id").notNull().references(() => organisations.id, { onDelete: "cascade" }),
    role: text("role", { enum: PROJECT_ROLES }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.organisationId] }), index("project_organisations_org_idx").on(t.organisationId)],
);

export const projectTopics = sqliteTable(
  "project_topics",
  {
    projectId: text("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    topicId: text("topic_id").notNull().references(() => topics.id),
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
    documentId: text("document_id").notNull().references(() => documents.id, { onDelete: "cascade" }),
    organisationId: text("organisation_id").notNull().references(() => organisations.id, { onDelete: "cascade" }),
    consent: text("consent", { enum: CONSENT_STATES }).notNull().default("accepted"),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.organisationId] }), index("document_organisations_org_idx").on(t.organisationId)],
);

export const documentTopics = sqliteTable(
  "document_topics",
  {
    documentId: text("document_id").notNull().references(() => documents.id, { onDelete: "cascade" }),
    topicId: text("topic_id").notNull().references(() => topics.id),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.topicId] })],
);

export const eventProjects = sqliteTable(
  "event_projects",
  {
    eventId: text("event_id").notNull().references(() => events.id, { onDelete: "cascade" }),
    projectId: text("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.projectId] }), index("event_projects_project_idx").on(t.projectId)],
);

export const eventDocuments = sqliteTable(
  "event_documents",
  {
    eventId: text("event_id").notNull().references(() => events.id, { onDelete: "cascade" }),
    documentId: text("document_id").notNull().references(() => documents.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.documentId] }), index("event_documents_document_idx").on(t.documentId)],
);

export const projectDocuments = sqliteTable(
  "project_documents",
  {
    projectId: text("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    documentId: text("document_id").notNull().references(() => documents.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.documentId] }), index("project_documents_document_idx").on(t.documentId)],
);

export type Organisation = typeof organisations.$inferSelect;
export type Person = typeof people.$inferSelect;
export type Event = typeof events.$inferSelect;
export type Project = typeof projects.$inferSelect;
export type Document = typeof documents.$inferSelect;

export * from "./schema/accounts.ts";
export * from "./schema/coordination.ts";
export * from "./schema/digests.ts";
