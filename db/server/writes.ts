/**
 * Rows written through the server, per table, counted once their transaction commits. Tests use it
 * to prove that a refused request wrote nothing: the engine's `total_changes()` alone would also
 * count writes a handler rolled back, and could not tell a by-design write (a rate-limit counter)
 * from a leak.
 */

/** The table an INSERT, REPLACE, UPDATE or DELETE writes to (changes made by its triggers count for it). */
export function writeTarget(sql: string): string {
  const m = /\b(?:insert(?:\s+or\s+\w+)?\s+into|replace\s+into|update(?:\s+or\s+\w+)?|delete\s+from)\s+["`[]?(\w+)/i.exec(sql);
  return m?.[1] ?? "(unknown)";
}

export class WriteLedger {
  private readonly committed = new Map<string, number>();
  private readonly pending = new Map<string, number>();

  /**
   * After each statement: `changes` is its `total_changes()` delta, `inTransaction` whether a
   * transaction is still open. Writes inside a transaction wait until it ends: a COMMIT (or any
   * statement that ends it other than ROLLBACK) keeps them, a ROLLBACK drops them. A ROLLBACK TO a
   * savepoint keeps the transaction open and is not subtracted, so it over-counts, never under.
   */
  afterStatement(sql: string, changes: number, inTransaction: boolean): void {
    if (changes > 0) this.pending.set(writeTarget(sql), (this.pending.get(writeTarget(sql)) ?? 0) + changes);
    if (inTransaction) return;
    if (/^\s*rollback\b(?!\s+to\b)/i.test(sql)) this.pending.clear();
    else this.flush();
  }

  /** The open transaction was rolled back by the server itself (an abandoned stream). */
  rolledBack(): void {
    this.pending.clear();
  }

  private flush() {
    for (const [table, n] of this.pending) this.committed.set(table, (this.committed.get(table) ?? 0) + n);
    this.pending.clear();
  }

  /** Committed row changes so far, by table. */
  byTable(): Record<string, number> {
    return Object.fromEntries(this.committed);
  }

  /** Committed row changes so far, all tables. */
  total(): number {
    let sum = 0;
    for (const n of this.committed.values()) sum += n;
    return sum;
  }
}
