/**
 * Coordination: save-the-date holds (dates a partner reserves before the event is planned) and
 * coordinators' acknowledgements of clashes they have looked at, and the observances and blackout
 * periods coordinators mark for the radar and the free-date finder.
 */
import { sql } from "drizzle-orm";
import { index, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { OBSERVANCE_KINDS } from "../enums.ts";
import { organisations } from "./directory.ts";
import { events } from "./events.ts";
import { users } from "./accounts.ts";

export const HOLD_STATUSES = ["active", "released", "converted", "expired"] as const;
const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;
const jsonList = (name: string) => text(name, { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`);

export const holds = sqliteTable(
  "holds",
  {
    id: text("id").primaryKey(),
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    title: text("title").notNull(),
    /** The reserved days (YYYY-MM-DD, inclusive). */
    startsOn: text("starts_on").notNull(),
    endsOn: text("ends_on").notNull(),
    countries: jsonList("countries"),
    audiences: jsonList("audiences"),
    topics: jsonList("topics"),
    /** The last day the hold stands; the holder is reminded a few days before. */
    expiresOn: text("expires_on").notNull(),
    status: text("status", { enum: HOLD_STATUSES }).notNull().default("active"),
    eventId: text("event_id").references(() => events.id, { onDelete: "set null" }),
    remindedAt: text("reminded_at"),
    createdAt: text("created_at").notNull().default(now),
  },
  (t) => [index("holds_status_dates_idx").on(t.status, t.startsOn), index("holds_status_expiry_idx").on(t.status, t.expiresOn)],
);

/** A coordinator has seen this clash between two events and accepted it. */
export const clashAcknowledgements = sqliteTable(
  "clash_acknowledgements",
  {
    eventA: text("event_a")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    eventB: text("event_b")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    acknowledgedBy: text("acknowledged_by").references(() => users.id, { onDelete: "set null" }),
    acknowledgedAt: text("acknowledged_at").notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.eventA, t.eventB] })],
);

/**
 * A regional observance or blackout period (e.g. the Nordic Council's session week) that the radar
 * and the free-date finder respect, besides public holidays. No countries: the whole region.
 */
export const observances = sqliteTable(
  "observances",
  {
    id: text("id").primaryKey(),
    kind: text("kind", { enum: OBSERVANCE_KINDS }).notNull(),
    title: text("title").notNull(),
    /** The days (YYYY-MM-DD, inclusive). */
    startsOn: text("starts_on").notNull(),
    endsOn: text("ends_on").notNull(),
    countries: jsonList("countries"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: text("created_at").notNull().default(now),
    updatedAt: text("updated_at").notNull().default(now),
  },
  (t) => [index("observances_dates_idx").on(t.startsOn, t.endsOn)],
);
