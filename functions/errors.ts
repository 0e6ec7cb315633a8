import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { z } from "zod";
import { describeForLog, isDatabaseUnavailable } from "./db/errors.ts";
import type { AppEnv } from "./env.ts";

export interface FieldIssue {
  field: string;
  rule: string;
}

/** The one error type of the API: a status, a stable string code and, for bad input, the fields. */
export class ApiError extends HTTPException {
  readonly code: string;
  readonly issues?: FieldIssue[];
  readonly headers?: Record<string, string>;
  constructor(status: ContentfulStatusCode, code: string, message: string, extra: { issues?: FieldIssue[]; headers?: Record<string, string> } = {}) {
    super(status, { message });
    this.code = code;
    this.issues = extra.issues;
    this.headers = extra.headers;
  }
}

/** `country[1]`, `organisers[0].id`: a path as a person reads it. */
function fieldName(path: PropertyKey[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i ? "." : ""}${String(p)}`)).join("");
}

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
  return issue.message.startsWith("Invalid input") ? "is not valid here" : issue.message;
}

/** A 400 naming each bad field and the rule it broke. */
export function invalidInput(error: z.ZodError, what = "query"): ApiError {
  // A field the request may not send (strict schemas) is named itself, not the object around it.
  const issues = error.issues.flatMap((i) =>
    i.code === "unrecognized_keys"
      ? i.keys.map((key) => ({ field: fieldName([...i.path, key]), rule: "is not a field this request takes" }))
      : [{ field: fieldName(i.path) || what, rule: ruleOf(i) }],
  );
  const message = issues.map((i) => `${i.field}: ${i.rule}`).join("; ");
  return new ApiError(400, `invalid_${what}`, message, { issues });
}

export function onError(error: Error, c: Context<AppEnv>) {
  const requestId = c.get("requestId");
  if (error instanceof ApiError) {
    return c.json({ error: { code: error.code, message: error.message, ...(error.issues ? { issues: error.issues } : {}) } }, error.status, error.headers);
  }
  if (error instanceof HTTPException) {
    return c.json({ error: { code: "http_error", message: error.message } }, error.status);
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
