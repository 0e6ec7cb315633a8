/**
 * `GET/POST /api/holds`, `PATCH /api/holds/:id` (change only the fields sent), `DELETE
 * /api/holds/:id` (release) and `POST /api/holds/:id/convert`
 * (into a draft event). Holds are visible to partners and coordinators only; they take part in the
 * clash radar and the free-date finder.
 */
import { and, asc, eq, gte, sql, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import { holds, organisations } from "../../db/schema.ts";
import { audit } from "../audit/audit.ts";
import { isCoordinator, isMemberOf } from "../auth/viewer.ts";
import type { AppEnv } from "../env.ts";
import type { Database } from "../db/client.ts";
import { guard, isGuardFailure, onGuardFailure } from "../db/guard.ts";
import { refs, requireReferences } from "../db/references.ts";
import { ApiError, fieldError, invalidInput, type FieldIssue } from "../errors.ts";
import { changesOf, merged, requireValid, stillAsRead, touches } from "../db/patch.ts";
import { checkReferences, eventInsertStatements, slugFor } from "../events/events.commands.ts";
import { eventInput } from "../events/events.input.ts";
import { daysBetween } from "../lib/dates.ts";
import { addIssues, countries, dateProblem, id, ids as idList, isoDate, line, MAX_LIST_ROWS, parseBody, patchSchema } from "../validation.ts";
import type { HoldRow } from "./holds.types.ts";

/**
 * Active holds one organisation may have at once: a hold saves a few dates ahead, and every clash
 * check and free-date search reads all of them.
 */
export const MAX_ACTIVE_HOLDS = 50;

const date = isoDate("is required");
const ids = idList(30, "must be ids").default([]);

export const holdFields = z.object({
  organisationId: id("must be an organisation id"),
  title: line(200).min(1, "is required"),
  startsOn: date,
  endsOn: date,
  expiresOn: date,
  countries: countries(30).default([]),
  audiences: ids,
  topics: ids,
});
type HoldFields = z.infer<typeof holdFields>;
const DATE_FIELDS = ["startsOn", "endsOn", "expiresOn"] as const;

/** The rules between a hold's dates, for a new hold and for a hold as a PATCH would leave it. */
function holdIssues(h: Pick<HoldFields, "startsOn" | "endsOn" | "expiresOn">): FieldIssue[] {
  // zod runs a refinement even when a date broke its own rule; compare only dates that passed.
  const [starts, ends, expires] = [h.startsOn, h.endsOn, h.expiresOn].map((d) => dateProblem(d) === null);
  const issues: FieldIssue[] = [];
  if (starts && ends && h.endsOn < h.startsOn) issues.push({ field: "endsOn", rule: "must not be before startsOn", code: "not_before_start" });
  else if (starts && ends && daysBetween(h.startsOn, h.endsOn) > 30)
    issues.push({ field: "endsOn", rule: "a hold covers at most 31 days", code: "range_length" });
  if (starts && expires && h.expiresOn > h.startsOn) issues.push({ field: "expiresOn", rule: "must not be after startsOn", code: "dates_in_order" });
  return issues;
}

export const holdSchema = holdFields.strict().superRefine((h, ctx) => {
  addIssues(ctx, holdIssues(h));
});
/** An edit of a hold: any of its fields, none defaulted. */
export const holdPatchSchema = patchSchema(holdFields);

const pastExpiry = () => fieldError(400, "expiresOn", "must not be in the past", "not_past");

/**
 * Runs a batch that changes an active hold, provided it is still active when the batch runs: two
 * conversions (or a release and a conversion) sent at once make one change, never two drafts.
 * `asRead` adds what else must still hold (an edit's dates as it read them, so that two edits at
 * once cannot leave dates that break the rules between them). Returns the statements' results.
 */
async function guarded(db: Database, holdId: string, statements: BatchItem<"sqlite">[], asRead?: SQL): Promise<unknown[]> {
  try {
    const [, ...results] = await db.batch([
      guard(db, sql`EXISTS (SELECT 1 FROM ${holds} WHERE ${holds.id} = ${holdId} AND ${holds.status} = 'active' AND ${asRead ?? sql`1`})`),
      ...statements,
    ]);
    return results;
  } catch (error) {
    if (isGuardFailure(error)) {
      throw asRead
        ? new ApiError(409, "hold_changed", "This hold was changed, released or converted in the meantime; reload it and make your change again.")
        : new ApiError(409, "hold_not_active", "This hold was released or converted in the meantime.");
    }
    throw error;
  }
}

function today(c: Context<AppEnv>) {
  return c.var.now.toISOString().slice(0, 10);
}

async function ownHold(c: Context<AppEnv>) {
  const [hold] = await c.var.db
    .select()
    .from(holds)
    .where(eq(holds.id, c.req.param("id")!));
  if (hold?.status !== "active") throw new ApiError(404, "not_found", "No active hold has this id");
  if (!isCoordinator(c.var.viewer) && !isMemberOf(c.var.viewer, hold.organisationId)) {
    throw new ApiError(403, "forbidden", "Only the holding organisation's partners and coordinators may change this hold.");
  }
  return hold;
}

/** A hold as the API shows it. */
function publicHold(h: typeof holds.$inferSelect) {
  return {
    id: h.id,
    organisationId: h.organisationId,
    title: h.title,
    startsOn: h.startsOn,
    endsOn: h.endsOn,
    expiresOn: h.expiresOn,
    countries: h.countries,
    audiences: h.audiences,
    topics: h.topics,
  };
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
    return c.json({ holds: rows } satisfies { holds: HoldRow[] });
  })
  .post("/", async (c) => {
    const h = await parseBody(c, holdSchema);
    const { db, viewer } = c.var;
    if (!isCoordinator(viewer) && !isMemberOf(viewer, h.organisationId)) {
      throw fieldError(403, "organisationId", "must be one of your organisations", "own_organisation", {
        errorCode: "forbidden",
        message: "organisationId: you can hold dates only for your own organisations",
      });
    }
    if (h.expiresOn < today(c)) throw pastExpiry();
    await requireReferences(db, [
      ...refs("organisation", "organisationId", [h.organisationId], false),
      ...refs("audience", "audiences", h.audiences),
      ...refs("topic", "topics", h.topics),
    ]);
    const id = crypto.randomUUID();
    // Counted in the write's own batch, so holds sent at the same moment cannot pass it together.
    const active = sql`(SELECT count(*) FROM ${holds} WHERE ${holds.organisationId} = ${h.organisationId} AND ${holds.status} = 'active' AND ${holds.expiresOn} >= ${today(c)})`;
    await db
      .batch([
        guard(db, sql`${active} < ${MAX_ACTIVE_HOLDS}`),
        db.insert(holds).values({ id, ...h, createdBy: viewer!.id }),
        audit(db, { actorId: viewer!.id, action: "hold.create", entity: "hold", entityId: id, after: h }),
      ])
      .catch(
        onGuardFailure(() => fieldError(409, "organisationId", `may hold at most ${MAX_ACTIVE_HOLDS} dates at a time`, "too_many", { errorCode: "too_many" })),
      );
    return c.json({ id }, 201);
  })
  .patch("/:id", async (c) => {
    const hold = await ownHold(c);
    const patch = await parseBody(c, holdPatchSchema);
    const { db, viewer } = c.var;
    const stored: HoldFields = {
      organisationId: hold.organisationId,
      title: hold.title,
      startsOn: hold.startsOn,
      endsOn: hold.endsOn,
      expiresOn: hold.expiresOn,
      countries: hold.countries,
      audiences: hold.audiences,
      topics: hold.topics,
    };
    const changes = changesOf(stored, patch);
    // A PATCH that changes nothing writes nothing, and leaves no audit entry.
    if (!changes) return c.json(publicHold(hold));
    const { organisationId, expiresOn, audiences, topics } = changes.changed;
    if (organisationId && !isCoordinator(viewer) && !isMemberOf(viewer, organisationId)) {
      throw fieldError(403, "organisationId", "must be one of your organisations", "own_organisation", {
        errorCode: "forbidden",
        message: "organisationId: you can hold dates only for your own organisations",
      });
    }
    requireValid(holdIssues(merged(stored, patch)));
    if (expiresOn && expiresOn < today(c)) throw pastExpiry();
    await requireReferences(db, [
      ...refs("organisation", "organisationId", organisationId ? [organisationId] : [], false),
      ...refs("audience", "audiences", audiences ?? []),
      ...refs("topic", "topics", topics ?? []),
    ]);
    // The rules between the dates were checked on the dates read; the write stands only on those.
    const datesAsRead = DATE_FIELDS.some((f) => touches(changes, f))
      ? stillAsRead({ startsOn: holds.startsOn, endsOn: holds.endsOn, expiresOn: holds.expiresOn }, stored)
      : undefined;
    // A new expiry is a new reminder: the holder is told again before the new date.
    const [saved] = (await guarded(
      db,
      hold.id,
      [
        db
          .update(holds)
          .set({ ...changes.changed, ...(expiresOn ? { remindedAt: null } : {}) })
          .where(eq(holds.id, hold.id))
          .returning(),
        audit(db, { actorId: viewer!.id, action: "hold.update", entity: "hold", entityId: hold.id, before: changes.before, after: changes.after }),
      ],
      datesAsRead,
    )) as [(typeof holds.$inferSelect)[]];
    return c.json(publicHold(saved[0]));
  })
  .delete("/:id", async (c) => {
    const hold = await ownHold(c);
    const { db, viewer } = c.var;
    await guarded(db, hold.id, [
      db.update(holds).set({ status: "released" }).where(eq(holds.id, hold.id)),
      audit(db, {
        actorId: viewer!.id,
        action: "hold.release",
        entity: "hold",
        entityId: hold.id,
        before: { status: "active" },
        after: { status: "released" },
      }),
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
