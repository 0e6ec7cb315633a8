/**
 * CSV import of organisations and people: every row is checked first and reported with its line
 * number; only a file without errors is written, in one batch, so nothing is ever half-imported.
 * Imported people are told about their record by the cron's notice job, a few per tick.
 */
import { csvParseRows } from "d3-dsv";

import type { BatchItem } from "drizzle-orm/batch";
import { organisations, people, personOrganisations, personTopics, topics } from "../../db/schema.ts";
import { audit } from "../audit/audit.ts";
import type { Database } from "../db/client.ts";
import { organisationCreateSchema } from "../directory/organisations.routes.ts";
import { personCreateSchema } from "../directory/people.commands.ts";
import { codeOf, type RuleCode } from "../errors.ts";
import type { z } from "zod";

export interface RowError {
  /** Line in the file (the header is line 1). */
  line: number;
  field: string;
  rule: string;
  code: RuleCode;
}

export interface CsvReport {
  kind: "organisations" | "people";
  committed: boolean;
  rows: number;
  /** The first MAX_REPORTED_ERRORS errors, in file order. */
  errors: RowError[];
  /** How many rows have an error (all of them, not only those in `errors`). */
  errorRows: number;
  preview: { line: number; label: string }[];
}

const list = (v: string | undefined) =>
  (v ?? "")
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
const orNull = (v: string | undefined) => (v?.trim() ? v.trim() : null);

/** The most rows one file may hold: a region's directory, not a dump (larger files are split). */
export const MAX_CSV_ROWS = 2000;
/** The most errors a report lists; `errorRows` counts them all. */
export const MAX_REPORTED_ERRORS = 100;

/** Thrown for a file of more than MAX_CSV_ROWS rows, before any row is checked. */
export class TooManyRows extends Error {}

const newlines = (cells: string[]) => cells.reduce((n, cell) => n + (cell.includes("\n") ? cell.split("\n").length - 1 : 0), 0);

export async function importCsv(db: Database, kind: CsvReport["kind"], text: string, commit: boolean, actorId: string): Promise<CsvReport> {
  // csvParseRows, not csvParse: the latter compiles a row constructor with new Function, which
  // the Workers runtime forbids.
  // Each row with the line of the file it starts on: blank lines and line breaks inside quoted
  // cells count, as an editor shows them. Read row by row, so a file of too many stops there.
  let names: string[] = [];
  let nextLine = 1;
  const rows: { line: number; row: Record<string, string | undefined> }[] = [];
  csvParseRows(text.replace(/^\ufeff/, ""), (r, index) => {
    const line = nextLine;
    nextLine += 1 + newlines(r);
    if (index === 0) names = r.map((h) => h.trim().toLowerCase());
    else if (r.some((cell) => cell.trim() !== "")) {
      if (rows.length === MAX_CSV_ROWS) throw new TooManyRows();
      rows.push({ line, row: Object.fromEntries(names.map((n, i) => [n, r[i] ?? ""])) as Record<string, string | undefined> });
    }
    return null;
  });
  const errors: RowError[] = [];
  const statements: BatchItem<"sqlite">[] = [];
  const preview: CsvReport["preview"] = [];
  const [orgRows, topicRows] = await db.batch([db.select({ id: organisations.id }).from(organisations), db.select({ id: topics.id }).from(topics)]);
  const knownOrgs = new Set(orgRows.map((o) => o.id));
  const knownTopics = new Set(topicRows.map((t) => t.id));
  const fail = (line: number, issues: z.core.$ZodIssue[]) =>
    errors.push(...issues.map((i) => ({ line, field: String(i.path[0] ?? "row"), rule: i.message, code: codeOf(i) })));
  const failOne = (line: number, field: string, rule: string, code: RuleCode) => errors.push({ line, field, rule, code });

  for (const { line, row } of rows) {
    if (kind === "organisations") {
      const parsed = organisationCreateSchema.safeParse({
        slug: row.slug?.trim(),
        name: row.name,
        shortName: orNull(row.short_name),
        kind: row.kind?.trim(),
        parentId: orNull(row.parent),
        countries: list(row.countries).map((c) => c.toUpperCase()),
        city: orNull(row.city),
        website: orNull(row.website),
        description: orNull(row.description),
      });
      if (!parsed.success) {
        fail(line, parsed.error.issues);
        continue;
      }
      const o = parsed.data;
      if (knownOrgs.has(o.slug)) {
        failOne(line, "slug", `an organisation with the slug ${o.slug} exists already`, "unique");
        continue;
      }
      if (o.parentId && !knownOrgs.has(o.parentId)) {
        failOne(line, "parent", `no organisation ${o.parentId} (parents must come first)`, "unknown_id");
        continue;
      }
      knownOrgs.add(o.slug);
      statements.push(db.insert(organisations).values({ id: o.slug, ...o }));
      preview.push({ line, label: o.name });
    } else {
      const parsed = personCreateSchema.safeParse({
        name: row.name,
        title: orNull(row.title),
        email: orNull(row.email),
        emailVisibility: orNull(row.email_visibility) ?? undefined,
        phone: orNull(row.phone),
        phoneVisibility: orNull(row.phone_visibility) ?? undefined,
        countries: list(row.countries).map((c) => c.toUpperCase()),
        languages: list(row.languages),
        organisations: list(row.organisations).map((id) => ({ id })),
        topics: list(row.topics),
        lawfulBasis: row.lawful_basis?.trim(),
        consentAt: orNull(row.consent_at),
      });
      if (!parsed.success) {
        fail(line, parsed.error.issues);
        continue;
      }
      const p = parsed.data;
      const unknownOrg = p.organisations.find((o) => !knownOrgs.has(o.id));
      if (unknownOrg) {
        failOne(line, "organisations", `no organisation ${unknownOrg.id}`, "unknown_id");
        continue;
      }
      const unknownTopic = p.topics.find((t) => !knownTopics.has(t));
      if (unknownTopic) {
        failOne(line, "topics", `unknown topic ${unknownTopic}`, "unknown_id");
        continue;
      }
      const id = crypto.randomUUID();
      const { organisations: orgs, topics: personTopicIds, ...fields } = p;
      statements.push(db.insert(people).values({ id, ...fields, notifiedAt: null }));
      if (orgs.length) statements.push(db.insert(personOrganisations).values(orgs.map((o) => ({ personId: id, organisationId: o.id }))));
      if (personTopicIds.length) statements.push(db.insert(personTopics).values(personTopicIds.map((topicId) => ({ personId: id, topicId }))));
      statements.push(audit(db, { actorId, action: "person.create", entity: "person", entityId: id, after: { lawfulBasis: p.lawfulBasis, via: "csv" } }));
      preview.push({ line, label: p.name });
    }
  }

  const committed = commit && errors.length === 0 && statements.length > 0;
  if (committed) {
    statements.push(audit(db, { actorId, action: `import.${kind}`, entity: "import", entityId: kind, after: { rows: rows.length } }));
    await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  }
  return {
    kind,
    committed,
    rows: rows.length,
    errors: errors.slice(0, MAX_REPORTED_ERRORS),
    errorRows: new Set(errors.map((e) => e.line)).size,
    preview: preview.slice(0, 50),
  };
}
