/** The coordinators' review queue, and the partners' list of their organisations' events. */
import { desc, eq, inArray, isNotNull, or, sql } from "drizzle-orm";
import { Hono } from "hono";
import { events, organisations, users } from "../../db/schema.ts";
import { isCoordinator } from "../auth/viewer.ts";
import type { AppEnv } from "../env.ts";
import { queueClashes } from "./review-clashes.ts";
import type { QueueItem } from "./review.types.ts";

/** The most items the review queue answers with, oldest submission first. */
const MAX_QUEUE = 200;

const columns = {
  id: events.id,
  slug: events.slug,
  title: events.title,
  type: events.type,
  startsAt: events.startsAt,
  endsAt: events.endsAt,
  allDay: events.allDay,
  timeZone: events.timeZone,
  moderation: events.moderation,
  version: events.version,
  hasPendingChanges: sql<boolean>`${events.pendingChanges} IS NOT NULL`.mapWith(Boolean),
  reviewComment: events.reviewComment,
  clashJustification: events.clashJustification,
  submittedAt: events.submittedAt,
  ownerOrganisationId: events.ownerOrganisationId,
  ownerName: organisations.name,
};

export const reviewRoutes = new Hono<AppEnv>().get("/", async (c) => {
  const rows = await c.var.db
    .select({ ...columns, submitterName: users.name, pendingChanges: events.pendingChanges })
    .from(events)
    .leftJoin(organisations, eq(organisations.id, events.ownerOrganisationId))
    .leftJoin(users, eq(users.id, events.submittedBy))
    .where(or(eq(events.moderation, "pending"), isNotNull(events.pendingChanges)))
    .orderBy(events.submittedAt)
    .limit(MAX_QUEUE);
  const verdicts = await queueClashes(
    c.var.db,
    rows.map((r) => r.id),
    c.var.viewer,
    c.var.now.toISOString().slice(0, 10),
  );
  const items = rows.map(({ pendingChanges, ...r }) => ({
    ...r,
    // A proposed change carries its own justification: that is the one the coordinator weighs.
    clashJustification:
      pendingChanges && "clashJustification" in pendingChanges ? ((pendingChanges.clashJustification as string | null) ?? null) : r.clashJustification,
    clashes: verdicts.get(r.id),
  }));
  return c.json({ items } satisfies { items: QueueItem[] });
});

export const myEventsRoutes = new Hono<AppEnv>().get("/", async (c) => {
  const viewer = c.var.viewer!;
  if (!viewer.organisations.length && !isCoordinator(viewer)) return c.json({ items: [] } satisfies { items: QueueItem[] });
  const rows = await c.var.db
    .select(columns)
    .from(events)
    .leftJoin(organisations, eq(organisations.id, events.ownerOrganisationId))
    .where(viewer.organisations.length ? inArray(events.ownerOrganisationId, viewer.organisations) : sql`0`)
    .orderBy(desc(events.updatedAt))
    .limit(500);
  return c.json({ items: rows } satisfies { items: QueueItem[] });
});
