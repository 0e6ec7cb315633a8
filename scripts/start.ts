/**
 * `npm start`: the whole stack on this machine, one command.
 * 1. the local libSQL server (db/server) on 127.0.0.1:8080, file .data/calendar.db;
 * 2. migrations, and the demo data if the database is empty;
 * 3. the Worker in the local Workers runtime (wrangler dev) on http://localhost:8787, with
 *    /__scheduled to fire cron handlers and the web app rebuilt when web/src changes.
 * Ctrl-C stops everything: wrangler runs in its own process group, which is ended as a whole so
 * that no workerd process outlives us.
 */
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createClient } from "@libsql/client/web";
import { migrate } from "../db/migrate.ts";
import { isEmpty, seedDemo } from "../db/seed/seed.ts";
import { startLibsqlServer } from "../db/server/server.ts";
import { migrationsFromDisk, todayUtc } from "./db.ts";

const dbPort = Number(process.env.LIBSQL_SERVER_PORT ?? 8080);
const webPort = Number(process.env.PORT ?? 8787);
const file = process.env.LIBSQL_SERVER_FILE ?? ".data/calendar.db";

mkdirSync(dirname(file), { recursive: true });
let server;
try {
  server = await startLibsqlServer({ path: file, port: dbPort });
} catch (error) {
  console.error(`Cannot start the libSQL server on port ${dbPort}: ${(error as Error).message}. Set LIBSQL_SERVER_PORT to use another port.`);
  process.exit(1);
}
console.log(`libSQL server: ${server.url} (${file})`);

const client = createClient({ url: server.url });
const applied = await migrate(client, await migrationsFromDisk());
if (applied.length) console.log(`Migrations applied: ${applied.join(", ")}`);
if (await isEmpty(client)) {
  const counts = await seedDemo(client, todayUtc());
  console.log(`Demo data loaded: ${counts.organisations} organisations, ${counts.events} events.`);
}
client.close();

const wranglerBin = fileURLToPath(new URL("../node_modules/wrangler/bin/wrangler.js", import.meta.url));
const wrangler = spawn(
  process.execPath,
  [wranglerBin, "dev", "--ip", "127.0.0.1", "--port", String(webPort), "--test-scheduled", "--var", `LIBSQL_URL:${server.url}`],
  {
    stdio: ["inherit", "inherit", "inherit"],
    detached: true,
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
  },
);
console.log(`Calendar: http://localhost:${webPort}  (cron: curl "http://localhost:${webPort}/__scheduled?cron=0+6+*+*+1")`);

let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  if (wrangler.exitCode === null && wrangler.pid) {
    try {
      process.kill(-wrangler.pid, "SIGTERM");
    } catch {
      /* already gone */
    }
    const killer = setTimeout(() => {
      try {
        process.kill(-wrangler.pid!, "SIGKILL");
      } catch {
        /* already gone */
      }
    }, 5000);
    await new Promise((resolve) => wrangler.once("exit", resolve));
    clearTimeout(killer);
  }
  await server!.close();
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void stop(0));
wrangler.on("exit", (code) => void stop(code ?? 0));
