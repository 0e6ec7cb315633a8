/**
 * `feed_sync.failed`: told by the feed sync itself (functions/feed-sync/sync.ts) when a fetch of an
 * organisation's feed fails, or when it succeeds but some of its entries were refused. Only the
 * organisation's own endpoints hear of it; the items are its own feed's entries.
 */
import type { Database } from "../db/client.ts";
import type { ImportItem } from "../import/ics-import.ts";
import { endpointsFor, recordDeliveries } from "./enqueue.ts";

/** The most refused entries one delivery lists. */
const MAX_ITEMS = 100;

export interface FeedSyncFailure {
  /** Why the whole fetch failed; null when only some entries were refused. */
  error: string | null;
  consecutiveFailures: number;
  /** The refused entries, with the reasons. */
  items: ImportItem[];
}

/** Records the delivery of a failed sync; a failure here is logged and never fails the sync. */
export async function tellFeedSyncFailure(
  db: Database,
  source: { id: string; organisationId: string; url: string },
  at: Date,
  failure: FeedSyncFailure,
): Promise<void> {
  try {
    const endpoints = (await endpointsFor(db, ["feed_sync.failed"], [source.organisationId])).get(source.organisationId) ?? [];
    if (!endpoints.length) return;
    await recordDeliveries(db, endpoints, "feed_sync.failed", `feed_sync.failed:${source.id}:${at.toISOString()}`, at, {
      source: { id: source.id, url: source.url },
      at: at.toISOString(),
      error: failure.error,
      consecutiveFailures: failure.consecutiveFailures,
      items: failure.items.slice(0, MAX_ITEMS).map((i) => ({ uid: i.uid, title: i.title, startsAt: i.startsAt, reasons: i.reasons ?? [] })),
      moreItems: Math.max(0, failure.items.length - MAX_ITEMS),
    });
  } catch (error) {
    console.error(
      JSON.stringify({ level: "error", msg: "feed sync webhook not recorded", source: source.id, error: String((error as Error).message).split("\n")[0] }),
    );
  }
}
