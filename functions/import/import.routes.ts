/**
 * `POST /api/import`: events from an iCalendar file (pasted or uploaded text, or an https link)
 * into one organisation. `commit: false` previews; `commit: true` writes every accepted item in one
 * batch, so an import either happens whole or not at all. Items are matched by UID: a second
 * import updates what the first created instead of duplicating it.
 */
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { organisations } from "../../db/schema.ts";
import { isCoordinator, isMemberOf } from "../auth/viewer.ts";
import type { AppEnv, Config } from "../env.ts";
import { fieldError } from "../errors.ts";
import { id, parseBody } from "../validation.ts";
import { CSV_IMPORT_KINDS } from "../../db/enums.ts";
import { importCsv, MAX_CSV_ROWS, TooManyRows } from "./csv-import.ts";
import { commitIcsImport, planIcsImport, type ImportReport } from "./ics-import.ts";
import { parseIcs } from "./parse-ics.ts";
import { FetchRefusal, refusalOf, safeFetch } from "./safe-fetch.ts";

export const MAX_ICS_BYTES = 1_000_000;
export const MAX_IMPORT_ITEMS = 500;

export const importSchema = z
  .object({
    organisationId: id("must be an organisation id"),
    ics: z.string().max(MAX_ICS_BYTES, `must be at most ${MAX_ICS_BYTES} characters`).optional(),
    // An https:// link to an .ics file; checked by the guarded fetcher (refusalOf), which names the rule.
    url: z.string().max(2000, "must be at most 2000 characters").optional(),
    commit: z.boolean({ error: "must be true or false" }).default(false),
    publish: z.boolean().optional(),
  })
  .strict()
  .refine((b) => (b.ics === undefined) !== (b.url === undefined), { path: ["ics"], message: "send either ics (the file's text) or url, not both" });

/** The text behind an .ics link, through the guarded fetcher (https, public addresses, 1 MB, time limit). */
async function fetchIcs(url: string, config: Config): Promise<string> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw fieldError(400, "url", "must be an https:// link to an .ics file", "https_url");
  }
  const refusal = refusalOf(parsed, config.FEED_FETCH_ALLOW_LOOPBACK);
  if (refusal) throw fieldError(400, "url", refusal, refusal.includes("https://") ? "https_url" : "invalid");
  try {
    const res = await safeFetch(url, { allowLoopback: config.FEED_FETCH_ALLOW_LOOPBACK, timeoutMs: config.FEED_FETCH_TIMEOUT_MS, maxBytes: MAX_ICS_BYTES });
    if (res.kind === "not_modified") throw new FetchRefusal("the server answered 304 Not Modified to a request that asked for no condition");
    return res.text;
  } catch (error) {
    if (!(error instanceof FetchRefusal)) throw error;
    const tooLarge = error.message.includes("larger than");
    throw fieldError(400, "url", `could not be fetched: ${error.message}`, tooLarge ? "too_large" : "invalid", { message: `url: ${error.message}` });
  }
}

export const importRoutes = new Hono<AppEnv>().post("/", async (c) => {
  const { db, viewer, now } = c.var;
  const body = await parseBody(c, importSchema);
  if (!isCoordinator(viewer) && !isMemberOf(viewer, body.organisationId)) {
    throw fieldError(403, "organisationId", "must be one of your organisations", "own_organisation", {
      errorCode: "forbidden",
      message: "organisationId: you can import only into your own organisations",
    });
  }
  if (body.publish && !isCoordinator(viewer)) {
    throw fieldError(403, "publish", "reserved to coordinators", "coordinator_only", {
      errorCode: "forbidden",
      message: "publish: only coordinators publish directly",
    });
  }
  const [org] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, body.organisationId));
  if (!org)
    throw fieldError(400, "organisationId", "must be an existing organisation", "unknown_id", {
      message: `organisationId: no organisation has the id ${body.organisationId}`,
    });
  const text = body.ics ?? (await fetchIcs(body.url!, c.var.config));
  const parsed = parseIcs(text, MAX_IMPORT_ITEMS);
  if ("error" in parsed) throw fieldError(400, body.ics !== undefined ? "ics" : "url", parsed.error, "file", { message: `ics: ${parsed.error}` });
  if (parsed.tooMany) {
    throw fieldError(400, "ics", `at most ${MAX_IMPORT_ITEMS} events`, "too_many", { message: `ics: at most ${MAX_IMPORT_ITEMS} events per import` });
  }

  const plan = await planIcsImport(db, parsed.items, { organisationId: body.organisationId, viewer: viewer!, now, publish: body.publish ?? false });
  if (body.commit) await commitIcsImport(db, plan);
  return c.json({ organisationId: body.organisationId, committed: body.commit, counts: plan.counts, items: plan.items } satisfies ImportReport);
});

export const csvImportSchema = z
  .object({
    kind: z.enum(CSV_IMPORT_KINDS, { error: `must be ${CSV_IMPORT_KINDS.join(" or ")}` }),
    csv: z.string({ error: "is required" }).min(1, "is required").max(MAX_ICS_BYTES, "must be at most 1 MB"),
    commit: z.boolean().default(false),
  })
  .strict();

/** `POST /api/import/csv` (coordinators): organisations or people from a CSV file. */
export const csvImportRoutes = new Hono<AppEnv>().post("/", async (c) => {
  const body = await parseBody(c, csvImportSchema);
  const report = await importCsv(c.var.db, body.kind, body.csv, body.commit, c.var.viewer!.id).catch((error: unknown) => {
    if (!(error instanceof TooManyRows)) throw error;
    throw fieldError(400, "csv", `must have at most ${MAX_CSV_ROWS} rows`, "too_many", {
      message: `csv: at most ${MAX_CSV_ROWS} rows per import; split the file`,
    });
  });
  // Asked to commit a file with errors: nothing was written, and the report says why.
  return c.json(report, body.commit && !report.committed ? 422 : 200);
});
