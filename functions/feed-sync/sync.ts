/**
 * Keeping an organisation's events in step with its existing calendar feed.
 *
 * Protocol, after functions/digest/runs.ts: a source is claimed by one conditional
 * `UPDATE … RETURNING` (due: next_fetch_at ≤ now; not claimed, or claimed longer ago than the
 * lease by a tick that died), so overlapping ticks — or a tick and "fetch now" — never fetch the
 * same source twice. The claimed source is fetched through the guarded fetcher with its stored
 * validators, planned by the .ics import's planner (UID matching, the event command, history and
 * audit) and written in one batch together with the source's new state, so an import and its
 * report never part. Entries gone from the feed are cancelled through the same command, never
 * deleted — unless the feed is suddenly empty, which is taken as a failure. Failures back off
 * (15 min × 2ⁿ, at most a day); after FAILURES_BEFORE_TELLING in a row the organisation's
 * members are told once by mail, again only after a success.
 */
import { and, eq, inArray, isNull, ne, notInArray, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { events, feedSources, memberships, organisations, users } from "../../db/schema.ts";
import type { Viewer } from "../auth/viewer.ts";
import type { Database } from "../db/client.ts";
import { describeForLog } from "../db/errors.ts";
import { isGuardFailure } from "../db/guard.ts";
import type { Config } from "../env.ts";
import { eventChangeStatements, loadEvents, toInput } from "../events/events.commands.ts";
import type { EventInput } from "../events/events.input.ts";
import { fill, messagesFor } from "../i18n/messages.ts";
import { countsOf, planIcsImport, type ImportItem } from "../import/ics-import.ts";
import { MAX_IMPORT_ITEMS } from "../import/import.routes.ts";
import { parseIcs } from "../import/parse-ics.ts";
import { explained } from "../import/report-notes.ts";
import { FetchRefusal, safeFetch } from "../import/safe-fetch.ts";
import type { Mailer } from "../mail/mailer.ts";
import { makerOfUser } from "../consent/consent.ts";
import { tellFeedSyncFailure } from "../webhooks/feed-sync.ts";
import { twinFinder } from "./duplicates.ts";

export type FeedSource = typeof feedSources.$inferSelect;

export const SOURCES_PER_TICK = 3;
export const LEASE_MS = 5 * 60_000;
export const FETCH_NOW_MIN_MS = 60_000;
export const FAILURES_BEFORE_TELLING = 3;
const BACKOFF_MS = 15 * 60_000;
const MAX_BACKOFF_MS = 24 * 3_600_000;

/** Why a fetch or an import did not happen, in words (FeedSource.lastError). */
class SyncFailure extends Error {}

export interface SyncOutcome {
  result: "ok" | "not_modified" | "failed";
  error?: string;
}

/** Claims up to `limit` due sources for this tick. */
export async function claimDue(db: Database, now: number, limit = SOURCES_PER_TICK): Promise<FeedSource[]> {
  const rows = await db
    .update(feedSources)
    .set({ claimedAt: now })
    .where(
      sql`${feedSources.id} IN (SELECT id FROM ${feedSources}
        WHERE next_fetch_at <= ${now} AND (claimed_at IS NULL OR claimed_at < ${now - LEASE_MS})
        ORDER BY next_fetch_at, id LIMIT ${limit})`,
    )
    .returning();
  return rows;
}

/**
 * Claims one source for "fetch now": not while it is being fetched, and not again within a minute
 * of its last fetch. Returns the source, or why not.
 */
export async function claimNow(db: Database, id: string, now: Date): Promise<FeedSource | { busy: true } | { retryAfterMs: number }> {
  const t = now.getTime();
  const since = new Date(t - FETCH_NOW_MIN_MS).toISOString();
  const [row] = await db
    .update(feedSources)
    .set({ claimedAt: t })
    .where(
      and(
        eq(feedSources.id, id),
        sql`(${feedSources.claimedAt} IS NULL OR ${feedSources.claimedAt} < ${t - LEASE_MS})`,
        sql`(${feedSources.lastFetchedAt} IS NULL OR ${feedSources.lastFetchedAt} <= ${since})`,
      ),
    )
    .returning();
  if (row) return row;
  const [current] = await db.select().from(feedSources).where(eq(feedSources.id, id));
  if (current?.lastFetchedAt && current.lastFetchedAt > since) return { retryAfterMs: Date.parse(current.lastFetchedAt) + FETCH_NOW_MIN_MS - t };
  return { busy: true };
}

/** The account the sync writes as: whoever registered the source, else a member of the organisation. */
async function actorFor(db: Database, source: FeedSource): Promise<Viewer | null> {
  let userId = source.createdBy;
  if (!userId) {
    const [m] = await db.select({ userId: memberships.userId }).from(memberships).where(eq(memberships.organisationId, source.organisationId)).limit(1);
    userId = m?.userId ?? null;
  }
  if (!userId) return null;
  const maker = await makerOfUser(db, userId);
  return {
    id: userId,
    email: "",
    name: null,
    role: maker.coordinator ? "coordinator" : "user",
    organisations: maker.organisations,
    locale: null,
    sessionId: "",
  };
}

/** The cancellations of this source's events that the feed no longer has. */
function removals(db: Database, stored: Awaited<ReturnType<typeof loadEvents>>, trusted: boolean, actorId: string, now: Date, maker: Viewer) {
  const items: ImportItem[] = [];
  const statements: BatchItem<"sqlite">[] = [];
  for (const e of stored) {
    const asProposal = e.row.moderation === "published" && !trusted;
    const base = asProposal && e.row.pendingChanges ? (e.row.pendingChanges as EventInput) : toInput(e);
    if (base.status === "cancelled") continue;
    const planned = eventChangeStatements(
      db,
      e,
      e.row.version,
      { kind: asProposal ? "propose" : "apply", input: { ...base, status: "cancelled" } },
      {
        actorId,
        now,
        action: "event.import",
        comment: asProposal ? "proposed by feed sync: no longer in the feed" : "feed sync: no longer in the feed",
        maker: { coordinator: maker.role !== "user", organisations: maker.organisations },
      },
    );
    statements.push(...planned.statements);
    items.push({
      uid: e.row.icalUid,
      title: e.row.title,
      startsAt: e.row.startsAt,
      action: "cancel",
      slug: planned.slug,
      ...explained([
        { code: "gone_from_feed", text: "no longer in the feed" },
        ...(asProposal ? [{ code: "waits_for_review" as const, text: "the cancellation waits for review" }] : []),
      ]),
    });
  }
  return { items, statements };
}

/** Fetches, plans and commits one claimed source, and records what happened. */
export async function syncSource(db: Database, mailer: Mailer, config: Config, source: FeedSource, now: Date): Promise<SyncOutcome> {
  const at = now.toISOString();
  const nextOk = now.getTime() + config.FEED_SYNC_INTERVAL_MINUTES * 60_000;
  try {
    const fetched = await safeFetch(source.url, {
      allowLoopback: config.FEED_FETCH_ALLOW_LOOPBACK,
      timeoutMs: config.FEED_FETCH_TIMEOUT_MS,
      etag: source.etag,
      lastModified: source.lastModified,
    }).catch((error) => {
      throw error instanceof FetchRefusal ? new SyncFailure(error.message) : error;
    });
    const healthy = { lastFetchedAt: at, lastError: null, consecutiveFailures: 0, nextFetchAt: nextOk, claimedAt: null, ownersToldAt: null };
    if (fetched.kind === "not_modified") {
      await db
        .update(feedSources)
        .set({ ...healthy, lastResult: "not_modified" })
        .where(eq(feedSources.id, source.id));
      return { result: "not_modified" };
    }
    const parsed = parseIcs(fetched.text, MAX_IMPORT_ITEMS);
    if ("error" in parsed) throw new SyncFailure(parsed.error);
    if (parsed.tooMany) throw new SyncFailure(`the feed has more than ${MAX_IMPORT_ITEMS} events`);
    const [org] = await db.select({ trusted: organisations.trusted }).from(organisations).where(eq(organisations.id, source.organisationId));
    if (!org) throw new SyncFailure("the organisation no longer exists");
    const actor = await actorFor(db, source);
    if (!actor) throw new SyncFailure("nobody of the organisation is left to import as");

    const uids = parsed.items.flatMap((i) => (i.kind === "candidate" ? [i.candidate.uid] : i.uid ? [i.uid] : []));
    const gone = await loadEvents(
      db,
      and(
        eq(events.feedSourceId, source.id),
        eq(events.ownerOrganisationId, source.organisationId),
        ne(events.moderation, "rejected"),
        uids.length ? notInArray(events.icalUid, uids) : undefined,
      )!,
    );
    if (parsed.items.length === 0) {
      const hadSome = gone.some((e) => e.row.status !== "cancelled") || Number(source.lastReport?.entries ?? 0) > 0;
      if (hadSome) throw new SyncFailure("the feed is empty; nothing was cancelled");
    }
    const entries = parsed.items.flatMap((i) => (i.kind === "candidate" ? [i.candidate.fields as Pick<EventInput, "startsAt" | "endsAt">] : []));
    const twinOf = await twinFinder(db, source.organisationId, source.id, entries);
    const plan = await planIcsImport(db, parsed.items, {
      organisationId: source.organisationId,
      viewer: actor,
      now,
      publish: false,
      sync: { sourceId: source.id, trusted: org.trusted, twinOf },
    });
    const removed = removals(db, gone, org.trusted, actor.id, now, actor);
    const items = [...plan.items, ...removed.items];
    const report = { entries: parsed.items.length, counts: countsOf(items), items };
    const record = db
      .update(feedSources)
      .set({ ...healthy, lastResult: "ok", etag: fetched.etag, lastModified: fetched.lastModified, lastReport: report })
      .where(eq(feedSources.id, source.id));
    try {
      await db.batch([...plan.statements, ...removed.statements, record] as unknown as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
    } catch (error) {
      if (!isGuardFailure(error)) throw error;
      throw new SyncFailure(
        "an event of this feed was changed in the calendar while the feed was imported; nothing was imported, and the next fetch tries again",
      );
    }
    const refused = items.filter((i) => i.action === "refuse");
    if (refused.length) await tellFeedSyncFailure(db, source, now, { error: null, consecutiveFailures: 0, items: refused });
    return { result: "ok" };
  } catch (error) {
    const message =
      error instanceof SyncFailure
        ? error.message
        : `the import failed (${String((error as Error).message ?? error)
            .split("\n")[0]
            .slice(0, 200)})`;
    if (!(error instanceof SyncFailure)) console.error(JSON.stringify({ level: "error", msg: "feed sync failed", source: source.id, error: message }));
    await recordFailure(db, mailer, config, source, now, message);
    return { result: "failed", error: message };
  }
}

async function recordFailure(db: Database, mailer: Mailer, config: Config, source: FeedSource, now: Date, message: string): Promise<void> {
  const failures = source.consecutiveFailures + 1;
  const backoff = Math.min(BACKOFF_MS * 2 ** (failures - 1), MAX_BACKOFF_MS);
  await db
    .update(feedSources)
    .set({
      lastFetchedAt: now.toISOString(),
      lastResult: "failed",
      lastError: message,
      consecutiveFailures: failures,
      nextFetchAt: now.getTime() + backoff,
      claimedAt: null,
    })
    .where(eq(feedSources.id, source.id));
  await tellFeedSyncFailure(db, source, now, { error: message, consecutiveFailures: failures, items: [] });
  if (failures >= FAILURES_BEFORE_TELLING) await tellOwners(db, mailer, config, source, failures, message, now);
}

/** Mails the organisation's members once per run of failures (claimed by owners_told_at first). */
async function tellOwners(db: Database, mailer: Mailer, config: Config, source: FeedSource, failures: number, message: string, now: Date): Promise<void> {
  const [claimed] = await db
    .update(feedSources)
    .set({ ownersToldAt: now.toISOString() })
    .where(and(eq(feedSources.id, source.id), isNull(feedSources.ownersToldAt)))
    .returning({ id: feedSources.id });
  if (!claimed) return;
  const [org] = await db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, source.organisationId));
  const members = await db
    .select({ email: users.email, locale: users.locale })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(inArray(memberships.organisationId, [source.organisationId]));
  const link = `${config.PUBLIC_ORIGIN}/import#source-${source.id}`;
  let sent = 0;
  for (const m of members) {
    const texts = messagesFor(m.locale).mail;
    const params = { organisation: org?.name ?? source.organisationId, url: source.url, count: failures, error: message, link };
    try {
      await mailer.send({ to: m.email, subject: fill(texts.feedFailingSubject, params), text: fill(texts.feedFailingBody, params) });
      sent++;
    } catch (error) {
      console.error(
        JSON.stringify({ level: "error", msg: "feed failure notice not sent", source: source.id, error: String((error as Error).message).split("\n")[0] }),
      );
    }
  }
  // Nobody could be told: try again on the next failure.
  if (!sent && members.length) await db.update(feedSources).set({ ownersToldAt: null }).where(eq(feedSources.id, source.id));
}

/** The cron's part: a few due sources per tick. */
export async function runFeedSync(db: Database, mailer: Mailer, config: Config, now: Date): Promise<{ fetched: number; failed: number }> {
  const claimed = await claimDue(db, now.getTime());
  // Fetched side by side: a slow or hanging feed (up to FEED_FETCH_TIMEOUT_MS) holds up neither
  // the tick's other feeds nor the jobs after them. A source whose sync throws is one failure;
  // its lease runs out and the next tick takes it again.
  const outcomes = await Promise.allSettled(claimed.map((source) => syncSource(db, mailer, config, source, now)));
  let failed = 0;
  for (const outcome of outcomes) {
    if (outcome.status === "fulfilled" && outcome.value.result !== "failed") continue;
    failed++;
    if (outcome.status === "rejected") console.error(JSON.stringify({ level: "error", msg: "feed sync failed", error: describeForLog(outcome.reason) }));
  }
  return { fetched: claimed.length, failed };
}
