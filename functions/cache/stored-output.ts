/**
 * Outputs too large to render per request (issue 20.3): the full `/calendar.ics` (~400 ms of CPU
 * at 2,000 events) and the anonymous CSV exports are rendered once per data version and day and
 * served from `rendered_outputs`, gzip-compressed (`Content-Encoding: gzip` as stored, with
 * `encodeBody: "manual"`; decompressed for the rare client that does not take gzip).
 *
 * `storedOutput(spec)` wraps the route: when the stored row is at the current data version it is
 * served and the route does not run; otherwise the route renders once and its answer is stored.
 * Two readers at once do not both render: the first takes a lease (a `<key>#rendering` row,
 * claimed by one conditional upsert, given up after 30 s), the others wait for its row (up to
 * 3 s, then render for themselves without storing). The cron tick re-renders stored outputs the
 * data has moved past (`refreshStoredOutputs`), so the first reader after a change rarely pays.
 * Personal answers (a private feed, a signed-in export) never come here: `spec.key` says null.
 */
import type { Context, MiddlewareHandler } from "hono";
import type { Database } from "../db/client.ts";
import type { AppEnv } from "../env.ts";
import { readDataVersion } from "./data-version.ts";
import { clientAcceptsGzip, fromGzip, gzip, varyOnEncoding, weakTag } from "../lib/compression.ts";
import { bodyTag } from "./edge-cache.ts";
import { entityTags, ifNoneMatchMatches } from "../lib/entity-tags.ts";

export interface StoredOutputSpec {
  /**
   * What the request asks for, as a path that asks for the same again (`/calendar.ics?lang=ru`),
   * or null when the answer must not be stored (filtered, personal).
   */
  path: (c: Context<AppEnv>) => string | null;
  /** The headers the route answers `path` with besides Content-Type (Cache-Control, Content-Disposition…). */
  headers: (path: string) => Record<string, string>;
}

interface Row {
  version: number;
  etag: string;
  contentType: string;
  /** Null when the client already holds `etag`. */
  body: ArrayBuffer | null;
}

const LEASE = "#rendering";
const LEASE_MS = 30_000;
const WAIT_STEP_MS = 150;
const WAIT_STEPS = 20;

/** The key of a stored output: its path and the day it was rendered for (clock-dependent windows). */
const keyOf = (path: string, now: Date) => `${path}|${now.toISOString().slice(0, 10)}`;

async function readRow(db: Database, key: string, clientTag: string | null): Promise<Row | null> {
  const { rows } = await db.$client.execute({
    sql: "SELECT version, etag, content_type, CASE WHEN etag = ? THEN NULL ELSE body END AS body FROM rendered_outputs WHERE key = ?",
    args: [clientTag ?? "", key],
  });
  if (!rows.length) return null;
  const r = rows[0];
  return { version: Number(r.version), etag: String(r.etag), contentType: String(r.content_type), body: (r.body as ArrayBuffer | null) ?? null };
}

/** Takes the right to render `key` at `version`; false when another request holds it. */
async function claim(db: Database, key: string, version: number): Promise<boolean> {
  const now = Date.now();
  const { rows } = await db.$client.execute({
    // Not when the output itself is already at `version`: a request that read the old row just
    // before another stored the new one (and dropped its lease) must not render it a second time.
    sql: `INSERT INTO rendered_outputs (key, version, etag, content_type, encoding, body, size, rendered_at)
          SELECT ?1, ?2, '', '', 'identity', x'', 0, ?3
          WHERE NOT EXISTS (SELECT 1 FROM rendered_outputs WHERE key = ?5 AND version >= ?2)
          ON CONFLICT (key) DO UPDATE SET version = excluded.version, rendered_at = excluded.rendered_at
          WHERE rendered_outputs.version < excluded.version OR rendered_outputs.rendered_at < ?4
          RETURNING key`,
    args: [key + LEASE, version, new Date(now).toISOString(), new Date(now - LEASE_MS).toISOString(), key],
  });
  return rows.length === 1;
}

/** Stores a rendering (never over a newer one), drops the lease and the outputs of other days. */
async function store(db: Database, key: string, version: number, contentType: string, plain: ArrayBuffer): Promise<Row> {
  const etag = await bodyTag(plain);
  const body = await gzip(plain);
  const base = key.slice(0, key.lastIndexOf("|") + 1);
  await db.$client.batch(
    [
      {
        sql: `INSERT INTO rendered_outputs (key, version, etag, content_type, encoding, body, size, rendered_at)
              VALUES (?, ?, ?, ?, 'gzip', ?, ?, ?)
              ON CONFLICT (key) DO UPDATE SET version = excluded.version, etag = excluded.etag, content_type = excluded.content_type,
                encoding = excluded.encoding, body = excluded.body, size = excluded.size, rendered_at = excluded.rendered_at
              WHERE excluded.version >= rendered_outputs.version`,
        args: [key, version, etag, contentType, new Uint8Array(body), plain.byteLength, new Date().toISOString()],
      },
      { sql: "DELETE FROM rendered_outputs WHERE key = ?", args: [key + LEASE] },
      { sql: "DELETE FROM rendered_outputs WHERE substr(key, 1, length(?1)) = ?1 AND key <> ?2 AND key <> ?2 || ?3", args: [base, key, LEASE] },
    ],
    "write",
  );
  return { version, etag, contentType, body };
}

/** `X-Stored-Output`: HIT (served from storage) or MISS (rendered by this request and stored). */
function serve(c: Context<AppEnv>, row: Row, headers: Record<string, string>, status: "HIT" | "MISS"): Response {
  // The output's own Vary (the full feed's language) stays: a shared cache in front (a ministry's
  // proxy) must keep languages apart as well as encodings.
  const all = { ...headers, "Content-Type": row.contentType, ETag: row.etag, Vary: varyOnEncoding(headers.Vary), "X-Stored-Output": status };
  const ifNoneMatch = c.req.header("if-none-match");
  if (row.body === null || ifNoneMatchMatches(ifNoneMatch, row.etag)) {
    const { "Content-Type": _, ...kept } = all;
    // The 304 names the tag the client holds: weak when it was sent the gzip bytes.
    return new Response(null, { status: 304, headers: { ...kept, ETag: clientAcceptsGzip(c.req.raw) ? weakTag(row.etag) : row.etag } });
  }
  return fromGzip(c.req.raw, row.body, all);
}

function replace(c: Context<AppEnv>, res: Response): void {
  c.res = undefined as unknown as Response;
  c.res = res;
}

/** The middleware: see the module's comment. */
export function storedOutput(spec: StoredOutputSpec): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    // HEAD is answered as GET without the body (Hono): from storage too, never by rendering again.
    const path = c.req.method === "GET" || c.req.method === "HEAD" ? spec.path(c) : null;
    if (!path) return next();
    const db = c.var.db;
    const key = keyOf(path, c.var.now);
    const version = c.var.dataVersion ?? (await readDataVersion(db));
    const held = entityTags(c.req.header("if-none-match") ?? "");
    const clientTag = Array.isArray(held) ? held[0].replace(/^W\//, "") : null;
    let row = await readRow(db, key, clientTag);
    let status: "HIT" | "MISS" = "HIT";
    if (!row || row.version < version) {
      if (await claim(db, key, version)) {
        await next();
        if (c.res.status !== 200) {
          // Nothing to store: give the lease back, so a failed request leaves no row behind.
          await db.$client.execute({ sql: "DELETE FROM rendered_outputs WHERE key = ?", args: [key + LEASE] });
          return;
        }
        row = await store(db, key, version, c.res.headers.get("content-type") ?? "application/octet-stream", await c.res.arrayBuffer());
        status = "MISS";
      } else {
        row = await waitFor(db, key, version, clientTag);
        if (!row) return next();
      }
    }
    replace(c, serve(c, row, spec.headers(path), status));
  };
}

/** The row another request is rendering, once it is there (null after WAIT_STEPS tries). */
async function waitFor(db: Database, key: string, version: number, clientTag: string | null): Promise<Row | null> {
  for (let i = 0; i <= WAIT_STEPS; i++) {
    // First look at once: the claim may have failed because the output is already there.
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
    const row = await readRow(db, key, clientTag);
    if (row && row.version >= version) return row;
  }
  return null;
}

/** At most this many stored outputs are rendered again per cron tick. */
const REFRESH_PER_TICK = 6;

/**
 * Renders again the stored outputs of today that the data has moved past, by asking the app for
 * their paths as an anonymous reader would (`fetchPath`), oldest first; returns how many.
 */
export async function refreshStoredOutputs(db: Database, now: Date, fetchPath: (path: string) => Promise<Response>): Promise<number> {
  const version = await readDataVersion(db);
  const { rows } = await db.$client.execute({
    sql: `SELECT key FROM rendered_outputs WHERE version < ? AND substr(key, -length(?2)) <> ?2 AND substr(key, -11) = ?3 ORDER BY rendered_at LIMIT ?4`,
    args: [version, LEASE, `|${now.toISOString().slice(0, 10)}`, REFRESH_PER_TICK],
  });
  let refreshed = 0;
  for (const r of rows) {
    const key = String(r.key);
    const res = await fetchPath(key.slice(0, key.lastIndexOf("|")));
    await res.body?.cancel();
    if (res.ok) refreshed++;
  }
  return refreshed;
}
