/**
 * Event writes: create, update (directly or as a proposal waiting for review), submit, approve,
 * return, delete. Every write checks the version it was based on inside one write transaction,
 * replaces the link rows and appends its audit entry there, so a lost race changes nothing.
 */
import { eq, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { eventAudiences, eventOrganisers, events, eventTopics, users } from "../../db/schema.ts";
import { audit, diff } from "../audit/audit.ts";
import type { Database } from "../db/client.ts";
import { refs, requireReferences } from "../db/references.ts";
import { ApiError } from "../errors.ts";
import { eventInstants } from "../lib/time.ts";
import { ACCEPT_ALL, consentFor, refreshSearchOrganisers, type Consent, type Maker } from "../consent/consent.ts";
import type { EventInput } from "./events.input.ts";

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

/** The stored event with its link ids, whatever its moderation state. */
export async function loadEvent(db: Database, slug: string): Promise<StoredEvent | null> {
  const [found] = await db
    .select({
      row: events,
      organisers: sql<string>`(SELECT json_group_array(json_array(organisation_id, consent)) FROM (SELECT organisation_id, consent FROM event_organisers WHERE event_id = events.id ORDER BY is_lead DESC, rowid))`,
      topics: sql<string>`(SELECT json_group_array(topic_id) FROM event_topics WHERE event_id = events.id)`,
      audiences: sql<string>`(SELECT json_group_array(audience_id) FROM event_audiences WHERE event_id = events.id)`,
    })
    .from(events)
    .where(eq(events.slug, slug));
  if (!found) return null;
  const links = JSON.parse(found.organisers) as [string, Consent][];
  return {
    row: found.row,
    organisers: links.map(([id]) => id),
    consent: Object.fromEntries(links),
    topics: JSON.parse(found.topics),
    audiences: JSON.parse(found.audiences),
  };
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

export function fieldsOf(input: EventInput) {
  const { organisers: _o, topics: _t, audiences: _a, ...columns } = input;
  return { ...columns, ...eventInstants(input) };
}

type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];

/** The organiser rows of an event: the first is the lead; each link's consent by who named it (consent.ts). */
function organiserRows(eventId: string, organisers: string[], maker: Maker, existing: Record<string, Consent> = {}) {
  return organisers.map((organisationId, i) => ({ eventId, organisationId, isLead: i === 0, consent: consentFor(maker, organisationId, existing[organisationId]) }));
}

async function replaceLinks(tx: Tx, eventId: string, input: EventInput, maker: Maker, existing: Record<string, Consent>) {
  await tx.delete(eventOrganisers).where(eq(eventOrganisers.eventId, eventId));
  await tx.delete(eventTopics).where(eq(eventTopics.eventId, eventId));
  await tx.delete(eventAudiences).where(eq(eventAudiences.eventId, eventId));
  await tx.insert(eventOrganisers).values(organiserRows(eventId, input.organisers, maker, existing));
  await refreshSearchOrganisers(tx as unknown as Database, eventId);
  if (input.topics.length) await tx.insert(eventTopics).values(input.topics.map((topicId) => ({ eventId, topicId })));
  if (input.audiences.length) await tx.insert(eventAudiences).values(input.audiences.map((audienceId) => ({ eventId, audienceId })));
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
  meta: { actorId: string; moderation: "draft" | "published"; now: Date; icalUid?: string; maker?: Maker },
): BatchItem<"sqlite">[] {
  const at = meta.now.toISOString();
  const statements: BatchItem<"sqlite">[] = [
    db.insert(events).values({
      id,
      slug,
      ...fieldsOf(input),
      moderation: meta.moderation,
      icalUid: meta.icalUid ?? null,
      createdBy: meta.actorId,
      updatedBy: meta.actorId,
      createdAt: at,
      updatedAt: at,
      ...(meta.moderation === "published" ? { reviewedBy: meta.actorId, reviewedAt: at } : {}),
    }),
    db.insert(eventOrganisers).values(organiserRows(id, input.organisers, meta.maker ?? ACCEPT_ALL)),
    refreshSearchOrganisers(db, id),
  ];
  if (input.topics.length) statements.push(db.insert(eventTopics).values(input.topics.map((topicId) => ({ eventId: id, topicId }))));
  if (input.audiences.length) statements.push(db.insert(eventAudiences).values(input.audiences.map((audienceId) => ({ eventId: id, audienceId }))));
  statements.push(audit(db, { actorId: meta.actorId, action: meta.icalUid ? "event.import" : "event.create", entity: "event", entityId: id, after: { ...input, moderation: meta.moderation } }));
  return statements;
}

/** Inserts a new event with its links and audit entry, in one batch. */
export async function createEvent(db: Database, input: EventInput, meta: { actorId: string; moderation: "draft" | "published"; now: Date; maker: Maker }): Promise<string> {
  const slug = makeSlug(input.title);
  await db.batch(eventInsertStatements(db, crypto.randomUUID(), slug, input, meta) as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  return slug;
}

export type Change =
  | { kind: "apply"; input: EventInput }
  | { kind: "propose"; input: EventInput }
  | { kind: "moderation"; to: "pending" | "published" | "rejected"; applyPending?: boolean; comment?: string }
  | { kind: "delete" };

/**
 * Makes one change to a stored event, provided it is still at `expectedVersion`; throws 412
 * otherwise. Returns the new version (0 after a delete).
 */
export async function changeEvent(
  db: Database,
  stored: StoredEvent,
  expectedVersion: number,
  change: Change,
  meta: { actorId: string; now: Date; action: string; maker: Maker; pendingMaker?: Maker },
): Promise<number> {
  const id = stored.row.id;
  const at = meta.now.toISOString();
  const before = toInput(stored);
  return db.transaction(async (tx) => {
    const [current] = await tx.select({ version: events.version }).from(events).where(eq(events.id, id));
    if (!current || current.version !== expectedVersion) {
      throw new ApiError(412, "version_conflict", "Someone else changed this event since you loaded it. Reload it, then make your change again.", {
        headers: current ? { ETag: etagOf({ id, version: current.version }) } : {},
      });
    }
    const version = expectedVersion + 1;
    const log = (entry: { before?: Record<string, unknown> | null; after?: Record<string, unknown> | null; comment?: string | null }) =>
      audit(tx as unknown as Database, { actorId: meta.actorId, action: meta.action, entity: "event", entityId: id, ...entry });

    switch (change.kind) {
      case "delete":
        await tx.delete(events).where(eq(events.id, id));
        await log({ before: { ...before, moderation: stored.row.moderation } });
        return 0;
      case "apply": {
        await tx.update(events).set({ ...fieldsOf(change.input), version, updatedBy: meta.actorId, updatedAt: at }).where(eq(events.id, id));
        await replaceLinks(tx, id, change.input, meta.maker, stored.consent);
        await log(diff(before, change.input));
        return version;
      }
      case "propose": {
        await tx
          .update(events)
          .set({ pendingChanges: change.input, submittedBy: meta.actorId, submittedAt: at, reviewComment: null, version, updatedAt: at })
          .where(eq(events.id, id));
        await log({ ...diff(before, change.input), comment: "proposed change to a published event" });
        return version;
      }
      case "moderation": {
        const pending = stored.row.pendingChanges as EventInput | null;
        const review = change.to === "pending" ? { submittedBy: meta.actorId, submittedAt: at, reviewComment: null } : { reviewedBy: meta.actorId, reviewedAt: at, reviewComment: change.comment ?? null };
        if (change.applyPending && pending) {
          await tx.update(events).set({ ...fieldsOf(pending), pendingChanges: null, ...review, version, updatedBy: meta.actorId, updatedAt: at }).where(eq(events.id, id));
          // The organisers of a proposed change were named by whoever proposed it.
          await replaceLinks(tx, id, pending, meta.pendingMaker ?? meta.maker, stored.consent);
          await log({ ...diff(before, pending), comment: change.comment ?? null });
        } else {
          const clearsProposal = change.to === "rejected" && stored.row.moderation === "published";
          const moderation = clearsProposal ? "published" : change.to;
          await tx
            .update(events)
            .set({ moderation, ...(clearsProposal ? { pendingChanges: null } : {}), ...review, version, updatedAt: at })
            .where(eq(events.id, id));
          await log({
            before: { moderation: stored.row.moderation, ...(clearsProposal ? { pendingChanges: pending } : {}) },
            after: { moderation },
            comment: change.comment ?? null,
          });
        }
        return version;
      }
    }
  });
}

/** The address of whoever submitted an event, for the review notice. */
/** Who submitted the event, to be told of the review in their own language. */
export async function submitter(db: Database, row: EventRow): Promise<{ email: string; locale: string | null } | null> {
  const userId = row.submittedBy ?? row.createdBy;
  if (!userId) return null;
  const [u] = await db.select({ email: users.email, locale: users.locale }).from(users).where(eq(users.id, userId));
  return u ?? null;
}
