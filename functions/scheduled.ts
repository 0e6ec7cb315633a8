import { getDatabase } from "./db/client.ts";
import { parseConfig, type Bindings } from "./env.ts";

/**
 * Cron entry. The weekly digest (Monday 06:00 UTC) and the frequent outbox drain arrive with the
 * digest issue; for now every tick keeps the database migrated and reports which job it is.
 */
export async function runScheduled(controller: { cron: string; scheduledTime: number }, env: Bindings): Promise<void> {
  await getDatabase(parseConfig(env));
  console.log(JSON.stringify({ level: "info", msg: "scheduled tick", cron: controller.cron, at: new Date(controller.scheduledTime).toISOString() }));
}
