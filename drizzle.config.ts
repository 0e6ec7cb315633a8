import { defineConfig } from "drizzle-kit";

// `npm run db:generate` writes migrations into db/migrations; `npx drizzle-kit migrate` applies them
// with the same bookkeeping as the Worker's own migrator (functions/db/migrate.ts).
export default defineConfig({
  dialect: "turso",
  schema: "./db/schema.ts",
  out: "./db/migrations",
  dbCredentials: {
    url: process.env.LIBSQL_URL ?? "http://127.0.0.1:8080",
    authToken: process.env.LIBSQL_AUTH_TOKEN,
  },
});
