/**
 * STUB (issue 16): change alerts to followers are written by the follows helper; this file is
 * replaced by theirs at merge, with the same export.
 */
import type { Database } from "../db/client.ts";
import type { Config } from "../env.ts";

/** Records change alerts for followers; returns how many were recorded. */
export async function produceChangeAlerts(_db: Database, _config: Config, _now: Date): Promise<number> {
  return 0;
}
