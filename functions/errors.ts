import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { z } from "zod";
import { describeForLog, isDatabaseUnavailable, uniqueViolation } from "./db/errors.ts";
import type { AppEnv } from "./env.ts";

/**
 * The stable machine codes of a bad field, one per kind of rule, so that a client can word the rule
 * in its reader's language without matching the English `rule` text (which may be reworded).
 * Most come from the named rules in validation.ts, the rest from zod's own checks (`invalidInput`).
 * Each with what it means; the OpenAPI document lists them from here. A new kind of rule adds a
 * code here; a code's meaning never changes.
 */
export const RULE_CODES = {
  required: "the field is missing (or empty, where text is needed)",
  wrong_type: "a value of the wrong kind: text, a number, true/false, a list or an object was expected",
  unknown_field: "the request does not take this field",
  too_long: "text longer than the limit the rule names",
  too_short: "text shorter than the rule asks",
  too_many: "a list with more items than the limit the rule names",
  too_few: "a list with fewer items than the rule asks",
  out_of_range: "a number outside the range the rule names",
  one_of: "not one of the values the rule lists",
  format: "not in the shape the rule describes (one line, a currency code, a year or date…)",
  duplicate: "a list names the same item twice",
  id: "not an id or slug (lower-case letters, digits, hyphens)",
  unknown_id: "no row has this id",
  country_code: "not an ISO 3166-1 alpha-2 country code such as EE",
  language_tag: "not a BCP 47 language tag such as lv or en-GB",
  https_url: "not an https:// link",
  link: "not an https:// or mailto: link",
  email: "not an e-mail address",
  phone: "not a phone number",
  time_zone: "not an IANA time zone such as Europe/Riga",
  date_format: "not a date written YYYY-MM-DD",
  date_time_format: "not a local date and time written YYYY-MM-DDTHH:MM",
  date_range: "a date outside the range the calendar accepts (the rule names it)",
  after_start: "an end that must come after the start",
  not_before_start: "an end (or `to`) before the start (or `from`)",
  dates_in_order: "dates of one record in the wrong order (such as a hold expiring after it starts)",
  time_skipped: "a local time the clocks skip in the event's time zone (daylight saving begins); the rule names the moment meant",
  event_length: "an event longer than the calendar allows (the rule names the days)",
  range_length: "a span of days longer than the request may ask for",
  not_past: "a date in the past",
  own_organisation: "an organisation the caller is not a member of",
  coordinator_only: "a field only coordinators may set",
  unique: "another record has this value",
  recurrence: "a repetition rule (RRULE) the calendar does not take, as the rule says",
  recurrence_format: "not a valid RRULE",
  recurrence_count: "a COUNT outside the range the rule names",
  recurrence_interval: "an INTERVAL outside the range the rule names",
  recurrence_until_before_start: "an UNTIL before the start",
  recurrence_span: "a series that ends too long after its start (the rule names the years)",
  recurrence_no_date: "a repetition that falls on no date",
  recurrence_start: "a start that is not the first date of its own repetition (RFC 5545 counts the start as the first occurrence)",
  recurrence_occurrences: "a series with more occurrences than the limit the rule names",
  exdate: "a left-out occurrence not written as a local start or a date",
  file: "a file (or its name) the calendar does not take, as the rule says",
  too_large: "a body or file larger than the limit the rule names",
  invalid: "any other rule; the English `rule` says which",
} as const satisfies Record<string, string>;
export type RuleCode = keyof typeof RULE_CODES;

export interface FieldIssue {
  field: string;
  rule: string;
  code: RuleCode;
}

/** The one error type of the API: a status, a stable string code and, for bad input, the fields. */
export class ApiError extends HTTPException {
  readonly code: string;
  readonly issues?: FieldIssue[];
  readonly headers?: Record<string, string>;
  /** For `bad_origin`: the address the calendar is configured for, where the reader should open it. */
  readonly expectedOrigin?: string;
  constructor(
    status: ContentfulStatusCode,
    code: string,
    message: string,
    extra: { issues?: FieldIssue[]; headers?: Record<string, string>; expectedOrigin?: string } = {},
  ) {
    super(status, { message });
    this.code = code;
    this.issues = extra.issues;
    this.headers = extra.headers;
    this.expectedOrigin = extra.expectedOrigin;
  }
}

/**
 * A 4xx about one field: `field` broke `rule` (English, as a person reads it), `code` says which
 * kind of rule for clients; `errorCode` is the error's own code, `message` its one-line text.
 */
export function fieldError(
  status: ContentfulStatusCode,
  field: string,
  rule: string,
  code: RuleCode,
  { errorCode = "invalid_body", message = `${field}: ${rule}` }: { errorCode?: string; message?: string } = {},
): ApiError {
  return new ApiError(status, errorCode, message, { issues: [{ field, rule, code }] });
}

/** `country[1]`, `organisers[0].id`: a path as a person reads it, cut at 100 characters (a key may be any text). */
function fieldName(path: PropertyKey[]): string {
  const name = path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i ? "." : ""}${String(p)}`)).join("");
  return name.length > MAX_FIELD_CHARS ? `${name.slice(0, MAX_FIELD_CHARS)}…` : name;
}
const MAX_FIELD_CHARS = 100;

/**
 * The most issues an answer names; the rest are counted. A body of 450,000 unknown keys made a
 * 56 MB answer in 1.5 s before: every input is bounded, the answer to it too.
 */
export const MAX_ISSUES = 20;

const KINDS: Record<string, string> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "an object",
  date: "a date",
};

/**
 * The rule an issue states. A value of the wrong kind is named as such ("must be a list"), even
 * where a field's own message is meant for a missing value ("is required"), and zod's own wording
 * ("Invalid input: expected array, received string") never reaches a reader. Telling the two apart
 * needs the input, which the parsers ask zod to report (`reportInput`); it is never sent back.
 */
function ruleOf(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_type" && "input" in issue) {
    if (issue.input === undefined) return issue.message.startsWith("Invalid input") ? "is required" : issue.message;
    return `must be ${KINDS[issue.expected] ?? issue.expected}`;
  }
  // A bound a schema left without words of its own ("Too small: expected number to be >=0").
  if ((issue.code === "too_small" || issue.code === "too_big") && /^Too (small|big)/.test(issue.message)) return boundRule(issue);
  return issue.message.startsWith("Invalid input") ? "is not valid here" : issue.message;
}

function boundRule(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  const [side, limit] = issue.code === "too_small" ? ["at least", issue.minimum] : ["at most", issue.maximum];
  if (issue.origin === "string") return `must be ${side} ${String(limit)} characters`;
  if (issue.origin === "array" || issue.origin === "set") return `must have ${side} ${String(limit)} values`;
  return `must be ${side} ${String(limit)}`;
}

const isRuleCode = (value: unknown): value is RuleCode => typeof value === "string" && Object.hasOwn(RULE_CODES, value);

/**
 * The code of an issue: a named rule's own (validation.ts passes it as `params.code`), else the
 * kind of zod's check. A custom check without a code is `invalid`.
 */
export function codeOf(issue: z.core.$ZodIssue): RuleCode {
  const own = (issue as { params?: { code?: unknown } }).params?.code;
  if (isRuleCode(own)) return own;
  switch (issue.code) {
    case "invalid_type":
      return "input" in issue && issue.input !== undefined ? "wrong_type" : "required";
    case "too_big":
      return issue.origin === "string" ? "too_long" : issue.origin === "array" || issue.origin === "set" ? "too_many" : "out_of_range";
    case "too_small":
      if (issue.origin === "string") return issue.minimum === 1 ? "required" : "too_short";
      return issue.origin === "array" || issue.origin === "set" ? "too_few" : "out_of_range";
    case "invalid_value":
      return "one_of";
    case "invalid_format":
      return issue.format === "email" ? "email" : "format";
    case "unrecognized_keys":
      return "unknown_field";
    default:
      return "invalid";
  }
}

/** The field issues of a zod issue (`what` names the whole input when the issue has no path). */
export function fieldIssues(i: z.core.$ZodIssue, what = "query"): FieldIssue[] {
  // A field the request may not send (strict schemas) is named itself, not the object around it.
  return i.code === "unrecognized_keys"
    ? i.keys.slice(0, MAX_ISSUES).map((key) => ({ field: fieldName([...i.path, key]), rule: "is not a field this request takes", code: "unknown_field" }))
    : [{ field: fieldName(i.path) || what, rule: ruleOf(i), code: codeOf(i) }];
}

/** How many field issues a zod issue stands for (`fieldIssues` names at most MAX_ISSUES of them). */
const issueCount = (i: z.core.$ZodIssue) => (i.code === "unrecognized_keys" ? i.keys.length : 1);

/** A 400 naming each bad field, the rule it broke and the rule's code. */
export function invalidInput(error: z.ZodError, what = "query"): ApiError {
  const issues: FieldIssue[] = [];
  let total = 0;
  for (const i of error.issues) {
    total += issueCount(i);
    if (issues.length < MAX_ISSUES) issues.push(...fieldIssues(i, what).slice(0, MAX_ISSUES - issues.length));
  }
  const more = total - issues.length;
  const message = issues.map((i) => `${i.field}: ${i.rule}`).join("; ") + (more > 0 ? `; and ${more} more` : "");
  return new ApiError(400, `invalid_${what}`, message, { issues });
}

export function onError(error: Error, c: Context<AppEnv>) {
  const requestId = c.get("requestId");
  if (error instanceof ApiError) {
    const { code, message, issues, expectedOrigin } = error;
    return c.json({ error: { code, message, ...(issues ? { issues } : {}), ...(expectedOrigin ? { expectedOrigin } : {}) } }, error.status, error.headers);
  }
  if (error instanceof HTTPException) {
    return c.json({ error: { code: "http_error", message: error.message } }, error.status);
  }
  const taken = uniqueViolation(error);
  if (taken !== null) {
    return c.json(
      { error: { code: "conflict", message: `${taken}: must be unique`, issues: [{ field: taken, rule: "must be unique", code: "unique" }] } },
      409,
    );
  }
  if (isDatabaseUnavailable(error)) {
    console.error(JSON.stringify({ level: "error", requestId, msg: "database unavailable", error: describeForLog(error) }));
    return c.json({ error: { code: "database_unavailable", message: "The calendar database cannot be reached. Please try again shortly." } }, 503, {
      "Retry-After": "30",
    });
  }
  console.error(JSON.stringify({ level: "error", requestId, msg: "unhandled", error: describeForLog(error) }));
  return c.json({ error: { code: "internal", message: "Something went wrong on our side.", requestId } }, 500);
}
