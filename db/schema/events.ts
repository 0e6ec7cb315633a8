/** Events with their organisers, topics, audiences, contacts and former slugs. */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { ATTENDANCE_MODES, CONSENT_STATES, EVENT_STATUSES, EVENT_TYPES, EVENT_VISIBILITIES, MODERATION_STATES } from "../enums.ts";
import { timestamps, jsonList } from "./columns.ts";
import { topics, audiences } from "./vocabulary.ts";
import { organisations, people } from "./directory.ts";
import { feedSources } from "./feed-sync.ts";

/** 31 days: events longer than this are "long" for range queries (see `events.isLong`). */
export const LONG_EVENT_MS = 2_678_400_000;

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
    /**
     * A flagship event (coordinators decide): two major events overlapping for the same region or
     * audience are always a high clash.
     */
    major: integer("major", { mode: "boolean" }).notNull().default(false),
    /** UID of the iCalendar event this one was imported from; imports update rather than duplicate. */
    icalUid: text("ical_uid"),
    /** The synced feed the event comes from; entries that leave the feed cancel the event. */
    feedSourceId: text("feed_source_id").references(() => feedSources.id, { onDelete: "set null" }),
    /** Optimistic concurrency: every update must name the version it read. */
    version: integer("version").notNull().default(1),
    /**
     * What a viewer who sees the event as busy can tell of its versions (functions/events/visibility.ts,
     * `busyFace`): raised, with `busyRevisedAt`, only when its times, status, visibility or accepted
     * organisers change, so a feed's SEQUENCE and LAST-MODIFIED for them do not tell that a hidden
     * detail was edited, and when.
     */
    busyRevision: integer("busy_revision").notNull().default(1),
    busyRevisedAt: text("busy_revised_at"),
    /**
     * What everybody else can tell of its versions: the `version` of the last change to the event
     * itself, with `revisedAt`. A partner's proposal waiting for review, its return and a declined
     * co-organiser raise `version` (its editors' If-Match) but not this, so a feed's SEQUENCE and
     * LAST-MODIFIED never tell that a change was proposed, or when.
     */
    revision: integer("revision").notNull().default(1),
    revisedAt: text("revised_at"),
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
    index("events_feed_source_idx").on(t.feedSourceId),
  ],
);

export const eventOrganisers = sqliteTable(
  "event_organisers",
  {
    eventId: text("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
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
    eventId: text("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    createdAt: timestamps.createdAt,
  },
  (t) => [index("event_slug_aliases_event_idx").on(t.eventId)],
);

export const eventContacts = sqliteTable(
  "event_contacts",
  {
    eventId: text("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    personId: text("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.personId] }), index("event_contacts_person_idx").on(t.personId)],
);

export const eventTopics = sqliteTable(
  "event_topics",
  {
    eventId: text("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    topicId: text("topic_id")
      .notNull()
      .references(() => topics.id),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.topicId] }), index("event_topics_topic_idx").on(t.topicId, t.eventId)],
);

export const eventAudiences = sqliteTable(
  "event_audiences",
  {
    eventId: text("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    audienceId: text("audience_id")
      .notNull()
      .references(() => audiences.id),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.audienceId] }), index("event_audiences_audience_idx").on(t.audienceId, t.eventId)],
);

export type Event = typeof events.$inferSelect;
