/**
 * Independent reads that a route starts at once (`Promise.all`) go to the database in one round
 * trip: the statements a request's code hands to the client before the next turn of the event
 * loop are sent as one batch. A batch runs as one read transaction, so they also see one state of
 * the data. For read-only work only (the clash radar; a write batch is refused): a failing
 * statement fails every read of its batch, as it fails the `Promise.all` that waits on them anyway.
 *
 * Made per request from that request's client; it keeps nothing between requests.
 */
import type { Client, InArgs, InStatement, ResultSet, TransactionMode } from "@libsql/client/web";
import { drizzle } from "drizzle-orm/libsql/web";
import type { Database } from "./client.ts";

/** One read (a statement, or a batch of them) waiting to be sent with the others. */
interface Waiting {
  statements: InStatement[];
  resolve: (results: ResultSet[]) => void;
  reject: (error: unknown) => void;
}

/** `db`, with the reads started together sent together. */
export function readTogether(db: Database): Database {
  const client = db.$client;
  let waiting: Waiting[] | null = null;

  async function send(reads: Waiting[]): Promise<void> {
    try {
      const results = await client.batch(
        reads.flatMap((r) => r.statements),
        "deferred",
      );
      let at = 0;
      for (const r of reads) {
        r.resolve(results.slice(at, at + r.statements.length));
        at += r.statements.length;
      }
    } catch (error) {
      for (const r of reads) r.reject(error);
    }
  }

  function later(statements: InStatement[]): Promise<ResultSet[]> {
    return new Promise((resolve, reject) => {
      if (!waiting) {
        const reads: Waiting[] = [];
        waiting = reads;
        // drizzle reaches the client a few promise steps after a query is awaited: a timer (the
        // next turn of the loop) lets every read started with this one join it.
        setTimeout(() => {
          waiting = null;
          void send(reads);
        }, 0);
      }
      waiting.push({ statements, resolve, reject });
    });
  }

  const together = new Proxy(client, {
    get(target, key, receiver) {
      if (key === "execute") return async (stmt: InStatement, args?: InArgs) => (await later([args === undefined ? stmt : { sql: stmt as string, args }]))[0];
      if (key === "batch")
        return (stmts: InStatement[], mode?: TransactionMode) => {
          if (mode === "write") throw new Error("readTogether sends reads only; a write batch goes through the request's own database");
          return later(stmts);
        };
      const value = Reflect.get(target, key, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  }) as Client;
  return drizzle(together) as Database;
}
