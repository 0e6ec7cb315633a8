/**
 * `npm run bench`: performance figures measured on this machine, printed, never asserted in tests.
 * - clash radar: one proposal against 100,000 events (server time, including the database)
 * - weekly digest: 2,000 personalised digests over 10,000 events (time and round trips per digest)
 * - clash alerts: the fan-out of one event clashing with 200 events to 2,000 members, against one
 *   cron tick's budget, and the outbox's ticks that mail them (scripts/bench/alerts.ts)
 * - HTTP: the month API, an event page, a filtered feed and the clash radar through the local
 *   Workers runtime with autocannon, against a static asset (scripts/bench/http.ts)
 * - CPU per request: the Worker's handlers at the region's real volume (2,000 events), with the
 *   10 ms limit of the Workers free plan beside each (scripts/bench/cpu.ts)
 * - first paint: events visible after navigation to a month in Chromium (scripts/bench/first-paint.ts)
 * - load: a mixed read/write burst of ~100 connections, 5xx count and recovery (scripts/bench/load.ts)
 * - memory: bytes on the wire, then the isolate's heap over `MEMORY_SECONDS` (600) of mixed load
 *   against the 128 MB limit, failing if it does not come back within 10 % (scripts/bench/memory.ts)
 * The data goes into .data/bench.db through the local libSQL server; it is generated once and
 * reused by later runs.
 */
import { drizzle } from "drizzle-orm/libsql/web";
import * as schema from "../db/schema.ts";
import { seedDemo } from "./seed/seed.ts";
import type { Database } from "../functions/db/client.ts";
import { runRadar } from "../functions/coordination/radar.ts";
import { DEFAULT_MARGIN_DAYS } from "../functions/coordination/weights.ts";
import { benchAlerts } from "./bench/alerts.ts";
import { benchCpu } from "./bench/cpu.ts";
import { benchDatabase } from "./bench/database.ts";
import { benchDigest } from "./bench/digest.ts";
import { benchFirstPaint } from "./bench/first-paint.ts";
import { benchHttp } from "./bench/http.ts";
import { benchLoad } from "./bench/load.ts";
import { benchMemory } from "./bench/memory.ts";
import { generateEvents, random } from "./bench/generate.ts";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const file = `.data/bench-${EVENTS}.db`;
const { server, client } = await benchDatabase(file, async (client) => {
  const t0 = performance.now();
  await seedDemo(client, "2026-01-05");
  await generateEvents(client, EVENTS, "2026-01-01", 6);
  console.log(`generated ${EVENTS} events in ${((performance.now() - t0) / 1000).toFixed(1)} s (${file})`);
});
const total = Number((await client.execute("SELECT count(*) AS n FROM events")).rows[0].n);
const db = drizzle(client, { schema }) as unknown as Database;

function stats(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { median: at(0.5), p95: at(0.95), max: s[s.length - 1] };
}

const rnd = random(7);
const DAY = 86_400_000;
const times: number[] = [];
let clashes = 0;
for (let i = 0; i < 60; i++) {
  const startUtc = Date.parse("2027-01-01T00:00:00Z") + Math.floor(rnd() * 1500) * DAY;
  const t0 = performance.now();
  const result = await runRadar(
    db,
    {
      startUtc,
      endUtc: startUtc + 2 * DAY,
      countries: ["EE", "LV"],
      city: "City 3",
      topics: ["police-cooperation"],
      audiences: ["police"],
      organisers: ["nbpn"],
      languages: ["en"],
    },
    { viewer: null, marginDays: DEFAULT_MARGIN_DAYS, holidayCountries: ["EE", "LV"], today: "2027-01-01" },
  );
  if (i >= 10) times.push(performance.now() - t0); // the first runs warm caches
  clashes += result.total;
}
const radar = stats(times);
const plan = await client.execute({
  sql: "EXPLAIN QUERY PLAN SELECT id FROM events WHERE ((is_long = 0 AND start_utc > ? AND start_utc < ? AND end_utc > ?) OR (is_long = 1 AND start_utc < ? AND end_utc > ?))",
  args: [0, 1, 2, 3, 4],
});
console.log(`\nclash radar over ${total} events (${times.length} proposals, ~${Math.round(clashes / 60)} events in reach each):`);
console.log(`  server time per proposal: median ${radar.median.toFixed(1)} ms, p95 ${radar.p95.toFixed(1)} ms, max ${radar.max.toFixed(1)} ms`);
console.log(`  query plan: ${plan.rows.map((r) => r.detail).join(" | ")}`);
client.close();
await server.close();
await benchDigest();
await benchAlerts();
await benchCpu();
await benchHttp();
await benchFirstPaint();
await benchLoad();
await benchMemory();
