/**
 * Lists read each event's summary as `event_listings` keeps it (migration 0019), not as built from
 * the rows on every read. A stored summary that lags behind a write would show a reader an old
 * title, a renamed organisation's old name or a topic taken off: these tests make every kind of
 * write the summary depends on and compare every stored summary with the one built from the rows.
 */
import { drizzle } from "drizzle-orm/libsql/web";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "../../functions/auth/viewer.ts";
import type { Database } from "../../functions/db/client.ts";
import { LISTING_TRIGGERS, listingTriggers, listingsMigration } from "../../db/listings.ts";
import { getEvent, listEvents, NO_FILTERS, STORED_SUMMARY_SQL } from "../../functions/events/events.queries.ts";
import { startDatabase, type TestDatabase } from "../support/database.ts";
import { createEvent } from "../support/factories.ts";

let db: TestDatabase;
let orm: Database;
beforeAll(async () => {
  db = await startDatabase({ seedToday: "2031-03-10" });
  orm = drizzle(db.client) as Database;
});
afterAll(() => db.close());

/** Events whose stored summary is missing or differs from the one built from their rows now. */
async function stale(): Promise<{ id: string; stored: string | null; built: string }[]> {
  const rs = await db.client.execute(
    `SELECT events.id AS id, l.summary AS stored, ${STORED_SUMMARY_SQL} AS built FROM events LEFT JOIN event_listings l ON l.event_id = events.id`,
  );
  const orphans = await db.client.execute("SELECT event_id FROM event_listings WHERE event_id NOT IN (SELECT id FROM events)");
  expect(orphans.rows, "stored summaries of events that are gone").toEqual([]);
  return (rs.rows as unknown as { id: string; stored: string | null; built: string }[]).filter((r) => r.stored !== r.built);
}

const MONTH = { from: "2031-05-01", to: "2031-05-31", tz: "Europe/Riga", ...NO_FILTERS };
const listed = async (viewer: Viewer | null = null) => (await listEvents(orm, MONTH, viewer)).events;
const coordinator: Viewer = { id: "c", email: "c@example.org", name: null, role: "coordinator", organisations: [], locale: null, sessionId: "s" };

describe("event_listings", () => {
  it("holds every event's summary after the demo data is loaded", async () => {
    expect(Number((await db.client.execute("SELECT count(*) AS n FROM events")).rows[0].n)).toBeGreaterThan(10);
    expect(await stale()).toEqual([]);
  });

  it("is made by triggers whose text is the summary lists are read with", async () => {
    const triggers = (await db.client.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'event_listings_%'")).rows;
    // Every table the summary is made from: its own columns, organisers and their names, topics, audiences.
    expect(triggers.map((t) => String(t.name)).sort()).toEqual(
      [
        "audience_delete",
        "audience_insert",
        "audience_update",
        "event_insert",
        "event_update",
        "organisation_update",
        "organiser_delete",
        "organiser_insert",
        "organiser_update",
        "topic_delete",
        "topic_insert",
        "topic_update",
      ].map((n) => `event_listings_${n}`),
    );
    // A change of STORED_SUMMARY_SQL needs a migration that makes the triggers again: npm run db:listings.
    const expected = listingTriggers(STORED_SUMMARY_SQL);
    for (const t of triggers) expect(String(t.sql), `${String(t.name)}: run npm run db:listings`).toBe(expected.get(String(t.name)));
  });

  it("is made again for a new summary by the migration npm run db:listings writes, old summaries rewritten at once", async () => {
    // A summary with one key more, as a change of summaryJson would make.
    const changed = STORED_SUMMARY_SQL.replace(`json_object('id', "events"."id",`, `json_object('rev', 2, 'id', "events"."id",`);
    expect(changed).not.toBe(STORED_SUMMARY_SQL);
    const apply = (summary: string) => db.client.batch(listingsMigration(summary), "write");
    const differing = async (summary: string) =>
      (await db.client.execute(`SELECT count(*) AS n FROM events LEFT JOIN event_listings l ON l.event_id = events.id WHERE l.summary IS NOT ${summary}`))
        .rows[0].n;
    try {
      await apply(changed);
      expect(Number(await differing(changed)), "stored summaries not rewritten").toBe(0);
      const names = (await db.client.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'event_listings_%'")).rows;
      expect(names.length).toBe(LISTING_TRIGGERS.length);
      for (const t of names) expect(String(t.sql)).toBe(listingTriggers(changed).get(String(t.name)));
      // The new triggers write the new summary.
      await db.client.execute("UPDATE events SET title = title || ' (moved)' WHERE id = (SELECT min(id) FROM events)");
      expect(Number(await differing(changed))).toBe(0);
    } finally {
      await apply(STORED_SUMMARY_SQL);
    }
    expect(await stale()).toEqual([]);
  });

  it("follows every write a summary depends on, in the write's own transaction", async () => {
    const id = await createEvent(db.client, {
      title: "Listing check seminar",
      startsAt: "2031-05-12T10:00",
      endsAt: "2031-05-12T12:00",
      timeZone: "Europe/Riga",
      country: "LV",
      organisers: ["marta"],
      topics: ["police-cooperation"],
    });
    expect(await stale()).toEqual([]);
    const find = async () => (await listed()).find((e) => e.id === id)!;
    expect(await find()).toMatchObject({ title: "Listing check seminar", country: "LV", topics: ["police-cooperation"] });

    const steps: [string, string, unknown[]][] = [
      ["event renamed and moved", "UPDATE events SET title = 'Listing check, renamed', city = 'Riga', languages = '[\"lv\",\"en\"]' WHERE id = ?", [id]],
      ["co-organiser added", "INSERT INTO event_organisers (event_id, organisation_id, is_lead, consent) VALUES (?, 'ncm', 0, 'accepted')", [id]],
      ["co-organiser's consent withdrawn", "UPDATE event_organisers SET consent = 'proposed' WHERE event_id = ? AND organisation_id = 'ncm'", [id]],
      ["co-organiser accepts again", "UPDATE event_organisers SET consent = 'accepted' WHERE event_id = ? AND organisation_id = 'ncm'", [id]],
      [
        "lead organisation renamed",
        "UPDATE organisations SET name = 'MARTA Centre (renamed)', short_name = 'MARTA2' WHERE id = 'marta' AND ? IS NOT NULL",
        [id],
      ],
      ["topic added", "INSERT INTO event_topics (event_id, topic_id) VALUES (?, 'labour-exploitation')", [id]],
      ["topic taken off", "DELETE FROM event_topics WHERE event_id = ? AND topic_id = 'police-cooperation'", [id]],
      ["audience added", "INSERT INTO event_audiences (event_id, audience_id) VALUES (?, 'police')", [id]],
      ["audience changed", "UPDATE event_audiences SET audience_id = 'ngos' WHERE event_id = ?", [id]],
      ["audience taken off", "DELETE FROM event_audiences WHERE event_id = ?", [id]],
      ["co-organiser removed", "DELETE FROM event_organisers WHERE event_id = ? AND organisation_id = 'ncm'", [id]],
      ["made busy-only", "UPDATE events SET visibility = 'busy_only' WHERE id = ?", [id]],
      // A write elsewhere that changes the event by a foreign key's action (SET NULL) updates it too.
      ["imported from a feed", "UPDATE events SET feed_source_id = 'listing-feed' WHERE id = ?", [id]],
      ["that feed removed", "DELETE FROM feed_sources WHERE id = 'listing-feed' AND ? IS NOT NULL", [id]],
    ];
    await db.client.execute("INSERT INTO feed_sources (id, organisation_id, url) VALUES ('listing-feed', 'marta', 'https://example.org/marta.ics')");
    for (const [what, sql, args] of steps) {
      await db.client.execute({ sql, args: args as string[] });
      expect(await stale(), what).toEqual([]);
    }
    // What a reader notices: the list says what the rows say now.
    expect(await (async () => (await listEvents(orm, MONTH, coordinator)).events.find((e) => e.id === id))()).toMatchObject({
      title: "Listing check, renamed",
      city: "Riga",
      languages: ["lv", "en"],
      topics: ["labour-exploitation"],
      audiences: [],
      organisers: [{ id: "marta", name: "MARTA Centre (renamed)", shortName: "MARTA2", isLead: true }],
    });
    // A busy-only event to the public: busy, its details out, its organiser still named.
    expect(await find()).toMatchObject({ busy: true, title: null, city: null, country: null, languages: [], topics: [], organisers: [{ id: "marta" }] });

    // A failed batch leaves the stored summary as it was, with the rows.
    await expect(
      db.client.batch(
        [
          { sql: "UPDATE events SET title = 'Never stored' WHERE id = ?", args: [id] },
          { sql: "INSERT INTO event_topics (event_id, topic_id) VALUES (?, 'no-such-topic')", args: [id] },
        ],
        "write",
      ),
    ).rejects.toThrow();
    expect(await stale()).toEqual([]);
    expect(String((await db.client.execute({ sql: "SELECT summary FROM event_listings WHERE event_id = ?", args: [id] })).rows[0].summary)).toContain(
      "Listing check, renamed",
    );

    await db.client.execute({ sql: "DELETE FROM events WHERE id = ?", args: [id] });
    expect(await stale()).toEqual([]);
    expect((await listed()).some((e) => e.id === id)).toBe(false);
  });

  it("gives the same lists as summaries built from the rows, busy-only ones included, for every viewer", async () => {
    const hiddenId = await createEvent(db.client, {
      title: "Hidden steering meeting",
      startsAt: "2031-05-20T09:00",
      endsAt: "2031-05-20T10:00",
      visibility: "busy_only",
      country: "EE",
      organisers: ["ncm"],
      topics: ["police-cooperation"],
    });
    await createEvent(db.client, {
      title: "Fortnightly call",
      startsAt: "2031-05-05T09:00",
      endsAt: "2031-05-05T10:00",
      timeZone: "Europe/Helsinki",
      organisers: ["ncm"],
      rrule: "FREQ=WEEKLY;INTERVAL=2;COUNT=6",
    });
    const viewers: (Viewer | null)[] = [null, coordinator, { ...coordinator, role: "user", organisations: ["marta"] }];
    const fromStored = await Promise.all(viewers.map((v) => listed(v)));
    expect(fromStored[0].some((e) => e.busy)).toBe(true);
    expect(fromStored[0].filter((e) => e.title === "Fortnightly call").length).toBeGreaterThan(1);
    // The busy-only form a list makes of a stored summary is the one its own page shows: same keys, same order, same values.
    for (const viewer of viewers) {
      const inList = (await listed(viewer)).find((e) => e.id === hiddenId)!;
      const page = (await getEvent(orm, hiddenId, viewer))!;
      expect(inList.busy).toBe(viewer?.role !== "coordinator");
      expect(JSON.stringify(inList)).toBe(JSON.stringify(Object.fromEntries(Object.keys(inList).map((k) => [k, page[k as keyof typeof page]]))));
      expect(Object.keys(page).slice(0, Object.keys(inList).length)).toEqual(Object.keys(inList));
    }
    // Without stored summaries the list falls back to building them: the same lists, to the byte.
    await db.client.execute("DELETE FROM event_listings");
    const fromRows = await Promise.all(viewers.map((v) => listed(v)));
    expect(JSON.stringify(fromRows)).toBe(JSON.stringify(fromStored));
  });
});
