/**
 * CPU per request: the Worker's own handlers (functions/app.ts, the same code wrangler bundles)
 * run in this Node process, which has the same V8 as workerd, against ~2,000 events, the region's
 * real volume (~50 a month).
 *
 * Method, so that only what Cloudflare bills as CPU time is counted, never the wait for the
 * database:
 * 1. Record: each request runs once for real, through the local libSQL server; every database
 *    round trip's answer (the HTTP response of the Hrana pipeline) is kept in order.
 * 2. Replay: the same request then runs many times with `fetch` answering those round trips
 *    at once from memory, so nothing waits for I/O; the thread's CPU time
 *    (`process.cpuUsage()`) around `app.fetch(request)` and the reading of the body is the
 *    request's CPU: routing, middleware, validation, building the SQL, parsing the database's
 *    answers, recurrence expansion, formatting and serialising. The answers are still parsed
 *    each time, as on Workers.
 * The first runs warm the JIT and the module caches (as a warm isolate is); p50/p95 are over the
 * runs after them. Garbage collection on the main thread falls into whichever request triggers it.
 *
 * `node scripts/bench/cpu.ts` runs it alone; `BENCH_CPU_RUNS` sets the runs per endpoint,
 * `BENCH_CPU_ONLY=search` keeps the endpoints whose name contains the word.
 * `node --cpu-prof scripts/bench/cpu.ts` writes a profile of the replays (open it in Chrome's
 * DevTools, Performance tab) to see where the time goes.
 */
import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { registerHooks } from "node:module";
import { seedDemo } from "../seed/seed.ts";
import { benchDatabase } from "./database.ts";
import { generateEvents } from "./generate.ts";

const EVENTS = 2_000;
const MONTHS = 40;
const RUNS = Number(process.env.BENCH_CPU_RUNS ?? 200);
const WARMUP = Math.min(50, Math.floor(RUNS / 4));
/** Only the endpoints whose name contains this (for profiling one of them). */
const ONLY = process.env.BENCH_CPU_ONLY;
const ORIGIN = "http://127.0.0.1:8787";

// The Worker's bundle imports its SQL migrations as text modules (wrangler's [[rules]]) and its
// migration journal as JSON: teach Node the same two things. Mail (cloudflare:sockets,
// cloudflare:email) is not sent by the measured requests: stand-ins that refuse.
const CLOUDFLARE_STUBS: Record<string, string> = {
  "cloudflare:sockets": "export function connect() { throw new Error('no sockets in the CPU bench'); }",
  "cloudflare:email": "export class EmailMessage { constructor() { throw new Error('no mail in the CPU bench'); } }",
};
registerHooks({
  resolve(specifier, context, next) {
    const stub = CLOUDFLARE_STUBS[specifier];
    if (stub) return { url: `data:text/javascript,${encodeURIComponent(stub)}`, format: "module", shortCircuit: true };
    return next(specifier, context);
  },
  load(url, context, next) {
    if (url.endsWith(".sql")) {
      const text = readFileSync(new URL(url), "utf8");
      return { format: "module", source: `export default ${JSON.stringify(text)};`, shortCircuit: true };
    }
    if (url.endsWith("/db/migrations/meta/_journal.json") && context.importAttributes?.type !== "json") {
      const text = readFileSync(new URL(url), "utf8");
      return { format: "module", source: `export default ${text};`, shortCircuit: true };
    }
    return next(url, context);
  },
});

interface Case {
  name: string;
  method?: "GET" | "POST";
  path: string;
  body?: unknown;
  signedIn?: boolean;
  /** CPU limit per request, ms. */
  limit: number;
  /**
   * Which figure the limit applies to: p95 (the default: Workers' limit is per request), or the
   * mean, CPU over the whole run divided by its requests, garbage collection included — the way
   * the figure compared with was measured (Gancio's, issue 20).
   */
  limitOn?: "p95" | "mean";
}

interface Recorded {
  status: number;
  statusText: string;
  headers: [string, string][];
  body: ArrayBuffer;
}

const realFetch = globalThis.fetch;
let mode: "record" | "replay" | "pass" = "pass";
let tape: Recorded[] = [];
let cursor = 0;
globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
  if (mode === "pass") return realFetch(input, init);
  if (mode === "record") {
    const res = await realFetch(input, init);
    const body = await res.arrayBuffer();
    tape.push({ status: res.status, statusText: res.statusText, headers: [...res.headers], body });
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  }
  const r = tape[cursor++];
  if (!r) throw new Error("The replay made a database round trip the recording did not");
  // The request body is read as the runtime would send it.
  if (input instanceof Request) await input.arrayBuffer();
  return new Response(r.body.slice(0), { status: r.status, statusText: r.statusText, headers: r.headers });
}) as typeof fetch;

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

export interface CpuRow {
  name: string;
  p50: number;
  p95: number;
  mean: number;
  limit: number;
  limitOn: "p95" | "mean";
  trips: number;
  status: number;
}

/** Measures every case; prints the table and returns the rows. */
export async function benchCpu(): Promise<CpuRow[]> {
  const { server, client } = await benchDatabase(`.data/bench-cpu-${EVENTS}.db`, async (client) => {
    await seedDemo(client, "2026-01-05");
    await generateEvents(client, EVENTS, "2024-11-01", MONTHS / 12, 2026);
  });
  const token = randomBytes(32).toString("base64url");
  const sessionId = createHash("sha256").update(token).digest("hex");
  await client.execute({
    sql: "INSERT OR REPLACE INTO sessions (id, user_id, expires_at) VALUES (?, ?, ?)",
    args: [sessionId, "sample-coordinator", Date.UTC(2100, 0, 1)],
  });
  const [{ slug }] = (
    await client.execute("SELECT slug FROM events WHERE moderation = 'published' AND visibility = 'public' AND starts_at LIKE '2026-03%' ORDER BY id LIMIT 1")
  ).rows as unknown as { slug: string }[];
  const { createApp } = await import("../../functions/app.ts");
  const app = createApp();
  const env = {
    LIBSQL_URL: server.url,
    PUBLIC_ORIGIN: ORIGIN,
    LINK_SECRET: "bench-link-secret-0123456789abcdefghijklmnop",
    ASSETS: { fetch: async () => new Response("asset") },
  };
  const ctx = { waitUntil() {}, passThroughOnException() {}, props: {} };
  const cookie = `__Host-session=${token}`;
  let created = 0;
  const cases: (Case & { fresh?: () => unknown })[] = [
    { name: "month API (6-week grid)", path: "/api/events?from=2026-02-23&to=2026-04-05&tz=Europe/Riga", limit: 10 },
    // 1/10 of Gancio's 45–56 ms for the same query, which was CPU over a load run per request.
    { name: "events JSON, 3 months", path: "/api/events?from=2026-03-01&to=2026-05-31&tz=UTC", limit: 5, limitOn: "mean" },
    { name: "event page (HTML)", path: `/events/${slug}`, limit: 10 },
    { name: "event API", path: `/api/events/${slug}`, limit: 10 },
    { name: "filtered ICS feed", path: "/calendar.ics?country=EE&topic=police-cooperation", limit: 10 },
    { name: "search", path: "/api/search?q=generated%20event", limit: 10 },
    {
      name: "clash check",
      method: "POST",
      path: "/api/clash-check",
      body: {
        startsAt: "2026-03-16T09:00",
        endsAt: "2026-03-17T17:00",
        timeZone: "Europe/Tallinn",
        countries: ["EE", "LV"],
        audiences: ["police"],
        topics: ["police-cooperation"],
      },
      limit: 10,
    },
    {
      name: "create event (coordinator)",
      method: "POST",
      path: "/api/events",
      signedIn: true,
      fresh: () => ({
        title: `Bench event ${Date.now()} ${created++}`,
        type: "meeting",
        startsAt: "2026-03-18T10:00",
        endsAt: "2026-03-18T12:00",
        timeZone: "Europe/Riga",
        country: "LV",
        city: "Riga",
        organisers: ["marta"],
        ownerOrganisationId: "marta",
      }),
      limit: 10,
    },
  ];
  const request = (t: Case & { fresh?: () => unknown }) => {
    const headers: Record<string, string> = { origin: ORIGIN };
    const body = t.fresh ? t.fresh() : t.body;
    if (body !== undefined) headers["content-type"] = "application/json";
    if (t.signedIn) headers.cookie = cookie;
    return new Request(`${ORIGIN}${t.path}`, { method: t.method ?? "GET", headers, body: body === undefined ? undefined : JSON.stringify(body) });
  };
  const rows: CpuRow[] = [];
  try {
    // The first request of an isolate checks the migrations.
    await (await app.fetch(request(cases[0]), env, ctx)).arrayBuffer();
    for (const t of cases.filter((c) => !ONLY || c.name.includes(ONLY))) {
      tape = [];
      mode = "record";
      const first = await app.fetch(request(t), env, ctx);
      const firstBody = await first.text();
      if (process.env.BENCH_CPU_SHOW) console.log(t.name, firstBody.slice(0, 1500));
      const recorded = tape;
      mode = "replay";
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        cursor = 0;
        tape = recorded;
        const req = request(t);
        const c0 = process.cpuUsage();
        const res = await app.fetch(req, env, ctx);
        await res.arrayBuffer();
        const c = process.cpuUsage(c0);
        if (res.status !== first.status) throw new Error(`${t.name}: replay answered ${res.status}, the recording ${first.status}`);
        if (i >= WARMUP) times.push((c.user + c.system) / 1000);
      }
      mode = "pass";
      times.sort((a, b) => a - b);
      const mean = times.reduce((sum, ms) => sum + ms, 0) / times.length;
      rows.push({
        name: t.name,
        p50: percentile(times, 0.5),
        p95: percentile(times, 0.95),
        mean,
        limit: t.limit,
        limitOn: t.limitOn ?? "p95",
        trips: recorded.length,
        status: first.status,
      });
    }
  } finally {
    mode = "pass";
    await client.execute({ sql: "DELETE FROM sessions WHERE id = ?", args: [sessionId] });
    client.close();
    await server.close();
  }
  console.log(
    `\nCPU per request: the Worker's handlers in Node (same V8), ${EVENTS} events (~${Math.round(EVENTS / MONTHS)} a month), database answers replayed, ${RUNS - WARMUP} runs after ${WARMUP} warm-up:`,
  );
  console.log("  endpoint                       status   CPU p50 ms   CPU p95 ms  CPU mean ms   limit ms   DB round trips");
  const over = (r: CpuRow) => r[r.limitOn] > r.limit;
  for (const r of rows) {
    console.log(
      `  ${r.name.padEnd(30)} ${String(r.status).padStart(6)} ${r.p50.toFixed(2).padStart(12)} ${r.p95.toFixed(2).padStart(12)} ${r.mean.toFixed(2).padStart(12)} ${`${r.limit} (${r.limitOn})`.padStart(10)} ${String(r.trips).padStart(16)}${over(r) ? "   OVER LIMIT" : ""}`,
    );
  }
  if (rows.some((r) => over(r) || r.status >= 500)) process.exitCode = 1;
  return rows;
}

if (import.meta.main) await benchCpu();
