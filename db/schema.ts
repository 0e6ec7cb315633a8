/**
 * The domain model, one file per part under db/schema/ (vocabulary, directory, events, library,
 * accounts, coordination, digests, alerts, feed-sync, integrations, caching) and the fixed vocabularies in db/enums.ts; this index is what
 * drizzle-kit and the code import.
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
export * from "./enums.ts";
export * from "./schema/vocabulary.ts";
export * from "./schema/directory.ts";
export * from "./schema/events.ts";
export * from "./schema/library.ts";
export * from "./schema/accounts.ts";
export * from "./schema/coordination.ts";
export * from "./schema/digests.ts";
export * from "./schema/alerts.ts";
export * from "./schema/feed-sync.ts";
export * from "./schema/integrations.ts";
export * from "./schema/caching.ts";
