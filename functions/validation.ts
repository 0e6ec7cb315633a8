import type { Context } from "hono";
import type { z } from "zod";
import type { AppEnv } from "./env.ts";
import { ApiError, invalidInput } from "./errors.ts";

/** The request's JSON body checked against `schema`: 400 naming each bad field otherwise. */
export async function parseBody<T extends z.ZodType>(c: Context<AppEnv>, schema: T): Promise<z.infer<T>> {
  const raw = await c.req.json().catch(() => {
    throw new ApiError(400, "invalid_body", "body: must be a JSON object", { issues: [{ field: "body", rule: "must be a JSON object" }] });
  });
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw invalidInput(parsed.error, "body");
  return parsed.data;
}
