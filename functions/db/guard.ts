/**
 * Write guards: a batch planned on data read earlier (an event at the version its writer read, a
 * hold still active) starts with `guard(db, condition)`. When the condition no longer holds the
 * guard aborts, and the batch rolls back whole (migration 0013: the `write_guard` view and its
 * trigger), so nothing is written on a stale plan and no second read-then-write round trip or
 * interactive transaction is needed. Callers catch the failure with `isGuardFailure` and answer
 * with what it means to them (412 for a version, 409 for a hold).
 */
import { sql, type SQL } from "drizzle-orm";
import type { Database } from "./client.ts";

const MARK = "write_guard:";

/** The statement that aborts its batch unless `condition` holds when the batch reaches it. */
export function guard(db: Database, condition: SQL) {
  return db.run(sql`INSERT INTO write_guard (ok) SELECT CASE WHEN ${condition} THEN 1 ELSE 0 END`);
}

/** True when an error is a guard's abort (drizzle wraps the driver's error in `cause`). */
export function isGuardFailure(error: unknown): boolean {
  for (let e = error as { message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (typeof e.message === "string" && e.message.includes(MARK)) return true;
  }
  return false;
}

/** A `.catch` for a guarded batch: the guard's abort becomes `refusal()`, any other error goes on. */
export const onGuardFailure =
  (refusal: () => Error) =>
  (error: unknown): never => {
    throw isGuardFailure(error) ? refusal() : error;
  };
