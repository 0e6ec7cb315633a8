/**
 * `/api/proposals`: what other organisations named an organisation as (co-organiser of an event,
 * co-issuer of a document), waiting for its answer. Its partners (and coordinators, for every
 * organisation) accept or decline each; declining removes the link. Both answers are idempotent:
 * an answer already given writes nothing, and the conditional statements below make two answers
 * racing each other write one audit entry between them.
 */
import { and, eq, sql, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Context } from "hono";
import { Hono } from "hono";
import { documentOrganisations, documents, eventOrganisers, events } from "../../db/schema.ts";
import { auditIf } from "../audit/audit.ts";
import { isCoordinator, isMemberOf } from "../auth/viewer.ts";
import { busyRevisionRaised, revised } from "../events/events.commands.ts";
import { busyTimes, isBusyFor } from "../events/visibility.ts";
import type { AppEnv } from "../env.ts";
import { ApiError, fieldError, type RuleCode } from "../errors.ts";
import { isId, MAX_LIST_ROWS } from "../validation.ts";
import { PROPOSAL_KINDS } from "../../db/enums.ts";
import type { Consent } from "./consent.ts";
import type { Proposal, ProposalKind } from "./proposals.types.ts";

type Kind = ProposalKind;

const orgJson = (alias: string) => sql.raw(`json_object('id', ${alias}.id, 'slug', ${alias}.slug, 'name', ${alias}.name)`);

const pathRule = (field: string, rule: string, code: RuleCode) => fieldError(400, field, rule, code, { errorCode: "invalid_path" });

function parsePath(params: { kind: string; recordId: string; organisationId: string }) {
  if (!(PROPOSAL_KINDS as readonly string[]).includes(params.kind)) throw pathRule("kind", `must be one of ${PROPOSAL_KINDS.join(", ")}`, "one_of");
  if (!/^[A-Za-z0-9][A-Za-z0-9-]{0,99}$/.test(params.recordId)) throw pathRule("recordId", "must be a record id (letters, digits, hyphens; at most 100)", "id");
  if (!isId(params.organisationId)) throw pathRule("organisationId", "must be an organisation id (lower-case letters, digits, hyphens)", "id");
  return { kind: params.kind as Kind, recordId: params.recordId, organisationId: params.organisationId };
}

/** The link table of a kind, and the condition that picks one link of it. */
function linkOf(kind: Kind, recordId: string, organisationId: string) {
  if (kind === "event") {
    return {
      table: eventOrganisers,
      where: and(eq(eventOrganisers.eventId, recordId), eq(eventOrganisers.organisationId, organisationId))!,
      consent: eventOrganisers.consent,
    };
  }
  return {
    table: documentOrganisations,
    where: and(eq(documentOrganisations.documentId, recordId), eq(documentOrganisations.organisationId, organisationId))!,
    consent: documentOrganisations.consent,
  };
}

export const proposalRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const { db, viewer } = c.var;
    const coordinator = isCoordinator(viewer);
    if (!coordinator && !viewer!.organisations.length) return c.json({ proposals: [] });
    const mine = (column: string): SQL =>
      coordinator ? sql`1 = 1` : sql`${sql.raw(column)} IN (SELECT value FROM json_each(${JSON.stringify(viewer!.organisations)}))`;
    const [eventRows, documentRows] = await db.batch([
      db.all<{
        p: string;
        visibility: string;
        ownerOrganisationId: string | null;
        allDay: number;
        startUtc: number;
        timeZone: string;
      }>(sql`SELECT json_object('kind', 'event', 'recordId', e.id, 'slug', e.slug, 'title', e.title, 'date', e.starts_at, 'moderation', e.moderation,
          'organisation', json(${orgJson("o")}),
          'proposedBy', json(CASE WHEN owner.id IS NULL THEN '[]' ELSE json_array(json(${orgJson("owner")})) END)) AS p,
          e.visibility AS visibility, e.owner_organisation_id AS ownerOrganisationId, e.all_day AS allDay, e.start_utc AS startUtc, e.time_zone AS timeZone
        FROM event_organisers eo JOIN events e ON e.id = eo.event_id JOIN organisations o ON o.id = eo.organisation_id LEFT JOIN organisations owner ON owner.id = e.owner_organisation_id
        WHERE eo.consent = 'proposed' AND ${mine("eo.organisation_id")}
        ORDER BY e.start_utc, e.id LIMIT ${MAX_LIST_ROWS}`),
      db.all<{
        p: string;
      }>(sql`SELECT json_object('kind', 'document', 'recordId', d.id, 'slug', d.slug, 'title', d.title, 'date', d.issued_on, 'moderation', NULL,
          'organisation', json(${orgJson("o")}),
          'proposedBy', (SELECT json_group_array(json(${orgJson("i")})) FROM document_organisations di JOIN organisations i ON i.id = di.organisation_id WHERE di.document_id = d.id AND di.consent = 'accepted')) AS p
        FROM document_organisations dl JOIN documents d ON d.id = dl.document_id JOIN organisations o ON o.id = dl.organisation_id
        WHERE dl.consent = 'proposed' AND ${mine("dl.organisation_id")}
        ORDER BY d.title, d.id LIMIT ${MAX_LIST_ROWS}`),
    ]);
    const proposals = [
      ...eventRows.map((r) => {
        const p = JSON.parse(r.p) as Proposal;
        // A busy-only event's start, to an organisation that sees it as busy, in UTC like every door's.
        if (!isBusyFor(r, viewer) || !p.date) return p;
        const times = { allDay: Boolean(r.allDay), startsAt: p.date, endsAt: p.date, timeZone: r.timeZone };
        return { ...p, date: busyTimes(times, r.startUtc, r.startUtc).startsAt };
      }),
      ...documentRows.map((r) => JSON.parse(r.p) as Proposal),
    ];
    return c.json({ proposals });
  })
  .post("/:kind/:recordId/:organisationId/accept", (c) => answerProposal(c, "accept"))
  .post("/:kind/:recordId/:organisationId/decline", (c) => answerProposal(c, "decline"));

/** Accepts or declines one proposal; see the protocol at the top of the file. */
async function answerProposal(c: Context<AppEnv>, answer: "accept" | "decline") {
  const { db, viewer, now } = c.var;
  const { kind, recordId, organisationId } = parsePath({
    kind: c.req.param("kind") ?? "",
    recordId: c.req.param("recordId") ?? "",
    organisationId: c.req.param("organisationId") ?? "",
  });
  if (!isCoordinator(viewer) && !isMemberOf(viewer, organisationId)) {
    throw new ApiError(403, "forbidden", "Only partners of the organisation named (and coordinators) answer its proposals.");
  }
  const link = linkOf(kind, recordId, organisationId);
  const [found] = await db.select({ consent: link.consent }).from(link.table).where(link.where);
  const state = (consent: Consent | null) => c.json({ kind, recordId, organisationId, consent });
  if (!found) {
    // Declining twice is not an error; a record that does not exist is.
    const record = kind === "event" ? events : documents;
    const [exists] = await db.select({ id: record.id }).from(record).where(eq(record.id, recordId));
    if (!exists || answer === "accept") throw new ApiError(404, "not_found", `No proposal names ${organisationId} on this ${kind}`);
    return state(null);
  }
  if (found.consent === "accepted") {
    if (answer === "accept") return state("accepted");
    throw new ApiError(409, "already_accepted", `${organisationId} already accepted this ${kind}; its editors can remove the organisation from it.`);
  }
  // Every statement runs only while the link is still proposed, so a second answer racing this
  // one changes nothing and leaves no audit entry.
  const proposed = sql`EXISTS (SELECT 1 FROM ${link.table} WHERE ${link.where} AND ${link.consent} = 'proposed')`;
  const field = `${kind === "event" ? "organisers" : "issuers"}.${organisationId}`;
  const statements: BatchItem<"sqlite">[] = [
    auditIf(
      db,
      {
        actorId: viewer!.id,
        action: `${kind}.proposal.${answer}`,
        entity: kind,
        entityId: recordId,
        before: { [field]: "proposed" },
        after: { [field]: answer === "accept" ? "accepted" : null },
      },
      proposed,
    ),
    kind === "event"
      ? // The event's organisers changed: a new version, so feeds and open edit forms notice; an
        // accepted organiser is named to those who see the event as busy too (its busy revision).
        db
          .update(events)
          .set({
            version: sql`${events.version} + 1`,
            updatedAt: now.toISOString(),
            // A declined proposal never showed: the event itself is as it was (no new revision).
            ...(answer === "accept" ? { ...revised(sql`${events.version} + 1`, now.toISOString()), ...busyRevisionRaised(now.toISOString()) } : {}),
          })
          .where(and(eq(events.id, recordId), proposed))
      : db
          .update(documents)
          .set({ updatedAt: now.toISOString() })
          .where(and(eq(documents.id, recordId), proposed)),
    answer === "accept"
      ? db
          .update(link.table)
          .set({ consent: "accepted" })
          .where(and(link.where, eq(link.consent, "proposed")))
      : db.delete(link.table).where(and(link.where, eq(link.consent, "proposed"))),
  ];
  await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  return state(answer === "accept" ? "accepted" : null);
}
