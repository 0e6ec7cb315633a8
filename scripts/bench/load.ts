/**
 * Load bench: a mixed read/write burst against the real Worker in the local Workers runtime, as
 * many visitors at once would send it — month views, event pages, feeds, search, clash checks,
 * health checks, sign-in requests and partners creating events — then a check that the stack
 * serves normally right after. Loopback only and bounded: `LOAD_CONNECTIONS` connections (100)
 * for `LOAD_SECONDS` seconds (10).
 *
 * Deliberate answers are not failures: 429 (a sign-in rate limit) and 503 with Retry-After (the
 * database deadline). Any other 5xx, a refused connection or a stack that stays down fails the run.
 */
import autocannon from "autocannon";
import { createHash, randomBytes } from "node:crypto";
import { seedDemo } from "../seed/seed.ts";
import { startWorker } from "../../tests/support/worker.ts";
import { benchDatabase } from "./database.ts";
import { generateEvents } from "./generate.ts";
import { DEFAULT_FRESHNESS_MS } from "../../functions/cache/freshness.ts";

const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS ?? 100);
const DURATION_S = Number(process.env.LOAD_SECONDS ?? 10);

export async function benchLoad(): Promise<void> {
  const { server, client } = await benchDatabase(".data/bench-http-10000.db", async (c) => {
    await seedDemo(c, "2027-01-04");
    await generateEvents(c, 10_000, "2026-03-01", 2, 23);
  });
  const [{ slug }] = (
    await client.execute("SELECT slug FROM events WHERE moderation = 'published' AND visibility = 'public' AND starts_at LIKE '2027-03%' LIMIT 1")
  ).rows as unknown as { slug: string }[];
  // A partner's session, made as the sign-in flow would (a hash of the token is stored).
  const token = randomBytes(32).toString("base64url");
  await client.execute({
    sql: "INSERT INTO sessions (id, user_id, expires_at) VALUES (?, ?, ?)",
    args: [createHash("sha256").update(token).digest("hex"), "sample-partner-marta", Date.now() + 86_400_000],
  });
  const eventsBefore = Number((await client.execute("SELECT count(*) AS n FROM events")).rows[0].n);
  const worker = await startWorker({ LIBSQL_URL: server.url, EDGE_FRESHNESS_MS: String(DEFAULT_FRESHNESS_MS) });
  const base = worker.baseUrl;
  const json = { "content-type": "application/json", origin: base };
  let written = 0;
  const kinds: { name: string; request: autocannon.Request }[] = [
    { name: "month API", request: { method: "GET", path: "/api/events?from=2027-03-01&to=2027-03-31&tz=Europe/Riga" } },
    { name: "event page", request: { method: "GET", path: `/events/${slug}` } },
    { name: "filtered ICS feed", request: { method: "GET", path: "/calendar.ics?country=EE&topic=police-cooperation" } },
    { name: "search", request: { method: "GET", path: "/api/search?q=police" } },
    {
      name: "clash radar",
      request: {
        method: "POST",
        path: "/api/clash-check",
        headers: json,
        body: JSON.stringify({
          startsAt: "2027-03-16T09:00",
          endsAt: "2027-03-17T17:00",
          timeZone: "Europe/Tallinn",
          countries: ["EE", "LV"],
          audiences: ["police"],
        }),
      },
    },
    { name: "health", request: { method: "GET", path: "/api/health" } },
    { name: "sign-in request", request: { method: "POST", path: "/api/auth/sign-in", headers: json, body: JSON.stringify({ email: "load@example.org" }) } },
    {
      name: "partner creates event",
      request: {
        method: "POST",
        path: "/api/events",
        headers: { ...json, cookie: `__Host-session=${token}` },
        setupRequest: (req) => {
          written++;
          const day = String(1 + (written % 28)).padStart(2, "0");
          return {
            ...req,
            body: JSON.stringify({
              title: `Load test meeting ${written}`,
              type: "meeting",
              startsAt: `2027-05-${day}T10:00`,
              endsAt: `2027-05-${day}T12:00`,
              timeZone: "Europe/Riga",
              organisers: ["marta"],
              ownerOrganisationId: "marta",
            }),
          };
        },
      },
    },
  ];
  try {
    // Every kind at once, each on its share of the connections.
    const perKind = Math.max(1, Math.floor(CONNECTIONS / kinds.length));
    const results = await Promise.all(
      kinds.map((k) => autocannon({ url: base, connections: perKind, duration: DURATION_S, requests: [k.request], timeout: 30 })),
    );
    const statuses = new Map<number, number>();
    for (const r of results) {
      for (const [code, n] of Object.entries(r.statusCodeStats ?? {}))
        statuses.set(Number(code), (statuses.get(Number(code)) ?? 0) + (n as { count: number }).count);
    }
    const total = results.reduce((sum, r) => sum + r.requests.total, 0);
    const errors = results.reduce((sum, r) => sum + r.errors, 0);
    const count = (pred: (s: number) => boolean) => [...statuses].filter(([s]) => pred(s)).reduce((sum, [, n]) => sum + n, 0);
    const failures = count((s) => s >= 500 && s !== 503);
    const created = Number((await client.execute("SELECT count(*) AS n FROM events")).rows[0].n) - eventsBefore;

    // Right after: does the stack serve normally, without a restart?
    const after = await Promise.all([fetch(`${base}/api/health`), fetch(`${base}/api/events?from=2027-03-01&to=2027-03-31`)]);
    const recovered = after.every((r) => r.status === 200);

    console.log(
      `\nLoad: mixed reads and writes at once through the local Workers runtime, ${perKind * kinds.length} connections × ${DURATION_S} s (loopback):`,
    );
    console.log("  kind                       requests   p50 ms   p99 ms   statuses");
    kinds.forEach((k, i) => {
      const r = results[i];
      const codes = Object.entries(r.statusCodeStats ?? {})
        .map(([code, n]) => `${code}×${(n as { count: number }).count}`)
        .join(" ");
      console.log(
        `  ${k.name.padEnd(24)} ${String(r.requests.total).padStart(10)} ${String(r.latency.p50).padStart(8)} ${String(r.latency.p99).padStart(8)}   ${codes}${r.errors ? ` errors×${r.errors}` : ""}`,
      );
    });
    console.log(`  requests served: ${total} (${(total / DURATION_S).toFixed(0)} req/s); events created: ${created}`);
    console.log(
      `  5xx other than a deliberate 503: ${failures}; 503 (database deadline): ${statuses.get(503) ?? 0}; 429 (rate limit): ${statuses.get(429) ?? 0}; connection errors: ${errors}`,
    );
    console.log(`  right after: ${recovered ? "health and month view answer 200 — recovered" : `NOT RECOVERED (${after.map((r) => r.status).join(", ")})`}`);
    if (failures > 0 || errors > 0 || !recovered) process.exitCode = 1;
  } finally {
    await worker.dispose();
    // The bench database is reused by the HTTP bench: the load's events and session go again.
    await client.execute("DELETE FROM events WHERE title LIKE 'Load test meeting %'");
    await client.execute("DELETE FROM sessions WHERE user_id = 'sample-partner-marta'");
    client.close();
    await server.close();
  }
}

// `npm run bench:load` runs this part alone.
if (import.meta.main) await benchLoad();
