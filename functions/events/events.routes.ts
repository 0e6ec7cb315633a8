import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { ApiError, invalidInput, fieldError } from "../errors.ts";
import { isSlug, queryValues } from "../validation.ts";
import { etagOf } from "./events.commands.ts";
import { aliasTarget, getEvent, listEventsJson } from "./events.queries.ts";
import { eventsQuerySchema, FILTER_KEYS } from "./events.schema.ts";

export const eventsRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const parsed = eventsQuerySchema.safeParse(queryValues(c, ["from", "to", "tz"], FILTER_KEYS));
    if (!parsed.success) throw invalidInput(parsed.error);
    // The database writes the list as JSON; the Worker passes that text on (events.queries.ts).
    const body = await listEventsJson(c.var.db, parsed.data, c.var.viewer);
    c.header("Cache-Control", "public, max-age=60");
    c.header("Vary", "Cookie");
    return c.body(body, 200, { "Content-Type": "application/json" });
  })
  .get("/:slug", async (c) => {
    const slug = c.req.param("slug");
    if (!isSlug(slug)) {
      throw fieldError(400, "slug", "must be lower-case letters, digits and hyphens, at most 120 characters", "id", { errorCode: "invalid_path" });
    }
    const event = await getEvent(c.var.db, slug, c.var.viewer);
    if (!event) {
      // An old slug leads on only for those who may see the event; for everybody else it is the
      // same 404 as a slug that never existed.
      const current = await aliasTarget(c.var.db, slug, c.var.viewer);
      if (current) {
        // Who may follow it depends on who asks: no shared cache, no browser cache may keep it.
        c.header("Cache-Control", "private, no-store");
        c.header("Vary", "Cookie");
        return c.redirect(`/api/events/${current}`, 308);
      }
      throw new ApiError(404, "not_found", `No published event has the slug ${slug}`);
    }
    // Editors get the version to name in If-Match when they change the event.
    if (event.manage) c.header("ETag", etagOf({ id: event.id, version: event.manage.version }));
    return c.json(event);
  });
