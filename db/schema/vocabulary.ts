/** Controlled vocabularies stored as tables: topics and audiences. */
import { sqliteTable, text } from "drizzle-orm/sqlite-core";

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
