import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "./env.ts";
import { ApiError, invalidInput } from "./errors.ts";
import { isIsoDate } from "./lib/dates.ts";

/** The request's JSON body checked against `schema`: 400 naming each bad field otherwise. */
export async function parseBody<T extends z.ZodType>(c: Context<AppEnv>, schema: T): Promise<z.infer<T>> {
  const raw = await c.req.json().catch(() => {
    throw new ApiError(400, "invalid_body", "body: must be a JSON object", { issues: [{ field: "body", rule: "must be a JSON object" }] });
  });
  const parsed = schema.safeParse(raw, { reportInput: true });
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
export function listParam<T extends string>(item: z.ZodType<T, string>, max = 50) {
  return z
    .array(z.string())
    .optional()
    .transform((values) =>
      (values ?? [])
        .flatMap((v) => v.split(","))
        .map((v) => v.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).max(max, `at most ${max} values`));
}

/** The earliest and latest date the calendar accepts anywhere: far enough for history and plans, near enough that every loop over days stays short. */
export const EARLIEST_DATE = "1900-01-01";
export const LATEST_DATE = "2200-12-31";
export const DATE_RANGE_RULE = `must be between ${EARLIEST_DATE} and ${LATEST_DATE}`;
/**
 * The most rows one list answer carries where the API has no paging (directory lists, a record's
 * linked items, holds). The region's directory holds tens to hundreds of each; the cap keeps one
 * answer bounded however the data grows.
 */
export const MAX_LIST_ROWS = 2000;
/** The longest one event (one occurrence of a series) may last. */
export const MAX_EVENT_DAYS = 366;

/** Why `value` is not an accepted `YYYY-MM-DD` date (`what` names the expected format), or null. */
export function dateProblem(value: string, what = "a date written YYYY-MM-DD"): string | null {
  if (!isIsoDate(value)) return `must be ${what}`;
  return value < EARLIEST_DATE || value > LATEST_DATE ? DATE_RANGE_RULE : null;
}

/** A `YYYY-MM-DD` date within the calendar's range; `required` is the rule when it is missing. */
export const isoDate = (required = "is required (YYYY-MM-DD)") =>
  z.string({ error: required }).superRefine((value, ctx) => {
    const problem = dateProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

const CONTROL = /[\u0000-\u001f\u007f]/;

/** One line of text: trimmed, at most `max` characters, no line breaks or other control characters. */
export const line = (max: number) =>
  z
    .string({ error: "must be text" })
    .trim()
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !CONTROL.test(s), "must be one line without control characters");

/** An id of a stored row (organisation, topic, audience…): the slug-like shape every table uses. */
export const id = (rule = "must be an id (lower-case letters, digits, hyphens)") => z.string({ error: "is required" }).regex(/^[a-z0-9][a-z0-9-]{0,99}$/, rule);

/** A list of ids, at most `max` of them. */
export const ids = (max: number, rule = "must be ids (lower-case letters, digits, hyphens)") => z.array(id(rule)).max(max, `at most ${max}`);

/** Whether no two items of `list` share a key (an id): a link table holds each pair once. */
export function distinct<T>(list: readonly T[], key: (item: T) => unknown = (item) => item): boolean {
  return new Set(list.map(key)).size === list.length;
}

type WithoutDefault<S> = S extends z.ZodDefault<infer Inner> ? Inner : S;

/**
 * The schema of a PATCH: every field optional, and **no defaults**. zod applies a field's default
 * even inside `.partial()`, so a one-field PATCH would write defaults over every field it did not
 * send (an event's visibility back to public, its languages emptied). Here an absent field stays
 * absent, and the stored value stands.
 */
export function patchSchema<T extends z.ZodRawShape>(fields: z.ZodObject<T>) {
  const shape = Object.fromEntries(
    Object.entries(fields.shape).map(([key, field]) => [key, ((field instanceof z.ZodDefault ? field.unwrap() : field) as z.ZodType).optional()]),
  );
  return z.object(shape).strict() as unknown as z.ZodObject<{ [K in keyof T]: z.ZodOptional<WithoutDefault<T[K]>> }, z.core.$strict>;
}
