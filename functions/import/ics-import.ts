/**
 * Planning an .ics import: what each item of a parsed file would do to the organisation's events
 * (create, update, leave unchanged, refuse, and why), and the statements that do it in one batch.
 * Items are matched to stored events by UID; an update goes through the event command
 * (eventChangeStatements), so it keeps what the file cannot say and names the version it read.
 */
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { events } from "../../db/schema.ts";
import { audit, diff } from "../audit/audit.ts";
import { isCoordinator, type Viewer } from "../auth/viewer.ts";
import type { Database } from "../db/client.ts";
import { makerOf } from "../consent/consent.ts";
import { isGuardFailure } from "../db/guard.ts";
import { ApiError, fieldIssues } from "../errors.ts";
import { eventChangeStatements, eventInsertStatements, loadEvents, slugFor, toInput, type Change, type StoredEvent } from "../events/events.commands.ts";
import { eventInput, type EventInput } from "../events/events.input.ts";
import { MAX_COUNT, RecurrenceBudget, ruleProblem, SERIES_STEPS, seriesProblem, type Recurring } from "../lib/recurrence.ts";
import { echo, type ParsedItem } from "./parse-ics.ts";
import { explained, type Reason, type ReportNote, ruleReason } from "./report-notes.ts";

export type ImportAction = "create" | "update" | "unchanged" | "refuse" | "cancel" | "duplicate";
const IMPORT_ACTIONS = ["create", "update", "unchanged", "refuse"] as const;
const SYNC_ACTIONS = ["create", "update", "cancel", "unchanged", "duplicate", "refuse"] as const;
export interface ImportItem {
  uid: string | null;
  title: string | null;
  startsAt: string | null;
  action: ImportAction;
  slug?: string;
  /** In English; `notes` holds the same as codes with their values. */
  reasons?: string[];
  notes?: ReportNote[];
}
export interface ImportReport {
  organisationId: string;
  committed: boolean;
  counts: Partial<Record<ImportAction, number>>;
  items: ImportItem[];
}

export interface ImportPlan {
  counts: Partial<Record<ImportAction, number>>;
  items: ImportItem[];
  statements: BatchItem<"sqlite">[];
}

/** A likely twin of a new feed entry among the events already in the calendar (feed-sync/duplicates.ts). */
export interface Twin {
  stored: StoredEvent;
  /** The organisation's own event without a UID: linked to the entry instead of creating another. */
  link: boolean;
  reason: Reason;
}

/**
 * Feed sync (functions/feed-sync): new entries wait for review ("pending") or are published when
 * the organisation is trusted; a change of a published event is a proposal unless trusted; events
 * matched by UID are tied to the source; likely twins are linked or named, not created.
 */
export interface SyncTarget {
  sourceId: string;
  trusted: boolean;
  twinOf: (input: EventInput, uid: string) => Twin | null;
}

/**
 * Why an item's repetition is refused, checked against the whole import's budget so that a file
 * of hostile rules costs one bounded amount of work, not one per row. The event schema checks
 * the rule again for rows that pass; that costs no more than what was charged here.
 */
function recurrenceRefusal(fields: Record<string, unknown>, budget: RecurrenceBudget): string | null {
  if (typeof fields.rrule !== "string" || ruleProblem(fields.rrule) !== null) return null;
  if (budget.steps < SERIES_STEPS || budget.occurrences < MAX_COUNT)
    return "rrule: not checked, as the repeating events before it used up what one import may expand; import it in a smaller file";
  try {
    const problem = seriesProblem({ ...(fields as unknown as Recurring), exdates: [] }, budget);
    return problem && `rrule: ${problem}`;
  } catch {
    // Dates the schema will name.
    return null;
  }
}

/** What importing `items` into an organisation would do, and the statements that do it. */
export async function planIcsImport(
  db: Database,
  items: ParsedItem[],
  target: { organisationId: string; viewer: Viewer; now: Date; publish: boolean; sync?: SyncTarget },
): Promise<ImportPlan> {
  const sync = target.sync;
  const now = target.now;
  const uids = items.flatMap((i) => (i.kind === "candidate" ? [i.candidate.uid] : []));
  const existing = uids.length ? await loadEvents(db, and(eq(events.ownerOrganisationId, target.organisationId), inArray(events.icalUid, uids))!) : [];
  const byUid = new Map(existing.map((e) => [e.row.icalUid!, e]));

  const report: ImportItem[] = [];
  const statements: BatchItem<"sqlite">[] = [];
  const seen = new Set<string>();
  const moderation = sync ? (sync.trusted ? "published" : "pending") : target.publish ? "published" : "draft";
  const budget = new RecurrenceBudget();
  for (const item of items) {
    if (item.kind === "refused") {
      report.push({ uid: item.uid, title: item.title, startsAt: null, action: "refuse", ...explained(item.reasons) });
      continue;
    }
    const { uid, fields } = item.candidate;
    // A report repeats the file's title at most ECHO_CHARS long (the event rules refuse a longer one).
    const title = fields.title == null ? null : echo(String(fields.title));
    if (seen.has(uid)) {
      report.push({
        uid,
        title,
        startsAt: fields.startsAt as string,
        action: "refuse",
        ...explained([{ code: "uid_twice", text: "UID: appears twice in this file" }]),
      });
      continue;
    }
    seen.add(uid);
    const refusal = recurrenceRefusal(fields, budget);
    if (refusal) {
      report.push({ uid, title, startsAt: fields.startsAt as string, action: "refuse", ...explained([{ code: "recurrence", field: "rrule", text: refusal }]) });
      continue;
    }
    const stored = byUid.get(uid);
    // A partner's import does not change a published event directly: it waits for review, on top
    // of what is waiting already.
    // A feed's change is a proposal unless a coordinator trusts the organisation, whoever registered it.
    const asProposal = stored?.row.moderation === "published" && (sync ? !sync.trusted : !isCoordinator(target.viewer));
    // What the file says replaces what is stored; what it cannot say (type, visibility, topics,
    // audiences, languages, city, country, …) is kept, as a PATCH keeps the fields it leaves out.
    const base = stored
      ? asProposal && stored.row.pendingChanges
        ? (stored.row.pendingChanges as EventInput)
        : toInput(stored)
      : { organisers: [target.organisationId], type: "other" };
    const checked = eventInput.safeParse({ ...base, ...fields, ownerOrganisationId: stored?.row.ownerOrganisationId ?? target.organisationId });
    if (!checked.success) {
      report.push({
        uid,
        title,
        startsAt: fields.startsAt as string,
        action: "refuse",
        ...explained(checked.error.issues.flatMap((i) => fieldIssues(i, "event")).map(ruleReason)),
      });
      continue;
    }
    const input: EventInput = checked.data;
    if (!stored) {
      const twin = sync?.twinOf(input, uid);
      if (twin) {
        report.push({
          uid,
          title,
          startsAt: input.startsAt,
          action: "duplicate",
          slug: twin.link ? twin.stored.row.slug : undefined,
          ...explained([twin.reason]),
        });
        if (twin.link) statements.push(...linkStatements(db, twin.stored, uid, sync!.sourceId, target.viewer.id));
        continue;
      }
      const slug = slugFor(input);
      report.push({ uid, title, startsAt: input.startsAt, action: "create", slug });
      statements.push(
        ...eventInsertStatements(db, crypto.randomUUID(), slug, input, {
          actorId: target.viewer.id,
          moderation,
          now,
          icalUid: uid,
          feedSourceId: sync?.sourceId,
        }),
      );
      continue;
    }
    // An event imported by hand (or linked) before its source was registered is tied to it now.
    if (sync && stored.row.feedSourceId !== sync.sourceId)
      statements.push(db.update(events).set({ feedSourceId: sync.sourceId }).where(eq(events.id, stored.row.id)));
    if (Object.keys(diff(base, input).after).length === 0) {
      report.push({ uid, title, startsAt: input.startsAt, action: "unchanged", slug: stored.row.slug });
      continue;
    }
    const change: Change = asProposal ? { kind: "propose", input } : { kind: "apply", input };
    const planned = eventChangeStatements(db, stored, stored.row.version, change, {
      actorId: target.viewer.id,
      now,
      action: "event.import",
      comment: asProposal ? "proposed by import" : "import",
      maker: makerOf(target.viewer),
    });
    const cancels = sync && input.status === "cancelled" && (base as EventInput).status !== "cancelled";
    report.push({
      uid,
      title,
      startsAt: input.startsAt,
      action: cancels ? "cancel" : "update",
      slug: planned.slug,
      ...(asProposal ? explained([{ code: "waits_for_review", text: "waits for review: the event is published" }]) : {}),
    });
    statements.push(...planned.statements);
  }

  return { counts: countsOf(report, sync ? SYNC_ACTIONS : IMPORT_ACTIONS), items: report, statements };
}

/** How many items took each action, every action of `actions` named. */
export function countsOf(items: ImportItem[], actions: readonly ImportAction[] = SYNC_ACTIONS): Partial<Record<ImportAction, number>> {
  const counts: Partial<Record<ImportAction, number>> = Object.fromEntries(actions.map((a) => [a, 0]));
  for (const i of items) counts[i.action] = (counts[i.action] ?? 0) + 1;
  return counts;
}

/** Ties an event already in the calendar to a feed entry: it takes the entry's UID and source, with an audit entry. */
function linkStatements(db: Database, stored: StoredEvent, uid: string, sourceId: string, actorId: string): BatchItem<"sqlite">[] {
  return [
    db
      .update(events)
      .set({ icalUid: uid, feedSourceId: sourceId })
      .where(and(eq(events.id, stored.row.id), isNull(events.icalUid))),
    audit(db, {
      actorId,
      action: "event.import",
      entity: "event",
      entityId: stored.row.id,
      before: { icalUid: null },
      after: { icalUid: uid },
      comment: "linked to a calendar feed",
    }),
  ];
}

/** Writes a plan whole, or nothing when one of its events changed since it was planned (409). */
export async function commitIcsImport(db: Database, plan: ImportPlan): Promise<void> {
  if (!plan.statements.length) return;
  try {
    await db.batch(plan.statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  } catch (error) {
    if (!isGuardFailure(error)) throw error;
    throw new ApiError(
      409,
      "import_conflict",
      "An event in this file was changed by someone else while it was being imported, so nothing was imported. Preview the import again, then import it.",
    );
  }
}
