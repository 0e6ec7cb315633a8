/** Full-text search over the directory and library (the `directory_fts` index), grouped by kind. */
import { desc, inArray, sql } from "drizzle-orm";
import type { DOCUMENT_KINDS } from "../../db/enums.ts";
import { documents, organisations, people, projects } from "../../db/schema.ts";
import type { Database } from "../db/client.ts";

export interface DirectoryHits {
  organisations: { slug: string; name: string; shortName: string | null }[];
  people: { id: string; name: string; title: string | null }[];
  documents: { slug: string; title: string; kind: string; issuedOn: string | null }[];
  projects: { slug: string; title: string; startDate: string; endDate: string | null }[];
}

export const MAX_DIRECTORY_HITS = 25;

/**
 * The directory entries matching the FTS query `match`, and the documents of `documentKinds` (the
 * kinds the query names: a document's kind is not in its indexed text), the text matches first.
 */
export async function searchDirectory(db: Database, match: string, documentKinds: readonly (typeof DOCUMENT_KINDS)[number][] = []): Promise<DirectoryHits> {
  const [hits, ofKind] = await db.batch([
    db.all<{ kind: string; ref_id: string }>(sql`SELECT kind, ref_id FROM directory_fts WHERE directory_fts MATCH ${match} ORDER BY rank LIMIT 200`),
    db
      .select({ ref_id: documents.id })
      .from(documents)
      .where(inArray(documents.kind, documentKinds.length ? [...documentKinds] : ["other"]))
      .orderBy(desc(documents.issuedOn))
      .limit(documentKinds.length ? MAX_DIRECTORY_HITS : 0),
  ]);
  for (const d of ofKind) if (!hits.some((h) => h.kind === "document" && h.ref_id === d.ref_id)) hits.push({ kind: "document", ref_id: d.ref_id });
  const ids = (kind: string) =>
    hits
      .filter((h) => h.kind === kind)
      .map((h) => h.ref_id)
      .slice(0, MAX_DIRECTORY_HITS);
  const order = <T extends { key: string }>(rows: T[], keys: string[]) => keys.map((k) => rows.find((r) => r.key === k)).filter((r): r is T => !!r);
  const [o, p, d, j] = [ids("organisation"), ids("person"), ids("document"), ids("project")];
  const [orgRows, peopleRows, docRows, projectRows] = await db.batch([
    db
      .select({ key: organisations.id, slug: organisations.slug, name: organisations.name, shortName: organisations.shortName })
      .from(organisations)
      .where(inArray(organisations.id, o.length ? o : [""])),
    db
      .select({ key: people.id, id: people.id, name: people.name, title: people.title })
      .from(people)
      .where(inArray(people.id, p.length ? p : [""])),
    db
      .select({ key: documents.id, slug: documents.slug, title: documents.title, kind: documents.kind, issuedOn: documents.issuedOn })
      .from(documents)
      .where(inArray(documents.id, d.length ? d : [""])),
    db
      .select({ key: projects.id, slug: projects.slug, title: projects.title, startDate: projects.startDate, endDate: projects.endDate })
      .from(projects)
      .where(inArray(projects.id, j.length ? j : [""])),
  ]);
  const strip = <T extends { key: string }>(rows: T[]) => rows.map(({ key: _key, ...rest }) => rest);
  return {
    organisations: strip(order(orgRows, o)),
    people: strip(order(peopleRows, p)),
    documents: strip(order(docRows, d)),
    projects: strip(order(projectRows, j)),
  };
}
