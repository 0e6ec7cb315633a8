/** A real libSQL server (the project's own, on loopback) per test file, migrated and optionally seeded. */
import { createClient, type Client } from "@libsql/client/web";
import { migrate } from "../../db/migrate.ts";
import { seedDemo } from "../../scripts/seed/seed.ts";
import { startLibsqlServer, type LibsqlServerOptions } from "../../db/server/server.ts";
import { migrationsFromDisk } from "../../scripts/db.ts";

export interface TestDatabase {
  url: string;
  client: Client;
  /** Database round trips (pipeline requests) the server has served, from any client. */
  roundTrips(): number;
  /** Rows changed by committed writes, from any client (see db/server/writes.ts). */
  writes(): number;
  /** The same, by table. */
  writesByTable(): Record<string, number>;
  close(): Promise<void>;
}

export async function startDatabase(options: { migrate?: boolean; seedToday?: string } & Partial<LibsqlServerOptions> = {}): Promise<TestDatabase> {
  const server = await startLibsqlServer({ path: ":memory:", ...options });
  const client = createClient({ url: server.url });
  if (options.migrate || options.seedToday) await migrate(client, await migrationsFromDisk());
  if (options.seedToday) await seedDemo(client, options.seedToday);
  return {
    url: server.url,
    client,
    roundTrips: server.roundTrips,
    writes: server.writes,
    writesByTable: server.writesByTable,
    async close() {
      client.close();
      await server.close();
    },
  };
}
