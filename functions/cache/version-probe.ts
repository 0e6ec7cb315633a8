/**
 * Reading the data version without a round trip of its own: on a cache miss the route runs on a
 * database whose first statement (or batch) goes to the server together with the version read, in
 * one batch. A batch runs as one transaction, so the version is exactly the one the route's first
 * read saw, and what it renders may be stored under it.
 */
import type { Client, InArgs, InStatement, ResultSet, TransactionMode } from "@libsql/client/web";
import { drizzle } from "drizzle-orm/libsql/web";
import type { Database } from "../db/client.ts";

const VERSION_SQL = "SELECT version FROM data_version WHERE id = 1";

export interface VersionProbe {
  db: Database;
  /** The version read with the first statement; undefined while none ran. */
  version(): number | undefined;
}

/** `db` with the version read folded into its first statement. */
export function probeVersion(db: Database): VersionProbe {
  const client = db.$client;
  let version: number | undefined;
  let first = true;
  const seen = (results: ResultSet[]): ResultSet[] => {
    const [head, ...rest] = results;
    version = head.rows.length ? Number(head.rows[0].version) : 0;
    return rest;
  };
  const probed = new Proxy(client, {
    get(target, key, receiver) {
      if (first && key === "execute")
        return async (stmt: InStatement, args?: InArgs) => {
          const statement = args === undefined ? stmt : { sql: stmt as string, args };
          if (!first) return target.execute(statement);
          first = false;
          return seen(await target.batch([VERSION_SQL, statement], "deferred"))[0];
        };
      if (first && key === "batch")
        return async (stmts: InStatement[], mode?: TransactionMode) => {
          if (!first) return target.batch(stmts, mode);
          first = false;
          return seen(await target.batch([VERSION_SQL, ...stmts], mode ?? "deferred"));
        };
      const value = Reflect.get(target, key, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  }) as Client;
  return { db: drizzle(probed) as Database, version: () => version };
}
