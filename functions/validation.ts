import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "./env.ts";
import { type FieldIssue, fieldError, invalidInput, type RuleCode } from "./errors.ts";
import { EARLIEST_DATE, isIsoDate, LATEST_DATE } from "./lib/dates.ts";
import { isTimeZone } from "./lib/time.ts";

/**
 * A check's message with its rule code, for `.refine(check, ruled(code, rule))`: the code reaches
 * the 400 body beside the English rule (errors.ts `invalidInput`).
 */
export const ruled = (code: RuleCode, message: string) => ({ message, params: { code } });

/** An issue for `ctx.addIssue` in a refinement: `rule` broken, of kind `code`, at `path`. */
export const issue = (code: RuleCode, message: string, path?: PropertyKey[]) => ({
  code: "custom" as const,
  message,
  params: { code },
  ...(path ? { path } : {}),
});

/** The request's JSON body checked against `schema`: 400 naming each bad field otherwise. */
export async function parseBody<T extends z.ZodType>(c: Context<AppEnv>, schema: T): Promise<z.infer<T>> {
  const raw = await c.req.json().catch(() => {
    throw fieldError(400, "body", "must be a JSON object", "wrong_type");
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
  // The query string parsed once (asking Hono key by key parses it again for every key).
  const params = new URL(c.req.url).searchParams;
  for (const key of singles) {
    const values = params.getAll(key);
    if (values.length) raw[key] = values[values.length - 1];
  }
  for (const key of lists) {
    const values = params.getAll(key);
    if (values.length) raw[key] = values;
  }
  return raw;
}

/**
 * A request's query as one value a key, the last where a key is repeated, as `queryValues` reads
 * singles (Hono's `c.req.query()` keeps the first): every route reads a repeated key alike.
 */
export function queryOf(c: Context<AppEnv>): Record<string, string> {
  return Object.fromEntries(new URL(c.req.url).searchParams);
}

/**
 * A whole number in a query, written in digits, then `rules` (a `z.coerce.number()` with its
 * bounds): `Number()` alone reads "0x7e7" as 2023, "1e3" as 1000 and "" as 0.
 */
export const digits = (rules: z.ZodType<number, unknown>) =>
  z
    .string({ error: "must be a whole number" })
    .regex(/^[0-9]{1,15}$/, ruled("format", "must be a whole number written in digits"))
    .pipe(rules as z.ZodType<number, string>);

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

export { EARLIEST_DATE, LATEST_DATE };
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

/** The issue for a date `problem` (from dateProblem): out of range, or else not in the `format` asked for. */
export const dateIssue = (problem: string, path?: PropertyKey[], format: RuleCode = "date_format") =>
  issue(problem === DATE_RANGE_RULE ? "date_range" : format, problem, path);

/** Reports each of `issues` (rules between fields, checked by a function a PATCH reuses) to zod. */
export function addIssues(ctx: z.RefinementCtx, issues: FieldIssue[]): void {
  for (const i of issues) ctx.addIssue(issue(i.code, i.rule, [i.field]));
}

/** A `YYYY-MM-DD` date within the calendar's range; `required` is the rule when it is missing. */
export const isoDate = (required = "is required (YYYY-MM-DD)") =>
  z.string({ error: required }).superRefine((value, ctx) => {
    const problem = dateProblem(value);
    if (problem) ctx.addIssue(dateIssue(problem));
  });

/** Control characters, line breaks among them: one line holds none (a URL parser drops tabs and line breaks silently). */
export const CONTROL = /[\u0000-\u001f\u007f]/;
/** Control characters free text may not hold: all but tab, line feed and carriage return (RFC 5545 TEXT has no others). */
export const TEXT_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
export const TEXT_CONTROL_RULE = "must not hold control characters other than tabs and line breaks";

/** One line of text: trimmed, at most `max` characters, no line breaks or other control characters. */
export const line = (max: number) =>
  z
    .string({ error: "must be text" })
    .trim()
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !CONTROL.test(s), ruled("format", "must be one line without control characters"));

/** An optional one-line text that may also be cleared (null). */
export const optionalLine = (max: number) => line(max).nullable().optional();

/** Free text (line breaks allowed): trimmed, at most `max` characters. */
export const text = (max: number) =>
  z
    .string({ error: "must be text" })
    .trim()
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !TEXT_CONTROL.test(s), ruled("format", TEXT_CONTROL_RULE));

const ID = /^[a-z0-9][a-z0-9-]{0,99}$/;
/** Whether `value` has the shape of an id. */
export const isId = (value: string): boolean => ID.test(value);
/** Whether `value` has the shape of a slug in a path (an event's or a directory record's, at most 120 characters). */
export const isSlug = (value: string): boolean => /^[a-z0-9][a-z0-9-]{0,119}$/.test(value);

/** An id of a stored row (organisation, topic, audience…): the slug-like shape every table uses. */
export const id = (rule = "must be an id (lower-case letters, digits, hyphens)") =>
  z.string({ error: "is required" }).refine((s) => ID.test(s), ruled("id", rule));

/** A list of ids, at most `max` of them. */
export const ids = (max: number, rule = "must be ids (lower-case letters, digits, hyphens)") => z.array(id(rule)).max(max, `at most ${max}`);

/** The slug a new organisation or project may be given. */
export const slug = () => z.string().refine((s) => /^[a-z0-9][a-z0-9-]{1,59}$/.test(s), ruled("id", "must be 2–60 lower-case letters, digits and hyphens"));

const regionNames = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });
/**
 * Codes ISO 3166-1 keeps for other uses, which Intl still names ("Unknown Region", "European
 * Union", "Pseudo-Accents"): user-assigned AA, QM–QZ, XA–XZ (but XK, Kosovo, in common use) and ZZ,
 * and the exceptional EU, EZ and UN.
 */
const NOT_A_COUNTRY = /^(AA|Q[M-Z]|X[A-JL-Z]|ZZ|EU|EZ|UN)$/;

/** Whether `code` is an ISO 3166-1 alpha-2 code of a country or territory (upper case). */
export const isCountry = (code: string): boolean => /^[A-Z]{2}$/.test(code) && !NOT_A_COUNTRY.test(code) && regionNames.of(code) !== undefined;

/** An ISO 3166-1 alpha-2 country code such as EE. */
export const countryCode = (rule = "must be an ISO 3166-1 alpha-2 code such as EE") => z.string().refine(isCountry, ruled("country_code", rule));

/** A list of country codes, at most `max` of them. */
export const countries = (max: number, rule = "must be ISO 3166-1 alpha-2 codes") => z.array(countryCode(rule)).max(max, `at most ${max}`);

/** A country in a query filter, where lower case is accepted (`?country=ee`). */
export const countryFilter = () =>
  z
    .string()
    .transform((s) => s.toUpperCase())
    .pipe(countryCode("must be ISO 3166-1 alpha-2 codes such as EE"));

/** A BCP 47 language tag such as lv or en-GB. */
export const languageTag = (rule = "must be BCP 47 language tags such as lv") =>
  z.string().refine((s) => /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(s) && wellFormedTag(s), ruled("language_tag", rule));

/** Whether Intl reads `tag` as a well-formed BCP 47 tag (`en-GB` is, `xx-yy-zz-qq`, two regions, is not). */
function wellFormedTag(tag: string): boolean {
  try {
    Intl.getCanonicalLocales(tag);
    return true;
  } catch {
    return false;
  }
}

/** A list of language tags, at most `max` of them. */
export const languageTags = (max: number, rule = "must be BCP 47 tags") => z.array(languageTag(rule)).max(max, `at most ${max}`);

/** Whether `value` is an absolute https:// link. */
export const isHttpsUrl = (value: string): boolean => /^https:\/\//i.test(value) && URL.canParse(value);

/** An https:// link. */
export const httpsUrl = (rule = "must be an https:// link") => z.string().refine(isHttpsUrl, ruled("https_url", rule));

/** An IANA time zone; `example` names one a reader knows. */
export const timeZone = (example = "Europe/Riga") => z.string().refine(isTimeZone, ruled("time_zone", `must be an IANA time zone such as ${example}`));

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
