/** `GET /api/dashboard`, `POST /api/dashboard/acknowledge` and `GET /api/heatmap`. */
import { inArray, sql } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { clashAcknowledgements, events } from "../../db/schema.ts";
import { auditIf } from "../audit/audit.ts";
import type { AppEnv } from "../env.ts";
import { invalidInput, fieldError } from "../errors.ts";
import { parseBody, digits, queryOf } from "../validation.ts";
import { dashboard } from "./dashboard.ts";
import { HEATMAP_DIMENSIONS } from "../../db/enums.ts";
import { heatmap } from "./heatmap.ts";

export const acknowledgeSchema = z
  .object({
    a: z.string({ error: "is required" }).min(1, "is required").max(100, "must be at most 100 characters"),
    b: z.string({ error: "is required" }).min(1, "is required").max(100, "must be at most 100 characters"),
  })
  .strict();
export const heatmapSchema = z.object({
  year: digits(z.coerce.number({ error: "must be a year" }).int().min(1990, "must be 1990 or later").max(2100, "must be 2100 or earlier")),
  by: z.enum(HEATMAP_DIMENSIONS, { error: "must be country, audience or topic" }).default("country"),
});

export const dashboardRoutes = new Hono<AppEnv>()
  .get("/dashboard", async (c) => c.json(await dashboard(c.var.db, c.var.now, c.var.viewer!)))
  .post("/dashboard/acknowledge", async (c) => {
    const { a, b } = await parseBody(c, acknowledgeSchema);
    const { db, viewer } = c.var;
    const found = await db
      .select({ id: events.id })
      .from(events)
      .where(inArray(events.id, [a, b]));
    if (found.length !== 2 || a === b) throw fieldError(400, "b", "must be another event's id", "id", { message: "a, b: must be the ids of two events" });
    const [x, y] = a < b ? [a, b] : [b, a];
    // Acknowledging again changes nothing, so it is not logged again.
    await db.batch([
      auditIf(
        db,
        { actorId: viewer!.id, action: "clash.acknowledge", entity: "event", entityId: x, after: { with: y } },
        sql`NOT EXISTS (SELECT 1 FROM ${clashAcknowledgements} WHERE ${clashAcknowledgements.eventA} = ${x} AND ${clashAcknowledgements.eventB} = ${y})`,
      ),
      db.insert(clashAcknowledgements).values({ eventA: x, eventB: y, acknowledgedBy: viewer!.id }).onConflictDoNothing(),
    ]);
    return c.body(null, 204);
  })
  .get("/heatmap", async (c) => {
    const parsed = heatmapSchema.safeParse(queryOf(c));
    if (!parsed.success) throw invalidInput(parsed.error);
    c.header("Cache-Control", c.var.viewer ? "no-store" : "public, max-age=600");
    return c.json(await heatmap(c.var.db, parsed.data.year, parsed.data.by, c.var.viewer));
  });
