/**
 * `npm run db:server`: runs the local libSQL server on its own.
 * Settings: LIBSQL_SERVER_PORT (8080), LIBSQL_SERVER_FILE (.data/calendar.db), LIBSQL_SERVER_TOKEN (none).
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { startLibsqlServer } from "./server.ts";

const path = process.env.LIBSQL_SERVER_FILE ?? ".data/calendar.db";
if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
const server = await startLibsqlServer({
  path,
  port: Number(process.env.LIBSQL_SERVER_PORT ?? 8080),
  authToken: process.env.LIBSQL_SERVER_TOKEN || undefined,
});
console.log(`libSQL server on ${server.url} (file ${path})`);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => void server.close().then(() => process.exit(0)));
}
