import { readFileSync } from "node:fs";
import { drizzle } from "drizzle-orm/libsql/web";
import { migrate as drizzleMigrate } from "drizzle-orm/libsql/migrator";
import { afterEach, describe, expect, it } from "vitest";
import { migrate } from "../../db/migrate.ts";
import { files, journal } from "../../db/migrations/index.ts";
import { migrationsFromDisk } from "../../scripts/db.ts";
import { startDatabase, type TestDatabase } from "../support/database.ts";

const migrationsFolder = new URL("../../db/migrations", import.meta.url).pathname;
let db: TestDatabase;
afterEach(() => db?.close());

async function schemaOf(d: TestDatabase): Promise<string[]> {
  const rs = await d.client.execute("SELECT type || ':' || name || ':' || coalesce(sql, '') AS s FROM sqlite_master ORDER BY name");
  return rs.rows.map((r) => String(r.s));
}

async function bookkeeping(d: TestDatabase) {
  const rs = await d.client.execute("SELECT hash, created_at FROM __drizzle_migrations ORDER BY created_at");
  return rs.rows.map((r) => ({ hash: r.hash, createdAt: Number(r.created_at) }));
}

describe("migrate", () => {
  it("creates every table on an empty database and records each migration as drizzle-kit does", async () => {
    db = await startDatabase();
    const migrations = await migrationsFromDisk();
    expect(await migrate(db.client, migrations)).toEqual(journal.entries.map((e) => e.tag));
    const tables = (await db.client.execute("SELECT name FROM sqlite_master WHERE type = 'table'")).rows.map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(["events", "organisations", "people", "projects", "documents", "event_organisers", "topics", "audiences"]));
    expect(await bookkeeping(db)).toEqual(migrations.map((m) => ({ hash: m.hash, createdAt: m.folderMillis })));
  });

  it("changes nothing on a second run", async () => {
    db = await startDatabase();
    const migrations = await migrationsFromDisk();
    await migrate(db.client, migrations);
    const before = await schemaOf(db);
    expect(await migrate(db.client, migrations)).toEqual([]);
    expect(await schemaOf(db)).toEqual(before);
    expect(await bookkeeping(db)).toHaveLength(migrations.length);
  });

  it("applies once when several isolates start at the same time", async () => {
    db = await startDatabase();
    const migrations = await migrationsFromDisk();
    const results = await Promise.all(Array.from({ length: 6 }, () => migrate(db.client, migrations)));
    expect(results.filter((r) => r.length > 0)).toHaveLength(1);
    expect(await bookkeeping(db)).toHaveLength(migrations.length);
  });

  it("finds nothing to do after drizzle-kit's migrator ran", async () => {
    db = await startDatabase();
    await drizzleMigrate(drizzle(db.client), { migrationsFolder });
    expect(await migrate(db.client, await migrationsFromDisk())).toEqual([]);
    expect(await bookkeeping(db)).toHaveLength(journal.entries.length);
  });

  it("leaves drizzle-kit's migrator nothing to do after it ran", async () => {
    db = await startDatabase();
    await migrate(db.client, await migrationsFromDisk());
    const before = await bookkeeping(db);
    await drizzleMigrate(drizzle(db.client), { migrationsFolder });
    expect(await bookkeeping(db)).toEqual(before);
  });
});

describe("db/migrations/index.ts", () => {
  it("bundles exactly the migrations of the journal, byte for byte (run npm run db:generate)", () => {
    const onDisk = JSON.parse(readFileSync(`${migrationsFolder}/meta/_journal.json`, "utf8"));
    expect(journal).toEqual(onDisk);
    for (const entry of onDisk.entries) {
      expect(files[entry.tag]).toBe(readFileSync(`${migrationsFolder}/${entry.tag}.sql`, "utf8"));
    }
    expect(Object.keys(files)).toHaveLength(onDisk.entries.length);
  });
});
