/** The directory: organisations (with their parent bodies) and key persons with their links. */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { FIELD_VISIBILITIES, LAWFUL_BASES, ORGANISATION_KINDS } from "../enums.ts";
import { timestamps, jsonList } from "./columns.ts";
import { topics } from "./vocabulary.ts";

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
    /**
     * A coordinator trusts the organisation's synced feeds: their new entries are published at
     * once instead of waiting for review.
     */
    trusted: integer("trusted", { mode: "boolean" }).notNull().default(false),
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
    personId: text("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    createdAt: text("created_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
    /** Epoch ms. */
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [index("person_tokens_person_idx").on(t.personId)],
);

export const personOrganisations = sqliteTable(
  "person_organisations",
  {
    personId: text("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    role: text("role"),
  },
  (t) => [primaryKey({ columns: [t.personId, t.organisationId] }), index("person_organisations_org_idx").on(t.organisationId)],
);

export const personTopics = sqliteTable(
  "person_topics",
  {
    personId: text("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    topicId: text("topic_id")
      .notNull()
      .references(() => topics.id),
  },
  (t) => [primaryKey({ columns: [t.personId, t.topicId] }), index("person_topics_topic_idx").on(t.topicId)],
);

export type Organisation = typeof organisations.$inferSelect;
export type Person = typeof people.$inferSelect;
