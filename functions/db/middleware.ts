import type { Context, MiddlewareHandler } from "hono";
import { parseConfig, type AppEnv } from "../env.ts";
import { getDatabase, type Database } from "./client.ts";
import { DatabaseUnavailableError, isDatabaseUnavailable } from "./errors.ts";

/** This isolate's migrated database for the request's configuration. */
export async function connect(c: Context<AppEnv>): Promise<Database> {
  const config = parseConfig(c.env);
  try {
    return await getDatabase(config);
  } catch (error) {
    // Migrations failing on SQL are a bug (500); failing to connect is an outage (503).
    if (isDatabaseUnavailable(error) || (error as { name?: string }).name !== "LibsqlError") {
      throw new DatabaseUnavailableError(error);
    }
    throw error;
  }
}

/** Puts the database on `c.var.db` once per request, for the routes that need it. */
export const withDatabase: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set("db", await connect(c));
  await next();
};
