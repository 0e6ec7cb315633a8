/**
 * `npm run db:seed`: migrates, then replaces all data with the demo data.
 * `--if-empty` (used by `npm start`) seeds only a database without organisations or events.
 */
import { migrate } from "../db/migrate.ts";
import { isEmpty, seedDemo } from "./seed/seed.ts";
import { clientFromEnv, migrationsFromDisk, todayUtc } from "./db.ts";

const client = clientFromEnv();
await migrate(client, await migrationsFromDisk());
if (process.argv.includes("--if-empty") && !(await isEmpty(client))) {
  console.log("Database already has data; not seeding (npm run db:seed replaces it with the demo data).");
} else {
  const counts = await seedDemo(client, todayUtc());
  console.log(`Seeded demo data: ${counts.organisations} organisations, ${counts.events} events.`);
}
client.close();
