import type { Context } from "hono";
import { z } from "zod";
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

/**
 * The query string as a parser wants it: the listed `lists` as arrays (repeated or comma-separated
 * values both work), everything else as its last value.
 */
export function queryValues(c: Context<AppEnv>, singles: readonly string[], lists: readonly string[]): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const key of singles) {
    const values = c.req.queries(key);
    if (values) raw[key] = values[values.length - 1];
  }
  for (const key of lists) {
    const values = c.req.queries(key);
    if (values) raw[key] = values;
  }
  return raw;
}

/** A query filter that may be repeated (`?country=EE&country=LV`) or comma-separated (`?country=EE,LV`). */
export function listParam<T extends string>(item: z.ZodType<T, string>) {
  return z
    .array(z.string())
    .optional()
    .transform((values) => (values ?? []).flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean))
    .pipe(z.array(item).max(50, "at most 50 values"));
}
