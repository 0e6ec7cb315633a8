/**
 * Database round trips per request, counted at our libSQL server: each one is a network hop to
 * sqld / Turso in production, so the pages partners open most stay within a fixed number.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { useStack } from "../support/stack.ts";

const stack = useStack({ seedToday: "2030-03-04" });
// The first request of an isolate checks the migrations; later ones do not.
beforeAll(() => fetch(`${stack.worker.baseUrl}/api/events?from=2030-01-01&to=2030-01-02`).then((r) => r.arrayBuffer()));

async function tripsFor(request: () => Promise<Response>): Promise<number> {
  const before = stack.db.roundTrips();
  const res = await request();
  expect(res.status).toBeLessThan(300);
  await res.arrayBuffer();
  return stack.db.roundTrips() - before;
}

describe("round trips per request", () => {
  it("the month view's API takes at most two, filters included", async () => {
    expect(await tripsFor(() => fetch(`${stack.worker.baseUrl}/api/events?from=2030-02-25&to=2030-04-07&tz=Europe/Riga`))).toBeLessThanOrEqual(2);
    expect(
      await tripsFor(() => fetch(`${stack.worker.baseUrl}/api/events?from=2030-02-25&to=2030-04-07&tz=Europe/Riga&country=EE&topic=police-cooperation`)),
    ).toBeLessThanOrEqual(2);
  });

  it("an event page, a filtered feed and a clash check stay small too", async () => {
    expect(await tripsFor(() => fetch(`${stack.worker.baseUrl}/events/sample-task-force-meeting`))).toBeLessThanOrEqual(2);
    expect(await tripsFor(() => fetch(`${stack.worker.baseUrl}/calendar.ics?country=EE`))).toBeLessThanOrEqual(2);
    const radar = () =>
      fetch(`${stack.worker.baseUrl}/api/clash-check`, {
        method: "POST",
        headers: { origin: stack.worker.baseUrl, "content-type": "application/json" },
        body: JSON.stringify({ startsAt: "2030-03-22T09:00", endsAt: "2030-03-22T17:00", timeZone: "Europe/Oslo", countries: ["NO"], audiences: ["police"] }),
      });
    // Its reads (events, observances, the reasons' words) go together: one round trip.
    expect(await tripsFor(radar)).toBe(1);
  });
});
