/**
 * The data version (migration 0018): every table a reader's answer is made from raises it on every
 * insert, update and delete, whoever writes; bookkeeping does not, so the cache is not emptied by
 * every sign-in. A new table must be put on one side or the other here.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDatabase, type TestDatabase } from "../support/database.ts";
import { createEvent } from "../support/factories.ts";

/** Tables no anonymous answer is made from: writing them leaves the cached answers valid. */
const BOOKKEEPING = new Set([
  "users",
  "memberships",
  "sessions",
  "auth_tokens",
  "rate_limits",
  "audit_log",
  "feed_tokens",
  "person_tokens",
  "holds",
  "clash_acknowledgements",
  "subscriptions",
  "digest_runs",
  "digest_deliveries",
  "follows",
  "alerts",
  "alert_deliveries",
  "alert_recipients",
  "feed_sources",
  "api_tokens",
  "webhook_endpoints",
  "webhook_deliveries",
  "data_version",
  "rendered_outputs",
  "__drizzle_migrations",
  // Search indexes, kept in step from the content tables by their own triggers.
  "event_search_keys",
  "directory_search_keys",
  // Lists' stored summaries (migration 0019), kept in step from the content tables by their own triggers.
  "event_listings",
]);

let db: TestDatabase;
beforeAll(async () => {
  db = await startDatabase({ seedToday: "2031-03-10" });
});
afterAll(() => db.close());

const version = async () => Number((await db.client.execute("SELECT version FROM data_version WHERE id = 1")).rows[0].version);

describe("data_version", () => {
  it("is raised by insert, update and delete on every content table, and by nothing else", async () => {
    const tables = (
      await db.client.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name",
      )
    ).rows.map((r) => String(r.name));
    const triggers = new Set(
      (await db.client.execute("SELECT tbl_name || ':' || name AS t FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'data_version_%'")).rows.map((r) =>
        String(r.t),
      ),
    );
    const content = tables.filter((t) => !BOOKKEEPING.has(t));
    expect(content).toContain("events");
    expect(content).toContain("observances");
    const missing = content.flatMap((t) =>
      ["insert", "update", "delete"].filter((op) => !triggers.has(`${t}:data_version_${t}_${op}`)).map((op) => `${t} ${op}`),
    );
    expect(missing, "content tables without a data_version trigger (or add the table to BOOKKEEPING)").toEqual([]);
    const onBookkeeping = [...triggers].filter((t) => BOOKKEEPING.has(t.split(":")[0]));
    expect(onBookkeeping).toEqual([]);
  });

  it("moves with a hand-written write, a link row and a delete; not with a sign-in or a rolled-back batch", async () => {
    const start = await version();
    const id = await createEvent(db.client, { startsAt: "2031-04-01T09:00", endsAt: "2031-04-01T10:00", organisers: ["marta"] });
    const afterCreate = await version();
    expect(afterCreate).toBeGreaterThan(start);
    await db.client.execute({ sql: "UPDATE event_organisers SET consent = 'pending' WHERE event_id = ?", args: [id] });
    expect(await version()).toBeGreaterThan(afterCreate);
    const beforeDelete = await version();
    await db.client.execute({ sql: "DELETE FROM events WHERE id = ?", args: [id] });
    expect(await version()).toBeGreaterThan(beforeDelete);

    const quiet = await version();
    await db.client.execute({ sql: "INSERT INTO sessions (id, user_id, expires_at) VALUES ('s-test', 'sample-coordinator', 0)" });
    await db.client.execute("UPDATE users SET name = name");
    await expect(
      db.client.batch(["UPDATE organisations SET name = name || '!' WHERE id = 'marta'", "INSERT INTO write_guard (ok) SELECT 0"], "write"),
    ).rejects.toThrow(/write_guard/);
    expect(await version()).toBe(quiet);
  });
});
