/**
 * Loads the demo data. Replaces everything in one write batch, so a failed seed leaves the old data
 * in place rather than half a calendar.
 */
import type { Client } from "@libsql/client";
import { drizzle } from "drizzle-orm/libsql/web";
import type { BatchItem } from "drizzle-orm/batch";
import { slugFor } from "../../functions/events/events.commands.ts";
import { eventInstants } from "../../functions/lib/instants.ts";
import * as s from "../../db/schema.ts";
import { accountRows, audienceRows, documentRows, eventSeeds, observanceSeeds, organisationRows, personRows, projectRows, topicRows } from "./demo-data.ts";

/** Tables in the order their rows may be deleted (children before parents). */
const DELETE_ORDER = [
  s.digestDeliveries,
  s.digestRuns,
  s.subscriptions,
  s.clashAcknowledgements,
  s.holds,
  s.observances,
  s.sessions,
  s.authTokens,
  s.feedTokens,
  s.memberships,
  s.rateLimits,
  s.auditLog,
  s.eventSlugAliases,
  s.eventDocuments,
  s.eventProjects,
  s.eventAudiences,
  s.eventTopics,
  s.eventContacts,
  s.eventOrganisers,
  s.events,
  s.projectDocuments,
  s.projectTopics,
  s.projectOrganisations,
  s.projects,
  s.documentTopics,
  s.documentOrganisations,
  s.documents,
  s.personTokens,
  s.personTopics,
  s.personOrganisations,
  s.people,
  s.users,
  s.organisations,
  s.audiences,
  s.topics,
];

/** True when the database holds no organisations and no events yet. */
export async function isEmpty(client: Client): Promise<boolean> {
  const rs = await client.execute("SELECT (SELECT count(*) FROM organisations) + (SELECT count(*) FROM events) AS n");
  return Number(rs.rows[0].n) === 0;
}

/** Replaces all calendar data with the demo data, with sample events placed relative to `today`. */
export async function seedDemo(client: Client, today: string): Promise<{ events: number; organisations: number }> {
  const db = drizzle(client, { schema: s });
  const statements: BatchItem<"sqlite">[] = DELETE_ORDER.map((table) => db.delete(table));
  statements.push(db.insert(s.topics).values(topicRows), db.insert(s.audiences).values(audienceRows));
  // Parents first: children reference them through parent_id.
  const roots = organisationRows.filter((o) => !o.parentId);
  const children = organisationRows.filter((o) => o.parentId);
  statements.push(db.insert(s.organisations).values(roots), db.insert(s.organisations).values(children));

  statements.push(db.insert(s.people).values(personRows.map(({ organisations: _o, topics: _t, ...p }) => ({ notifiedAt: "2026-01-01T00:00:00Z", ...p }))));
  statements.push(
    db
      .insert(s.personOrganisations)
      .values(personRows.flatMap((p) => p.organisations.map(([organisationId, role]) => ({ personId: p.id, organisationId, role })))),
    db.insert(s.personTopics).values(personRows.flatMap((p) => p.topics.map((topicId) => ({ personId: p.id, topicId })))),
  );

  statements.push(db.insert(s.projects).values(projectRows.map(({ lead: _l, partners: _p, topics: _t, ...p }) => p)));
  statements.push(
    db
      .insert(s.projectOrganisations)
      .values(
        projectRows.flatMap((p) => [
          { projectId: p.id, organisationId: p.lead, role: "lead" as const },
          ...p.partners.map((organisationId) => ({ projectId: p.id, organisationId, role: "partner" as const })),
        ]),
      ),
    db.insert(s.projectTopics).values(projectRows.flatMap((p) => p.topics.map((topicId) => ({ projectId: p.id, topicId })))),
  );

  statements.push(db.insert(s.documents).values(documentRows.map(({ issuers: _i, topics: _t, ...d }) => d)));
  const issuers = documentRows.flatMap((d) => d.issuers.map((organisationId) => ({ documentId: d.id, organisationId })));
  if (issuers.length) statements.push(db.insert(s.documentOrganisations).values(issuers));
  statements.push(db.insert(s.documentTopics).values(documentRows.flatMap((d) => d.topics.map((topicId) => ({ documentId: d.id, topicId })))));

  statements.push(db.insert(s.users).values(accountRows.map(({ organisations: _o, ...u }) => u)));
  const members = accountRows.flatMap((u) => u.organisations.map((organisationId) => ({ userId: u.id!, organisationId })));
  if (members.length) statements.push(db.insert(s.memberships).values(members));
  statements.push(db.insert(s.observances).values(observanceSeeds(today)));

  // A public demo event's id is its readable slug; a busy-only or partner-only one gets an opaque
  // slug and id by the same rule as every other event (slugFor), since both show wherever the
  // event is listed, also to viewers who may not see its title.
  const seeds = eventSeeds(today).map((e) =>
    (e.visibility ?? "public") === "public"
      ? { ...e, slug: e.id! }
      : { ...e, id: crypto.randomUUID(), slug: slugFor({ title: e.title, visibility: e.visibility! }) },
  );
  statements.push(
    db.insert(s.events).values(
      seeds.map(({ organisers, topics: _t, audiences: _a, contacts: _c, projects: _p, documents: _d, ...e }) => ({
        ...e,
        ownerOrganisationId: organisers[0],
        ...eventInstants({ allDay: e.allDay ?? false, startsAt: e.startsAt, endsAt: e.endsAt, timeZone: e.timeZone, rrule: e.rrule, exdates: e.exdates }),
      })),
    ),
  );
  const links = <T>(pick: (e: (typeof seeds)[number]) => T[]) => seeds.flatMap(pick);
  const linkInserts = [
    [s.eventOrganisers, links((e) => e.organisers.map((organisationId, i) => ({ eventId: e.id!, organisationId, isLead: i === 0 })))],
    [s.eventTopics, links((e) => (e.topics ?? []).map((topicId) => ({ eventId: e.id!, topicId })))],
    [s.eventAudiences, links((e) => (e.audiences ?? []).map((audienceId) => ({ eventId: e.id!, audienceId })))],
    [s.eventContacts, links((e) => (e.contacts ?? []).map((personId) => ({ eventId: e.id!, personId })))],
    [s.eventProjects, links((e) => (e.projects ?? []).map((projectId) => ({ eventId: e.id!, projectId })))],
    [s.eventDocuments, links((e) => (e.documents ?? []).map((documentId) => ({ eventId: e.id!, documentId })))],
  ] as const;
  for (const [table, rows] of linkInserts) {
    if (rows.length) statements.push(db.insert(table).values(rows as never));
  }
  await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  return { events: seeds.length, organisations: organisationRows.length };
}
