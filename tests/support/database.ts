/** A real libSQL server (the project's own, on loopback) per test file, migrated and optionally seeded. */
import { createClient, type Client } from "@libsql/client/web";
import { migrate } from "../../db/migrate.ts";
import { seedDemo } from "../../db/seed/seed.ts";
import { startLibsqlServer, type LibsqlServerOptions } from "../../db/server/server.ts";
import { migrationsFromDisk } from "../../scripts/db.ts";

export interface TestDatabase {
  url: string;
  client: Client;
  /** Database round trips (pipeline requests) the server has served, from any client. */
  roundTrips(): number;
  close(): Promise<void>;
}

export async function startDatabase(
  options: { migrate?: boolean; seedToday?: string } & Partial<LibsqlServerOptions> = {},
): Promise<TestDatabase> {
  const server = await startLibsqlServer({ path: ":memory:", ...options });
  const client = createClient({ url: server.url });
  if (options.migrate || options.seedToday) await migrate(client, await migrationsFromDisk());
  if (options.seedToday) await seedDemo(client, options.seedToday);
  return {
    url: server.url,
    client,
    roundTrips: server.roundTrips,
    async close() {
      client.close();
      await server.close();
    },
  };
}
