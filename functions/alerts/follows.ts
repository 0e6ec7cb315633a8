/**
 * Follows (issue 16): a signed-in person follows an event, an organisation, a topic or a country
 * and is told by mail when a followed event moves, changes place, is postponed or cancelled, or
 * when a new event appears under what they follow (change-alerts.ts). Here: the queries of the
 * follows API and of the one-click unfollow page.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import { events, follows, organisations, topics, users } from "../../db/schema.ts";
import type { Viewer } from "../auth/viewer.ts";
import type { Database } from "../db/client.ts";
import { isBusyFor, publishedFor } from "../events/visibility.ts";
import type { FollowKind, FollowView } from "./follows.types.ts";
import { isCountry } from "../validation.ts";

/** The most follows one person may hold; enough for every organisation, topic and country of the region and many events. */
export const MAX_FOLLOWS = 200;

/**
 * Whether `target` of `kind` exists and the viewer may follow it: an event must be published and
 * listed for them (functions/events/visibility.ts); a busy-only one may be followed, and only what
 * they may see of it is ever told.
 */
export async function targetExists(db: Database, viewer: Viewer, kind: FollowKind, target: string): Promise<boolean> {
  switch (kind) {
    case "country":
      return isCountry(target);
    case "topic":
      return (await db.select({ id: topics.id }).from(topics).where(eq(topics.id, target)).limit(1)).length > 0;
    case "organisation":
      return (await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, target)).limit(1)).length > 0;
    case "event":
      return (
        (
          await db
            .select({ id: events.id })
            .from(events)
            .where(and(eq(events.id, target), publishedFor(viewer)))
            .limit(1)
        ).length > 0
      );
  }
}

/** The caller's follows, oldest first, with their targets' names as the caller may see them. */
export async function followsOf(db: Database, viewer: Viewer): Promise<FollowView[]> {
  const rows = await db
    .select({
      id: follows.id,
      kind: follows.kind,
      target: follows.target,
      createdAt: follows.createdAt,
      organisationName: organisations.name,
      organisationSlug: organisations.slug,
      topicName: topics.label,
      eventTitle: events.title,
      eventSlug: events.slug,
      eventVisibility: events.visibility,
      eventOwner: events.ownerOrganisationId,
    })
    .from(follows)
    .leftJoin(organisations, and(eq(follows.kind, "organisation"), eq(organisations.id, follows.target)))
    .leftJoin(topics, and(eq(follows.kind, "topic"), eq(topics.id, follows.target)))
    .leftJoin(events, and(eq(follows.kind, "event"), eq(events.id, follows.target), publishedFor(viewer)))
    .where(eq(follows.userId, viewer.id))
    .orderBy(asc(follows.createdAt), asc(follows.id))
    .limit(MAX_FOLLOWS);
  return rows.map((r) => {
    const busy = r.eventSlug !== null && isBusyFor({ visibility: r.eventVisibility ?? "public", ownerOrganisationId: r.eventOwner }, viewer);
    const name = r.kind === "organisation" ? r.organisationName : r.kind === "topic" ? r.topicName : r.kind === "event" && !busy ? r.eventTitle : null;
    return {
      id: r.id,
      kind: r.kind,
      target: r.target,
      name: name ?? null,
      slug: r.kind === "organisation" ? r.organisationSlug : r.kind === "event" ? r.eventSlug : null,
      createdAt: r.createdAt,
    };
  });
}

/**
 * Records a follow unless the person has one already or holds MAX_FOLLOWS: one conditional
 * INSERT, so two requests at once can neither pass the limit nor make two rows. Returns the
 * follow's id and whether it is new, or null when the limit stopped it.
 */
export async function addFollow(db: Database, userId: string, kind: FollowKind, target: string, now: Date): Promise<{ id: string; created: boolean } | null> {
  const id = crypto.randomUUID();
  const inserted = await db.run(sql`
    INSERT INTO ${follows} (id, user_id, kind, target, created_at)
    SELECT ${id}, ${userId}, ${kind}, ${target}, ${now.toISOString()}
    WHERE (SELECT count(*) FROM ${follows} WHERE ${follows.userId} = ${userId}) < ${MAX_FOLLOWS}
    ON CONFLICT DO NOTHING`);
  if (inserted.rowsAffected) return { id, created: true };
  const [existing] = await db
    .select({ id: follows.id })
    .from(follows)
    .where(and(eq(follows.userId, userId), eq(follows.kind, kind), eq(follows.target, target)));
  return existing ? { id: existing.id, created: false } : null;
}

/** A follow with its owner's language, for the unfollow page; null when it is gone. */
export async function followForPage(db: Database, id: string) {
  const [row] = await db
    .select({ id: follows.id, kind: follows.kind, target: follows.target, locale: users.locale })
    .from(follows)
    .innerJoin(users, eq(users.id, follows.userId))
    .where(eq(follows.id, id));
  return row ?? null;
}
