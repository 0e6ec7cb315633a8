/**
 * The data version (`data_version`, one row): raised by the triggers of migration 0018 on every
 * change a reader could see, so whatever is cached under it is fresh as long as it is current.
 */
import type { Database } from "../db/client.ts";
import { DatabaseUnavailableError } from "../db/errors.ts";

/**
 * The current data version: one primary-key read (0 when the row is missing). Read with the bare
 * client, whose lost connections are plain errors: they are made an outage (503), as drizzle's are.
 */
export async function readDataVersion(db: Database): Promise<number> {
  try {
    const { rows } = await db.$client.execute("SELECT version FROM data_version WHERE id = 1");
    return rows.length ? Number(rows[0].version) : 0;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw typeof code === "string" && code.startsWith("SQLITE_") ? error : new DatabaseUnavailableError(error);
  }
}
