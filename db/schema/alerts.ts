/**
 * Alerts (issue 16): what the calendar tells people of on its own — a high clash with one of their
 * organisation's events, a change to something they follow, a submission waiting for review.
 *
 * - `follows`: a signed-in person follows an event, an organisation, a topic or a country.
 * - `alerts`: one row per fact worth telling (a clash of a pair after a change, a change of an
 *   event, a new event, a submission); `dedupe_key` is unique, so the same fact is never recorded
 *   twice, however many requests or cron ticks notice it.
 * - `alert_deliveries`: one row per alert and recipient (unique), drained by the cron like the
 *   digest's deliveries (claimed, retried with backoff).
 * - `alert_recipients`: per person, when their last alert mail went out and whether a tick holds
 *   their batch, so that at most one mail per person per quarter hour goes out and two ticks never
 *   send the same batch; `paused_at` is the "no more alerts at all" switch.
 * Unsubscribe links are signed (functions/digest/links.ts), so no tokens are stored.
 */
import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { ALERT_KINDS, FOLLOW_KINDS } from "../enums.ts";
import { users } from "./accounts.ts";
import { DELIVERY_STATUSES } from "./digests.ts";
import { organisations } from "./directory.ts";
import { events } from "./events.ts";

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;

export const follows = sqliteTable(
  "follows",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: FOLLOW_KINDS }).notNull(),
    /** An event id, an organisation id, a topic id or an ISO country code. */
    target: text("target").notNull(),
    createdAt: text("created_at").notNull().default(now),
  },
  (t) => [uniqueIndex("follows_user_target_uq").on(t.userId, t.kind, t.target), index("follows_target_idx").on(t.kind, t.target)],
);

export const alerts = sqliteTable(
  "alerts",
  {
    id: text("id").primaryKey(),
    kind: text("kind", { enum: ALERT_KINDS }).notNull(),
    /** The same fact (pair and change, event and change) always yields the same key. */
    dedupeKey: text("dedupe_key").notNull(),
    /** The event that was published, changed or submitted. */
    eventId: text("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    /** Clash alerts: the event already in the calendar that it clashes with. */
    otherEventId: text("other_event_id").references(() => events.id, { onDelete: "cascade" }),
    /** Clash alerts: the organisation (of the other event) whose members are told. */
    organisationId: text("organisation_id").references(() => organisations.id, { onDelete: "cascade" }),
    /** The radar's verdict for clash and review alerts: low, medium or high. */
    severity: text("severity"),
    /** What the mail says: reasons, before → after of the changed fields, the justification. */
    details: text("details", { mode: "json" }).$type<Record<string, unknown>>().notNull().default(sql`'{}'`),
    createdAt: text("created_at").notNull().default(now),
    /** Clash alerts: a member of the told organisation (or a coordinator) has seen it. */
    acknowledgedAt: text("acknowledged_at"),
    acknowledgedBy: text("acknowledged_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    uniqueIndex("alerts_dedupe_uq").on(t.dedupeKey),
    index("alerts_kind_created_idx").on(t.kind, t.createdAt),
    index("alerts_event_idx").on(t.eventId),
    index("alerts_other_event_idx").on(t.otherEventId),
  ],
);

export const alertDeliveries = sqliteTable(
  "alert_deliveries",
  {
    id: text("id").primaryKey(),
    alertId: text("alert_id")
      .notNull()
      .references(() => alerts.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** Change alerts: the follow that brought it (its own unsubscribe link in the mail). */
    followId: text("follow_id").references(() => follows.id, { onDelete: "set null" }),
    status: text("status", { enum: DELIVERY_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    /** Epoch ms before which the delivery is not tried (backoff). */
    nextAttemptAt: integer("next_attempt_at").notNull().default(0),
    lastError: text("last_error"),
    sentAt: text("sent_at"),
  },
  (t) => [
    uniqueIndex("alert_deliveries_alert_user_uq").on(t.alertId, t.userId),
    index("alert_deliveries_due_idx").on(t.status, t.nextAttemptAt),
    index("alert_deliveries_user_idx").on(t.userId, t.status),
  ],
);

export const alertRecipients = sqliteTable("alert_recipients", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  /** Epoch ms of the last alert mail; the next batch waits until a quarter hour after it. */
  lastSentAt: integer("last_sent_at"),
  /** Epoch ms when a tick claimed this person's batch; a claim older than the lease is taken again. */
  claimedAt: integer("claimed_at"),
  /** Set when the person turned all alerts off (the mail's one-click "unsubscribe from all"). */
  pausedAt: text("paused_at"),
});
