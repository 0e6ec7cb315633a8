/**
 * The triggers that keep `event_listings` (each event's summary as lists show it) in step with
 * the rows it is made from, written from the summary's SQL (`STORED_SUMMARY_SQL` in
 * functions/events/events.queries.ts). Migration 0019 holds this text; a change of the summary
 * needs a migration that makes the triggers again and rewrites every stored summary:
 * `npm run db:listings -- --name=<what changed>` writes it (scripts/listings-migration.ts), and
 * tests/events/listings.test.ts fails while the database's triggers and the code's summary differ.
 *
 * An upsert, not INSERT OR REPLACE: in a trigger, OR REPLACE gives way to the conflict policy of
 * the statement that fired it (a foreign key's SET NULL on events aborts on the conflict).
 */

/** Each trigger: its name, when it fires, and which events' summaries it writes again. */
export const LISTING_TRIGGERS: readonly { name: string; on: string; events: string }[] = [
  { name: "event_listings_event_insert", on: "AFTER INSERT ON events", events: "events.id = new.id" },
  { name: "event_listings_event_update", on: "AFTER UPDATE ON events", events: "events.id = new.id" },
  { name: "event_listings_organiser_insert", on: "AFTER INSERT ON event_organisers", events: "events.id = new.event_id" },
  { name: "event_listings_organiser_update", on: "AFTER UPDATE ON event_organisers", events: "events.id IN (old.event_id, new.event_id)" },
  { name: "event_listings_organiser_delete", on: "AFTER DELETE ON event_organisers", events: "events.id = old.event_id" },
  {
    name: "event_listings_organisation_update",
    on: "AFTER UPDATE OF id, slug, name, short_name ON organisations",
    events: "events.id IN (SELECT event_id FROM event_organisers WHERE organisation_id = new.id)",
  },
  { name: "event_listings_topic_insert", on: "AFTER INSERT ON event_topics", events: "events.id = new.event_id" },
  { name: "event_listings_topic_update", on: "AFTER UPDATE ON event_topics", events: "events.id IN (old.event_id, new.event_id)" },
  { name: "event_listings_topic_delete", on: "AFTER DELETE ON event_topics", events: "events.id = old.event_id" },
  { name: "event_listings_audience_insert", on: "AFTER INSERT ON event_audiences", events: "events.id = new.event_id" },
  { name: "event_listings_audience_update", on: "AFTER UPDATE ON event_audiences", events: "events.id IN (old.event_id, new.event_id)" },
  { name: "event_listings_audience_delete", on: "AFTER DELETE ON event_audiences", events: "events.id = old.event_id" },
];

/** The statement that writes the summaries of the events `where` selects, as they are now. */
function refresh(summarySql: string, where: string | null): string {
  return `INSERT INTO event_listings (event_id, summary) SELECT events.id, ${summarySql} FROM events${where ? ` WHERE ${where}` : ""}\n    ON CONFLICT (event_id) DO UPDATE SET summary = excluded.summary;`;
}

/** Each trigger's CREATE TRIGGER statement, by name, as the database keeps it (sqlite_master.sql). */
export function listingTriggers(summarySql: string): Map<string, string> {
  return new Map(LISTING_TRIGGERS.map((t) => [t.name, `CREATE TRIGGER ${t.name} ${t.on} BEGIN\n  ${refresh(summarySql, t.events)}\nEND`]));
}

/**
 * A migration's statements for a new summary: the triggers made again with it, then every stored
 * summary written again (in the migration's one batch, so no reader sees a list half old, half new).
 */
export function listingsMigration(summarySql: string): string[] {
  return [
    ...LISTING_TRIGGERS.map((t) => `DROP TRIGGER IF EXISTS ${t.name};`),
    ...[...listingTriggers(summarySql).values()].map((create) => `${create};`),
    refresh(summarySql, null).replace("\n    ON CONFLICT", " WHERE true\n    ON CONFLICT"),
  ];
}
