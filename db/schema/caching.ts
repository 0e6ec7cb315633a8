/**
 * Caching (issues 18 and 20).
 *
 * - `data_version`: one row whose `version` goes up with every change a reader could see; cached
 *   answers are keyed by it, so a published change is visible at once.
 * - `rendered_outputs`: outputs too large to render per request (the full feed, exports), rendered
 *   once per data version and served from here, compressed.
 */
import { sql } from "drizzle-orm";
import { blob, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;

export const dataVersion = sqliteTable("data_version", {
  /** Always 1: the table has one row. */
  id: integer("id").primaryKey(),
  version: integer("version").notNull().default(0),
});

export const renderedOutputs = sqliteTable("rendered_outputs", {
  /** What was rendered, such as `calendar.ics` or `export/events.csv`. */
  key: text("key").primaryKey(),
  /** The data version it was rendered at. */
  version: integer("version").notNull(),
  etag: text("etag").notNull(),
  contentType: text("content_type").notNull(),
  /** How `body` is encoded (`gzip`, or `identity`). */
  encoding: text("encoding").notNull(),
  body: blob("body", { mode: "buffer" }).notNull(),
  /** The uncompressed size in bytes. */
  size: integer("size").notNull(),
  renderedAt: text("rendered_at").notNull().default(now),
});
