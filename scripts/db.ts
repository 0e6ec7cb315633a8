/** Shared by the db scripts: a client for LIBSQL_URL and the migrations read from disk. */
import { readFileSync } from "node:fs";
import { createClient, type Client } from "@libsql/client/web";
import { buildMigrations, type Journal, type Migration } from "../db/migrate.ts";

export const DEFAULT_LOCAL_URL = "http://127.0.0.1:8080";

export function clientFromEnv(): Client {
  return createClient({ url: process.env.LIBSQL_URL ?? DEFAULT_LOCAL_URL, authToken: process.env.LIBSQL_AUTH_TOKEN });
}

/** The drizzle-kit migrations in db/migrations, as the Worker bundles them. */
export function migrationsFromDisk(): Promise<Migration[]> {
  const dir = new URL("../db/migrations/", import.meta.url);
  const journal = JSON.parse(readFileSync(new URL("meta/_journal.json", dir), "utf8")) as Journal;
  const files = Object.fromEntries(journal.entries.map((e) => [e.tag, readFileSync(new URL(`${e.tag}.sql`, dir), "utf8")]));
  return buildMigrations(journal, files);
}

/** Today's date in UTC, `YYYY-MM-DD`. */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}
