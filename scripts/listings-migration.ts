/**
 * `npm run db:listings -- --name=<what changed>`: after a change of the summary lists show
 * (`summaryJson` in functions/events/events.queries.ts), writes the migration that makes the
 * `event_listings` triggers again with the new summary and writes every stored summary again
 * (db/listings.ts). drizzle-kit registers the migration (an empty custom one, with its journal
 * entry and snapshot); this script fills it in and bundles it (scripts/index-migrations.ts).
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { listingsMigration } from "../db/listings.ts";
import { STORED_SUMMARY_SQL } from "../functions/events/events.queries.ts";

const { values } = parseArgs({ options: { name: { type: "string" } } });
const name = values.name ?? "event_listings_again";
if (!/^[a-z0-9_]{1,60}$/.test(name)) throw new Error("--name: lower-case letters, digits and underscores, at most 60");

const dir = new URL("../db/migrations/", import.meta.url);
execFileSync("npx", ["drizzle-kit", "generate", "--custom", `--name=${name}`], { stdio: "inherit" });
const journal = JSON.parse(readFileSync(new URL("meta/_journal.json", dir), "utf8")) as { entries: { tag: string }[] };
const tag = journal.entries.at(-1)!.tag;
const header = [
  "-- The event summary lists show changed (STORED_SUMMARY_SQL, functions/events/events.queries.ts):",
  "-- the event_listings triggers made again with it, and every stored summary written again.",
  "-- Written by scripts/listings-migration.ts (npm run db:listings); see db/listings.ts.",
].join("\n");
const statements = listingsMigration(STORED_SUMMARY_SQL);
writeFileSync(new URL(`${tag}.sql`, dir), `${header}\n${statements.join("\n--> statement-breakpoint\n")}\n`);
execFileSync(process.execPath, [new URL("index-migrations.ts", import.meta.url).pathname], { stdio: "inherit" });
console.log(`db/migrations/${tag}.sql: the event_listings triggers and summaries, from the summary as the code has it now`);
