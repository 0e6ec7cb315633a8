/** How the Worker meets its database: first start on an empty one, outages, and cron ticks. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { journal } from "../../db/migrations/index.ts";
import { startDatabase, type TestDatabase } from "../support/database.ts";
import { startWorker, type TestWorker } from "../support/worker.ts";

let db: TestDatabase | undefined;
let worker: TestWorker | undefined;
afterEach(async () => {
  await worker?.dispose();
  await db?.close();
  worker = db = undefined;
});

describe("first start on an empty database", () => {
  it("migrates once while many first requests arrive together, and all of them succeed", async () => {
    db = await startDatabase();
    worker = await startWorker({ LIBSQL_URL: db.url });
    const responses = await Promise.all(Array.from({ length: 12 }, () => fetch(`${worker!.baseUrl}/api/events?from=2030-01-01&to=2030-01-31`)));
    expect(responses.map((r) => r.status)).toEqual(Array(12).fill(200));
    const rows = await db.client.execute("SELECT count(*) AS n FROM __drizzle_migrations");
    expect(rows.rows[0].n).toBe(journal.entries.length);
    const body = (await responses[0].json()) as { events: unknown[] };
    expect(body.events).toEqual([]);
  });
});

describe("database outage", () => {
  it("answers 503 with Retry-After and no internals, then recovers", async () => {
    db = await startDatabase({ migrate: true });
    const port = new URL(db.url).port;
    worker = await startWorker({ LIBSQL_URL: db.url });
    expect((await fetch(`${worker.baseUrl}/api/events?from=2030-01-01&to=2030-01-31`)).status).toBe(200);

    await db.close();
    db = undefined;
    // Another month: January was read a moment ago and may still come from the edge cache.
    const res = await fetch(`${worker.baseUrl}/api/events?from=2030-02-01&to=2030-02-28`);
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("30");
    const text = await res.text();
    expect(JSON.parse(text).error.code).toBe("database_unavailable");
    expect(text).not.toMatch(/127\.0\.0\.1|fetch failed|ECONNREFUSED|stack/i);

    const health = await fetch(`${worker.baseUrl}/api/health`);
    expect(health.status).toBe(503);
    expect(((await health.json()) as { database: string }).database).toBe("unreachable");

    // The same address comes back: the next request is served again.
    db = await startDatabase({ migrate: true, port: Number(port) });
    expect((await fetch(`${worker.baseUrl}/api/events?from=2030-01-01&to=2030-01-31`)).status).toBe(200);
  });

  it("answers 503 when the database was never reachable", async () => {
    const gone = await startDatabase();
    const url = gone.url;
    await gone.close();
    worker = await startWorker({ LIBSQL_URL: url });
    const res = await fetch(`${worker.baseUrl}/api/events?from=2030-01-01&to=2030-01-31`);
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("30");
  });
});

describe("stuck database", () => {
  it("answers 503 with Retry-After at the deadline instead of holding the request, then recovers", async () => {
    db = await startDatabase({ migrate: true });
    worker = await startWorker({ LIBSQL_URL: db.url, DATABASE_TIMEOUT_MS: "1000" });
    expect((await fetch(`${worker.baseUrl}/api/events?from=2030-01-01&to=2030-01-31`)).status).toBe(200);

    // Another client holds the database in an open write transaction: every query waits behind it.
    const tx = await db.client.transaction("write");
    await tx.execute("UPDATE organisations SET name = name");
    // Another month than the one read a moment ago (it may still come from the edge cache).
    const [month, health] = await Promise.all([fetch(`${worker.baseUrl}/api/events?from=2030-02-01&to=2030-02-28`), fetch(`${worker.baseUrl}/api/health`)]);
    expect(month.status).toBe(503);
    expect(month.headers.get("retry-after")).toBe("30");
    expect(((await month.json()) as { error: { code: string } }).error.code).toBe("database_unavailable");
    expect(health.status).toBe(503);
    await tx.rollback();

    expect((await fetch(`${worker.baseUrl}/api/events?from=2030-01-01&to=2030-01-31`)).status).toBe(200);
    expect((await fetch(`${worker.baseUrl}/api/health`)).status).toBe(200);
  });
});

/**
 * A proxy in front of the database that, once `stall` is set, sends each answer's status and
 * headers and the first bytes of its body, and then nothing more.
 */
async function stallingProxy(target: string) {
  const state = { stall: false };
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const answer = await fetch(`${target}${req.url}`, { method: req.method, headers: { "content-type": "application/json" }, body: Buffer.concat(chunks) });
    const body = Buffer.from(await answer.arrayBuffer());
    res.writeHead(answer.status, { "content-type": "application/json", "content-length": String(body.length) });
    if (state.stall) res.write(body.subarray(0, 10));
    else res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    state,
    close: () => new Promise((r) => server.closeAllConnections() ?? server.close(r)),
  };
}

describe("database answer cut off half way", () => {
  it("answers 503 at the deadline, not 500, when the body stops coming", async () => {
    db = await startDatabase({ migrate: true });
    const proxy = await stallingProxy(db.url);
    try {
      worker = await startWorker({ LIBSQL_URL: proxy.url, DATABASE_TIMEOUT_MS: "1000" });
      expect((await fetch(`${worker.baseUrl}/api/events?from=2030-01-01&to=2030-01-31`)).status).toBe(200);
      proxy.state.stall = true;
      // A single query and a batch (search asks the directory in one) go through different paths of
      // the client; another month than the one read a moment ago, which may still come from the edge cache.
      for (const path of ["/api/events?from=2030-02-01&to=2030-02-28", "/api/search?q=police"]) {
        const res = await fetch(`${worker.baseUrl}${path}`);
        expect(res.status, path).toBe(503);
        expect(((await res.json()) as { error: { code: string } }).error.code, path).toBe("database_unavailable");
      }
      proxy.state.stall = false;
      expect((await fetch(`${worker.baseUrl}/api/events?from=2030-01-01&to=2030-01-31`)).status).toBe(200);
    } finally {
      await proxy.close();
    }
  });
});

describe("scheduled handler", () => {
  it("is wired to the cron triggers and leaves the database migrated", async () => {
    db = await startDatabase();
    worker = await startWorker({ LIBSQL_URL: db.url });
    const res = await fetch(`${worker.baseUrl}/__scheduled?cron=${encodeURIComponent("0 6 * * 1")}`);
    expect(res.status).toBe(200);
    const tables = await db.client.execute("SELECT name FROM sqlite_master WHERE name = 'events'");
    expect(tables.rows).toHaveLength(1);
  });
});
