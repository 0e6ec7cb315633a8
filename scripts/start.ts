/**
 * `npm start`: the whole stack on this machine, one command.
 * 1. the local libSQL server (db/server) on 127.0.0.1:8080, file .data/calendar.db;
 * 2. migrations, and the demo data if the database is empty;
 * 3. a mail catcher (maildev): SMTP on 127.0.0.1:1025, web page on http://localhost:1080,
 *    messages kept in .data/mail;
 * 4. the Worker in the local Workers runtime (wrangler dev) on http://localhost:8787, sending mail
 *    to the catcher, with /__scheduled to fire cron handlers and the web app rebuilt when web/src
 *    changes.
 * Ctrl-C stops everything: children run in their own process groups, which are ended as a whole
 * so that no workerd process outlives us.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createClient } from "@libsql/client/web";
import { migrate } from "../db/migrate.ts";
import { accountRows } from "./seed/demo-data.ts";
import { isEmpty, seedDemo } from "./seed/seed.ts";
import { startLibsqlServer } from "../db/server/server.ts";
import { migrationsFromDisk, todayUtc } from "./db.ts";

const dbPort = Number(process.env.LIBSQL_SERVER_PORT ?? 8080);
const webPort = Number(process.env.PORT ?? 8787);
const file = process.env.LIBSQL_SERVER_FILE ?? ".data/calendar.db";
const smtpPort = Number(process.env.MAIL_SMTP_PORT ?? 1025);
const mailWebPort = Number(process.env.MAIL_WEB_PORT ?? 1080);
const origin = `http://localhost:${webPort}`;

mkdirSync(dirname(file), { recursive: true });
let server: Awaited<ReturnType<typeof startLibsqlServer>>;
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

const offline = { WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };
const bin = (path: string) => fileURLToPath(new URL(`../node_modules/${path}`, import.meta.url));
const children: ChildProcess[] = [];
function run(args: string[]): ChildProcess {
  const child = spawn(process.execPath, args, { stdio: ["inherit", "inherit", "inherit"], detached: true, env: { ...process.env, ...offline } });
  children.push(child);
  child.on("exit", (code) => void stop(code ?? 0));
  return child;
}

mkdirSync(".data/mail", { recursive: true });
run([
  bin("maildev/dist/bin/maildev.js"),
  "--smtp",
  String(smtpPort),
  "--ip",
  "127.0.0.1",
  "--web",
  String(mailWebPort),
  "--web-ip",
  "127.0.0.1",
  "--mail-directory",
  ".data/mail",
]);
// Digest links are signed; the local secret stays in .data so that links in caught mail keep working.
const secretFile = ".data/link-secret";
if (!existsSync(secretFile)) writeFileSync(secretFile, randomBytes(32).toString("hex"));
const vars = {
  LIBSQL_URL: server.url,
  LINK_SECRET: readFileSync(secretFile, "utf8").trim(),
  PUBLIC_ORIGIN: origin,
  MAIL_TRANSPORT: "smtp",
  SMTP_HOST: "127.0.0.1",
  SMTP_PORT: String(smtpPort),
  SMTP_SECURITY: "none",
  MAIL_FROM: "Northern Dimension calendar <calendar@example.org>",
};
run([
  bin("wrangler/bin/wrangler.js"),
  "dev",
  "--ip",
  "127.0.0.1",
  "--port",
  String(webPort),
  "--test-scheduled",
  ...Object.entries(vars).flatMap(([k, v]) => ["--var", `${k}:${v}`]),
]);

console.log(`
  Calendar:      ${origin}   (open it at this address: sign-in works only here, not at 127.0.0.1)
  Mail catcher:  http://localhost:${mailWebPort}   (sign-in links and notices arrive here)
  Sample accounts (sign in with the address, then open the link in the mail catcher):
${accountRows.map((a) => `    ${a.email.padEnd(28)} ${a.role === "user" ? `partner of ${a.organisations.join(", ")}` : a.role}`).join("\n")}
  Cron:          curl "${origin}/__scheduled?cron=0+6+*+*+1"
`);

let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  await Promise.all(
    children.map(async (child) => {
      if (child.exitCode !== null || !child.pid) return;
      const kill = (signal: NodeJS.Signals) => {
        try {
          process.kill(-child.pid!, signal);
        } catch {
          /* already gone */
        }
      };
      kill("SIGTERM");
      const killer = setTimeout(() => kill("SIGKILL"), 5000);
      await new Promise((resolve) => child.once("exit", resolve));
      clearTimeout(killer);
    }),
  );
  await server!.close();
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void stop(0));
