/** Who is asking: nobody, or a signed-in user with a role and organisation memberships. */
import type { USER_ROLES } from "../../db/schema.ts";

export interface Viewer {
  id: string;
  email: string;
  name: string | null;
  role: (typeof USER_ROLES)[number];
  /** Ids of the organisations the user is a partner of. */
  organisations: string[];
  /** The language the account chose, or null to follow the browser. */
  locale: string | null;
  sessionId: string;
  /**
   * Set when the request came with an API token (functions/tokens/api-tokens.ts): the creator acts
   * only as a partner of `organisationId` (then `role` is "user" and `organisations` is that one),
   * and only on the routes `scopes` open (policy.ts `TOKEN_SCOPE`).
   */
  token?: { id: string; scopes: string[]; organisationId: string };
}

/**
 * A partner of the organisation and nothing more: what an organisation as a whole may be told (a
 * webhook endpoint, a clash alert to its members) is what such a viewer may see.
 */
export function organisationViewer(organisationId: string): Viewer {
  return { id: `organisation:${organisationId}`, email: "", name: null, role: "user", organisations: [organisationId], locale: null, sessionId: "" };
}

export function isCoordinator(v: Viewer | null): boolean {
  return v?.role === "coordinator" || v?.role === "admin";
}

export function isAdmin(v: Viewer | null): boolean {
  return v?.role === "admin";
}

export function isPartner(v: Viewer | null): boolean {
  return (v?.organisations.length ?? 0) > 0;
}

export function isMemberOf(v: Viewer | null, organisationId: string | null | undefined): boolean {
  return !!organisationId && !!v?.organisations.includes(organisationId);
}

/** Partners, coordinators and admins see partner-only events. */
export function seesPartnerEvents(v: Viewer | null): boolean {
  return isPartner(v) || isCoordinator(v);
}
