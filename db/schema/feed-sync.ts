/**
 * Feed sync (issue 17): an organisation's existing calendar feed (.ics over https), fetched by the
 * cron, its entries mapped onto the organisation's events by UID (events.feed_source_id,
 * events.ical_uid). Each source keeps what conditional requests need (ETag, Last-Modified), the
 * last fetch's result and per-entry report, and its failure count for backoff.
 */
import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { FEED_FETCH_RESULTS } from "../enums.ts";
import { users } from "./accounts.ts";
import { organisations } from "./directory.ts";

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;

export const feedSources = sqliteTable(
  "feed_sources",
  {
    id: text("id").primaryKey(),
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    /** The feed's https address. */
    url: text("url").notNull(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: text("created_at").notNull().default(now),
    /** The last response's validators, sent back as If-None-Match / If-Modified-Since. */
    etag: text("etag"),
    lastModified: text("last_modified"),
    lastFetchedAt: text("last_fetched_at"),
    lastResult: text("last_result", { enum: FEED_FETCH_RESULTS }),
    /** Why the last fetch failed, in words a partner can act on. */
    lastError: text("last_error"),
    /** The last import's counts and per-entry report (create, update, cancel, duplicate, refuse, why). */
    lastReport: text("last_report", { mode: "json" }).$type<Record<string, unknown> | null>(),
    consecutiveFailures: integer("consecutive_failures").notNull().default(0),
    /** Epoch ms when the source is next due (the regular interval, or the backoff after a failure). */
    nextFetchAt: integer("next_fetch_at").notNull().default(0),
    /** Epoch ms when a tick claimed it; a claim older than the lease is taken again. */
    claimedAt: integer("claimed_at"),
    /** When the organisation's members were told that the source keeps failing (once per run of failures). */
    ownersToldAt: text("owners_told_at"),
  },
  (t) => [uniqueIndex("feed_sources_org_url_uq").on(t.organisationId, t.url), index("feed_sources_due_idx").on(t.nextFetchAt)],
);
