/**
 * `POST /api/import`: events from an iCalendar file (pasted or uploaded text, or an https link)
 * into one organisation. `commit: false` previews; `commit: true` writes every accepted item in one
 * batch, so an import either happens whole or not at all. Items are matched by UID: a second
 * import updates what the first created instead of duplicating it.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { Hono } from "hono";
import { z } from "zod";
import { events, organisations } from "../../db/schema.ts";
import { audit, diff } from "../audit/audit.ts";
import { isCoordinator, isMemberOf } from "../auth/viewer.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";
import { eventInsertStatements, fieldsOf, keepAlias, slugAfter, slugFor } from "../events/events.commands.ts";
import { eventInput, type EventInput } from "../events/events.input.ts";
import { MAX_COUNT, RecurrenceBudget, ruleProblem, SERIES_STEPS, seriesProblem, type Recurring } from "../lib/recurrence.ts";
import { parseBody } from "../validation.ts";
import { importCsv } from "./csv-import.ts";
import { parseIcs } from "./parse-ics.ts";

export const MAX_ICS_BYTES = 1_000_000;
export const MAX_IMPORT_ITEMS = 500;

export const importSchema = z
  .object({
    organisationId: z.string({ error: "is required" }).regex(/^[a-z0-9][a-z0-9-]{0,99}$/, "must be an organisation id"),
    ics: z.string().max(MAX_ICS_BYTES, `must be at most ${MAX_ICS_BYTES} characters`).optional(),
    url: z
      .string()
      .max(2000)
      .refine((u) => /^https:\/\//i.test(u) && URL.canParse(u), "must be an https:// link to an .ics file")
      .optional(),
    commit: z.boolean({ error: "must be true or false" }).default(false),
    publish: z.boolean().optional(),
  })
  .strict()
  .refine((b) => (b.ics === undefined) !== (b.url === undefined), { path: ["ics"], message: "send either ics (the file's text) or url, not both" });

export type ImportAction = "create" | "update" | "unchanged" | "refuse";
export interface ImportItem {
  uid: string | null;
  title: string | null;
  startsAt: string | null;
  action: ImportAction;
  slug?: string;
  reasons?: string[];
}
export interface ImportReport {
  organisationId: string;
  committed: boolean;
  counts: Record<ImportAction, number>;
  items: ImportItem[];
}

/**
 * Why an item's repetition is refused, checked against the whole import's budget so that a file
 * of hostile rules costs one bounded amount of work, not one per row. The event schema checks
 * the rule again for rows that pass; that costs no more than what was charged here.
 */
function recurrenceRefusal(fields: Record<string, unknown>, budget: RecurrenceBudget): string | null {
  if (typeof fields.rrule !== "string" || ruleProblem(fields.rrule) !== null) return null;
  if (budget.steps < SERIES_STEPS || budget.occurrences < MAX_COUNT) return "rrule: not checked, as the repeating events before it used up what one import may expand; import it in a smaller file";
  try {
    const problem = seriesProblem({ ...(fields as unknown as Recurring), exdates: [] }, budget);
    return problem && `rrule: ${problem}`;
  } catch {
    // Dates the schema will name.
    return null;
  }
}

async function fetchIcs(url: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: "text/calendar, */*;q=0.5" }, signal: AbortSignal.timeout(10_000), redirect: "follow" });
  } catch {
    throw new ApiError(400, "invalid_body", "url: the file could not be fetched", { issues: [{ field: "url", rule: "could not be fetched" }] });
  }
  if (!res.ok) throw new ApiError(400, "invalid_body", `url: the server answered ${res.status}`, { issues: [{ field: "url", rule: `answered HTTP ${res.status}` }] });
  const text = await res.text();
  if (text.length > MAX_ICS_BYTES) throw new ApiError(400, "invalid_body", "url: the file is larger than 1 MB", { issues: [{ field: "url", rule: "must be at most 1 MB" }] });
  return text;
}

export const importRoutes = new Hono<AppEnv>().post("/", async (c) => {
  const { db, viewer, now } = c.var;
  const body = await parseBody(c, importSchema);
  if (!isCoordinator(viewer) && !isMemberOf(viewer, body.organisationId)) {
    throw new ApiError(403, "forbidden", "organisationId: you can import only into your own organisations", { issues: [{ field: "organisationId", rule: "must be one of your organisations" }] });
  }
  if (body.publish && !isCoordinator(viewer)) {
    throw new ApiError(403, "forbidden", "publish: only coordinators publish directly", { issues: [{ field: "publish", rule: "reserved to coordinators" }] });
  }
  const [org] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, body.organisationId));
  if (!org) throw new ApiError(400, "invalid_body", `organisationId: no organisation has the id ${body.organisationId}`, { issues: [{ field: "organisationId", rule: "must be an existing organisation" }] });
  const text = body.ics ?? (await fetchIcs(body.url!));
  const parsed = parseIcs(text);
  if ("error" in parsed) throw new ApiError(400, "invalid_body", `ics: ${parsed.error}`, { issues: [{ field: body.ics !== undefined ? "ics" : "url", rule: parsed.error }] });
  if (parsed.items.length > MAX_IMPORT_ITEMS) {
    throw new ApiError(400, "invalid_body", `ics: at most ${MAX_IMPORT_ITEMS} events per import`, { issues: [{ field: "ics", rule: `at most ${MAX_IMPORT_ITEMS} events` }] });
  }

  const uids = parsed.items.flatMap((i) => (i.kind === "candidate" ? [i.candidate.uid] : []));
  const existing = uids.length
    ? await db.select().from(events).where(and(eq(events.ownerOrganisationId, body.organisationId), inArray(events.icalUid, uids)))
    : [];
  const byUid = new Map(existing.map((e) => [e.icalUid!, e]));

  const items: ImportItem[] = [];
  const statements: BatchItem<"sqlite">[] = [];
  const seen = new Set<string>();
  const moderation = body.publish ? "published" : "draft";
  const budget = new RecurrenceBudget();
  for (const item of parsed.items) {
    if (item.kind === "refused") {
      items.push({ uid: item.uid, title: item.title, startsAt: null, action: "refuse", reasons: item.reasons });
      continue;
    }
    const { uid, fields } = item.candidate;
    const title = (fields.title as string | null) ?? null;
    if (seen.has(uid)) {
      items.push({ uid, title, startsAt: fields.startsAt as string, action: "refuse", reasons: ["UID: appears twice in this file"] });
      continue;
    }
    seen.add(uid);
    const refusal = recurrenceRefusal(fields, budget);
    if (refusal) {
      items.push({ uid, title, startsAt: fields.startsAt as string, action: "refuse", reasons: [refusal] });
      continue;
    }
    const stored = byUid.get(uid);
    const checked = eventInput.safeParse({
      organisers: [body.organisationId],
      topics: [],
      audiences: [],
      languages: [],
      ...(stored ? { type: stored.type, visibility: stored.visibility } : {}),
      ...fields,
      ownerOrganisationId: body.organisationId,
    });
    if (!checked.success) {
      items.push({ uid, title, startsAt: fields.startsAt as string, action: "refuse", reasons: checked.error.issues.map((i) => `${i.path.join(".") || "event"}: ${i.message}`) });
      continue;
    }
    const input: EventInput = checked.data;
    if (!stored) {
      const slug = slugFor(input);
      items.push({ uid, title, startsAt: input.startsAt, action: "create", slug });
      statements.push(...eventInsertStatements(db, crypto.randomUUID(), slug, input, { actorId: viewer!.id, moderation, now, icalUid: uid }));
      continue;
    }
    const imported = { ...fieldsOf(input) } as Record<string, unknown>;
    const current = Object.fromEntries(Object.keys(imported).map((k) => [k, (stored as Record<string, unknown>)[k]]));
    const changes = diff(current, imported);
    if (Object.keys(changes.after).length === 0) {
      items.push({ uid, title, startsAt: input.startsAt, action: "unchanged", slug: stored.slug });
      continue;
    }
    const at = now.toISOString();
    // A partner's import does not change a published event directly: it waits for review.
    const asProposal = stored.moderation === "published" && !isCoordinator(viewer);
    const slug = asProposal ? stored.slug : slugAfter(stored.slug, stored, input);
    items.push({ uid, title, startsAt: input.startsAt, action: "update", slug });
    if (slug !== stored.slug) statements.push(keepAlias(db, stored.slug, stored.id, at));
    statements.push(
      asProposal
        ? db.update(events).set({ pendingChanges: { ...input, organisers: [body.organisationId] }, submittedBy: viewer!.id, submittedAt: at, version: stored.version + 1, updatedAt: at }).where(eq(events.id, stored.id))
        : db.update(events).set({ ...imported, slug, version: stored.version + 1, updatedBy: viewer!.id, updatedAt: at }).where(eq(events.id, stored.id)),
      audit(db, { actorId: viewer!.id, action: "event.import", entity: "event", entityId: stored.id, ...changes, comment: asProposal ? "proposed by import" : "import" }),
    );
  }

  const counts = { create: 0, update: 0, unchanged: 0, refuse: 0 } as Record<ImportAction, number>;
  for (const i of items) counts[i.action]++;
  if (body.commit && statements.length) await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  return c.json({ organisationId: body.organisationId, committed: body.commit, counts, items } satisfies ImportReport);
});

export const csvImportSchema = z
  .object({
    kind: z.enum(["organisations", "people"], { error: "must be organisations or people" }),
    csv: z.string({ error: "is required" }).min(1, "is required").max(MAX_ICS_BYTES, "must be at most 1 MB"),
    commit: z.boolean().default(false),
  })
  .strict();

/** `POST /api/import/csv` (coordinators): organisations or people from a CSV file. */
export const csvImportRoutes = new Hono<AppEnv>().post("/", async (c) => {
  const body = await parseBody(c, csvImportSchema);
  const report = await importCsv(c.var.db, body.kind, body.csv, body.commit, c.var.viewer!.id);
  // Asked to commit a file with errors: nothing was written, and the report says why.
  return c.json(report, body.commit && !report.committed ? 422 : 200);
});
