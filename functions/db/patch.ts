/**
 * PATCH as "change only these", shared by every resource that is edited by PATCH (people,
 * projects, holds, digest subscriptions): which sent fields really change the stored record, the
 * record as it would be afterwards (for rules that span fields), and the link rows of a list that
 * was sent. The routes parse with `patchSchema` (no defaults), so a field left out is simply absent
 * here and keeps its stored value.
 *
 * Only the changed columns are written, never the whole record: two concurrent edits of different
 * fields then both land instead of the later one writing back the earlier one's stale values.
 */
import { and, eq, isNull, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import { diff } from "../audit/audit.ts";
import type { Database } from "./client.ts";
import { ApiError, type FieldIssue } from "../errors.ts";

export interface Changes<T> {
  /** The fields sent whose values differ from the stored ones, with their new values. */
  changed: Partial<T>;
  /** For the audit entry: exactly those fields, before and after. */
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

/**
 * What `patch` changes of `stored`, or null when it changes nothing (the route then writes
 * nothing: no row, no timestamp, no audit entry). Values compare by their JSON, so lists and
 * objects count as changed only when their content differs; the lists named in `sets` (topics,
 * countries of interest) also when only their order differs, as a form may list them in its own.
 */
export function changesOf<T extends object>(stored: T, patch: Partial<T>, options: { sets?: readonly (keyof T)[] } = {}): Changes<T> | null {
  const sameSet = (a: unknown, b: unknown) =>
    Array.isArray(a) && Array.isArray(b) && JSON.stringify(a.map((x) => JSON.stringify(x)).sort()) === JSON.stringify(b.map((x) => JSON.stringify(x)).sort());
  const sent = Object.fromEntries(
    Object.entries(patch).filter(
      ([key, value]) => value !== undefined && !(options.sets?.includes(key as keyof T) && sameSet(value, (stored as Record<string, unknown>)[key])),
    ),
  );
  const { before, after } = diff(stored as Record<string, unknown>, sent);
  if (Object.keys(after).length === 0) return null;
  return { changed: after as Partial<T>, before, after };
}

/** The record as it would be after the patch, for the rules that span fields (an end not before its start). */
export function merged<T extends object>(stored: T, patch: Partial<T>): T {
  const sent = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
  return { ...stored, ...sent } as T;
}

/** A 400 naming each field of `issues` and its rule; nothing when there are none. */
export function requireValid(issues: FieldIssue[]): void {
  if (issues.length) throw new ApiError(400, "invalid_body", issues.map((i) => `${i.field}: ${i.rule}`).join("; "), { issues });
}

/**
 * SQL that holds while `columns` still have the values this request read (`stored`, by the same
 * keys). A write of fields that a rule spans (an end not before its start) is guarded by it
 * (functions/db/guard.ts), so two concurrent edits, one moving the start and one the end, cannot
 * together leave a record that neither request would have been allowed to make.
 */
export function stillAsRead(columns: Record<string, SQLiteColumn>, stored: object): SQL {
  const values = stored as Record<string, unknown>;
  return and(...Object.entries(columns).map(([key, column]) => (values[key] == null ? isNull(column) : eq(column, values[key])))) as SQL;
}

/** Whether `key` was sent and changes the record: the link rows behind a list are replaced only then. */
export function touches<T>(changes: Changes<T>, key: keyof T): boolean {
  return Object.hasOwn(changes.changed, key);
}

/**
 * The statements that replace one record's link rows (a project's organisations, a person's
 * topics) with `rows`, for the batch that makes the rest of the change.
 */
export function replaceLinks<T extends SQLiteTable>(
  db: Database,
  table: T,
  owner: SQLiteColumn,
  ownerId: string,
  rows: T["$inferInsert"][],
): BatchItem<"sqlite">[] {
  const statements: BatchItem<"sqlite">[] = [db.delete(table).where(eq(owner, ownerId) as SQL)];
  if (rows.length) statements.push(db.insert(table).values(rows) as unknown as BatchItem<"sqlite">);
  return statements;
}

/** Runs a non-empty list of statements as one batch (one transaction): all of them or none. */
export async function runBatch(db: Database, statements: BatchItem<"sqlite">[]): Promise<void> {
  if (statements.length) await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
}
