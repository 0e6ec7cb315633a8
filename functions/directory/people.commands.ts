/**
 * Adding, correcting and erasing key persons. Personal data stays out of the audit log (the log
 * records that a person was added or changed, by whom, never what their details are), so that
 * erasure can leave no trace anywhere.
 */
import { and, eq, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { z } from "zod";
import {
  auditLog,
  FIELD_VISIBILITIES,
  LAWFUL_BASES,
  people,
  personOrganisations,
  personTokens,
  personTopics,
  renderedOutputs,
  webhookDeliveries,
} from "../../db/schema.ts";
import { audit, auditIf } from "../audit/audit.ts";
import { randomToken, sha256Hex } from "../auth/tokens.ts";
import type { Database } from "../db/client.ts";
import { refs, requireReferences } from "../db/references.ts";
import {
  addIssues,
  countries,
  DATE_RANGE_RULE,
  dateProblem,
  distinct,
  id as idOf,
  languageTags,
  line,
  optionalLine,
  patchSchema,
  ruled,
} from "../validation.ts";
import type { FieldIssue } from "../errors.ts";
import { changesOf, merged, replaceLinks, requireValid, runBatch, touches } from "../db/patch.ts";

const visibility = z.enum(FIELD_VISIBILITIES, { error: `must be one of ${FIELD_VISIBILITIES.join(", ")}` });

/** What a person may correct about themselves. */
export const personCorrectionSchema = z
  .object({
    name: line(200).min(1, "is required"),
    title: line(200).nullable(),
    email: z.email({ error: "must be an email address" }).max(254).nullable(),
    emailVisibility: visibility,
    phone: z
      .string()
      .trim()
      .max(40)
      .refine((s) => /^[+\d][\d\s().-]*$/.test(s), ruled("phone", "must be a phone number such as +371 2000 0000"))
      .nullable(),
    phoneVisibility: visibility,
    countries: countries(20),
    languages: languageTags(20),
  })
  .partial()
  .strict();

/** What a coordinator enters; contact fields default to coordinators-only. */
export const personFields = z.object({
  name: line(200).min(1, "is required"),
  title: optionalLine(200),
  email: z.email({ error: "must be an email address" }).max(254).nullable().optional(),
  emailVisibility: visibility.default("coordinators"),
  phone: z
    .string()
    .trim()
    .max(40)
    .refine((s) => /^[+\d][\d\s().-]*$/.test(s), ruled("phone", "must be a phone number such as +371 2000 0000"))
    .nullable()
    .optional(),
  phoneVisibility: visibility.default("coordinators"),
  countries: countries(20).default([]),
  languages: languageTags(20).default([]),
  organisations: z
    .array(z.object({ id: idOf("must be an organisation id"), role: optionalLine(100) }).strict())
    .max(10, "at most 10")
    .refine((list) => distinct(list, (o) => o.id), ruled("duplicate", "must not name an organisation twice"))
    .default([]),
  topics: z
    .array(idOf("must be topic ids"))
    .max(20, "at most 20")
    .refine((list) => distinct(list), ruled("duplicate", "must not repeat a topic"))
    .default([]),
  lawfulBasis: z.enum(LAWFUL_BASES, { error: `must be one of ${LAWFUL_BASES.join(", ")}` }),
  consentAt: z.iso
    .datetime({ error: "must be an ISO 8601 date-time" })
    .refine((at) => dateProblem(at.slice(0, 10)) === null, ruled("date_range", DATE_RANGE_RULE))
    .nullable()
    .optional(),
});

/** The rules that span fields, for a new record and for a record as a PATCH would leave it. */
function personIssues(p: { lawfulBasis: string; consentAt?: string | null }): FieldIssue[] {
  return p.lawfulBasis === "consent" && !p.consentAt ? [{ field: "consentAt", rule: "is required when the lawful basis is consent", code: "required" }] : [];
}

export const personCreateSchema = personFields.strict().superRefine((p, ctx) => {
  addIssues(ctx, personIssues(p));
});

/** A coordinator's edit: any of the fields, none of them defaulted (an absent visibility stays as stored). */
export const personPatchSchema = patchSchema(personFields);

export type PersonCreate = z.infer<typeof personCreateSchema>;
export type PersonPatch = z.infer<typeof personPatchSchema>;

/** How long a person's private link works. */
export const PERSON_TOKEN_MS = 365 * 86_400_000;

export async function createPerson(db: Database, input: PersonCreate, actorId: string, now: Date): Promise<{ id: string; token: string }> {
  await requireReferences(db, [
    ...input.organisations.map((o, i) => ({ kind: "organisation" as const, field: `organisations[${i}].id`, id: o.id })),
    ...refs("topic", "topics", input.topics),
  ]);
  const id = crypto.randomUUID();
  const token = randomToken();
  const { organisations: orgs, topics, ...fields } = input;
  const statements: BatchItem<"sqlite">[] = [
    db.insert(people).values({ id, ...fields, notifiedAt: fields.email ? now.toISOString() : null }),
    db.insert(personTokens).values({ id: await sha256Hex(token), personId: id, expiresAt: now.getTime() + PERSON_TOKEN_MS }),
    audit(db, { actorId, action: "person.create", entity: "person", entityId: id, after: { lawfulBasis: input.lawfulBasis } }),
  ];
  if (orgs.length) statements.push(db.insert(personOrganisations).values(orgs.map((o) => ({ personId: id, organisationId: o.id, role: o.role ?? null }))));
  if (topics.length) statements.push(db.insert(personTopics).values(topics.map((topicId) => ({ personId: id, topicId }))));
  await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  return { id, token };
}

/** The person a private link belongs to, or null. */
export async function personForToken(db: Database, token: string, now: Date): Promise<string | null> {
  const [row] = await db
    .select({ personId: personTokens.personId, expiresAt: personTokens.expiresAt })
    .from(personTokens)
    .where(eq(personTokens.id, await sha256Hex(token)));
  return row && row.expiresAt > now.getTime() ? row.personId : null;
}

/**
 * Erases a person from every table: the record, its links (organisations, topics, event contacts,
 * private links, search index — by cascade and trigger) and the audit entries about it. What
 * remains is one audit entry saying that an erasure happened, without any identifier.
 */
export async function erasePerson(db: Database, personId: string, actorId: string | null): Promise<boolean> {
  // The erasure is logged only if there is someone to erase, checked in the same transaction.
  const [, , deleted] = await db.batch([
    auditIf(
      db,
      { actorId, action: "person.erase", entity: "person", entityId: "[erased]" },
      sql`EXISTS (SELECT 1 FROM ${people} WHERE ${people.id} = ${personId})`,
    ),
    db.delete(auditLog).where(and(eq(auditLog.entity, "person"), eq(auditLog.entityId, personId))),
    db.delete(people).where(eq(people.id, personId)).returning({ id: people.id }),
    ...forgetInStoredCopies(db, personId),
  ]);
  return deleted.length > 0;
}

/** Where a webhook delivery (kept until sent, then 30 days in its log) carries an event's contacts. */
const DELIVERY_CONTACTS = ["$.data.event.contacts", "$.data.yourEvent.contacts"];

/**
 * What an erasure takes out besides the person's rows: the person among the contacts of every
 * webhook delivery, waiting or sent (an event as it was when the delivery was recorded), and the
 * stored CSV exports, rendered again for the next reader.
 */
function forgetInStoredCopies(db: Database, personId: string): BatchItem<"sqlite">[] {
  return [
    ...DELIVERY_CONTACTS.map((path) =>
      db.run(sql`UPDATE ${webhookDeliveries} SET payload = json_set(payload, ${path},
          (SELECT json_group_array(json(value)) FROM json_each(${webhookDeliveries.payload}, ${path}) WHERE json_extract(value, '$.id') IS NOT ${personId}))
        WHERE EXISTS (SELECT 1 FROM json_each(${webhookDeliveries.payload}, ${path}) WHERE json_extract(value, '$.id') = ${personId})`),
    ),
    db.delete(renderedOutputs).where(sql`${renderedOutputs.key} LIKE '%/export/%'`),
  ];
}

/** The fields of a person that are personal data: the audit log names them when they change, never their values. */
const PERSONAL = new Set(["name", "title", "email", "phone"]);
const masked = (values: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [k, PERSONAL.has(k) && v != null ? "[redacted]" : v]));

/** A person as a coordinator edits them, in the shape of the input; link lists in one order. */
async function storedPerson(db: Database, personId: string) {
  const [row] = await db
    .select({
      person: people,
      organisations: sql<string>`(SELECT json_group_array(json_object('id', organisation_id, 'role', role)) FROM (SELECT * FROM person_organisations WHERE person_id = ${personId} ORDER BY organisation_id))`,
      topics: sql<string>`(SELECT json_group_array(topic_id) FROM (SELECT topic_id FROM person_topics WHERE person_id = ${personId} ORDER BY topic_id))`,
    })
    .from(people)
    .where(eq(people.id, personId));
  if (!row) return null;
  const p = row.person;
  const editable = {
    name: p.name,
    title: p.title,
    email: p.email,
    emailVisibility: p.emailVisibility,
    phone: p.phone,
    phoneVisibility: p.phoneVisibility,
    countries: p.countries,
    languages: p.languages,
    organisations: JSON.parse(row.organisations) as { id: string; role: string | null }[],
    topics: JSON.parse(row.topics) as string[],
    lawfulBasis: p.lawfulBasis,
    consentAt: p.consentAt,
  };
  return { editable, notifiedAt: p.notifiedAt };
}

export type PersonPatchResult = { found: false } | { found: true; changed: boolean };

/**
 * A coordinator's PATCH of a person: only the fields sent change; organisation and topic rows are
 * replaced only when their list is sent; the record, its links and the audit entry go in one
 * batch. A PATCH that changes nothing writes nothing.
 *
 * A person added without an address could not be told (GDPR art. 14); once a PATCH gives them one,
 * the notice job (./person-notices.ts) mails them their private link on its next tick, with its
 * retries. The person's own corrections (`person.correct`, through that link) take the same way.
 */
export async function patchPerson(
  db: Database,
  personId: string,
  patch: PersonPatch,
  meta: { actorId: string | null; action: "person.update" | "person.correct"; now: Date },
): Promise<PersonPatchResult> {
  const { actorId, now } = meta;
  const stored = await storedPerson(db, personId);
  if (!stored) return { found: false };
  const normalised: PersonPatch = {
    ...patch,
    ...(patch.organisations
      ? { organisations: patch.organisations.map((o) => ({ id: o.id, role: o.role ?? null })).sort((a, b) => a.id.localeCompare(b.id)) }
      : {}),
    ...(patch.topics ? { topics: [...patch.topics].sort() } : {}),
  };
  const changes = changesOf(stored.editable as PersonPatch, normalised);
  if (!changes) return { found: true, changed: false };
  const after = merged(stored.editable as PersonPatch, normalised);
  requireValid(personIssues(after as { lawfulBasis: string; consentAt?: string | null }));
  const { organisations: orgs, topics, ...columns } = changes.changed;
  await requireReferences(db, [
    ...(orgs ?? []).map((o, i) => ({ kind: "organisation" as const, field: `organisations[${i}].id`, id: o.id })),
    ...refs("topic", "topics", topics ?? []),
  ]);

  const statements: BatchItem<"sqlite">[] = [
    db
      .update(people)
      .set({ ...columns, updatedAt: now.toISOString() })
      .where(eq(people.id, personId)),
    audit(db, { actorId, action: meta.action, entity: "person", entityId: personId, before: masked(changes.before), after: masked(changes.after) }),
  ];
  if (touches(changes, "organisations"))
    statements.push(
      ...replaceLinks(
        db,
        personOrganisations,
        personOrganisations.personId,
        personId,
        orgs!.map((o) => ({ personId, organisationId: o.id, role: o.role ?? null })),
      ),
    );
  if (touches(changes, "topics"))
    statements.push(
      ...replaceLinks(
        db,
        personTopics,
        personTopics.personId,
        personId,
        topics!.map((topicId) => ({ personId, topicId })),
      ),
    );
  await runBatch(db, statements);
  return { found: true, changed: true };
}
