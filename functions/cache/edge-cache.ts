/**
 * The edge cache for anonymous reads (issue 18): `cached(rule)` wraps a read route. An anonymous
 * GET (functions/cache/anonymous.ts) is answered from the Workers Cache API (`caches.default`)
 * when an entry exists under its key, else the route runs and its 200 answer is stored.
 *
 * The key is the URL (query sorted) plus the data version (`data_version`, raised by the
 * triggers of migration 0018 on every change a reader could see), the deployed Worker version
 * (a deploy changes pages and assets) and whatever else the answer depends on (`rule.vary`: the
 * reader's language). A change therefore leads every later read to a new key at once; old entries
 * are never read again and expire.
 *
 * A hit costs no database round trip while the isolate's last version read is fresh
 * (functions/cache/freshness.ts: `EDGE_FRESHNESS_MS`, one second, ended at once by a change made
 * through this isolate); after that, an entry found under the version this isolate saw last is
 * served once one primary-key read confirms that version is still current. On a miss the version
 * is read in one batch with the route's first query (version-probe.ts), so the entry is stored
 * under exactly the version its data was read at.
 *
 * In front of the Cache API, each isolate keeps its most recent small entries in memory (the same
 * keys, so the same freshness): a hit there within the window is answered without any I/O.
 *
 * Everything else is never read from or written into the cache: signed-in and token requests
 * (their answers are made `private`), other methods, answers other than 200, answers that set a
 * cookie or say `private` / `no-store`. Every answer carries an ETag (the body's SHA-256) and a
 * matching If-None-Match gets a 304, cached or not.
 */
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../env.ts";
import { BoundedCache } from "../lib/bounded-cache.ts";
import { ifNoneMatchMatches } from "../lib/entity-tags.ts";
import { fromGzip, gzip } from "../lib/compression.ts";
import { isAnonymousRequest } from "./anonymous.ts";
import { readDataVersion } from "./data-version.ts";
import { beforeRead, newestVersion, type ReadMark, record, trustedVersion } from "./freshness.ts";
import { probeVersion } from "./version-probe.ts";

export interface CacheRule {
  /**
   * Seconds an entry is kept at the edge. The key changes with the data, so this only bounds how
   * long an answer that depends on the clock (upcoming events, a feed's window) may lag behind it.
   */
  ttl: number;
  /** What else the answer depends on, beyond the URL and the data (such as the reader's language). */
  vary?: (c: Context<AppEnv>) => string;
  /**
   * The route streams its answer (the month page sends its head before the database answers): on
   * a miss the stream goes to the reader as it comes and a copy is stored once complete, so the
   * first reader keeps the streaming and later ones get the whole page at once. Such a miss has no
   * ETag (its body is not known yet); hits have.
   */
  streamed?: boolean;
}

/** Answers that depend only on the data: kept an hour (the key moves on with every change). */
export const STABLE: CacheRule = { ttl: 3600 };
/** Answers that also depend on the clock (upcoming events, a feed's window): kept five minutes. */
export const CLOCKED: CacheRule = { ttl: 300 };

/** `X-Edge-Cache`: HIT (from the cache), MISS (rendered and stored) or BYPASS (not cacheable). */
export const CACHE_STATUS_HEADER = "X-Edge-Cache";
const CLIENT_CACHE_CONTROL = "X-Nd-Cache-Control";
const CLIENT_VARY = "X-Nd-Vary";
/** Set by a stored output (stored-output.ts) on the answer it made: not kept with an entry. */
const STORED_OUTPUT_HEADER = "X-Stored-Output";
/** On a stored copy whose bytes are gzip-compressed. */
const BODY_ENCODING = "X-Nd-Body-Encoding";

/**
 * An entry as kept in memory: plain bytes and headers, never a Response (an I/O object). A text
 * answer of a kilobyte or more is kept gzip-compressed (`gzip`): stored once, it goes out as it is
 * to every client that takes gzip (every browser and calendar client), so neither the isolate nor
 * the edge compresses it again on each hit, and a 375 KB month of events travels as ~30 KB.
 */
interface Kept {
  body: ArrayBuffer;
  headers: [string, string][];
  gzip: boolean;
}
/** Text answers this size or larger are kept compressed. */
const COMPRESS_FROM_BYTES = 1024;
const COMPRESSIBLE = /^(text\/|application\/(json|xml|javascript|[\w.-]+\+(json|xml))\b)/i;
/** 32 entries of at most 512 KB: at most 16 MB of an isolate's 128 MB. */
const MEMORY_ENTRIES = 32;
const MEMORY_ENTRY_BYTES = 512 * 1024;
const memory = new BoundedCache<string, Kept>(MEMORY_ENTRIES);

function keep(key: string, kept: Kept): void {
  if (kept.body.byteLength <= MEMORY_ENTRY_BYTES) memory.set(key, kept);
}

/** The Workers Cache API's default cache, when the runtime has one. */
function edgeCache(): Cache | null {
  return typeof caches === "undefined" ? null : (caches as unknown as { default: Cache }).default;
}

/** The cache key: the route's URL with its query sorted, under the version and variant. */
export function cacheKey(url: string, parts: { version: number; deploy: string; variant: string }): Request {
  const u = new URL(url);
  u.searchParams.sort();
  const prefix = `/__edge/${parts.version}/${encodeURIComponent(parts.deploy)}/${encodeURIComponent(parts.variant || "-")}`;
  return new Request(`${u.origin}${prefix}${u.pathname}${u.search}`);
}

/** A strong ETag from the body's SHA-256, the same one hono/etag makes (functions/http.ts). */
export async function bodyTag(body: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", body));
  return `"${Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("")}"`;
}

/** 304 with the headers a 200 would have had that matter to caches (RFC 9110 15.4.5). */
function notModified(headers: Headers): Response {
  const kept = new Headers();
  for (const name of ["cache-control", "etag", "vary", "expires", "content-location"]) {
    const value = headers.get(name);
    if (value !== null) kept.set(name, value);
  }
  return new Response(null, { status: 304, headers: kept });
}

/** Replaces the context's response whole (Hono's setter would merge the old one's headers in). */
function replace(c: Context<AppEnv>, res: Response): void {
  c.res = undefined as unknown as Response;
  c.res = res;
}

function storable(res: Response): boolean {
  const control = res.headers.get("cache-control") ?? "";
  const encoding = res.headers.get("content-encoding");
  return res.status === 200 && !res.headers.has("set-cookie") && (encoding === null || encoding === "gzip") && !/private|no-store/i.test(control);
}

/** An answer for a reader who is not anonymous: never `public`, so no shared cache keeps it. */
function keepPrivate(res: Response): void {
  const control = res.headers.get("cache-control");
  if (!control) res.headers.set("Cache-Control", "private, no-cache");
  else if (/public/i.test(control)) res.headers.set("Cache-Control", control.replace(/public/i, "private"));
}

/** Adds the body's ETag when the route set none and answers a matching If-None-Match with 304. */
async function withEtag(c: Context<AppEnv>, status: string): Promise<void> {
  const res = c.res;
  if (res.status !== 200) return;
  let etag = res.headers.get("etag");
  if (!etag) {
    etag = await bodyTag(await res.clone().arrayBuffer());
    res.headers.set("ETag", etag);
  }
  res.headers.set(CACHE_STATUS_HEADER, status);
  if (ifNoneMatchMatches(c.req.header("if-none-match"), etag)) {
    await res.body?.cancel();
    replace(c, notModified(res.headers));
  }
}

/** The middleware: see the module's comment. */
export function cached(rule: CacheRule): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const cache = edgeCache();
    // HEAD is answered as GET without the body (Hono), so from the cache too: a HEAD never renders twice.
    if (c.req.method !== "GET" && c.req.method !== "HEAD") return next();
    if (!isAnonymousRequest(c.req.raw) || !cache) {
      await next();
      if (!isAnonymousRequest(c.req.raw)) keepPrivate(c.res);
      // A streamed answer keeps streaming: no body ETag then (it would wait for the whole body).
      if (rule.streamed) c.res.headers.set(CACHE_STATUS_HEADER, "BYPASS");
      else await withEtag(c, "BYPASS");
      return;
    }
    const parts = { deploy: c.env.CF_VERSION_METADATA?.id ?? "", variant: rule.vary?.(c) ?? "" };
    const lookup = async (version: number) => {
      const key = cacheKey(c.req.url, { version, ...parts });
      return memory.get(key.url) ?? (await fromEdge(cache, key));
    };
    const mark = beforeRead(Date.now());
    const trusted = trustedVersion(mark.at, c.var.config.EDGE_FRESHNESS_MS);
    const guess = newestVersion();
    if (trusted !== undefined) {
      const kept = await lookup(trusted);
      if (kept) {
        c.set("dataVersion", trusted);
        return answerFrom(c, kept);
      }
    } else if (guess !== undefined && (await lookup(guess))) {
      const version = await readDataVersion(c.var.db);
      record(version, mark);
      c.set("dataVersion", version);
      const kept = await lookup(version);
      if (kept) return answerFrom(c, kept);
    }
    const probe = probeVersion(c.var.db);
    c.set("db", probe.db);
    await next();
    const res = c.res;
    if (rule.streamed && res.body && storable(res)) return streamAndStore(c, cache, res, rule, parts, probe.version, mark);
    const version = probe.version();
    if (version !== undefined) record(version, mark);
    if (version === undefined || !storable(res)) return withEtag(c, "BYPASS");
    const key = cacheKey(c.req.url, { version, ...parts });
    // A route may answer with bytes it keeps gzip-compressed itself (a stored output): kept as they are.
    const body = await res.arrayBuffer();
    const headers = new Headers(res.headers);
    const untagged = !headers.has("etag") && !headers.has("content-encoding");
    const made = await entryOf(body, headers);
    // Tagged by the bytes kept, which stand for the text one to one: when compressed, a tenth of the hashing.
    const entry = untagged ? withTag(made, await bodyTag(made.body)) : made;
    c.executionCtx.waitUntil(storeEntry(cache, key, entry, rule.ttl));
    // This reader gets the entry as a hit would (compressed once, not again by the edge), marked MISS.
    const missed = new Headers(entry.headers);
    missed.set(CACHE_STATUS_HEADER, "MISS");
    replace(c, answerFrom(c, { ...entry, headers: [...missed] }));
  };
}

/**
 * An answer as an entry: the identity answer's headers (its strong tag, no Content-Encoding) and
 * its bytes, compressed once when it is text of a kilobyte or more (see `Kept`), or as they came
 * when the route sent them gzip-compressed itself.
 */
async function entryOf(bytes: ArrayBuffer, answered: Headers): Promise<Kept> {
  const headers = new Headers(answered);
  const encoded = headers.get("content-encoding") === "gzip";
  if (encoded) {
    headers.delete("content-encoding");
    const etag = headers.get("etag");
    if (etag?.startsWith("W/")) headers.set("ETag", etag.slice(2));
  }
  // Says how this one answer was made, not what a hit is: X-Edge-Cache says that.
  headers.delete(STORED_OUTPUT_HEADER);
  const compressed = encoded || (bytes.byteLength >= COMPRESS_FROM_BYTES && COMPRESSIBLE.test(headers.get("content-type") ?? ""));
  return { body: compressed && !encoded ? await gzip(bytes) : bytes, headers: [...headers], gzip: compressed };
}

/** The entry with `etag` as its (strong) tag. */
function withTag(entry: Kept, etag: string): Kept {
  const headers = new Headers(entry.headers);
  headers.set("ETag", etag);
  return { ...entry, headers: [...headers] };
}

/** Keeps an entry under `key`: in this isolate's memory (as a hit) and in the edge cache for `ttl` seconds. */
function storeEntry(cache: Cache, key: Request, entry: Kept, ttl: number): Promise<void> {
  const hit = new Headers(entry.headers);
  hit.set(CACHE_STATUS_HEADER, "HIT");
  keep(key.url, { ...entry, headers: [...hit] });
  const stored = storedHeaders(new Headers(entry.headers), ttl);
  // Opaque bytes to the cache: no Content-Encoding on the stored copy, so nothing decodes it on the way.
  if (entry.gzip) stored.set(BODY_ENCODING, "gzip");
  return cache.put(key, new Response(entry.body, { status: 200, headers: stored }));
}

/** An entry as the answer to this request: as kept (gzip or not) or plain, or 304 when the client holds it. */
function answerFrom(c: Context<AppEnv>, entry: Kept): Response {
  const res = entry.gzip ? fromGzip(c.req.raw, entry.body, entry.headers) : new Response(entry.body, { status: 200, headers: entry.headers });
  if (!ifNoneMatchMatches(c.req.header("if-none-match"), res.headers.get("etag") ?? "")) return res;
  void res.body?.cancel();
  return notModified(res.headers);
}

/** A streamed miss (`rule.streamed`): the reader gets the stream, the cache a copy once it is complete. */
function streamAndStore(
  c: Context<AppEnv>,
  cache: Cache,
  res: Response,
  rule: CacheRule,
  parts: { deploy: string; variant: string },
  version: () => number | undefined,
  mark: ReadMark,
): void {
  const [toReader, toStore] = res.body!.tee();
  const headers = new Headers(res.headers);
  headers.set(CACHE_STATUS_HEADER, "MISS");
  const store = async () => {
    const body = await new Response(toStore).arrayBuffer();
    // The version is read with the route's first query, which a streaming route makes later.
    const read = version();
    if (read === undefined || c.var.incomplete) return;
    record(read, mark);
    const stored = new Headers(res.headers);
    if (!stored.has("etag")) stored.set("ETag", await bodyTag(body));
    await storeEntry(cache, cacheKey(c.req.url, { version: read, ...parts }), await entryOf(body, stored), rule.ttl);
  };
  c.executionCtx.waitUntil(
    store().catch((error: unknown) => {
      console.error(JSON.stringify({ level: "error", msg: "streamed answer not cached", error: String((error as Error)?.message ?? error).split("\n")[0] }));
    }),
  );
  replace(c, new Response(toReader, { status: 200, headers }));
}

/**
 * The stored copy: the edge keeps it `ttl` seconds whatever the client may keep it, and without
 * `Vary` (the key already holds every variant; the Cache API does not split entries by Vary).
 * The client's own Cache-Control and Vary travel in side headers and come back on a hit.
 */
function storedHeaders(headers: Headers, ttl: number): Headers {
  const stored = new Headers(headers);
  const control = headers.get("cache-control");
  const vary = headers.get("vary");
  if (control) stored.set(CLIENT_CACHE_CONTROL, control);
  if (vary) stored.set(CLIENT_VARY, vary);
  stored.delete("vary");
  stored.set("Cache-Control", `public, max-age=${ttl}`);
  return stored;
}

/** An entry of the Cache API, with the client's headers back, kept in memory for next time. */
async function fromEdge(cache: Cache, key: Request): Promise<Kept | null> {
  const hit = await cache.match(key);
  if (!hit) return null;
  const headers = new Headers(hit.headers);
  restoreClientHeaders(headers);
  headers.set(CACHE_STATUS_HEADER, "HIT");
  const compressed = headers.get(BODY_ENCODING) === "gzip";
  for (const name of ["cf-cache-status", "age", "expires", BODY_ENCODING]) headers.delete(name);
  const kept = { body: await hit.arrayBuffer(), headers: [...headers], gzip: compressed };
  keep(key.url, kept);
  return kept;
}

function restoreClientHeaders(headers: Headers): void {
  const control = headers.get(CLIENT_CACHE_CONTROL);
  const vary = headers.get(CLIENT_VARY);
  headers.delete(CLIENT_CACHE_CONTROL);
  headers.delete(CLIENT_VARY);
  if (control) headers.set("Cache-Control", control);
  else headers.delete("Cache-Control");
  if (vary) headers.set("Vary", vary);
}
