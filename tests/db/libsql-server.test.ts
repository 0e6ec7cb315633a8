/**
 * Conformance of the local libSQL server with what @libsql/client 0.18 and drizzle send, so that
 * dev and tests behave as sqld / Turso do in production.
 */
import { createClient, LibsqlError, type Client } from "@libsql/client/web";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/libsql/web";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startLibsqlServer, type LibsqlServer } from "../../db/server/server.ts";

let server: LibsqlServer;
let client: Client;

beforeAll(async () => {
  server = await startLibsqlServer({ path: ":memory:", streamExpiryMs: 400 });
  client = createClient({ url: server.url });
});
afterAll(async () => {
  client.close();
  await server.close();
});
beforeEach(async () => {
  await client.executeMultiple(`
    DROP TABLE IF EXISTS t;
    CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, f REAL, s TEXT, b BLOB);
    DROP TABLE IF EXISTS counter;
    CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL);
    INSERT INTO counter VALUES (1, 0);
  `);
});

/** Sends one raw Hrana pipeline request, as a client library would. */
async function pipeline(body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}/v2/pipeline`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

describe("execute", () => {
  it("binds positional and named arguments with any prefix", async () => {
    await client.execute({ sql: "INSERT INTO t (id, s) VALUES (?, ?)", args: [1, "positional"] });
    await client.execute({ sql: "INSERT INTO t (id, s) VALUES (:id, :s)", args: { id: 2, s: "colon" } });
    await client.execute({ sql: "INSERT INTO t (id, s) VALUES (@id, @s)", args: { "@id": 3, "@s": "at" } });
    await client.execute({ sql: "INSERT INTO t (id, s) VALUES ($id, $s)", args: { $id: 4, $s: "dollar" } });
    const rs = await client.execute("SELECT id, s FROM t ORDER BY id");
    expect(rs.rows.map((r) => [r.id, r.s])).toEqual([
      [1, "positional"],
      [2, "colon"],
      [3, "at"],
      [4, "dollar"],
    ]);
  });

  it("round-trips integers above 2^53 exactly, floats, Cyrillic text, blobs and NULL", async () => {
    const big = 2n ** 62n + 12345n;
    const bigClient = createClient({ url: server.url, intMode: "bigint" });
    await bigClient.execute({
      sql: "INSERT INTO t (id, n, f, s, b) VALUES (?, ?, ?, ?, ?)",
      args: [1n, big, 2.5, "Торговля людьми — Jämställdhet", new Uint8Array([0, 1, 254, 255])],
    });
    await bigClient.execute({ sql: "INSERT INTO t (id, n) VALUES (?, ?)", args: [2n, null] });
    const rs = await bigClient.execute("SELECT n, f, s, b, typeof(n) AS tn, typeof(f) AS tf FROM t ORDER BY id");
    expect(rs.rows[0].n).toBe(big);
    expect(rs.rows[0].f).toBe(2.5);
    expect(rs.rows[0].s).toBe("Торговля людьми — Jämställdhet");
    expect([...new Uint8Array(rs.rows[0].b as ArrayBuffer)]).toEqual([0, 1, 254, 255]);
    expect([rs.rows[0].tn, rs.rows[0].tf]).toEqual(["integer", "real"]);
    expect(rs.rows[1].n).toBeNull();
    bigClient.close();
  });

  it("reports affected rows, the last rowid and column names", async () => {
    const ins = await client.execute({ sql: "INSERT INTO t (n) VALUES (?), (?)", args: [1, 2] });
    expect(ins.rowsAffected).toBe(2);
    expect(ins.lastInsertRowid).toBe(2n);
    const upd = await client.execute("UPDATE t SET n = n + 1");
    expect(upd.rowsAffected).toBe(2);
    const sel = await client.execute("SELECT id AS ident, n FROM t");
    expect(sel.columns).toEqual(["ident", "n"]);
    expect(sel.rowsAffected).toBe(0);
  });

  it("answers a repeated read by the schema of now, after a table changed or was made again", async () => {
    // The server keeps prepared statements (as sqld does); a schema change must not leave one reading by the old shape.
    await client.execute("INSERT INTO t (id, n) VALUES (1, 7)");
    const read = "SELECT * FROM t WHERE id = 1";
    expect((await client.execute(read)).columns).toEqual(["id", "n", "f", "s", "b"]);
    await client.execute("ALTER TABLE t ADD COLUMN extra TEXT DEFAULT 'x'");
    const altered = await client.execute(read);
    expect(altered.columns).toEqual(["id", "n", "f", "s", "b", "extra"]);
    expect(altered.rows[0].extra).toBe("x");
    await client.executeMultiple("DROP TABLE t; CREATE TABLE t (id INTEGER PRIMARY KEY, other TEXT); INSERT INTO t VALUES (1, 'again');");
    const remade = await client.execute(read);
    expect(remade.columns).toEqual(["id", "other"]);
    expect(remade.rows[0].other).toBe("again");
  });

  it("surfaces SQLite errors with their codes", async () => {
    await client.execute("INSERT INTO t (id) VALUES (1)");
    const dup = await client.execute("INSERT INTO t (id) VALUES (1)").catch((e: unknown) => e);
    expect(dup).toBeInstanceOf(LibsqlError);
    expect((dup as LibsqlError).code).toBe("SQLITE_CONSTRAINT_PRIMARYKEY");
    const syntax = await client.execute("SELEC 1").catch((e: unknown) => e);
    expect((syntax as LibsqlError).code).toBe("SQLITE_ERROR");
    expect((syntax as LibsqlError).message).toMatch(/syntax error/);
  });
});

describe("batch", () => {
  it("applies a write batch as a whole, and none of it when a statement fails", async () => {
    await client.batch(["INSERT INTO t (id) VALUES (1)", "INSERT INTO t (id) VALUES (2)"], "write");
    const failed = await client
      .batch(["INSERT INTO t (id) VALUES (3)", "INSERT INTO t (id) VALUES (1)", "INSERT INTO t (id) VALUES (4)"], "write")
      .catch((e: unknown) => e);
    expect((failed as LibsqlError).code).toBe("SQLITE_CONSTRAINT_PRIMARYKEY");
    const rs = await client.execute("SELECT id FROM t ORDER BY id");
    expect(rs.rows.map((r) => r.id)).toEqual([1, 2]);
  });

  it("runs deferred and read batches and returns each statement's rows", async () => {
    const [, sel] = await client.batch(["INSERT INTO t (id, s) VALUES (7, 'x')", "SELECT s FROM t WHERE id = 7"], "deferred");
    expect(sel.rows[0].s).toBe("x");
    const [count] = await client.batch(["SELECT count(*) AS c FROM t"], "read");
    expect(count.rows[0].c).toBe(1);
  });

  it("evaluates step conditions ok, error, not, and, or", async () => {
    const stmt = (sql: string) => ({ sql });
    const { status, body } = await pipeline({
      baton: null,
      requests: [
        {
          type: "batch",
          batch: {
            steps: [
              { stmt: stmt("SELECT 1") },
              { stmt: stmt("SELECT nonsense FROM nowhere") },
              { condition: { type: "ok", step: 0 }, stmt: stmt("SELECT 'ok0'") },
              { condition: { type: "ok", step: 1 }, stmt: stmt("SELECT 'ok1'") },
              { condition: { type: "error", step: 1 }, stmt: stmt("SELECT 'error1'") },
              { condition: { type: "not", cond: { type: "ok", step: 1 } }, stmt: stmt("SELECT 'not-ok1'") },
              {
                condition: {
                  type: "and",
                  conds: [
                    { type: "ok", step: 0 },
                    { type: "ok", step: 1 },
                  ],
                },
                stmt: stmt("SELECT 'and'"),
              },
              {
                condition: {
                  type: "or",
                  conds: [
                    { type: "ok", step: 0 },
                    { type: "ok", step: 1 },
                  ],
                },
                stmt: stmt("SELECT 'or'"),
              },
            ],
          },
        },
        { type: "close" },
      ],
    });
    expect(status).toBe(200);
    const result = body.results[0].response.result;
    const ran = result.step_results.map((r: any) => (r ? (r.rows[0]?.[0]?.value ?? "ran") : null));
    expect(ran).toEqual(["1", null, "ok0", null, "error1", "not-ok1", null, "or"]);
    expect(result.step_errors[1].message).toMatch(/no such table/);
    expect(body.baton).toBeNull();
  });
});

describe("interactive transactions", () => {
  it("commits", async () => {
    const tx = await client.transaction("write");
    await tx.execute("INSERT INTO t (id) VALUES (1)");
    const inside = await tx.execute("SELECT count(*) AS c FROM t");
    expect(inside.rows[0].c).toBe(1);
    await tx.commit();
    expect((await client.execute("SELECT count(*) AS c FROM t")).rows[0].c).toBe(1);
  });

  it("rolls back", async () => {
    const tx = await client.transaction("write");
    await tx.execute("INSERT INTO t (id) VALUES (1)");
    await tx.rollback();
    expect((await client.execute("SELECT count(*) AS c FROM t")).rows[0].c).toBe(0);
  });

  it("does not let an abandoned transaction block others past its expiry", async () => {
    const abandoned = await client.transaction("write");
    await abandoned.execute("INSERT INTO t (id) VALUES (100)");
    const other = createClient({ url: server.url });
    const started = Date.now();
    await other.execute("INSERT INTO t (id) VALUES (200)");
    const waited = Date.now() - started;
    // The other client waited for the idle stream to expire (400 ms here), not forever.
    expect(waited).toBeGreaterThanOrEqual(300);
    expect(waited).toBeLessThan(5000);
    const ids = (await other.execute("SELECT id FROM t ORDER BY id")).rows.map((r) => r.id);
    expect(ids).toEqual([200]);
    const late = await abandoned.execute("SELECT 1").catch((e: unknown) => e);
    expect((late as LibsqlError).code).toBe("STREAM_EXPIRED");
    other.close();
  });

  it("serialises 50 concurrent read-modify-write increments without losing one", async () => {
    const clients = Array.from({ length: 5 }, () => createClient({ url: server.url }));
    await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const tx = await clients[i % clients.length].transaction("write");
        const { rows } = await tx.execute("SELECT value FROM counter WHERE id = 1");
        await tx.execute({ sql: "UPDATE counter SET value = ? WHERE id = 1", args: [Number(rows[0].value) + 1] });
        await tx.commit();
      }),
    );
    expect((await client.execute("SELECT value FROM counter")).rows[0].value).toBe(50);
    for (const c of clients) c.close();
  });
});

describe("protocol", () => {
  it("answers an unknown baton with 400 STREAM_EXPIRED", async () => {
    const { status, body } = await pipeline({ baton: "not-a-baton", requests: [{ type: "execute", stmt: { sql: "SELECT 1" } }] });
    expect(status).toBe(400);
    expect(body.code).toBe("STREAM_EXPIRED");
  });

  it("rotates the baton on every response and refuses a used one", async () => {
    const first = await pipeline({ baton: null, requests: [{ type: "execute", stmt: { sql: "SELECT 1" } }] });
    const second = await pipeline({ baton: first.body.baton, requests: [{ type: "execute", stmt: { sql: "SELECT 2" } }] });
    expect(second.status).toBe(200);
    expect(second.body.baton).not.toBe(first.body.baton);
    const reused = await pipeline({ baton: first.body.baton, requests: [{ type: "close" }] });
    expect(reused.status).toBe(400);
    await pipeline({ baton: second.body.baton, requests: [{ type: "close" }] });
  });

  it("stores SQL texts per stream and runs them by id until closed", async () => {
    const a = await pipeline({
      baton: null,
      requests: [
        { type: "store_sql", sql_id: 1, sql: "SELECT ? + 1" },
        { type: "execute", stmt: { sql_id: 1, args: [{ type: "integer", value: "41" }] } },
        { type: "close_sql", sql_id: 1 },
        { type: "execute", stmt: { sql_id: 1, args: [{ type: "integer", value: "1" }] } },
        { type: "get_autocommit" },
        { type: "close" },
      ],
    });
    expect(a.body.results[1].response.result.rows[0][0]).toEqual({ type: "integer", value: "42" });
    expect(a.body.results[3].type).toBe("error");
    expect(a.body.results[3].error.code).toBe("SQL_NOT_FOUND");
    expect(a.body.results[4].response.is_autocommit).toBe(true);
  });

  it("runs a sequence (executeMultiple)", async () => {
    await client.executeMultiple("INSERT INTO t (id) VALUES (1); INSERT INTO t (id) VALUES (2);");
    expect((await client.execute("SELECT count(*) AS c FROM t")).rows[0].c).toBe(2);
  });

  it("rejects requests without the configured token", async () => {
    const guarded = await startLibsqlServer({ path: ":memory:", authToken: "s3cret" });
    const anonymous = createClient({ url: guarded.url });
    const denied = await anonymous.execute("SELECT 1").catch((e: unknown) => e);
    expect((denied as LibsqlError).code).toBe("UNAUTHORIZED");
    const authorised = createClient({ url: guarded.url, authToken: "s3cret" });
    expect((await authorised.execute("SELECT 1 AS one")).rows[0].one).toBe(1);
    anonymous.close();
    authorised.close();
    await guarded.close();
  });
});

describe("drizzle over the server", () => {
  const items = sqliteTable("items", { id: integer("id").primaryKey(), name: text("name").notNull() });
  let db: ReturnType<typeof drizzle>;
  beforeEach(async () => {
    db = drizzle(client);
    await db.run(sql`DROP TABLE IF EXISTS items`);
    await db.run(sql`CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)`);
  });
  afterEach(async () => {
    await db.run(sql`DROP TABLE IF EXISTS items`);
  });

  it("inserts and selects through the query builder", async () => {
    await db.insert(items).values([{ name: "Riga" }, { name: "Narva" }]);
    expect(await db.select().from(items).orderBy(items.id)).toEqual([
      { id: 1, name: "Riga" },
      { id: 2, name: "Narva" },
    ]);
  });

  it("rolls back a failed drizzle transaction", async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.insert(items).values({ name: "Klaipeda" });
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect(await db.select().from(items)).toEqual([]);
  });

  it("runs a drizzle batch atomically", async () => {
    await expect(db.batch([db.insert(items).values({ id: 1, name: "a" }), db.insert(items).values({ id: 1, name: "b" })])).rejects.toThrow();
    expect(await db.select().from(items)).toEqual([]);
  });
});

describe("the write counter", () => {
  it("counts committed rows per table, and nothing for reads or rolled-back work", async () => {
    const start = server.writesByTable();
    const delta = () => {
      const now = server.writesByTable();
      return Object.fromEntries(
        Object.entries(now)
          .map(([t, n]) => [t, n - (start[t] ?? 0)])
          .filter(([, n]) => n !== 0),
      );
    };
    await client.execute({ sql: "INSERT INTO t (n) VALUES (?), (?)", args: [1, 2] });
    await client.execute("SELECT * FROM t");
    await client.execute("UPDATE counter SET value = value + 1");
    expect(delta()).toEqual({ t: 2, counter: 1 });

    const tx = await client.transaction("write");
    await tx.execute("DELETE FROM t");
    await tx.rollback();
    await client.batch(["INSERT INTO t (n) VALUES (3)", "INSERT INTO t (id) VALUES (1)"], "write").catch(() => {});
    // A failing statement in autocommit mode changes nothing either.
    await client.execute("INSERT INTO counter VALUES (1, 5)").catch(() => {});
    expect(delta()).toEqual({ t: 2, counter: 1 });

    await client.batch(["DELETE FROM t WHERE n = 1", "UPDATE counter SET value = 0"], "write");
    expect(delta()).toEqual({ t: 3, counter: 2 });
    expect(server.writes()).toBeGreaterThanOrEqual(5);
  });
});
