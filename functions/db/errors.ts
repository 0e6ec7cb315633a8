import { DrizzleQueryError } from "drizzle-orm/errors";

/**
 * Telling a database outage from a bug. Over HTTP, libSQL reports SQL errors as LibsqlError with
 * an SQLITE_* code; everything else that fails on the way (refused or lost connections, HTTP errors
 * from the server, protocol errors) means the database cannot be used right now. Drizzle wraps
 * driver errors in a DrizzleQueryError whose `cause` is the driver's error.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { name?: unknown; code?: unknown; cause?: unknown } | null;
  if (!e || typeof e !== "object") return false;
  if (e.name === "DatabaseUnavailableError") return true;
  if (error instanceof DrizzleQueryError) return error.cause !== undefined && isConnectionFailure(error.cause);
  if (e.name === "LibsqlError") return isConnectionFailure(e);
  return false;
}

function isConnectionFailure(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && code.startsWith("SQLITE_")) return code.startsWith("SQLITE_BUSY");
  return true;
}

/**
 * The column (in camelCase) of a UNIQUE or PRIMARY KEY constraint a write broke, or null. Routes
 * check uniqueness first and answer 409 themselves; this is for two requests that pass the check
 * at the same moment, of which the database lets only one through. Of a constraint over several
 * columns the last is named (`organisation_id, url`: the url).
 */
export function uniqueViolation(error: unknown): string | null {
  for (
    let e = error as { code?: unknown; message?: unknown; cause?: unknown } | null, depth = 0;
    e && typeof e === "object" && depth < 5;
    e = e.cause as typeof e, depth++
  ) {
    // sqld and the local server send SQLITE_CONSTRAINT_UNIQUE (or _PRIMARYKEY); SQLite's text names the columns.
    const failed = /UNIQUE constraint failed: ([\w., ]+)/i.exec(String(e.message));
    if (typeof e.code !== "string" || !e.code.startsWith("SQLITE_CONSTRAINT") || !failed) continue;
    const columns = failed[1].split(",");
    const column = columns.at(-1)?.trim().split(".").at(-1) ?? "";
    return column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()) || "id";
  }
  return null;
}

/** Thrown when the database cannot be reached before a request could use it. */
export class DatabaseUnavailableError extends Error {
  override name = "DatabaseUnavailableError";
  constructor(cause: unknown) {
    super("The database cannot be reached", { cause });
  }
}

/**
 * What may be logged of an error: its name and the first line of its message and cause. Drizzle
 * puts the query parameters (which can be personal data) on later lines; they stay out of logs.
 */
export function describeForLog(error: unknown): string {
  // Drizzle's first line is the whole SQL text: its start says enough.
  const first = (text: string) => {
    const line = text.split("\n")[0];
    return line.length > 160 ? `${line.slice(0, 160)}…` : line;
  };
  const line = (e: unknown) => (e instanceof Error ? `${e.name}: ${first(e.message)}` : first(String(e)));
  const cause = (error as { cause?: unknown })?.cause;
  return cause === undefined ? line(error) : `${line(error)} (cause: ${line(cause)})`;
}
