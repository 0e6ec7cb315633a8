/**
 * Ids that a write points at (organisers, topics, a parent organisation…), checked before the
 * write: a missing one is a 400 naming its field, not a foreign-key failure (500) halfway through a
 * batch. One query answers every table at once.
 */
import { sql } from "drizzle-orm";
import { audiences, organisations, topics } from "../../db/schema.ts";
import { ApiError, type FieldIssue } from "../errors.ts";
import type { Database } from "./client.ts";

const TABLES = { organisation: organisations, topic: topics, audience: audiences } as const;
export type ReferenceKind = keyof typeof TABLES;

/** One id in the input: the field that holds it (`topics[2]`) and what kind of row it names. */
export interface Reference {
  field: string;
  kind: ReferenceKind;
  id: string;
}

/** `ids` of one kind as references named `field[i]` (or `field` itself when `indexed` is false). */
export function refs(kind: ReferenceKind, field: string, ids: readonly string[], indexed = true): Reference[] {
  return ids.map((id, i) => ({ kind, id, field: indexed ? `${field}[${i}]` : field }));
}

/** The references whose rows do not exist, as field issues. */
export async function missingReferences(db: Database, references: readonly Reference[]): Promise<FieldIssue[]> {
  if (!references.length) return [];
  const kinds = Object.keys(TABLES) as ReferenceKind[];
  const wanted = (kind: ReferenceKind) => JSON.stringify([...new Set(references.filter((r) => r.kind === kind).map((r) => r.id))]);
  const columns = kinds.map(
    (kind) => sql`(SELECT json_group_array(id) FROM ${TABLES[kind]} WHERE id IN (SELECT value FROM json_each(${wanted(kind)}))) AS ${sql.identifier(kind)}`,
  );
  const [found] = await db.all<Record<ReferenceKind, string>>(sql`SELECT ${sql.join(columns, sql`, `)}`);
  const known = Object.fromEntries(kinds.map((kind) => [kind, new Set<string>(JSON.parse(found[kind]))])) as Record<ReferenceKind, Set<string>>;
  return references
    .filter((r) => !known[r.kind].has(r.id))
    .map((r) => ({ field: r.field, rule: `no ${r.kind} has the id ${r.id}`, code: "unknown_id" as const }));
}

/** Throws a 400 naming each reference whose row does not exist; call it before the write. */
export async function requireReferences(db: Database, references: readonly Reference[]): Promise<void> {
  const issues = await missingReferences(db, references);
  if (issues.length) throw new ApiError(400, "invalid_body", issues.map((i) => `${i.field}: ${i.rule}`).join("; "), { issues });
}
