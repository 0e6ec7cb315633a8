/**
 * Weekly digests: who subscribes to what, each weekly run, and one delivery row per subscriber
 * and run (unique), which the cron drains in small chunks.
 */
import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./accounts.ts";

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;
const jsonList = (name: string) => text(name, { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`);
export const DELIVERY_STATUSES = ["pending", "sending", "sent", "skipped", "failed"] as const;

export const subscriptions = sqliteTable(
  "subscriptions",
  {
    id: text("id").primaryKey(),
    /** Set for signed-in users' subscriptions. */
    userId: text("user_id").references(() => users.id, { onDelete: "cascade" }),
    /** Lower-cased address the digest goes to. */
    email: text("email").notNull(),
    /** Double opt-in: null until the address confirmed (signed-in users confirm by signing in). */
    confirmedAt: text("confirmed_at"),
    unsubscribedAt: text("unsubscribed_at"),
    countries: jsonList("countries"),
    topics: jsonList("topics"),
    audiences: jsonList("audiences"),
    organisations: jsonList("organisations"),
    language: text("language").notNull().default("en"),
    timeZone: text("time_zone").notNull().default("Europe/Copenhagen"),
    weeksAhead: integer("weeks_ahead").notNull().default(4),
    /** Send a short note even when a week has nothing to say. */
    emptyNote: integer("empty_note", { mode: "boolean" }).notNull().default(false),
    /**
     * Preferences asked for by address (`POST /api/subscriptions`) on a subscription that exists
     * already: taken only when its confirm link is followed, so nobody can change someone else's
     * stored choices by typing their address.
     */
    pendingPreferences: text("pending_preferences", { mode: "json" }).$type<Record<string, unknown>>(),
    lastSentAt: text("last_sent_at"),
    createdAt: text("created_at").notNull().default(now),
  },
  (t) => [uniqueIndex("subscriptions_email_uq").on(t.email), uniqueIndex("subscriptions_user_uq").on(t.userId)],
);

export const digestRuns = sqliteTable("digest_runs", {
  id: text("id").primaryKey(),
  /** Monday (YYYY-MM-DD) of the week the run is for; one run per week. */
  week: text("week").notNull().unique(),
  createdAt: text("created_at").notNull().default(now),
});

export const digestDeliveries = sqliteTable(
  "digest_deliveries",
  {
    id: text("id").primaryKey(),
    runId: text("run_id")
      .notNull()
      .references(() => digestRuns.id, { onDelete: "cascade" }),
    subscriptionId: text("subscription_id")
      .notNull()
      .references(() => subscriptions.id, { onDelete: "cascade" }),
    status: text("status", { enum: DELIVERY_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    /** Epoch ms before which the delivery is not tried (backoff). */
    nextAttemptAt: integer("next_attempt_at").notNull().default(0),
    /** Epoch ms when a tick claimed it; a claim older than the lease is taken again. */
    claimedAt: integer("claimed_at"),
    lastError: text("last_error"),
    sentAt: text("sent_at"),
  },
  (t) => [uniqueIndex("digest_deliveries_run_subscription_uq").on(t.runId, t.subscriptionId), index("digest_deliveries_due_idx").on(t.status, t.nextAttemptAt)],
);
