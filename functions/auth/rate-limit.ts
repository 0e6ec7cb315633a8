/**
 * Fixed-window rate limits kept in the database, so every isolate counts together. One atomic
 * UPSERT per check: a new window resets the count, otherwise it grows.
 */
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.ts";

export interface Limit {
  max: number;
  windowMs: number;
}

/** Counts one attempt against `key`; false when the window's allowance is used up. */
export async function consume(db: Database, key: string, limit: Limit, now: Date): Promise<boolean> {
  const t = now.getTime();
  const windowOpen = t - limit.windowMs;
  const rows = await db.all<{ count: number }>(sql`
    INSERT INTO rate_limits (key, window_start, count) VALUES (${key}, ${t}, 1)
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN rate_limits.window_start <= ${windowOpen} THEN 1 ELSE rate_limits.count + 1 END,
      window_start = CASE WHEN rate_limits.window_start <= ${windowOpen} THEN excluded.window_start ELSE rate_limits.window_start END
    RETURNING count`);
  return Number(rows[0]?.count ?? 0) <= limit.max;
}
