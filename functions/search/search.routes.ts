/** `GET /api/search?q=`: free-text search over events (the directory joins it with its issue). */
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../env.ts";
import { invalidInput } from "../errors.ts";
import { ftsQuery, searchEvents } from "../events/events.queries.ts";
import { filtersSchema, FILTER_KEYS, type EventSummary } from "../events/events.schema.ts";
import { queryValues } from "../validation.ts";

const searchSchema = filtersSchema.extend({
  q: z
    .string({ error: "is required" })
    .trim()
    .min(1, "is required")
    .max(200, "must be at most 200 characters")
    .refine((q) => ftsQuery(q) !== null, "must contain letters or digits"),
});

export interface SearchResponse {
  q: string;
  events: EventSummary[];
}

export const searchRoutes = new Hono<AppEnv>().get("/", async (c) => {
  const parsed = searchSchema.safeParse(queryValues(c, ["q"], FILTER_KEYS));
  if (!parsed.success) throw invalidInput(parsed.error);
  const { q, ...filters } = parsed.data;
  const events = await searchEvents(c.var.db, ftsQuery(q)!, filters, c.var.viewer, c.var.now);
  return c.json({ q, events } satisfies SearchResponse);
});
