/**
 * Alerts bench: the fan-out of one published event that rates a high clash with 200 events of 20
 * other organisations, whose 2,000 members are to be told (100 each), through the real producer
 * (functions/alerts/clash-alerts.ts) against the local libSQL server; the same 2,000 people follow
 * the event's country, so the change-alert producer (functions/alerts/change-alerts.ts) tells each
 * of a new event too; then the outbox's ticks that mail them, with a recorder for transport. Reports time and database round trips (each one a
 * subrequest on Workers) against one cron tick's budget.
 */
import type { Client } from "@libsql/client/web";
import { drizzle } from "drizzle-orm/libsql/web";
import * as schema from "../../db/schema.ts";
import { produceChangeAlerts } from "../../functions/alerts/change-alerts.ts";
import { produceClashAlerts } from "../../functions/alerts/clash-alerts.ts";
import { CHUNKS_PER_TICK, drainAlerts, PEOPLE_PER_CHUNK } from "../../functions/alerts/outbox.ts";
import type { Database } from "../../functions/db/client.ts";
import { parseConfig } from "../../functions/env.ts";
import { eventInstants } from "../../functions/lib/instants.ts";
import type { Mailer } from "../../functions/mail/mailer.ts";
import { seedDemo } from "../seed/seed.ts";
import { benchDatabase, countingClient } from "./database.ts";

const ORGANISATIONS = 20;
const MEMBERS = 100;
const CLASHING = 200;
const NOW = new Date("2027-03-01T06:00:00Z");
/** One cron tick's budget: Workers' default CPU limit for a scheduled run, and a paid Worker's subrequests. */
const TICK_BUDGET_MS = 30_000;
const SUBREQUEST_BUDGET = 1_000;

function event(id: string, owner: string) {
  const { startUtc, endUtc } = eventInstants({ allDay: false, startsAt: "2027-03-15T09:00", endsAt: "2027-03-15T16:00", timeZone: "Europe/Riga" });
  return [
    {
      sql: `INSERT INTO events (id, slug, title, type, visibility, all_day, starts_at, ends_at, time_zone, start_utc, end_utc, country, city, moderation, owner_organisation_id)
            VALUES (?, ?, ?, 'seminar', 'public', 0, '2027-03-15T09:00', '2027-03-15T16:00', 'Europe/Riga', ?, ?, 'LV', 'Riga', 'published', ?)`,
      args: [id, id, `Bench ${id}`, startUtc, endUtc, owner],
    },
    { sql: "INSERT INTO event_organisers (event_id, organisation_id, is_lead) VALUES (?, ?, 1)", args: [id, owner] },
    { sql: "INSERT INTO event_audiences (event_id, audience_id) VALUES (?, 'social-workers')", args: [id] },
    { sql: "INSERT INTO event_topics (event_id, topic_id) VALUES (?, 'victim-support')", args: [id] },
  ];
}

async function fill(client: Client): Promise<void> {
  await seedDemo(client, "2027-01-04");
  const statements = [];
  for (let o = 0; o < ORGANISATIONS; o++) {
    statements.push({
      sql: "INSERT INTO organisations (id, slug, name, kind) VALUES (?, ?, ?, 'ngo')",
      args: [`bench-org-${o}`, `bench-org-${o}`, `Bench organisation ${o}`],
    });
    for (let m = 0; m < MEMBERS; m++) {
      const user = `bench-user-${o}-${m}`;
      statements.push(
        { sql: "INSERT INTO users (id, email) VALUES (?, ?)", args: [user, `${user}@example.net`] },
        { sql: "INSERT INTO memberships (user_id, organisation_id) VALUES (?, ?)", args: [user, `bench-org-${o}`] },
      );
    }
  }
  for (let i = 0; i < CLASHING; i++) statements.push(...event(`bench-clash-${i}`, `bench-org-${i % ORGANISATIONS}`));
  statements.push(...event("bench-newcomer", "marta"));
  for (let i = 0; i < statements.length; i += 500) await client.batch(statements.slice(i, i + 500), "write");
}

export async function benchAlerts(): Promise<void> {
  const { server, client } = await benchDatabase(".data/bench-alerts.db", fill);
  // A fresh fan-out each time: forget earlier runs, and publish the newcomer "now" (the audit log's clock).
  await client.batch(
    [
      "DELETE FROM alerts",
      "DELETE FROM alert_recipients",
      "DELETE FROM follows",
      // Everyone follows the newcomer's country.
      "INSERT INTO follows (id, user_id, kind, target) SELECT 'bench-follow-' || id, id, 'country', 'LV' FROM users WHERE id LIKE 'bench-user-%'",
      "DELETE FROM audit_log WHERE entity_id = 'bench-newcomer'",
      `INSERT INTO audit_log (action, entity, entity_id, after) VALUES ('event.create', 'event', 'bench-newcomer', '{"moderation":"published"}')`,
    ],
    "write",
  );
  const { client: counted, trips } = countingClient(client);
  const db = drizzle(counted, { schema }) as unknown as Database;
  const config = parseConfig({
    LIBSQL_URL: server.url,
    PUBLIC_ORIGIN: "https://calendar.example.org",
    LINK_SECRET: "bench-link-secret-0123456789abcdefghij",
  } as never);

  const t0 = performance.now();
  const alerts = await produceClashAlerts(db, config, NOW);
  const produceMs = performance.now() - t0;
  const produceTrips = trips.count;
  const deliveries = Number((await client.execute("SELECT count(*) AS n FROM alert_deliveries")).rows[0].n);
  console.log(`\nclash alert fan-out: one event that clashes with ${CLASHING} events of ${ORGANISATIONS} organisations (${ORGANISATIONS * MEMBERS} members):`);
  console.log(`  ${alerts} alerts, ${deliveries} deliveries recorded in ${(produceMs / 1000).toFixed(2)} s with ${produceTrips} database round trips`);
  console.log(
    `  one cron tick's budget: ${TICK_BUDGET_MS / 1000} s and ${SUBREQUEST_BUDGET} subrequests → ${produceMs < TICK_BUDGET_MS && produceTrips < SUBREQUEST_BUDGET ? "within" : "OVER"} budget`,
  );

  trips.count = 0;
  const c0 = performance.now();
  const changes = await produceChangeAlerts(db, config, NOW);
  const changeMs = performance.now() - c0;
  const changeTrips = trips.count;
  const followerDeliveries = Number((await client.execute("SELECT count(*) AS n FROM alert_deliveries WHERE follow_id IS NOT NULL")).rows[0].n);
  console.log(`change alert fan-out: the new event, for ${ORGANISATIONS * MEMBERS} people who follow its country:`);
  console.log(`  ${changes} alerts, ${followerDeliveries} deliveries recorded in ${(changeMs / 1000).toFixed(2)} s with ${changeTrips} database round trips`);
  console.log(
    `  one cron tick's budget: ${TICK_BUDGET_MS / 1000} s and ${SUBREQUEST_BUDGET} subrequests → ${produceMs + changeMs < TICK_BUDGET_MS && produceTrips + changeTrips < SUBREQUEST_BUDGET ? "within" : "OVER"} budget (both producers together)`,
  );

  let sent = 0;
  const mailer: Mailer = {
    async send() {
      sent++;
      return `bench-${sent}@example.org`;
    },
  };
  // The producing tick's own drain holds the new deliveries to the end of its quarter hour.
  await drainAlerts(db, mailer, config, NOW);
  const ticks: { ms: number; trips: number }[] = [];
  for (let tick = 0; tick < 100; tick++) {
    const at = new Date(NOW.getTime() + (15 + tick * 5) * 60_000);
    trips.count = 0;
    const s0 = performance.now();
    await drainAlerts(db, mailer, config, at);
    ticks.push({ ms: performance.now() - s0, trips: trips.count });
    const left = Number((await client.execute("SELECT count(*) AS n FROM alert_deliveries WHERE status IN ('pending', 'sending')")).rows[0].n);
    if (!left) break;
  }
  const busiest = Math.max(...ticks.map((t) => t.ms));
  const mostTrips = Math.max(...ticks.map((t) => t.trips));
  console.log(
    `  outbox: ${sent} mails (one per person, ${(deliveries + followerDeliveries) / (ORGANISATIONS * MEMBERS)} alerts each) in ${ticks.length} ticks of up to ${CHUNKS_PER_TICK * PEOPLE_PER_CHUNK} people; slowest tick ${(busiest / 1000).toFixed(2)} s, at most ${mostTrips} round trips in a tick (budget ${SUBREQUEST_BUDGET})`,
  );
  client.close();
  await server.close();
}
