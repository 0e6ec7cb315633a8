/**
 * The import planner (functions/import/ics-import.ts) on a real libSQL database, without the
 * Worker: what a file would do, and that a plan made on data that changed since writes nothing.
 */
import { drizzle } from "drizzle-orm/libsql/web";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "../../functions/auth/viewer.ts";
import type { Database } from "../../functions/db/client.ts";
import { commitIcsImport, planIcsImport } from "../../functions/import/ics-import.ts";
import { parseIcs } from "../../functions/import/parse-ics.ts";
import { startDatabase, type TestDatabase } from "../support/database.ts";

let database: TestDatabase;
let db: Database;
beforeAll(async () => {
  database = await startDatabase({ seedToday: "2030-03-04" });
  db = drizzle(database.client) as Database;
});
afterAll(() => database.close());

const partner: Viewer = {
  id: "sample-partner-marta",
  email: "marta@example.org",
  name: null,
  role: "user",
  organisations: ["marta"],
  locale: null,
  sessionId: "test",
};
const target = { organisationId: "marta", viewer: partner, now: new Date("2030-03-04T10:00:00Z"), publish: false };

function file(summary: string): ReturnType<typeof parseIcs> {
  return parseIcs(
    [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//test//EN",
      "BEGIN:VEVENT",
      "UID:planned@marta.example",
      `SUMMARY:${summary}`,
      "DTSTART;VALUE=DATE:20300610",
      "END:VEVENT",
      "BEGIN:VEVENT",
      "SUMMARY:No identity",
      "DTSTART;VALUE=DATE:20300611",
      "END:VEVENT",
      "END:VCALENDAR",
      "",
    ].join("\r\n"),
  );
}

function items(parsed: ReturnType<typeof parseIcs>) {
  if ("error" in parsed) throw new Error(parsed.error);
  return parsed.items;
}

describe("planIcsImport", () => {
  it("plans a creation and a refusal, then sees the same file as unchanged once imported", async () => {
    const plan = await planIcsImport(db, items(file("Planned meeting")), target);
    expect(plan.counts).toEqual({ create: 1, update: 0, unchanged: 0, refuse: 1 });
    expect(plan.items.find((i) => i.action === "refuse")?.reasons?.[0]).toContain("UID");
    await commitIcsImport(db, plan);
    const again = await planIcsImport(db, items(file("Planned meeting")), target);
    expect(again.counts).toMatchObject({ create: 0, unchanged: 1 });
    expect(again.statements).toHaveLength(0);
  });

  it("writes nothing, and says so, when an event changed after the plan was made", async () => {
    const plan = await planIcsImport(db, items(file("Planned meeting, new title")), target);
    expect(plan.counts).toMatchObject({ update: 1 });
    // Someone edits the event between the preview and the commit.
    await database.client.execute("UPDATE events SET city = 'Riga', version = version + 1 WHERE ical_uid = 'planned@marta.example'");
    await expect(commitIcsImport(db, plan)).rejects.toMatchObject({ status: 409, code: "import_conflict" });
    const { rows } = await database.client.execute("SELECT title, city FROM events WHERE ical_uid = 'planned@marta.example'");
    expect(rows[0]).toMatchObject({ title: "Planned meeting", city: "Riga" });
  });
});
