/**
 * HTTP bench: autocannon against the real Worker in the local Workers runtime (workerd, through
 * wrangler), backed by our libSQL server with 10,000 events. Loopback only and bounded: a few
 * connections for a few seconds per endpoint. Each endpoint's figures are also given as a ratio to
 * a hashed static asset served by the same runtime in the same run, so the numbers travel between
 * machines; database round trips per request are counted at the libSQL server.
 *
 * Anonymous reads come from the edge cache (functions/cache/edge-cache.ts) once stored, so the
 * uncached rows make every request a new address (a `bench` parameter the routes ignore): each is
 * a cache miss, as the first read after a change is. The "cached" rows repeat one address, so
 * after the first request every one is a hit. Rows with a target of issue 18 print it beside them.
 *
 * Every request says `Accept-Encoding: gzip, deflate, br`, as browsers and calendar clients do:
 * the runtime then compresses what the Worker sends plain (HTML, JSON, CSS) on the way out, as the
 * edge does, and the edge cache's entries go out as they were stored, compressed once. The static
 * asset is measured before the first row and after every row, and each row's ratio is to the mean
 * of the two runs around it, so a drift of the machine weighs on a row and its baseline alike.
 */
import autocannon from "autocannon";
import { existsSync, readdirSync } from "node:fs";
import { seedDemo } from "../seed/seed.ts";
import { startWorker } from "../../tests/support/worker.ts";
import { createClient } from "@libsql/client/web";
import { benchDatabase } from "./database.ts";
import { startDatabaseThread } from "./db-thread.ts";
import { generateEvents } from "./generate.ts";
import { DEFAULT_FRESHNESS_MS } from "../../functions/cache/freshness.ts";

const EVENTS = 10_000;
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 8;
/** Each run of the static asset, the baseline (it runs before the first row and after every row). */
const STATIC_S = Number(process.env.BENCH_STATIC_SECONDS ?? 3);
/** What browsers and calendar clients send (Chromium, Firefox, Outlook all take gzip); `BENCH_ACCEPT_ENCODING=` sends none. */
const ACCEPT_ENCODING = process.env.BENCH_ACCEPT_ENCODING ?? "gzip, deflate, br";

interface Target {
  name: string;
  path: string;
  method?: "GET" | "POST";
  body?: string;
  /** Every request a new address: the edge cache never answers it. */
  uncached?: boolean;
  /** The ratio to the static asset this row must reach (issue 18). */
  target?: number;
  /**
   * Every request from another visitor (client address): the route counts 60 a minute per
   * visitor (functions/auth/throttle.ts), and the bench measures the route, not that allowance.
   */
  visitors?: boolean;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 1000));

function run(baseUrl: string, t: Target, seconds: number): Promise<autocannon.Result> {
  let n = 0;
  const busted = t.uncached
    ? { requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, path: `${t.path}${t.path.includes("?") ? "&" : "?"}bench=${++n}` }) }] }
    : t.visitors
      ? {
          requests: [
            {
              setupRequest: (req: autocannon.Request) => {
                const v = ++n;
                return { ...req, headers: { ...req.headers, "cf-connecting-ip": `10.${(v >> 16) & 255}.${(v >> 8) & 255}.${v & 255}` } };
              },
            },
          ],
        }
      : {};
  return autocannon({
    ...busted,
    url: `${baseUrl}${t.path}`,
    method: t.method ?? "GET",
    body: t.body,
    headers: { ...(ACCEPT_ENCODING ? { "accept-encoding": ACCEPT_ENCODING } : {}), ...(t.body ? { "content-type": "application/json", origin: baseUrl } : {}) },
    connections: CONNECTIONS,
    duration: seconds,
  });
}

export async function benchHttp(): Promise<void> {
  if (!existsSync("web/dist/index.html")) throw new Error("Build the web app first (npm run build); npm run bench does.");
  const file = `.data/bench-http-${EVENTS}.db`;
  const filled = await benchDatabase(file, async (client) => {
    await seedDemo(client, "2027-01-04");
    await generateEvents(client, EVENTS, "2026-03-01", 2, 23);
  });
  filled.client.close();
  await filled.server.close();
  const server = await startDatabaseThread(file);
  const client = createClient({ url: server.url });
  const [{ slug }] = (
    await client.execute("SELECT slug FROM events WHERE moderation = 'published' AND visibility = 'public' AND starts_at LIKE '2027-03%' LIMIT 1")
  ).rows as unknown as { slug: string }[];
  // The runtime's local stand-ins for Cloudflare's hosted services (the Cache API among them) keep
  // their state in memory when the machine has one (tmpfs): on disk, every uncached request's
  // cache store cost the kernel 1–3 ms of writing on these 2 cores, work the edge does elsewhere.
  if (existsSync("/dev/shm")) process.env.TMPDIR = "/dev/shm";
  // As deployed: hits within the freshness window cost no database round trip.
  const worker = await startWorker({ LIBSQL_URL: server.url, EDGE_FRESHNESS_MS: String(DEFAULT_FRESHNESS_MS) });
  const base = worker.baseUrl;
  try {
    const asset = readdirSync("web/dist/assets").find((f) => /^index-.*\.css$/.test(f))!;
    const targets: Target[] = [
      { name: "static asset (baseline)", path: `/assets/${asset}` },
      // The floor of any read the Worker answers: a route, one database round trip, a small answer.
      { name: "health (1 round trip)", path: "/api/health" },
      { name: "month API", path: "/api/events?from=2027-02-22&to=2027-04-04&tz=Europe/Riga", uncached: true, target: 0.3 },
      { name: "month API (cached)", path: "/api/events?from=2027-02-22&to=2027-04-04&tz=Europe/Riga", target: 0.8 },
      { name: "event page", path: `/events/${slug}`, uncached: true },
      { name: "event page (cached)", path: `/events/${slug}`, target: 0.8 },
      { name: "filtered ICS feed", path: "/calendar.ics?country=EE&topic=police-cooperation", uncached: true, target: 0.3 },
      { name: "filtered feed (cached)", path: "/calendar.ics?country=EE&topic=police-cooperation" },
      { name: "full ICS feed (stored)", path: "/calendar.ics" },
      {
        name: "clash radar",
        path: "/api/clash-check",
        method: "POST",
        target: 0.3,
        visitors: true,
        body: JSON.stringify({
          startsAt: "2027-03-16T09:00",
          endsAt: "2027-03-17T17:00",
          timeZone: "Europe/Tallinn",
          countries: ["EE", "LV"],
          audiences: ["police"],
          topics: ["police-cooperation"],
        }),
      },
    ];
    // Warm up: the first request of an isolate checks the migrations.
    for (const t of targets)
      await (
        await fetch(`${base}${t.path}`, { method: t.method, body: t.body, headers: t.body ? { "content-type": "application/json", origin: base } : {} })
      ).arrayBuffer();

    const rows: { name: string; rps: number; p50: number; p99: number; errors: number; trips: number; target?: number; baseline: number }[] = [];
    /** One measurement of a target, a second after the last one ended (see `settle`). */
    const measure = async (t: Target, seconds = DURATION_S) => {
      // A second for the last row's own tail to end (an uncached row leaves hundreds of edge-cache
      // stores behind), so each row measures its endpoint alone.
      await settle();
      const before = await server.roundTrips();
      const result = await run(base, t, seconds);
      return { result, trips: ((await server.roundTrips()) - before) / (result.requests.total || 1) };
    };
    // The static asset before the first row and again after every row: each row's ratio is to the
    // mean of the two runs around it, so a drift of the machine (these are shared virtual cores)
    // weighs on a row and its baseline alike, not on the rows far from the baseline's runs.
    const statics: number[] = [];
    let staticErrors = 0;
    const staticRun = async () => {
      const { result } = await measure(targets[0], STATIC_S);
      statics.push(result.requests.average);
      staticErrors += result.errors + result.non2xx;
      return result;
    };
    const first = await staticRun();
    // `BENCH_ROWS=month` measures only the rows whose names match (a regular expression, case ignored).
    const only = process.env.BENCH_ROWS ? new RegExp(process.env.BENCH_ROWS, "i") : null;
    for (const t of targets.slice(1).filter((t) => !only || only.test(t.name))) {
      const { result, trips } = await measure(t);
      const before = statics[statics.length - 1];
      await staticRun();
      rows.push({
        name: t.name,
        rps: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        errors: result.errors + result.non2xx,
        trips,
        target: t.target,
        baseline: (before + statics[statics.length - 1]) / 2,
      });
    }
    const meanStatic = statics.reduce((a, b) => a + b, 0) / statics.length;
    rows.unshift({
      name: targets[0].name,
      rps: meanStatic,
      p50: first.latency.p50,
      p99: first.latency.p99,
      errors: staticErrors,
      trips: 0,
      baseline: meanStatic,
    });
    console.log(
      `\nHTTP through the local Workers runtime, ${EVENTS} events, ${CONNECTIONS} connections × ${DURATION_S} s per endpoint (loopback), Accept-Encoding: ${ACCEPT_ENCODING || "none"}:`,
    );
    console.log(
      `  (the static asset was measured ${statics.length} times, ${STATIC_S} s each, before the first row and after every row: ${statics.map((r) => r.toFixed(0)).join(", ")} req/s; each row is compared with the mean of the two runs around it)`,
    );
    console.log("  endpoint                   req/s   p50 ms   p99 ms   vs static   DB round trips/request   errors   target");
    for (const r of rows) {
      const ratio = r.rps / r.baseline;
      const target = r.target === undefined ? "" : `≥ ${r.target.toFixed(2)} ${ratio >= r.target ? "met" : "MISSED"}`;
      console.log(
        `  ${r.name.padEnd(24)} ${r.rps.toFixed(0).padStart(7)} ${r.p50.toFixed(0).padStart(8)} ${r.p99.toFixed(0).padStart(8)} ${ratio.toFixed(2).padStart(11)} ${r.trips.toFixed(2).padStart(24)} ${String(r.errors).padStart(8)}   ${target}`,
      );
    }
    const month = rows.find((r) => r.name === "month API");
    if (month)
      console.log(
        `  month view: ${month.trips.toFixed(2)} database round trips per request (budget: at most 2) — ${month.trips <= 2 ? "within budget" : "OVER BUDGET"}`,
      );
    if ((month && month.trips > 2) || rows.some((r) => r.errors > 0)) process.exitCode = 1;
  } finally {
    await worker.dispose();
    client.close();
    await server.close();
  }
}

if (import.meta.main) await benchHttp();
