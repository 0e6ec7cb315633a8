/**
 * `GET /api/search?q=`: one search across events, organisations, people (name and title only),
 * documents and projects, grouped by kind, each within the viewer's visibility.
 */
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../env.ts";
import { invalidInput } from "../errors.ts";
import { searchEvents } from "../events/events.queries.ts";
import { filtersSchema, FILTER_KEYS } from "../events/events.schema.ts";
import { queryValues } from "../validation.ts";
import { searchDirectory } from "./directory-search.ts";
import { documentKindsNamed, ftsQuery } from "./word-forms.ts";
import type { SearchResponse } from "./search.types.ts";

const searchSchema = filtersSchema.extend({
  q: z
    .string({ error: "is required" })
    .trim()
    .min(1, "is required")
    .max(200, "must be at most 200 characters")
    .refine((q) => ftsQuery(q) !== null, "must contain letters or digits"),
});

export const searchRoutes = new Hono<AppEnv>().get("/", async (c) => {
  const parsed = searchSchema.safeParse(queryValues(c, ["q"], FILTER_KEYS));
  if (!parsed.success) throw invalidInput(parsed.error);
  const { q, ...filters } = parsed.data;
  const match = ftsQuery(q)!;
  const [events, directory] = await Promise.all([
    searchEvents(c.var.db, match, filters, c.var.viewer, c.var.now),
    searchDirectory(c.var.db, match, documentKindsNamed(q)),
  ]);
  return c.json({ q, events, ...directory } satisfies SearchResponse);
});
