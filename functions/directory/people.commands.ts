/**
 * Adding, correcting and erasing key persons. Personal data stays out of the audit log (the log
 * records that a person was added or changed, by whom, never what their details are), so that
 * erasure can leave no trace anywhere.
 */
import { and, eq, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { z } from "zod";
import { auditLog, FIELD_VISIBILITIES, LAWFUL_BASES, people, personOrganisations, personTokens, personTopics } from "../../db/schema.ts";
import { audit, auditIf } from "../audit/audit.ts";
import { randomToken, sha256Hex } from "../auth/tokens.ts";
import type { Database } from "../db/client.ts";
import { refs, requireReferences } from "../db/references.ts";
import { DATE_RANGE_RULE, dateProblem, id as idOf, line } from "../validation.ts";

const visibility = z.enum(FIELD_VISIBILITIES, { error: `must be one of ${FIELD_VISIBILITIES.join(", ")}` });

/** What a person may correct about themselves. */
export const personCorrectionSchema = z
  .object({
    name: line(200).min(1, "is required"),
    title: line(200).nullable(),
    email: z.email({ error: "must be an email address" }).max(254).nullable(),
    emailVisibility: visibility,
    phone: z.string().trim().max(40).regex(/^[+\d][\d\s().-]*$/, "must be a phone number such as +371 2000 0000").nullable(),
    phoneVisibility: visibility,
    countries: z.array(z.string().regex(/^[A-Z]{2}$/, "must be ISO 3166-1 alpha-2 codes")).max(20),
    languages: z.array(z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "must be BCP 47 tags")).max(20),
  })
  .partial()
  .strict();

/** What a coordinator enters; contact fields default to coordinators-only. */
export const personCreateSchema = z
  .object({
    name: line(200).min(1, "is required"),
    title: line(200).nullable().optional(),
    email: z.email({ error: "must be an email address" }).max(254).nullable().optional(),
    emailVisibility: visibility.default("coordinators"),
    phone: z.string().trim().max(40).regex(/^[+\d][\d\s().-]*$/, "must be a phone number such as +371 2000 0000").nullable().optional(),
    phoneVisibility: visibility.default("coordinators"),
    countries: z.array(z.string().regex(/^[A-Z]{2}$/, "must be ISO 3166-1 alpha-2 codes")).max(20).default([]),
    languages: z.array(z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "must be BCP 47 tags")).max(20).default([]),
    organisations: z.array(z.object({ id: idOf("must be an organisation id"), role: line(100).nullable().optional() })).max(10, "at most 10").default([]),
    topics: z.array(idOf("must be topic ids")).max(20, "at most 20").default([]),
    lawfulBasis: z.enum(LAWFUL_BASES, { error: `must be one of ${LAWFUL_BASES.join(", ")}` }),
    consentAt: z.iso
      .datetime({ error: "must be an ISO 8601 date-time" })
      .refine((at) => dateProblem(at.slice(0, 10)) === null, DATE_RANGE_RULE)
      .nullable()
      .optional(),
  })
  .strict()
  .refine((p) => p.lawfulBasis !== "consent" || !!p.consentAt, { path: ["consentAt"], message: "is required when the lawful basis is consent" });

export type PersonCreate = z.infer<typeof personCreateSchema>;

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
  const [row] = await db.select({ personId: personTokens.personId, expiresAt: personTokens.expiresAt }).from(personTokens).where(eq(personTokens.id, await sha256Hex(token)));
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
    auditIf(db, { actorId, action: "person.erase", entity: "person", entityId: "[erased]" }, sql`EXISTS (SELECT 1 FROM ${people} WHERE ${people.id} = ${personId})`),
    db.delete(auditLog).where(and(eq(auditLog.entity, "person"), eq(auditLog.entityId, personId))),
    db.delete(people).where(eq(people.id, personId)).returning({ id: people.id }),
  ]);
  return deleted.length > 0;
}
