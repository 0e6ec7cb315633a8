/**
 * Applies drizzle-kit migrations with drizzle-kit's own bookkeeping (`__drizzle_migrations`:
 * hash = SHA-256 of the file, created_at = the journal's `when`), so `drizzle-kit migrate` and
 * this migrator can run after one another in either order.
 *
 * Shared by the Worker (migrations bundled as text) and the Node scripts (read from disk).
 * Several isolates may start at once on an empty database: each pending migration's bookkeeping
 * row is inserted first in the same write batch as its SQL, and a unique index on `created_at`
 * makes the loser of a race fail and roll back whole; it then re-reads and finds nothing to do.
 */
import type { Client } from "@libsql/client";

export interface Journal {
  entries: { idx: number; when: number; tag: string; breakpoints: boolean }[];
}

export interface Migration {
  tag: string;
  /** The journal's `when`, stored as `created_at`. */
  folderMillis: number;
  hash: string;
  statements: string[];
}

const TABLE = "__drizzle_migrations";

/** Turns the journal and the SQL texts (by tag) into migrations, hashed as drizzle-kit does. */
export async function buildMigrations(journal: Journal, files: Record<string, string>): Promise<Migration[]> {
  return Promise.all(
    journal.entries.map(async (entry) => {
      const text = files[entry.tag];
      if (text === undefined) throw new Error(`Migration ${entry.tag} is in the journal but its SQL is missing`);
      const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
      const hash = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
      const statements = text
        .split("--> statement-breakpoint")
        .map((s) => s.trim())
        .filter((s) => s.length > 0);
      return { tag: entry.tag, folderMillis: entry.when, hash, statements };
    }),
  );
}

async function lastAppliedMillis(client: Client): Promise<number | null> {
  try {
    const rs = await client.execute(`SELECT created_at FROM ${TABLE} ORDER BY created_at DESC LIMIT 1`);
    return rs.rows.length ? Number(rs.rows[0][0]) : null;
  } catch (error) {
    if (/no such table/i.test(String((error as Error).message))) return null;
    throw error;
  }
}

function isRaceLoss(error: unknown): boolean {
  const code = String((error as { code?: string }).code ?? "");
  return code.startsWith("SQLITE_CONSTRAINT") || code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED");
}

/** Applies the pending migrations; returns the tags it applied (empty when up to date). */
export async function migrate(client: Client, migrations: Migration[], attempts = 6): Promise<string[]> {
  for (let attempt = 1; ; attempt++) {
    const last = await lastAppliedMillis(client);
    const pending = migrations.filter((m) => last === null || last < m.folderMillis);
    if (pending.length === 0) return [];
    try {
      // `migrate` runs one write batch with foreign keys off, as table rebuilds need.
      await client.migrate([
        `CREATE TABLE IF NOT EXISTS ${TABLE} (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)`,
        `CREATE UNIQUE INDEX IF NOT EXISTS ${TABLE}_created_at_uq ON ${TABLE} (created_at)`,
        ...pending.flatMap((m) => [{ sql: `INSERT INTO ${TABLE} ("hash", "created_at") VALUES (?, ?)`, args: [m.hash, m.folderMillis] }, ...m.statements]),
      ]);
      return pending.map((m) => m.tag);
    } catch (error) {
      if (attempt >= attempts || !isRaceLoss(error)) throw error;
      await new Promise((r) => setTimeout(r, 25 * 2 ** attempt));
    }
  }
}
