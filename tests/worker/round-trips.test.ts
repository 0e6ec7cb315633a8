/**
 * Database round trips per request, counted at our libSQL server: each one is a network hop to
 * sqld / Turso in production, so the pages partners open most stay within a fixed number.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDatabase, type TestDatabase } from "../support/database.ts";
import { startWorker, type TestWorker } from "../support/worker.ts";

let db: TestDatabase;
let worker: TestWorker;
beforeAll(async () => {
  db = await startDatabase({ seedToday: "2030-03-04" });
  worker = await startWorker({ LIBSQL_URL: db.url });
  // The first request of an isolate checks the migrations; later ones do not.
  await fetch(`${worker.baseUrl}/api/events?from=2030-01-01&to=2030-01-02`);
});
afterAll(async () => {
  await worker?.dispose();
  await db?.close();
});

async function tripsFor(request: () => Promise<Response>): Promise<number> {
  const before = db.roundTrips();
  const res = await request();
  expect(res.status).toBeLessThan(300);
  await res.arrayBuffer();
  return db.roundTrips() - before;
}

describe("round trips per request", () => {
  it("the month view's API takes at most two, filters included", async () => {
    expect(await tripsFor(() => fetch(`${worker.baseUrl}/api/events?from=2030-02-25&to=2030-04-07&tz=Europe/Riga`))).toBeLessThanOrEqual(2);
    expect(await tripsFor(() => fetch(`${worker.baseUrl}/api/events?from=2030-02-25&to=2030-04-07&tz=Europe/Riga&country=EE&topic=police-cooperation`))).toBeLessThanOrEqual(2);
  });

  it("an event page, a filtered feed and a clash check stay small too", async () => {
    expect(await tripsFor(() => fetch(`${worker.baseUrl}/events/sample-task-force-meeting`))).toBeLessThanOrEqual(2);
    expect(await tripsFor(() => fetch(`${worker.baseUrl}/calendar.ics?country=EE`))).toBeLessThanOrEqual(2);
    const radar = () => fetch(`${worker.baseUrl}/api/clash-check`, {
      method: "POST",
      headers: { origin: worker.baseUrl, "content-type": "application/json" },
      body: JSON.stringify({ startsAt: "2030-03-22T09:00", endsAt: "2030-03-22T17:00", timeZone: "Europe/Oslo", countries: ["NO"], audiences: ["police"] }),
    });
    expect(await tripsFor(radar)).toBeLessThanOrEqual(3);
  });
});
