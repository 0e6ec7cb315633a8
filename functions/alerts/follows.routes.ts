/**
 * `GET /api/follows` (the caller's own), `POST /api/follows` `{kind, target}` (idempotent: a
 * second follow of the same target answers the first) and `DELETE /api/follows/:id` (own only).
 */
import { and, eq } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { FOLLOW_KINDS } from "../../db/enums.ts";
import { follows } from "../../db/schema.ts";
import type { AppEnv } from "../env.ts";
import { ApiError, fieldError } from "../errors.ts";
import { parseBody } from "../validation.ts";
import type { FollowsResponse } from "./follows.types.ts";
import { addFollow, followsOf, MAX_FOLLOWS, targetExists } from "./follows.ts";

export const followSchema = z
  .object({
    kind: z.enum(FOLLOW_KINDS, { error: `must be one of ${FOLLOW_KINDS.join(", ")}` }),
    target: z.string({ error: "is required" }).min(1, "is required").max(100, "must be at most 100 characters"),
  })
  .strict();

export const followRoutes = new Hono<AppEnv>()
  .get("/", async (c) => c.json({ follows: await followsOf(c.var.db, c.var.viewer!), max: MAX_FOLLOWS } satisfies FollowsResponse))
  .post("/", async (c) => {
    const viewer = c.var.viewer!;
    const { kind, target } = await parseBody(c, followSchema);
    if (!(await targetExists(c.var.db, viewer, kind, target))) {
      throw kind === "country"
        ? fieldError(400, "target", "must be an ISO 3166-1 alpha-2 country code such as EE", "country_code")
        : fieldError(400, "target", `must be the id of ${kind === "event" ? "a published event you may see" : `an existing ${kind}`}`, "unknown_id");
    }
    const result = await addFollow(c.var.db, viewer.id, kind, target, c.var.now);
    if (!result) throw fieldError(409, "target", `you may follow at most ${MAX_FOLLOWS} things`, "too_many", { errorCode: "too_many_follows" });
    const follow = (await followsOf(c.var.db, viewer)).find((f) => f.id === result.id);
    return c.json(follow, result.created ? 201 : 200);
  })
  .delete("/:id", async (c) => {
    const removed = await c.var.db
      .delete(follows)
      .where(and(eq(follows.id, c.req.param("id")), eq(follows.userId, c.var.viewer!.id)))
      .returning({ id: follows.id });
    if (!removed.length) throw new ApiError(404, "not_found", "No such follow of yours.");
    return c.body(null, 204);
  });
