/**
 * How fresh the data version an isolate knows is (issue 18): an edge cache hit within
 * `EDGE_FRESHNESS_MS` of the isolate's last version read is served under that version without
 * reading it again, so a hit costs no database round trip, as a static file costs none.
 *
 * What a reader may therefore miss, and for how long:
 * - a change made through this isolate (any request other than GET/HEAD, a cron job) ends the
 *   window at once: the next hit reads the version again, so it is visible at once here;
 * - a change made through another isolate (another Cloudflare location, another instance) or
 *   straight in the database reaches this isolate's anonymous readers at most the window later —
 *   the same order as a purge on write, which takes a moment to reach every location.
 * Signed-in readers never use the cache, so they always see the database as it is.
 *
 * The state is plain numbers (never an I/O object), kept per isolate.
 */
import type { MiddlewareHandler } from "hono";

/** One second: a change reaches every anonymous reader within it (0 = read on every hit). */
export const DEFAULT_FRESHNESS_MS = 1000;

/** The version this isolate read last and when that read began (ms), while no change of its own came after. */
let known: { version: number; at: number } | undefined;
/** Raised by every change made through this isolate: a read that began before one is not trusted after it. */
let changes = 0;
/** The newest version this isolate has read, however long ago: where a lookup starts when none is trusted. */
let newest: number | undefined;

/** The newest version this isolate has read (a guess of where the current entries are), if any. */
export function newestVersion(): number | undefined {
  return newest;
}

/** The version to serve a hit under without reading it, or undefined when it must be read. */
export function trustedVersion(now: number, windowMs: number): number | undefined {
  return known !== undefined && now - known.at < windowMs ? known.version : undefined;
}

/** Taken before reading the version: when the read began, and how many changes this isolate had made. */
export interface ReadMark {
  at: number;
  changes: number;
}

/** A mark taken before reading the version: `record` keeps the read only if nothing changed since. */
export function beforeRead(now: number): ReadMark {
  return { at: now, changes };
}

/**
 * Records a version read that began at `mark`: always as a guess of where entries are, and as
 * trusted unless a change came after `mark` or a newer read is kept.
 */
export function record(version: number, mark: ReadMark): void {
  if (newest === undefined || version > newest) newest = version;
  if (mark.changes !== changes) return;
  if (known === undefined || mark.at >= known.at) known = { version, at: mark.at };
}

/** This isolate changed data (or may have): the next hit reads the version again. */
export function dataChanged(): void {
  changes++;
  known = undefined;
}

/** Ends the window after every request that may change data (anything but GET, HEAD and OPTIONS). */
export const noteChanges: MiddlewareHandler = async (c, next) => {
  try {
    await next();
  } finally {
    if (!SAFE_METHODS.has(c.req.method)) dataChanged();
  }
};
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
