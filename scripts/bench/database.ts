/** A bench database: a file under .data served by the local libSQL server, migrated, filled once. */
import { existsSync, mkdirSync } from "node:fs";
import { createClient, type Client } from "@libsql/client/web";
import { migrate } from "../../db/migrate.ts";
import { startLibsqlServer, type LibsqlServer } from "../../db/server/server.ts";
import { migrationsFromDisk } from "../db.ts";

/** Opens `file`; when it did not exist yet, `fill` puts the bench's data in (later runs reuse it). */
export async function benchDatabase(file: string, fill: (client: Client) => Promise<void>): Promise<{ server: LibsqlServer; client: Client }> {
  mkdirSync(".data", { recursive: true });
  const fresh = !existsSync(file);
  const server = await startLibsqlServer({ path: file });
  const client = createClient({ url: server.url });
  await migrate(client, await migrationsFromDisk());
  if (fresh) await fill(client);
  return { server, client };
}

/**
 * `client`, counting its database round trips (each `execute` or `batch` is one; on Workers, one
 * subrequest). `trips.count` is read and reset by the bench.
 */
export function countingClient(client: Client): { client: Client; trips: { count: number } } {
  const trips = { count: 0 };
  const counted = new Proxy(client, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (key === "execute" || key === "batch")
        return (...args: unknown[]) => {
          trips.count++;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      return typeof value === "function" ? value.bind(target) : value;
    },
  }) as Client;
  return { client: counted, trips };
}
