/**
 * Event writes: create, update (directly or as a proposal waiting for review), submit, approve,
 * return, delete. Every write checks the version it was based on inside one write transaction,
 * replaces the link rows and appends its audit entry there, so a lost race changes nothing.
 */
import { eq, sql, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { eventAudiences, eventOrganisers, events, eventSlugAliases, eventTopics, users } from "../../db/schema.ts";
import { audit, diff } from "../audit/audit.ts";
import type { Database } from "../db/client.ts";
import { guard, isGuardFailure } from "../db/guard.ts";
import { refs, requireReferences } from "../db/references.ts";
import { ApiError } from "../errors.ts";
import { eventInstants } from "../lib/instants.ts";
import { ACCEPT_ALL, consentFor, type Consent, type Maker } from "../consent/consent.ts";
import { eventInput, type EventInput } from "./events.input.ts";
import { busyFace } from "./visibility.ts";

export type EventRow = typeof events.$inferSelect;
export interface StoredEvent {
  row: EventRow;
  /** Every linked organisation, the lead first, accepted or only proposed. */
  organisers: string[];
  /** The consent state of each organiser link, by organisation id. */
  consent: Record<string, Consent>;
  topics: string[];
  audiences: string[];
}

/** The stored events that match `where`, with their link ids, whatever their moderation state. */
export async function loadEvents(db: Database, where: SQL): Promise<StoredEvent[]> {
  const found = await db
    .select({
      row: events,
      organisers: sql<string>`(SELECT json_group_array(json_array(organisation_id, consent)) FROM (SELECT organisation_id, consent FROM event_organisers WHERE event_id = events.id ORDER BY is_lead DESC, rowid))`,
      topics: sql<string>`(SELECT json_group_array(topic_id) FROM event_topics WHERE event_id = events.id)`,
      audiences: sql<string>`(SELECT json_group_array(audience_id) FROM event_audiences WHERE event_id = events.id)`,
    })
    .from(events)
    .where(where);
  return found.map((f) => {
    const links = JSON.parse(f.organisers) as [string, Consent][];
    return {
      row: f.row,
      organisers: links.map(([id]) => id),
      consent: Object.fromEntries(links),
      topics: JSON.parse(f.topics),
      audiences: JSON.parse(f.audiences),
    };
  });
}

/** The stored event with its link ids, whatever its moderation state. */
export async function loadEvent(db: Database, slug: string): Promise<StoredEvent | null> {
  const [found] = await loadEvents(db, eq(events.slug, slug));
  return found ?? null;
}

/** The editable fields of a stored event, in the shape of the input. */
export function toInput(e: StoredEvent): EventInput {
  const r = e.row;
  return {
    title: r.title,
    summary: r.summary,
    description: r.description,
    type: r.type,
    status: r.status,
    visibility: r.visibility,
    allDay: r.allDay,
    startsAt: r.startsAt,
    endsAt: r.endsAt,
    timeZone: r.timeZone,
    venue: r.venue,
    city: r.city,
    country: r.country,
    onlineUrl: r.onlineUrl,
    registrationUrl: r.registrationUrl,
    attendanceMode: r.attendanceMode,
    languages: r.languages,
    organisers: e.organisers,
    topics: e.topics,
    audiences: e.audiences,
    ownerOrganisationId: r.ownerOrganisationId ?? e.organisers[0],
    rrule: r.rrule,
    exdates: r.exdates,
    clashJustification: r.clashJustification,
    major: r.major,
  };
}

/** 400 naming each referenced id that does not exist. */
export async function checkReferences(db: Database, input: EventInput): Promise<void> {
  await requireReferences(db, [
    ...refs("organisation", "organisers", input.organisers),
    ...refs("organisation", "ownerOrganisationId", [input.ownerOrganisationId], false),
    ...refs("topic", "topics", input.topics),
    ...refs("audience", "audiences", input.audiences),
  ]);
}

/** Strong ETag of an event version. */
export function etagOf(row: Pick<EventRow, "id" | "version">): string {
  return `"${row.id}.${row.version}"`;
}

/** A URL-friendly, unique slug from a title. */
export function makeSlug(title: string): string {
  const base = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  const suffix = [...crypto.getRandomValues(new Uint8Array(4))].map((b) => (b % 36).toString(36)).join("");
  return `${base || "event"}-${suffix}`;
}

/**
 * A slug that tells nothing: "e-" and 16 random lower-case hex digits (64 bits, as migration 0012
 * writes them). Non-public events carry one, because a slug shows wherever the event is listed,
 * also to viewers who may not see its title.
 */
export function makeOpaqueSlug(): string {
  return `e-${[...crypto.getRandomValues(new Uint8Array(8))].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** The one rule for a new event's slug: made from the title only when the event is public. */
export function slugFor(input: Pick<EventInput, "title" | "visibility">): string {
  return input.visibility === "public" ? makeSlug(input.title) : makeOpaqueSlug();
}

/**
 * The slug an event carries after a change from `before` to `after`: a public event that becomes
 * busy-only or partner-only trades its title slug for an opaque one (the writer keeps the old one
 * as an alias, `keepAlias`); every other change keeps the slug (an opaque one says nothing, so an
 * event made public again may keep it).
 */
export function slugAfter(currentSlug: string, before: Pick<EventInput, "visibility">, after: Pick<EventInput, "visibility">): string {
  return before.visibility === "public" && after.visibility !== "public" ? makeOpaqueSlug() : currentSlug;
}

/**
 * Keeps a slug an event gives up as its alias (a statement for a batch or a transaction). A title
 * slug may, rarely, be an older event's alias already (same title, same random suffix): the event
 * that carried it last takes it over, rather than the write failing.
 */
export function keepAlias(db: Database, slug: string, eventId: string, at: string) {
  return db
    .insert(eventSlugAliases)
    .values({ slug, eventId, createdAt: at })
    .onConflictDoUpdate({ target: eventSlugAliases.slug, set: { eventId, createdAt: at } });
}

export function fieldsOf(input: EventInput) {
  const { organisers: _o, topics: _t, audiences: _a, ...columns } = input;
  return { ...columns, ...eventInstants(input) };
}

/**
 * The statements that write an event's organiser, topic and audience rows. The first organiser is
 * the lead; each organiser link's consent is decided by who named it (consent.ts), and a link that
 * existed keeps its state. (Search indexes accepted organisers only: migration 0014.)
 */
function linkInserts(db: Database, eventId: string, input: EventInput, maker: Maker, existing: Record<string, Consent> = {}): BatchItem<"sqlite">[] {
  const statements: BatchItem<"sqlite">[] = [
    db.insert(eventOrganisers).values(
      input.organisers.map((organisationId, i) => ({
        eventId,
        organisationId,
        isLead: i === 0,
        consent: consentFor(maker, organisationId, existing[organisationId]),
      })),
    ),
  ];
  if (input.topics.length) statements.push(db.insert(eventTopics).values(input.topics.map((topicId) => ({ eventId, topicId }))));
  if (input.audiences.length) statements.push(db.insert(eventAudiences).values(input.audiences.map((audienceId) => ({ eventId, audienceId }))));
  return statements;
}

/** The statements that replace an event's link rows with the input's. */
function replaceLinks(db: Database, eventId: string, input: EventInput, maker: Maker, existing: Record<string, Consent>): BatchItem<"sqlite">[] {
  return [
    db.delete(eventOrganisers).where(eq(eventOrganisers.eventId, eventId)),
    db.delete(eventTopics).where(eq(eventTopics.eventId, eventId)),
    db.delete(eventAudiences).where(eq(eventAudiences.eventId, eventId)),
    ...linkInserts(db, eventId, input, maker, existing),
  ];
}

/**
 * The statements that insert a new event with its links and audit entry, for one batch. `maker`
 * decides which organiser links are only proposed; imports and holds name only the actor's own
 * organisation, checked before, and leave it out.
 */
export function eventInsertStatements(
  db: Database,
  id: string,
  slug: string,
  input: EventInput,
  meta: { actorId: string; moderation: "draft" | "pending" | "published"; now: Date; icalUid?: string; feedSourceId?: string; maker?: Maker },
): BatchItem<"sqlite">[] {
  const at = meta.now.toISOString();
  return [
    db.insert(events).values({
      id,
      slug,
      ...fieldsOf(input),
      moderation: meta.moderation,
      icalUid: meta.icalUid ?? null,
      feedSourceId: meta.feedSourceId ?? null,
      createdBy: meta.actorId,
      updatedBy: meta.actorId,
      createdAt: at,
      updatedAt: at,
      busyRevisedAt: at,
      ...(meta.moderation === "published" ? { reviewedBy: meta.actorId, reviewedAt: at } : {}),
      // A feed's new entry arrives submitted, in the review queue (feed sync).
      ...(meta.moderation === "pending" ? { submittedBy: meta.actorId, submittedAt: at } : {}),
    }),
    ...linkInserts(db, id, input, meta.maker ?? ACCEPT_ALL),
    audit(db, {
      actorId: meta.actorId,
      action: meta.icalUid ? "event.import" : "event.create",
      entity: "event",
      entityId: id,
      after: { ...input, moderation: meta.moderation },
    }),
  ];
}

/** Inserts a new event with its links and audit entry, in one batch. */
export async function createEvent(
  db: Database,
  input: EventInput,
  meta: { actorId: string; moderation: "draft" | "published"; now: Date; maker: Maker },
): Promise<string> {
  const slug = slugFor(input);
  await db.batch(eventInsertStatements(db, crypto.randomUUID(), slug, input, meta) as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  return slug;
}

/**
 * The busy revision's columns (db/schema/events.ts) when `after` changes what a viewer who sees the
 * event as busy is shown of it (`busyFace`), named by `maker`; nothing otherwise. An event made
 * busy-only takes its new version as busy revision: its readers saw every version until then, and
 * a calendar client may ignore a SEQUENCE lower than the one it holds.
 */
function busyRevised(stored: StoredEvent, after: EventInput, maker: Maker, at: string, version: number) {
  const accepted = (organisers: string[], consent: (o: string) => Consent) => organisers.filter((o) => consent(o) === "accepted");
  const was = busyFace(
    stored.row,
    accepted(stored.organisers, (o) => stored.consent[o]),
  );
  const is = busyFace(
    { ...after, rrule: after.rrule ?? null },
    accepted(after.organisers, (o) => consentFor(maker, o, stored.consent[o])),
  );
  if (was === is) return {};
  const madeBusy = after.visibility === "busy_only" && stored.row.visibility !== "busy_only";
  return madeBusy ? { busyRevision: version, busyRevisedAt: at } : busyRevisionRaised(at);
}

/**
 * The columns of a write that changes the event itself (not only a proposal waiting for review):
 * its revision, which feeds show to everybody who sees more than busy (`events.revision`).
 */
export const revised = (version: number | SQL, at: string) => ({ revision: version, revisedAt: at });

/** The columns of a write that changes what viewers who see the event as busy are shown (`busyRevised`). */
export const busyRevisionRaised = (at: string) => ({ busyRevision: sql<number>`${events.busyRevision} + 1`, busyRevisedAt: at });

/** Fields that are one value together: a proposal's times are taken or kept whole. */
const FIELD_GROUPS: readonly (keyof EventInput)[][] = [["allDay", "startsAt", "endsAt", "timeZone", "rrule", "exdates"]];
/** Lists a proposal and a direct change may both change: merged by what each added and took out (`mergedList`). */
const LISTS = ["organisers", "topics", "audiences", "languages"] as const satisfies readonly (keyof EventInput)[];
const GROUPED = new Set<string>([...FIELD_GROUPS.flat(), ...LISTS, "ownerOrganisationId"]);

/**
 * A list as a proposal over `live` would have it after a direct change made it `changed`: the
 * change's list, less what the proposal took out, with what the proposal added (each list as it
 * is when only one of them changed it). For the organisers (`leadFirst`) a lead the proposal
 * changed stays its lead; otherwise the change's.
 */
function mergedList(proposal: string[], live: string[], changed: string[], leadFirst: boolean): string[] {
  const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  if (same(changed, live)) return proposal;
  if (same(proposal, live)) return changed;
  const removed = new Set(live.filter((x) => !proposal.includes(x)));
  const out = [...changed.filter((x) => !removed.has(x)), ...proposal.filter((x) => !live.includes(x) && !changed.includes(x))];
  if (!leadFirst || proposal[0] === undefined || proposal[0] === live[0]) return out;
  return [proposal[0], ...out.filter((x) => x !== proposal[0])];
}

/**
 * A proposal waiting for review, carried over a direct change of the live event: each field (or
 * the times, as one value) the proposal leaves as the live event had it (`live`) takes the
 * change's value (`changed`); each it changes keeps the proposal's, which the review shows against
 * the live event. Lists (organisers, topics, audiences, languages) take both: the change's list
 * with the proposal's additions and removals (`mergedList`). The owner is always the change's
 * (only coordinators set it). Approving the proposal then applies what its partner proposed and
 * never undoes the rest of what was changed meanwhile (a proposal holds every field, not only
 * those it changes). A proposal the change would leave breaking the event's rules (a proposed end
 * before the new start, no organiser left) is a 409: the proposal is to be approved or returned first.
 */
function rebased(proposal: EventInput, live: EventInput, changed: EventInput): EventInput {
  const same = (key: keyof EventInput) => JSON.stringify(proposal[key] ?? null) === JSON.stringify(live[key] ?? null);
  const out: Record<string, unknown> = { ...proposal };
  for (const group of FIELD_GROUPS) if (group.every(same)) for (const key of group) out[key] = changed[key];
  for (const key of LISTS) out[key] = mergedList(proposal[key] ?? [], live[key] ?? [], changed[key] ?? [], key === "organisers");
  for (const key of Object.keys(changed) as (keyof EventInput)[]) if (!GROUPED.has(key) && same(key)) out[key] = changed[key];
  out.ownerOrganisationId = changed.ownerOrganisationId;
  const checked = eventInput.safeParse(out);
  if (!checked.success) throw proposalConflict(checked.error.issues.map((i) => i.path.join(".")).filter(Boolean)[0]);
  return checked.data;
}

/** The 409 for a proposal that would break, or breaks, the event's rules. */
function proposalConflict(field: string | undefined): ApiError {
  const message = field
    ? `A partner's proposed change waits for review, and with this change its ${field} would break the event's rules: approve or return the proposal first.`
    : "The proposed change breaks the event's rules (its dates or repetition): return it to the partner with a comment.";
  return new ApiError(409, "proposal_conflict", message);
}

export type Change =
  | { kind: "apply"; input: EventInput }
  | { kind: "propose"; input: EventInput }
  | { kind: "moderation"; to: "pending" | "published" | "rejected"; applyPending?: boolean; comment?: string }
  | { kind: "delete" };

export interface ChangeMeta {
  actorId: string;
  now: Date;
  action: string;
  /** Overrides the audit entry's comment (e.g. "import"). */
  comment?: string;
  /** Who names the organisers of this change (decides which new links are only proposed). */
  maker: Maker;
  /** Who named the organisers of a proposed change being approved, when not `maker`. */
  pendingMaker?: Maker;
}

/**
 * The statements of one change to a stored event, for one batch. The first is a guard: the batch
 * writes nothing unless the event is still at `expectedVersion` when it runs (functions/db/guard.ts),
 * so a change planned on a stale read is lost whole, never half applied, and two writers never both
 * produce the same next version. Every event write (the API's edits and review, the .ics import)
 * goes through here; creations go through `eventInsertStatements`.
 */
export function eventChangeStatements(
  db: Database,
  stored: StoredEvent,
  expectedVersion: number,
  change: Change,
  meta: ChangeMeta,
): { statements: BatchItem<"sqlite">[]; slug: string } {
  const id = stored.row.id;
  const oldSlug = stored.row.slug;
  let slug = oldSlug;
  const at = meta.now.toISOString();
  const before = toInput(stored);
  const version = expectedVersion + 1;
  const log = (entry: { before?: Record<string, unknown> | null; after?: Record<string, unknown> | null; comment?: string | null }) =>
    audit(db, {
      actorId: meta.actorId,
      action: meta.action,
      entity: "event",
      entityId: id,
      ...entry,
      ...(meta.comment !== undefined ? { comment: meta.comment } : {}),
    });
  const statements: BatchItem<"sqlite">[] = [
    guard(db, sql`EXISTS (SELECT 1 FROM ${events} WHERE ${events.id} = ${id} AND ${events.version} = ${expectedVersion})`),
  ];

  switch (change.kind) {
    case "delete":
      statements.push(log({ before: { ...before, moderation: stored.row.moderation } }), db.delete(events).where(eq(events.id, id)));
      break;
    case "apply": {
      slug = slugAfter(oldSlug, before, change.input);
      if (slug !== oldSlug) statements.push(keepAlias(db, oldSlug, id, at));
      const waiting = stored.row.pendingChanges as EventInput | null;
      statements.push(
        db
          .update(events)
          .set({
            ...fieldsOf(change.input),
            slug,
            version,
            ...revised(version, at),
            updatedBy: meta.actorId,
            updatedAt: at,
            ...busyRevised(stored, change.input, meta.maker, at, version),
            ...(waiting ? { pendingChanges: rebased(waiting, before, change.input) } : {}),
          })
          .where(eq(events.id, id)),
        ...replaceLinks(db, id, change.input, meta.maker, stored.consent),
        log(diff({ ...before, slug: oldSlug }, { ...change.input, slug })),
      );
      break;
    }
    case "propose": {
      // Diffed against what is waiting already, so the entry says what this proposal changes.
      const base = (stored.row.pendingChanges as EventInput | null) ?? before;
      statements.push(
        db
          .update(events)
          .set({ pendingChanges: change.input, submittedBy: meta.actorId, submittedAt: at, reviewComment: null, version, updatedAt: at })
          .where(eq(events.id, id)),
        log({ ...diff(base, change.input), comment: "proposed change to a published event" }),
      );
      break;
    }
    case "moderation": {
      // Proposals come from partners, who cannot set `major`: approving one keeps the flag as
      // coordinators left it, also when they changed it while the proposal waited.
      const proposed = stored.row.pendingChanges as EventInput | null;
      const pending = proposed && { ...proposed, major: stored.row.major };
      if (change.applyPending && pending && !eventInput.safeParse(pending).success) throw proposalConflict(undefined);
      // A published event keeps the review that published it (feeds and digests date it by that):
      // approving or returning a change proposed to it is not a publication.
      const review =
        change.to === "pending"
          ? { submittedBy: meta.actorId, submittedAt: at, reviewComment: null }
          : stored.row.moderation === "published"
            ? { reviewComment: change.comment ?? null }
            : { reviewedBy: meta.actorId, reviewedAt: at, reviewComment: change.comment ?? null };
      if (change.applyPending && pending) {
        slug = slugAfter(oldSlug, before, pending);
        if (slug !== oldSlug) statements.push(keepAlias(db, oldSlug, id, at));
        statements.push(
          db
            .update(events)
            .set({
              ...fieldsOf(pending),
              slug,
              moderation: change.to,
              pendingChanges: null,
              ...review,
              version,
              ...revised(version, at),
              updatedBy: meta.actorId,
              updatedAt: at,
              ...busyRevised(stored, pending, meta.pendingMaker ?? meta.maker, at, version),
            })
            .where(eq(events.id, id)),
          // The organisers of a proposed change were named by whoever proposed it.
          ...replaceLinks(db, id, pending, meta.pendingMaker ?? meta.maker, stored.consent),
          log({ ...diff({ ...before, slug: oldSlug }, { ...pending, slug }), comment: change.comment ?? null }),
        );
      } else {
        const clearsProposal = change.to === "rejected" && stored.row.moderation === "published";
        const moderation = clearsProposal ? "published" : change.to;
        statements.push(
          db
            .update(events)
            // Returning a proposal leaves the published event as it was: no new revision.
            .set({ moderation, ...(clearsProposal ? { pendingChanges: null } : revised(version, at)), ...review, version, updatedAt: at })
            .where(eq(events.id, id)),
          log({
            before: { moderation: stored.row.moderation, ...(clearsProposal ? { pendingChanges: proposed } : {}) },
            after: { moderation },
            comment: change.comment ?? null,
          }),
        );
      }
      break;
    }
  }
  return { statements, slug };
}

/** The 412 for a write planned on an older version, with the current version's ETag. */
export async function versionConflict(db: Database, id: string): Promise<ApiError> {
  const [current] = await db.select({ version: events.version }).from(events).where(eq(events.id, id));
  return new ApiError(412, "version_conflict", "Someone else changed this event since you loaded it. Reload it, then make your change again.", {
    headers: current ? { ETag: etagOf({ id, version: current.version }) } : {},
  });
}

/**
 * Makes one change to a stored event, provided it is still at `expectedVersion`; throws 412
 * otherwise. Returns the new version (0 after a delete) and the slug the event now carries: a
 * change that makes a public event non-public gives it an opaque slug in the same batch, keeping
 * the old one as an alias.
 */
export async function changeEvent(
  db: Database,
  stored: StoredEvent,
  expectedVersion: number,
  change: Change,
  meta: ChangeMeta,
): Promise<{ version: number; slug: string }> {
  const { statements, slug } = eventChangeStatements(db, stored, expectedVersion, change, meta);
  try {
    await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  } catch (error) {
    if (isGuardFailure(error)) throw await versionConflict(db, stored.row.id);
    throw error;
  }
  return { version: change.kind === "delete" ? 0 : expectedVersion + 1, slug };
}

/** Who submitted the event, to be told of the review in their own language. */
export async function submitter(db: Database, row: EventRow): Promise<{ email: string; locale: string | null } | null> {
  const userId = row.submittedBy ?? row.createdBy;
  if (!userId) return null;
  const [u] = await db.select({ email: users.email, locale: users.locale }).from(users).where(eq(users.id, userId));
  return u ?? null;
}
