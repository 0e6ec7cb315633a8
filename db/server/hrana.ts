/**
 * Hrana 2 (JSON over HTTP) request execution against one embedded libSQL connection.
 *
 * Only the protocol's data handling lives here; streams, batons, locking and HTTP are in
 * `server.ts`. Everything in this file is synchronous on purpose: the embedded engine is
 * synchronous, so a whole pipeline runs without yielding and cannot interleave with another.
 * Spec: https://github.com/tursodatabase/libsql/blob/main/docs/HRANA_3_SPEC.md (version 2 subset
 * plus `get_autocommit` and the `is_autocommit` condition, which @libsql/client only sends on v3).
 */
import type Database from "libsql";

export type HranaValue =
  | { type: "null" }
  | { type: "integer"; value: string }
  | { type: "float"; value: number }
  | { type: "text"; value: string }
  | { type: "blob"; base64: string };

export interface HranaStmt {
  sql?: string;
  sql_id?: number;
  args?: HranaValue[];
  named_args?: { name: string; value: HranaValue }[];
  want_rows?: boolean;
}

export type HranaCond =
  | { type: "ok"; step: number }
  | { type: "error"; step: number }
  | { type: "not"; cond: HranaCond }
  | { type: "and"; conds: HranaCond[] }
  | { type: "or"; conds: HranaCond[] }
  | { type: "is_autocommit" };

export interface HranaBatch {
  steps: { condition?: HranaCond | null; stmt: HranaStmt }[];
}

export interface StmtResult {
  cols: { name: string | null; decltype: string | null }[];
  rows: HranaValue[][];
  affected_row_count: number;
  last_insert_rowid: string | null;
}

export interface ProtoError {
  message: string;
  code: string;
}

export interface BatchResult {
  step_results: (StmtResult | null)[];
  step_errors: (ProtoError | null)[];
}

/** An error that is reported to the client as a Hrana `Error` object. */
export class HranaError extends Error {
  readonly code: string;
  constructor(message: string, code: string) {
    super(message);
    this.code = code;
  }
}

/** Converts anything thrown while executing into the protocol's error shape. */
export function toProtoError(error: unknown): ProtoError {
  if (error instanceof HranaError) return { message: error.message, code: error.code };
  const e = error as { message?: unknown; code?: unknown };
  const code = typeof e?.code === "string" ? e.code : "SQLITE_ERROR";
  const message = typeof e?.message === "string" ? e.message : String(error);
  return { message, code };
}

type SqlValue = null | bigint | number | string | Buffer;

function decodeValue(v: HranaValue | undefined): SqlValue {
  if (!v || typeof v !== "object") throw new HranaError("Argument is not a Hrana value", "ARGS_INVALID");
  switch (v.type) {
    case "null":
      return null;
    case "integer":
      if (typeof v.value !== "string" || !/^-?\d+$/.test(v.value)) {
        throw new HranaError("Integer arguments must be decimal strings", "ARGS_INVALID");
      }
      return BigInt(v.value);
    case "float":
      if (typeof v.value !== "number") throw new HranaError("Float arguments must be numbers", "ARGS_INVALID");
      return v.value;
    case "text":
      if (typeof v.value !== "string") throw new HranaError("Text arguments must be strings", "ARGS_INVALID");
      return v.value;
    case "blob":
      if (typeof v.base64 !== "string") throw new HranaError("Blob arguments must be base64", "ARGS_INVALID");
      return Buffer.from(v.base64, "base64");
    default:
      throw new HranaError(`Unknown value type ${(v as { type: string }).type}`, "ARGS_INVALID");
  }
}

function encodeValue(v: unknown): HranaValue {
  if (v === null || v === undefined) return { type: "null" };
  if (typeof v === "bigint") return { type: "integer", value: v.toString() };
  if (typeof v === "number") return { type: "float", value: v };
  if (typeof v === "string") return { type: "text", value: v };
  if (v instanceof Uint8Array) return { type: "blob", base64: Buffer.from(v).toString("base64") };
  throw new HranaError(`Cannot encode a value of type ${typeof v}`, "INTERNAL");
}

/** Named arguments arrive with or without their prefix (`:a`, `@a`, `$a`, `a`); the engine wants none. */
function bindArgs(stmt: HranaStmt): SqlValue[] | Record<string, SqlValue> {
  const positional = stmt.args ?? [];
  const named = stmt.named_args ?? [];
  if (named.length === 0) return positional.map(decodeValue);
  if (positional.length > 0) {
    throw new HranaError("Mixing positional and named arguments is not supported by this server", "ARGS_INVALID");
  }
  const out: Record<string, SqlValue> = {};
  for (const { name, value } of named) {
    if (typeof name !== "string") throw new HranaError("Named argument without a name", "ARGS_INVALID");
    out[name.replace(/^[:@$]/, "")] = decodeValue(value);
  }
  return out;
}

function resolveSql(stmt: HranaStmt, sqls: Map<number, string>): string {
  if (typeof stmt.sql === "string") return stmt.sql;
  if (typeof stmt.sql_id === "number") {
    const sql = sqls.get(stmt.sql_id);
    if (sql === undefined) throw new HranaError(`SQL text ${stmt.sql_id} is not stored`, "SQL_NOT_FOUND");
    return sql;
  }
  throw new HranaError("Statement has neither sql nor sql_id", "SQL_NO_STATEMENT");
}

/** Told after each statement that ran: its SQL and the rows it changed (its triggers included). */
export type ChangeObserver = (sql: string, changes: number) => void;

/** Prepared statements kept per connection, as sqld keeps them: a large read is not parsed and planned again on every request. */
const STATEMENT_CACHE_SIZE = 200;
const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** `sql` prepared on `db`, from the cache when it was prepared before (least recently used ones are dropped). */
function statement(db: Database.Database, sql: string): Database.Statement {
  let cache = statements.get(db);
  if (!cache) {
    cache = new Map();
    statements.set(db, cache);
  }
  let found = cache.get(sql);
  if (found) cache.delete(sql);
  else {
    found = db.prepare(sql);
    if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  cache.set(sql, found);
  return found;
}

/** A schema change (a migration, a test's own table) drops the prepared statements, so none reads by an old plan or column list. */
function afterSchemaChange(db: Database.Database, sql: string): void {
  if (/^\s*(create|alter|drop)\b/i.test(sql) || /;\s*(create|alter|drop)\b/i.test(sql)) statements.delete(db);
}

/** Runs one statement; rows, affected rows and rowid are read back exactly (64-bit safe). */
export function executeStmt(db: Database.Database, stmt: HranaStmt, sqls: Map<number, string>, observe?: ChangeObserver): StmtResult {
  const sql = resolveSql(stmt, sqls);
  const args = bindArgs(stmt);
  const counters = statement(db, "SELECT total_changes(), changes(), last_insert_rowid()").raw(true);
  const before = counters.get() as [bigint, bigint, bigint];
  const prepared = statement(db, sql);
  let cols: StmtResult["cols"] = [];
  let rows: unknown[][] = [];
  if (prepared.reader) {
    cols = prepared.columns().map((c) => ({ name: c.name ?? null, decltype: c.type ?? null }));
    rows = prepared.raw(true).all(args) as unknown[][];
  } else {
    prepared.run(args);
    afterSchemaChange(db, sql);
  }
  const after = counters.get() as [bigint, bigint, bigint];
  const changed = after[0] !== before[0];
  observe?.(sql, Number(after[0] - before[0]));
  return {
    cols,
    rows: stmt.want_rows === false ? [] : rows.map((row) => row.map(encodeValue)),
    affected_row_count: changed ? Number(after[1]) : 0,
    last_insert_rowid: after[2] === 0n ? null : after[2].toString(),
  };
}

function evalCond(db: Database.Database, cond: HranaCond, results: (StmtResult | null)[], errors: (ProtoError | null)[]): boolean {
  switch (cond.type) {
    case "ok":
      return results[cond.step] != null;
    case "error":
      return errors[cond.step] != null;
    case "not":
      return !evalCond(db, cond.cond, results, errors);
    case "and":
      return cond.conds.every((c) => evalCond(db, c, results, errors));
    case "or":
      return cond.conds.some((c) => evalCond(db, c, results, errors));
    case "is_autocommit":
      return !db.inTransaction;
    default:
      throw new HranaError(`Unknown batch condition ${(cond as { type: string }).type}`, "BATCH_COND_INVALID");
  }
}

/** Runs a batch: each step runs only if its condition holds; a failing step records its error. */
export function executeBatch(db: Database.Database, batch: HranaBatch, sqls: Map<number, string>, observe?: ChangeObserver): BatchResult {
  if (!batch || !Array.isArray(batch.steps)) throw new HranaError("Batch without steps", "PROTO_ERROR");
  const step_results: (StmtResult | null)[] = [];
  const step_errors: (ProtoError | null)[] = [];
  for (const step of batch.steps) {
    const run = step.condition ? evalCond(db, step.condition, step_results, step_errors) : true;
    if (!run) {
      step_results.push(null);
      step_errors.push(null);
      continue;
    }
    try {
      step_results.push(executeStmt(db, step.stmt, sqls, observe));
      step_errors.push(null);
    } catch (error) {
      step_results.push(null);
      step_errors.push(toProtoError(error));
    }
  }
  return { step_results, step_errors };
}

/** Runs a `sequence`: several statements without arguments or results. */
export function executeSequence(db: Database.Database, req: { sql?: string; sql_id?: number }, sqls: Map<number, string>, observe?: ChangeObserver): void {
  const sql = resolveSql(req, sqls);
  const total = db.prepare("SELECT total_changes()").raw(true);
  const before = (total.get() as [bigint])[0];
  db.exec(sql);
  afterSchemaChange(db, sql);
  observe?.(sql, Number((total.get() as [bigint])[0] - before));
}

/** Answers a `describe` request as far as the embedded engine can tell. */
export function describe(db: Database.Database, req: { sql?: string; sql_id?: number }, sqls: Map<number, string>) {
  const sql = resolveSql(req, sqls);
  const prepared = db.prepare(sql);
  const cols = prepared.reader ? prepared.columns().map((c) => ({ name: c.name, decltype: c.type ?? null })) : [];
  // The engine exposes no sqlite3_stmt_readonly(); a row-returning statement without RETURNING is
  // the closest honest answer.
  return { params: [], cols, is_explain: /^\s*explain\b/i.test(sql), is_readonly: prepared.reader && !/\breturning\b/i.test(sql) };
}
