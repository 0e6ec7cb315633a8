/** Reads a route starts at once reach the database in one round trip (functions/db/read-together.ts). */
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/libsql/web";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../functions/db/client.ts";
import { readTogether } from "../../functions/db/read-together.ts";
import { organisations, topics } from "../../db/schema.ts";
import { startDatabase, type TestDatabase } from "../support/database.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await startDatabase({ seedToday: "2031-03-10" });
});
afterAll(() => db.close());

const orm = () => readTogether(drizzle(db.client) as Database);

describe("readTogether", () => {
  it("sends reads started together, single ones and batches, as one round trip, each with its own rows", async () => {
    const together = orm();
    const before = db.roundTrips();
    const [one, [t, o], count] = await Promise.all([
      together.select({ id: topics.id }).from(topics).where(sql`${topics.id} = 'police-cooperation'`),
      together.batch([together.select({ id: topics.id }).from(topics), together.select({ id: organisations.id }).from(organisations)]),
      together.select({ n: sql<number>`count(*)` }).from(organisations),
    ]);
    expect(db.roundTrips() - before).toBe(1);
    expect(one).toEqual([{ id: "police-cooperation" }]);
    expect(t.length).toBeGreaterThan(3);
    expect(o.length).toBe(count[0].n);
  });

  it("sends a read started later on its own, and fails only the reads sent with a failing one", async () => {
    const together = orm();
    const before = db.roundTrips();
    const first = await together.select({ id: topics.id }).from(topics);
    const second = await together.select({ id: organisations.id }).from(organisations);
    expect(first.length).toBeGreaterThan(0);
    expect(second.length).toBeGreaterThan(0);
    expect(db.roundTrips() - before).toBe(2);
    const results = await Promise.allSettled([together.run(sql`SELECT * FROM no_such_table`), together.select({ id: topics.id }).from(topics)]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect((await together.select({ id: topics.id }).from(topics)).length).toBeGreaterThan(0);
  });

  it("refuses a write batch", async () => {
    const together = orm();
    expect(() => together.$client.batch(["DELETE FROM topics"], "write")).toThrow(/reads only/);
    expect(Number((await db.client.execute("SELECT count(*) AS n FROM topics")).rows[0].n)).toBeGreaterThan(0);
  });
});
