/** A deterministic generator of many events over the demo's organisations and vocabulary. */
import type { Client } from "@libsql/client";
import { audienceRows, organisationRows, topicRows } from "../seed/demo-data.ts";
import { REGION_COUNTRIES } from "../../functions/coordination/region.ts";

/** A small seeded PRNG (mulberry32), so every run measures the same data. */
export function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;
const pick = <T>(rnd: () => number, list: readonly T[]) => list[Math.floor(rnd() * list.length)];

/** Inserts `count` published events spread over `years` from `fromDate`, with organisers, topics and audiences. */
export async function generateEvents(client: Client, count: number, fromDate: string, years: number, seed = 42): Promise<void> {
  const rnd = random(seed);
  const start0 = Date.parse(`${fromDate}T00:00:00Z`);
  const span = years * 365 * DAY;
  const chunk = 1000;
  for (let i = 0; i < count; i += chunk) {
    const ev: unknown[] = [];
    const org: unknown[] = [];
    const top: unknown[] = [];
    const aud: unknown[] = [];
    for (let j = i; j < Math.min(count, i + chunk); j++) {
      const id = `gen-${j}`;
      const day = Math.floor((rnd() * span) / DAY);
      const length = rnd() < 0.7 ? 1 : rnd() < 0.9 ? 2 : 3;
      const startUtc = start0 + day * DAY;
      const date = new Date(startUtc).toISOString().slice(0, 10);
      const end = new Date(startUtc + (length - 1) * DAY).toISOString().slice(0, 10);
      ev.push(
        id,
        id,
        `Generated event ${j}`,
        pick(rnd, ["conference", "seminar", "meeting", "training"]),
        date,
        end,
        startUtc,
        startUtc + length * DAY,
        pick(rnd, REGION_COUNTRIES),
        `City ${Math.floor(rnd() * 40)}`,
        pick(rnd, organisationRows).id,
      );
      org.push(id, pick(rnd, organisationRows).id);
      for (const t of new Set([pick(rnd, topicRows).id, pick(rnd, topicRows).id])) top.push(id, t);
      for (const a of new Set([pick(rnd, audienceRows).id, pick(rnd, audienceRows).id])) aud.push(id, a);
    }
    const values = (n: number, width: number, row: string) => Array.from({ length: n / width }, () => row).join(", ");
    await client.batch(
      [
        {
          sql: `INSERT INTO events (id, slug, title, type, status, visibility, all_day, starts_at, ends_at, time_zone, start_utc, end_utc, country, city, moderation, owner_organisation_id, languages)
                VALUES ${values(ev.length, 11, "(?, ?, ?, ?, 'confirmed', 'public', 1, ?, ?, 'UTC', ?, ?, ?, ?, 'published', ?, '[\"en\"]')")}`,
          args: ev as never,
        },
        { sql: `INSERT INTO event_organisers (event_id, organisation_id, is_lead) VALUES ${values(org.length, 2, "(?, ?, 1)")}`, args: org as never },
        { sql: `INSERT INTO event_topics (event_id, topic_id) VALUES ${values(top.length, 2, "(?, ?)")}`, args: top as never },
        { sql: `INSERT INTO event_audiences (event_id, audience_id) VALUES ${values(aud.length, 2, "(?, ?)")}`, args: aud as never },
      ],
      "write",
    );
  }
}
