/**
 * The database client. Always `@libsql/client/web` (HTTP), so the local server, sqld and Turso all
 * run the same code.
 *
 * **One client per request, never shared.** Workers forbid a request from waiting on I/O that
 * another request started: a client shared by an isolate's requests queues statements beyond its
 * concurrency (20) behind other requests' fetches, the runtime then sees the waiting request as
 * hung and cancels it, and the client is left with work that never finishes — after a burst every
 * request of the isolate failed. A web client is only a fetch wrapper, so a new one per request
 * costs next to nothing.
 *
 * Migrations are checked once per isolate: what is shared is a plain flag, set after a request
 * saw the schema up to date; never a promise. Until then each request checks (and, if needed,
 * applies) them with its own client; `migrate` is safe when several do so at once.
 */
import { createClient, type Client } from "@libsql/client/web";
import type { LibSQLDatabase } from "drizzle-orm/libsql";
import { drizzle } from "drizzle-orm/libsql/web";
import { buildMigrations, migrate, type Migration } from "../../db/migrate.ts";
import { files, journal } from "../../db/migrations/index.ts";
import { BoundedCache } from "../lib/bounded-cache.ts";
import { fetchWithDeadline } from "./timeout.ts";

/**
 * Without drizzle's relational query API (`db.query`, unused): given the schema, drizzle derives
 * the relations of every table on each `drizzle()` call, which is once per request here and cost
 * more CPU than a small request's own work. Queries name their tables (`db.select().from(t)`).
 */
export type Database = LibSQLDatabase & { $client: Client };

/** The part of the configuration (env.ts parses it) a database client needs. */
export interface DatabaseConfig {
  LIBSQL_URL: string;
  LIBSQL_AUTH_TOKEN?: string;
  DATABASE_TIMEOUT_MS: number;
}

/**
 * Database configurations (URL and token) this isolate has seen migrated: one per deployment, a
 * few in tests; bounded anyway (an evicted one is only checked again, which is cheap and idempotent).
 */
const migratedFor = new BoundedCache<string, true>(8);
/** The bundled migrations, hashed once: plain data, safe to share. */
let bundled: Migration[] | undefined;

/** A new client for one request (or one cron run), on a migrated database. */
export async function getDatabase(config: DatabaseConfig): Promise<Database> {
  const key = `${config.LIBSQL_URL}\n${config.LIBSQL_AUTH_TOKEN ?? ""}`;
  if (!migratedFor.get(key)) {
    bundled ??= await buildMigrations(journal, files);
    // A first migration of an empty database is one large batch: it gets a longer deadline.
    await migrate(clientFor(config, Math.max(config.DATABASE_TIMEOUT_MS, MIGRATION_TIMEOUT_MS)), bundled);
    migratedFor.set(key, true);
  }
  return drizzle(clientFor(config, config.DATABASE_TIMEOUT_MS)) as Database;
}

const MIGRATION_TIMEOUT_MS = 30_000;

function clientFor(config: DatabaseConfig, deadlineMs: number): Client {
  return createClient({ url: config.LIBSQL_URL, authToken: config.LIBSQL_AUTH_TOKEN, fetch: fetchWithDeadline(deadlineMs) });
}
