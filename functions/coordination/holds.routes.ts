/**
 * `GET/POST /api/holds`, `DELETE /api/holds/:id` (release) and `POST /api/holds/:id/convert`
 * (into a draft event). Holds are visible to partners and coordinators only; they take part in the
 * clash radar and the free-date finder.
 */
import { and, asc, eq, gte, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import { holds, organisations } from "../../db/schema.ts";
import { audit } from "../audit/audit.ts";
import { isCoordinator, isMemberOf } from "../auth/viewer.ts";
import type { AppEnv } from "../env.ts";
import type { Database } from "../db/client.ts";
import { guard, isGuardFailure } from "../db/guard.ts";
import { refs, requireReferences } from "../db/references.ts";
import { ApiError, invalidInput } from "../errors.ts";
import { checkReferences, eventInsertStatements, slugFor } from "../events/events.commands.ts";
import { eventInput } from "../events/events.input.ts";
import { daysBetween } from "../lib/time.ts";
import { dateProblem, id, ids as idList, isoDate, line, MAX_LIST_ROWS, parseBody } from "../validation.ts";

const date = isoDate("is required");
const ids = idList(30, "must be ids").default([]);

/**
 * Runs a batch that changes an active hold, provided it is still active when the batch runs: two
 * conversions (or a release and a conversion) sent at once make one change, never two drafts.
 */
async function guarded(db: Database, holdId: string, statements: BatchItem<"sqlite">[]): Promise<void> {
  try {
    await db.batch([guard(db, sql`EXISTS (SELECT 1 FROM ${holds} WHERE ${holds.id} = ${holdId} AND ${holds.status} = 'active')`), ...statements]);
  } catch (error) {
    if (isGuardFailure(error)) throw new ApiError(409, "hold_not_active", "This hold was released or converted in the meantime.");
    throw error;
  }
}

export const holdSchema = z
  .object({
    organisationId: id("must be an organisation id"),
    title: line(200).min(1, "is required"),
    startsOn: date,
    endsOn: date,
    expiresOn: date,
    countries: z.array(z.string().regex(/^[A-Z]{2}$/, "must be ISO 3166-1 alpha-2 codes")).max(30, "at most 30").default([]),
    audiences: ids,
    topics: ids,
  })
  .strict()
  .superRefine((h, ctx) => {
    // zod runs this even when a date broke its own rule; compare only dates that passed.
    const [starts, ends, expires] = [h.startsOn, h.endsOn, h.expiresOn].map((d) => dateProblem(d) === null);
    if (starts && ends && h.endsOn < h.startsOn) ctx.addIssue({ code: "custom", path: ["endsOn"], message: "must not be before startsOn" });
    else if (starts && ends && daysBetween(h.startsOn, h.endsOn) > 30) ctx.addIssue({ code: "custom", path: ["endsOn"], message: "a hold covers at most 31 days" });
    if (starts && expires && h.expiresOn > h.startsOn) ctx.addIssue({ code: "custom", path: ["expiresOn"], message: "must not be after startsOn" });
  });

function today(c: Context<AppEnv>) {
  return c.var.now.toISOString().slice(0, 10);
}

async function ownHold(c: Context<AppEnv>) {
  const [hold] = await c.var.db.select().from(holds).where(eq(holds.id, c.req.param("id")!));
  if (!hold || hold.status !== "active") throw new ApiError(404, "not_found", "No active hold has this id");
  if (!isCoordinator(c.var.viewer) && !isMemberOf(c.var.viewer, hold.organisationId)) {
    throw new ApiError(403, "forbidden", "Only the holding organisation's partners and coordinators may change this hold.");
  }
  return hold;
}

export const holdRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const rows = await c.var.db
      .select({
        id: holds.id,
        organisationId: holds.organisationId,
        organisation: organisations.name,
        title: holds.title,
        startsOn: holds.startsOn,
        endsOn: holds.endsOn,
        expiresOn: holds.expiresOn,
        countries: holds.countries,
        audiences: holds.audiences,
        topics: holds.topics,
      })
      .from(holds)
      .innerJoin(organisations, eq(organisations.id, holds.organisationId))
      .where(and(eq(holds.status, "active"), gte(holds.expiresOn, today(c))))
      .orderBy(asc(holds.startsOn))
      .limit(MAX_LIST_ROWS);
    return c.json({ holds: rows });
  })
  .post("/", async (c) => {
    const h = await parseBody(c, holdSchema);
    const { db, viewer } = c.var;
    if (!isCoordinator(viewer) && !isMemberOf(viewer, h.organisationId)) {
      throw new ApiError(403, "forbidden", "organisationId: you can hold dates only for your own organisations", { issues: [{ field: "organisationId", rule: "must be one of your organisations" }] });
    }
    if (h.expiresOn < today(c)) throw new ApiError(400, "invalid_body", "expiresOn: must not be in the past", { issues: [{ field: "expiresOn", rule: "must not be in the past" }] });
    await requireReferences(db, [...refs("organisation", "organisationId", [h.organisationId], false), ...refs("audience", "audiences", h.audiences), ...refs("topic", "topics", h.topics)]);
    const id = crypto.randomUUID();
    await db.batch([
      db.insert(holds).values({ id, ...h, createdBy: viewer!.id }),
      audit(db, { actorId: viewer!.id, action: "hold.create", entity: "hold", entityId: id, after: h }),
    ]);
    return c.json({ id }, 201);
  })
  .delete("/:id", async (c) => {
    const hold = await ownHold(c);
    const { db, viewer } = c.var;
    await guarded(db, hold.id, [
      db.update(holds).set({ status: "released" }).where(eq(holds.id, hold.id)),
      audit(db, { actorId: viewer!.id, action: "hold.release", entity: "hold", entityId: hold.id, before: { status: "active" }, after: { status: "released" } }),
    ]);
    return c.body(null, 204);
  })
  .post("/:id/convert", async (c) => {
    const hold = await ownHold(c);
    const { db, viewer, now } = c.var;
    // Holds made before their input was checked as strictly may hold what an event may not.
    const parsed = eventInput.safeParse({
      title: hold.title,
      type: "meeting",
      allDay: true,
      startsAt: hold.startsOn,
      endsAt: hold.endsOn,
      timeZone: "UTC",
      country: hold.countries.length === 1 ? hold.countries[0] : null,
      organisers: [hold.organisationId],
      topics: hold.topics,
      audiences: hold.audiences,
      ownerOrganisationId: hold.organisationId,
      status: "tentative",
    });
    if (!parsed.success) throw invalidInput(parsed.error, "hold");
    const input = parsed.data;
    await checkReferences(db, input);
    // The draft and the hold's new state are written together, or neither is.
    const eventId = crypto.randomUUID();
    const slug = slugFor(input);
    await guarded(db, hold.id, [
      ...eventInsertStatements(db, eventId, slug, input, { actorId: viewer!.id, moderation: "draft", now }),
      db.update(holds).set({ status: "converted", eventId }).where(eq(holds.id, hold.id)),
      audit(db, { actorId: viewer!.id, action: "hold.convert", entity: "hold", entityId: hold.id, after: { event: slug } }),
    ]);
    return c.json({ slug }, 201);
  });
