/**
 * The database client. Always `@libsql/client/web` (HTTP), so the local server, sqld and Turso all
 * run the same code. One client per isolate and configuration; migrations run once per isolate
 * before the first query is served.
 */
import { createClient, type Client } from "@libsql/client/web";
import type { LibSQLDatabase } from "drizzle-orm/libsql";
import { drizzle } from "drizzle-orm/libsql/web";
import { buildMigrations, migrate } from "../../db/migrate.ts";
import { files, journal } from "../../db/migrations/index.ts";
import * as schema from "../../db/schema.ts";
import type { Config } from "../env.ts";

export type Database = LibSQLDatabase<typeof schema> & { $client: Client };

interface Connection {
  key: string;
  db: Database;
  ready: Promise<void>;
}

let current: Connection | undefined;

/** Returns this isolate's database, migrated. A failed migration is retried on the next request. */
export async function getDatabase(config: Config): Promise<Database> {
  const key = `${config.LIBSQL_URL}\n${config.LIBSQL_AUTH_TOKEN ?? ""}`;
  if (!current || current.key !== key) {
    const client = createClient({ url: config.LIBSQL_URL, authToken: config.LIBSQL_AUTH_TOKEN });
    const db = drizzle(client, { schema }) as Database;
    const connection: Connection = {
      key,
      db,
      ready: buildMigrations(journal, files)
        .then((migrations) => migrate(client, migrations))
        .then(() => undefined),
    };
    connection.ready.catch(() => {
      if (current === connection) current = undefined;
    });
    current = connection;
  }
  await current.ready;
  return current.db;
}
