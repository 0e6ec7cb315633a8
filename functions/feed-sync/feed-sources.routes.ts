/**
 * `/api/feed-sources`: an organisation's partners (coordinators: any organisation's) register the
 * address of its existing calendar feed, see each source's last fetch, result, error and
 * per-entry report, fetch it now (at most once a minute) and remove it. The cron does the rest
 * (./sync.ts). A source the viewer may not see is a 404, as if it did not exist.
 */
import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { events, feedSources, organisations } from "../../db/schema.ts";
import { audit, auditIf } from "../audit/audit.ts";
import { isCoordinator, isMemberOf, type Viewer } from "../auth/viewer.ts";
import type { AppEnv } from "../env.ts";
import { ApiError, fieldError, invalidInput } from "../errors.ts";
import { refusalOf } from "../import/safe-fetch.ts";
import { guard, onGuardFailure } from "../db/guard.ts";
import { id, parseBody, queryOf } from "../validation.ts";
import { claimNow, FETCH_NOW_MIN_MS, type FeedSource, syncSource } from "./sync.ts";

export const MAX_SOURCES_PER_ORGANISATION = 3;

export const feedSourceSchema = z
  .object({
    organisationId: id("must be an organisation id"),
    url: z.string({ error: "is required" }).trim().min(1, "is required").max(2000, "must be at most 2000 characters"),
  })
  .strict();
export const feedSourceQuery = z.object({ organisationId: id("must be an organisation id").optional() }).strict();

/** What a source shows its readers: no validators, no lease. */
function view(s: FeedSource, organisationName: string | null) {
  return {
    id: s.id,
    organisationId: s.organisationId,
    organisationName,
    url: s.url,
    createdAt: s.createdAt,
    lastFetchedAt: s.lastFetchedAt,
    lastResult: s.lastResult,
    lastError: s.lastError,
    report: s.lastReport,
    consecutiveFailures: s.consecutiveFailures,
    nextFetchAt: new Date(s.nextFetchAt).toISOString(),
  };
}
export type FeedSourceView = ReturnType<typeof view>;

const mayManage = (viewer: Viewer | null, organisationId: string) => isCoordinator(viewer) || isMemberOf(viewer, organisationId);

/** The 409 for one more than an organisation may have. */
const tooMany = () =>
  fieldError(409, "organisationId", `may have at most ${MAX_SOURCES_PER_ORGANISATION} calendar feeds`, "too_many", { errorCode: "too_many" });

export const feedSourceRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const { db, viewer } = c.var;
    const parsed = feedSourceQuery.safeParse(queryOf(c));
    if (!parsed.success) throw invalidInput(parsed.error);
    const q = parsed.data;
    if (q.organisationId && !mayManage(viewer, q.organisationId))
      throw fieldError(403, "organisationId", "must be one of your organisations", "own_organisation", { errorCode: "forbidden" });
    const scope = q.organisationId
      ? eq(feedSources.organisationId, q.organisationId)
      : isCoordinator(viewer)
        ? undefined
        : inArray(feedSources.organisationId, viewer!.organisations);
    const rows = await db
      .select({ source: feedSources, name: organisations.name })
      .from(feedSources)
      .innerJoin(organisations, eq(organisations.id, feedSources.organisationId))
      .where(scope)
      .orderBy(asc(organisations.name), asc(feedSources.createdAt))
      .limit(500);
    return c.json({ sources: rows.map((r) => view(r.source, r.name)) });
  })
  .post("/", async (c) => {
    const { db, viewer, config, now } = c.var;
    const body = await parseBody(c, feedSourceSchema);
    if (!mayManage(viewer, body.organisationId))
      throw fieldError(403, "organisationId", "must be one of your organisations", "own_organisation", {
        errorCode: "forbidden",
        message: "organisationId: you can add feeds only for your own organisations",
      });
    let url: URL;
    try {
      url = new URL(body.url);
    } catch {
      throw fieldError(400, "url", "must be an https:// link to a calendar feed (.ics)", "https_url");
    }
    const refusal = refusalOf(url, config.FEED_FETCH_ALLOW_LOOPBACK);
    if (refusal) throw fieldError(400, "url", refusal, refusal.includes("https://") ? "https_url" : "invalid");
    const [[org], [{ n }], [taken]] = await db.batch([
      db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(eq(organisations.id, body.organisationId)),
      db.select({ n: count() }).from(feedSources).where(eq(feedSources.organisationId, body.organisationId)),
      db
        .select({ id: feedSources.id })
        .from(feedSources)
        .where(and(eq(feedSources.organisationId, body.organisationId), eq(feedSources.url, url.href))),
    ]);
    if (!org) throw fieldError(400, "organisationId", "must be an existing organisation", "unknown_id");
    if (taken) throw fieldError(409, "url", "is registered for this organisation already", "unique", { errorCode: "duplicate" });
    if (n >= MAX_SOURCES_PER_ORGANISATION) throw tooMany();
    const sourceId = `feed-${crypto.randomUUID()}`;
    // The count again, in the write's own batch: two requests that both passed the check above
    // at the same moment cannot both add one.
    const added = await db
      .batch([
        guard(db, sql`(SELECT count(*) FROM ${feedSources} WHERE ${feedSources.organisationId} = ${org.id}) < ${MAX_SOURCES_PER_ORGANISATION}`),
        db
          .insert(feedSources)
          .values({ id: sourceId, organisationId: org.id, url: url.href, createdBy: viewer!.id, createdAt: now.toISOString(), nextFetchAt: 0 })
          .onConflictDoNothing()
          .returning(),
        // Written only if the insert was (a twin registered at the same moment inserts nothing).
        auditIf(
          db,
          { actorId: viewer!.id, action: "feed_source.create", entity: "feed_source", entityId: sourceId, after: { organisationId: org.id, url: url.href } },
          sql`EXISTS (SELECT 1 FROM ${feedSources} WHERE ${feedSources.id} = ${sourceId})`,
        ),
      ])
      .catch(onGuardFailure(tooMany));
    const [, [row]] = added;
    if (!row) throw fieldError(409, "url", "is registered for this organisation already", "unique", { errorCode: "duplicate" });
    return c.json(view(row, org.name), 201);
  })
  .get("/:id", async (c) => {
    const { source, name } = await visibleSource(c.var.db, c.req.param("id"), c.var.viewer);
    return c.json(view(source, name));
  })
  .delete("/:id", async (c) => {
    const { source } = await visibleSource(c.var.db, c.req.param("id"), c.var.viewer);
    const actorId = c.var.viewer!.id;
    // The events stay; they are only no longer tied to the feed (said here too, not left to the
    // foreign key's ON DELETE SET NULL, which needs foreign keys switched on in the connection).
    const { db } = c.var;
    await db.batch([
      db.update(events).set({ feedSourceId: null }).where(eq(events.feedSourceId, source.id)),
      db.delete(feedSources).where(eq(feedSources.id, source.id)),
      audit(db, {
        actorId,
        action: "feed_source.delete",
        entity: "feed_source",
        entityId: source.id,
        before: { organisationId: source.organisationId, url: source.url },
      }),
    ]);
    return c.body(null, 204);
  })
  .post("/:id/fetch", async (c) => {
    const { db, mailer, config, now, viewer } = c.var;
    const { name } = await visibleSource(db, c.req.param("id"), viewer);
    const claimed = await claimNow(db, c.req.param("id"), now);
    if ("retryAfterMs" in claimed) {
      const seconds = Math.max(1, Math.ceil(claimed.retryAfterMs / 1000));
      throw new ApiError(429, "too_soon", `This feed was fetched less than ${FETCH_NOW_MIN_MS / 1000} seconds ago; try again in ${seconds} s.`, {
        headers: { "Retry-After": String(seconds) },
      });
    }
    if ("busy" in claimed) throw new ApiError(409, "being_fetched", "This feed is being fetched right now; look again in a moment.");
    await syncSource(db, mailer, config, claimed, now);
    const [fresh] = await db.select().from(feedSources).where(eq(feedSources.id, claimed.id));
    return c.json(view(fresh, name));
  });

async function visibleSource(db: AppEnv["Variables"]["db"], sourceId: string, viewer: Viewer | null) {
  const [row] = await db
    .select({ source: feedSources, name: organisations.name })
    .from(feedSources)
    .innerJoin(organisations, eq(organisations.id, feedSources.organisationId))
    .where(eq(feedSources.id, sourceId));
  if (!row || !mayManage(viewer, row.source.organisationId)) throw new ApiError(404, "not_found", "No calendar feed has this id");
  return row;
}
