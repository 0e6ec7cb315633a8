/** What `/api/proposals` answers, shared with the web app (types only, no runtime code). */
import type { PROPOSAL_KINDS } from "../../db/enums.ts";

export type ProposalKind = (typeof PROPOSAL_KINDS)[number];

export interface OrgRef {
  id: string;
  slug: string;
  name: string;
}

/** One proposal as listed: the record, the organisation named on it, and who named it. */
export interface Proposal {
  kind: ProposalKind;
  recordId: string;
  slug: string;
  title: string;
  /**
   * An event's local start (in UTC for a busy-only event the viewer sees as busy, as at every
   * door: functions/events/visibility.ts); a document's issue date.
   */
  date: string | null;
  /** An event's moderation state (a draft may name co-organisers before it is published). */
  moderation: string | null;
  organisation: OrgRef;
  /** The organisations whose record it is: an event's owner, a document's accepted issuers. */
  proposedBy: OrgRef[];
}
