/**
 * Consent between organisations. Naming another organisation as co-organiser of an event or
 * co-issuer of a document is a proposal until that organisation accepts it: a proposed link shows
 * the record on none of the named organisation's pages, lists it nowhere as organiser or issuer
 * and gives its partners no rights over the record. Every read that lists organisers or issuers,
 * or grants rights through them, reads only `consent = 'accepted'` links.
 *
 * Who decides the state of a new link is whoever named it: an organisation of their own, or any
 * organisation named by a coordinator, is accepted at once; any other is proposed. A link that
 * already exists keeps its state when the record is saved again with it.
 */
import { eq } from "drizzle-orm";
import { type CONSENT_STATES, memberships, users } from "../../db/schema.ts";
import { isCoordinator, type Viewer } from "../auth/viewer.ts";
import type { Database } from "../db/client.ts";

export type Consent = (typeof CONSENT_STATES)[number];

/** Who names organisations on a record, as far as consent is concerned. */
export interface Maker {
  coordinator: boolean;
  organisations: string[];
}

export function makerOf(viewer: Viewer): Maker {
  return { coordinator: isCoordinator(viewer), organisations: viewer.organisations };
}

/**
 * The maker behind a stored user id (the partner whose proposed change a coordinator approves is
 * who named its organisers, not the coordinator). An unknown user names nothing on their own.
 */
export async function makerOfUser(db: Database, userId: string | null): Promise<Maker> {
  if (!userId) return { coordinator: false, organisations: [] };
  const [[user], orgs] = await db.batch([
    db.select({ role: users.role }).from(users).where(eq(users.id, userId)),
    db.select({ id: memberships.organisationId }).from(memberships).where(eq(memberships.userId, userId)),
  ]);
  return { coordinator: user?.role === "coordinator" || user?.role === "admin", organisations: orgs.map((o) => o.id) };
}

/** The state of a link to `organisationId`: the existing one's, else what the maker's naming makes it. */
export function consentFor(maker: Maker, organisationId: string, existing?: Consent): Consent {
  if (existing) return existing;
  return maker.coordinator || maker.organisations.includes(organisationId) ? "accepted" : "proposed";
}

/** Every organisation accepted by its maker: imports and holds name only the maker's own. */
export const ACCEPT_ALL: Maker = { coordinator: true, organisations: [] };
