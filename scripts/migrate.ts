/** `npm run db:migrate`: applies pending migrations to LIBSQL_URL (the Worker also does this itself). */
import { migrate } from "../db/migrate.ts";
import { clientFromEnv, migrationsFromDisk } from "./db.ts";

const client = clientFromEnv();
const applied = await migrate(client, await migrationsFromDisk());
console.log(applied.length ? `Applied ${applied.join(", ")}` : "Database is up to date.");
client.close();
