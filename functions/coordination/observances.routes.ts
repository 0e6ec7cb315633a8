/**
 * `GET /api/observances?from&to` (anyone: they are public facts), `POST /api/observances`,
 * `PATCH /api/observances/:id` (only the fields sent) and `DELETE /api/observances/:id`:
 * coordinators mark observances and blackout periods; each write is audited in its own batch.
 */
import { eq, sql, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { Hono } from "hono";
import { z } from "zod";
import { observances } from "../../db/schema.ts";
import { audit } from "../audit/audit.ts";
import type { Database } from "../db/client.ts";
import { guard, isGuardFailure } from "../db/guard.ts";
import { changesOf, merged, requireValid, stillAsRead, touches } from "../db/patch.ts";
import type { AppEnv } from "../env.ts";
import { ApiError, invalidInput } from "../errors.ts";
import { addDays, daysBetween } from "../lib/dates.ts";
import { isoDate, issue, parseBody, queryValues } from "../validation.ts";
import { MAX_OBSERVANCE_QUERY_DAYS, type Observance, observanceIssues, observancePatchSchema, observanceSchema, observancesBetween } from "./observances.ts";

export const observancesQuerySchema = z.object({ from: isoDate().optional(), to: isoDate().optional() }).superRefine((q, ctx) => {
  if (!q.from || !q.to) return;
  const span = daysBetween(q.from, q.to);
  if (span < 0) ctx.addIssue(issue("not_before_start", "must not be before from", ["to"]));
  else if (span > MAX_OBSERVANCE_QUERY_DAYS) ctx.addIssue(issue("range_length", `the span must be at most ${MAX_OBSERVANCE_QUERY_DAYS} days`, ["to"]));
});

function publicObservance(o: typeof observances.$inferSelect): Observance {
  return { id: o.id, kind: o.kind, title: o.title, startsOn: o.startsOn, endsOn: o.endsOn, countries: o.countries };
}

async function stored(db: Database, id: string) {
  const [row] = await db.select().from(observances).where(eq(observances.id, id));
  if (!row) throw new ApiError(404, "not_found", "No observance or blackout period has this id");
  return row;
}

/** Runs a batch on a period that must still exist (and, with `asRead`, still have the dates read). */
async function guarded(db: Database, id: string, statements: BatchItem<"sqlite">[], asRead?: SQL): Promise<unknown[]> {
  try {
    const [, ...results] = await db.batch([
      guard(db, sql`EXISTS (SELECT 1 FROM ${observances} WHERE ${observances.id} = ${id} AND ${asRead ?? sql`1`})`),
      ...statements,
    ]);
    return results;
  } catch (error) {
    if (isGuardFailure(error))
      throw new ApiError(409, "observance_changed", "This period was changed or deleted in the meantime; reload it and make your change again.");
    throw error;
  }
}

export const observanceRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const parsed = observancesQuerySchema.safeParse(queryValues(c, ["from", "to"], []));
    if (!parsed.success) throw invalidInput(parsed.error);
    // Left out: a year from today, or the year before the `to` sent.
    const from = parsed.data.from ?? (parsed.data.to ? addDays(parsed.data.to, -365) : c.var.now.toISOString().slice(0, 10));
    const to = parsed.data.to ?? addDays(from, 365);
    return c.json({ observances: await observancesBetween(c.var.db, from, to) });
  })
  .post("/", async (c) => {
    const o = await parseBody(c, observanceSchema);
    const { db, viewer } = c.var;
    const id = crypto.randomUUID();
    await db.batch([
      db.insert(observances).values({ id, ...o, createdBy: viewer!.id }),
      audit(db, { actorId: viewer!.id, action: "observance.create", entity: "observance", entityId: id, after: o }),
    ]);
    return c.json({ id, ...o } satisfies Observance, 201);
  })
  .patch("/:id", async (c) => {
    const { db, viewer, now } = c.var;
    const row = await stored(db, c.req.param("id"));
    const patch = await parseBody(c, observancePatchSchema);
    const before = publicObservance(row);
    const { id, ...fields } = before;
    const changes = changesOf(fields, patch, { sets: ["countries"] });
    // A PATCH that changes nothing writes nothing, and leaves no audit entry.
    if (!changes) return c.json(before);
    requireValid(observanceIssues(merged(fields, patch)));
    const datesAsRead =
      touches(changes, "startsOn") || touches(changes, "endsOn")
        ? stillAsRead({ startsOn: observances.startsOn, endsOn: observances.endsOn }, fields)
        : undefined;
    const [saved] = (await guarded(
      db,
      id,
      [
        db
          .update(observances)
          .set({ ...changes.changed, updatedAt: now.toISOString() })
          .where(eq(observances.id, id))
          .returning(),
        audit(db, { actorId: viewer!.id, action: "observance.update", entity: "observance", entityId: id, before: changes.before, after: changes.after }),
      ],
      datesAsRead,
    )) as [(typeof observances.$inferSelect)[]];
    return c.json(publicObservance(saved[0]));
  })
  .delete("/:id", async (c) => {
    const { db, viewer } = c.var;
    const row = await stored(db, c.req.param("id"));
    const { id, ...fields } = publicObservance(row);
    await guarded(db, id, [
      db.delete(observances).where(eq(observances.id, id)),
      audit(db, { actorId: viewer!.id, action: "observance.delete", entity: "observance", entityId: id, before: fields }),
    ]);
    return c.body(null, 204);
  });
