/**
 * A burst of concurrent requests through the real Worker in the local Workers runtime. Workers
 * forbid one request from waiting on I/O another request started: a database client shared by
 * an isolate's requests made bursts hang, after which every request of the isolate failed.
 */
import { describe, expect, it } from "vitest";
import { useStack } from "../support/stack.ts";

const stack = useStack({ seedToday: "2030-03-04" });

/** One request of the mix, by index: reads of every kind, a radar check and sign-ins. */
function request(i: number): Promise<Response> {
  const base = stack.worker.baseUrl;
  const json = (path: string, body: unknown) =>
    fetch(`${base}${path}`, { method: "POST", headers: { origin: base, "content-type": "application/json" }, body: JSON.stringify(body) });
  switch (i % 8) {
    case 0:
      return fetch(`${base}/api/events?from=2030-03-01&to=2030-03-31`);
    case 1:
      return fetch(`${base}/events/sample-task-force-meeting`);
    case 2:
      return fetch(`${base}/calendar.ics?country=EE`);
    case 3:
      return fetch(`${base}/api/search?q=police`);
    case 4:
      return json("/api/clash-check", { startsAt: "2030-03-22T09:00", endsAt: "2030-03-22T17:00", timeZone: "Europe/Oslo", countries: ["NO"] });
    case 5:
      return fetch(`${base}/api/health`);
    case 6:
      return json("/api/auth/sign-in", { email: `burst-${i}@example.org` });
    default:
      return fetch(`${base}/api/events?from=2030-04-01&to=2030-04-30&tz=Europe/Riga`);
  }
}

describe("a burst of concurrent requests", () => {
  it("300 at once: no 5xx but deliberate 503s, and the calendar serves normally right after", async () => {
    const statuses = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        request(i).then(
          async (r) => {
            await r.arrayBuffer();
            return r.status;
          },
          () => 0,
        ),
      ),
    );
    const failures = statuses.filter((s) => s === 0 || (s >= 500 && s !== 503));
    expect(failures, `statuses: ${JSON.stringify(statuses)}`).toEqual([]);
    // Most of the burst is served, not shed.
    expect(statuses.filter((s) => s < 300).length).toBeGreaterThan(250);

    const health = await fetch(`${stack.worker.baseUrl}/api/health`);
    expect(health.status).toBe(200);
    const month = await fetch(`${stack.worker.baseUrl}/api/events?from=2030-03-01&to=2030-03-31`);
    expect(month.status).toBe(200);
    expect(((await month.json()) as { events: unknown[] }).events.length).toBeGreaterThan(0);
  }, 120_000);

  it("three bursts in a row leave the stack healthy", async () => {
    for (let round = 0; round < 3; round++) {
      const statuses = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          request(i * 8).then(
            async (r) => {
              await r.arrayBuffer();
              return r.status;
            },
            () => 0,
          ),
        ),
      );
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
    }
    expect((await fetch(`${stack.worker.baseUrl}/api/health`)).status).toBe(200);
  }, 120_000);
});
