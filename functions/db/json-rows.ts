/**
 * Lists read as one JSON value: the database builds the rows as one JSON array (one cell of one
 * row), and the Worker parses it with one `JSON.parse`.
 *
 * Why: a list of a few hundred events read as ordinary rows costs the Worker more CPU in turning
 * the wire format into objects (a typed value per cell, then a row object per row, then drizzle's
 * mapping per field) than in everything else it does with them; the same rows as one JSON text
 * cost a fraction of that (measured by `npm run bench`, "CPU per request"). The rows come back
 * with the same keys and value types a drizzle `select(fields)` gives: booleans as booleans, JSON
 * columns parsed, and fields marked `embedded` (subqueries that build JSON) parsed too.
 *
 * The order of the rows is the inner query's (its ORDER BY and LIMIT), kept by the aggregate over
 * the ordered subquery, as the correlated subqueries of events.queries.ts rely on already.
 */
import { is, sql, type SQL, type Column } from "drizzle-orm";
import { SQLiteAsyncDialect, SQLiteBoolean, SQLiteTextJson, type SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Database } from "./client.ts";

/** A field whose SQL yields JSON text (a `json_group_array` subquery): read back parsed, as `T`. */
export class Embedded<T> {
  readonly sql: SQL;
  declare readonly _type: T;
  constructor(sql: SQL) {
    this.sql = sql;
  }
}

export function embedded<T>(fragment: SQL): Embedded<T> {
  return new Embedded<T>(fragment);
}

/** A condition as a JSON boolean. */
export function jsonBoolean(condition: SQL): Embedded<boolean> {
  return embedded<boolean>(sql`CASE WHEN ${condition} THEN 'true' ELSE 'false' END`);
}

/**
 * Epoch milliseconds as `Date.prototype.toISOString` writes them (`2027-03-01T09:00:00.000Z`),
 * in SQL; floor division, so instants before 1970 too.
 */
export function isoInstant(ms: SQL | Column): SQL {
  const millis = sql`(((${ms} % 1000) + 1000) % 1000)`;
  return sql`(strftime('%Y-%m-%dT%H:%M:%S', (${ms} - ${millis}) / 1000, 'unixepoch') || '.' || substr('00' || ${millis}, -3) || 'Z')`;
}

export type JsonField = Column | SQL | Embedded<unknown>;
export type JsonFields = Record<string, JsonField>;

/** The value a field reads as, like drizzle's select result. */
type FieldValue<F> =
  F extends Embedded<infer T>
    ? T
    : F extends SQL<infer T>
      ? T
      : F extends Column
        ? F["_"]["notNull"] extends true
          ? F["_"]["data"]
          : F["_"]["data"] | null
        : never;

export type JsonRow<F extends JsonFields> = { [K in keyof F]: FieldValue<F[K]> };

/** `json_object(...)` of the fields, each as the JSON value its select result would be. */
export function jsonObject(fields: JsonFields): SQL {
  const parts: SQL[] = [];
  for (const [key, field] of Object.entries(fields)) {
    let value: SQL;
    if (field instanceof Embedded) value = sql`json(${field.sql})`;
    else if (is(field, SQLiteBoolean)) value = sql`json(CASE WHEN ${field} IS NULL THEN NULL WHEN ${field} THEN 'true' ELSE 'false' END)`;
    else if (is(field, SQLiteTextJson)) value = sql`json(${field})`;
    else value = sql`${field}`;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new Error(`Not a field name: ${key}`);
    parts.push(sql`${sql.raw(`'${key}'`)}, ${value}`);
  }
  return sql`json_object(${sql.join(parts, sql`, `)})`;
}

/** Renders drizzle fragments to SQL text (no database needed). */
export const dialect = new SQLiteAsyncDialect();

/**
 * A fragment without parameters rendered to SQL text once (at module load), so that requests do
 * not walk its many parts again: drizzle's rendering of a large fragment costs more CPU than the
 * rest of a small request.
 */
export function precompiled(fragment: SQL): SQL {
  const query = dialect.sqlToQuery(fragment);
  if (query.params.length > 0) throw new Error("A precompiled fragment must not take parameters");
  return sql.raw(query.sql);
}

/**
 * The `json_object` of each field set used as a constant (a module's list of columns), rendered
 * once; sets whose SQL takes parameters are rendered per query.
 */
const renderedRows = new WeakMap<JsonFields, SQL | null>();

function rowObject(fields: JsonFields): SQL {
  let rendered = renderedRows.get(fields);
  if (rendered === undefined) {
    const query = dialect.sqlToQuery(jsonObject(fields));
    rendered = query.params.length === 0 ? sql.raw(query.sql) : null;
    renderedRows.set(fields, rendered);
  }
  return rendered ?? jsonObject(fields);
}

function rowsOf(db: Database, fields: JsonFields, table: SQLiteTable | SQL) {
  return db
    .select({ row: rowObject(fields).as("row") })
    .from(table)
    .$dynamic();
}

/**
 * The rows' JSON texts (`"row"`, each a `json_object`) as one JSON array: joined with commas, not
 * `json_group_array(json("row"))`, which parses every text again only to write it out unchanged
 * (the same bytes; ~10 % of a feed's time in the database).
 */
export const ROWS_AS_ARRAY = sql.raw(`'[' || coalesce(group_concat("row", ','), '') || ']'`);

/** The select `selectJsonRows` hands to its caller, to add WHERE, ORDER BY and LIMIT to. */
export type JsonRowsQuery = ReturnType<typeof rowsOf>;

/**
 * The rows of `table` with `fields`, as `query` filters, orders and limits them: one round trip,
 * one JSON text.
 */
export async function selectJsonRows<F extends JsonFields>(
  db: Database,
  fields: F,
  table: SQLiteTable | SQL,
  query: (select: JsonRowsQuery) => JsonRowsQuery,
): Promise<JsonRow<F>[]> {
  const inner = query(rowsOf(db, fields, table)).as("r");
  const [result] = await db.select({ rows: sql<string>`${ROWS_AS_ARRAY}` }).from(inner);
  return result?.rows ? (JSON.parse(result.rows) as JsonRow<F>[]) : [];
}
