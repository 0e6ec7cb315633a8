/**
 * Digest bench: 2,000 personalised digests over 10,000 events, composed and handed to SMTP through
 * the real drain path (claims, per-tick data load, delivery updates) against the local libSQL
 * server, and the real Mailer (MIME, the Worker's SMTP client, one connection per tick) to an SMTP
 * server on loopback that accepts and discards. Reports time per digest, database round trips per
 * digest (counted at the client) and SMTP connections.
 */
import { drizzle } from "drizzle-orm/libsql/web";
import * as schema from "../../db/schema.ts";
import { seedDemo } from "../seed/seed.ts";
import { audienceRows, topicRows } from "../seed/demo-data.ts";
import { REGION_COUNTRIES } from "../../functions/coordination/region.ts";
import type { Database } from "../../functions/db/client.ts";
import { CHUNK_SIZE, CHUNKS_PER_TICK, drainDeliveries, startWeeklyRun } from "../../functions/digest/runs.ts";
import { parseConfig } from "../../functions/env.ts";
import { SMTPServer } from "smtp-server";
import { benchDatabase, countingClient } from "./database.ts";
import { generateEvents, random } from "./generate.ts";
import { useNodeSockets } from "./node-sockets.ts";

const EVENTS = 10_000;
const SUBSCRIBERS = 2_000;
const NOW = new Date("2027-03-01T06:00:00Z");

export async function benchDigest(): Promise<void> {
  const { server, client } = await benchDatabase(`.data/bench-digest-${EVENTS}.db`, async (client) => {
    await seedDemo(client, "2027-01-04");
    // Two years of events around the bench's Monday: about 1,100 fall in a 12-week window.
    await generateEvents(client, EVENTS, "2026-03-01", 2, 11);
    const rnd = random(5);
    const some = <T>(list: readonly T[], max: number) => [
      ...new Set(Array.from({ length: Math.floor(rnd() * (max + 1)) }, () => list[Math.floor(rnd() * list.length)])),
    ];
    const rows = Array.from({ length: SUBSCRIBERS }, (_, i) => [
      `bench-sub-${i}`,
      `reader${i}@example.net`,
      JSON.stringify(some(REGION_COUNTRIES, 3)),
      JSON.stringify(
        some(
          topicRows.map((t) => t.id),
          2,
        ),
      ),
      JSON.stringify(
        some(
          audienceRows.map((a) => a.id),
          1,
        ),
      ),
      [1, 2, 4, 8][i % 4],
    ]);
    for (let i = 0; i < rows.length; i += 200) {
      const part = rows.slice(i, i + 200);
      await client.execute({
        sql: `INSERT INTO subscriptions (id, email, confirmed_at, countries, topics, audiences, weeks_ahead) VALUES ${part.map(() => "(?, ?, '2027-01-01', ?, ?, ?, ?)").join(", ")}`,
        args: part.flat() as never,
      });
    }
  });
  // A fresh run each time: forget earlier bench runs.
  await client.batch(["DELETE FROM digest_deliveries", "DELETE FROM digest_runs", "UPDATE subscriptions SET last_sent_at = NULL"], "write");

  const { client: counted, trips } = countingClient(client);
  const db = drizzle(counted, { schema }) as unknown as Database;
  const config = parseConfig({
    LIBSQL_URL: server.url,
    PUBLIC_ORIGIN: "https://calendar.example.org",
    LINK_SECRET: "bench-link-secret-0123456789abcdefghij",
  } as never);
  // An SMTP server that takes every message and keeps nothing but counts.
  let bytes = 0;
  let connections = 0;
  let received = 0;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onConnect(_session, callback) {
      connections++;
      callback();
    },
    onData(stream, _session, callback) {
      stream.on("data", (c: Buffer) => {
        bytes += c.length;
      });
      stream.on("end", () => {
        received++;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", () => resolve()));
  useNodeSockets();
  const { createMailer } = await import("../../functions/mail/mailer.ts");
  const mailer = createMailer({
    transport: "smtp",
    from: config.MAIL_FROM,
    smtp: { host: "127.0.0.1", port: (smtp.server.address() as { port: number }).port, security: "none", helo: "calendar.example.org" },
  });

  await startWeeklyRun(db, NOW);
  trips.count = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let ticks = 0;
  let skipped = 0;
  let sent = 0;
  for (;;) {
    const r = await drainDeliveries(db, mailer, config, NOW);
    ticks++;
    skipped += r.skipped;
    sent += r.sent;
    if (r.sent + r.skipped + r.retried + r.failed === 0) break;
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const digests = sent + skipped;
  console.log(`\nweekly digest: ${SUBSCRIBERS} subscribers over ${EVENTS} events (${ticks - 1} ticks of up to ${CHUNKS_PER_TICK * CHUNK_SIZE}):`);
  console.log(
    `  ${sent} sent (${received} received by SMTP over ${connections} connections), ${skipped} with nothing to say; average message ${Math.round(bytes / Math.max(received, 1) / 1024)} KiB`,
  );
  console.log(`  composed and handed to SMTP in ${(ms / 1000).toFixed(1)} s (target ≤ 10 s), ${(ms / digests).toFixed(1)} ms per digest`);
  console.log(
    `  CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s for the whole process, the libSQL and SMTP servers in it included (${((cpu.user + cpu.system) / 1000 / (ticks - 1)).toFixed(0)} ms per tick)`,
  );
  console.log(
    `  database round trips: ${(trips.count / digests).toFixed(2)} per digest (${trips.count} in all; the window's events are read once per tick, not per subscriber)`,
  );
  client.close();
  await server.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
}
