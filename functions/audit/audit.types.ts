/** What `GET /api/audit` answers, shared with the web app (types only, no runtime code). */

/** One audit entry: who changed what, with the changed fields before and after. */
export interface AuditEntry {
  id: number;
  at: string;
  actorId: string | null;
  actorName: string | null;
  /** When the actor acted through an API token: its id and name (null once the token is gone with its creator). */
  tokenId: string | null;
  tokenName: string | null;
  action: string;
  entity: string;
  entityId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  comment: string | null;
  /**
   * The record the entry is about as it is now: its name or title and its page, both null once
   * the record is gone (a deleted event, an erased person) or when it has no page of its own.
   */
  target: { name: string | null; path: string | null };
}

/** `GET /api/audit`: the entries, and the current names of the records their values refer to. */
export interface AuditResponse {
  entries: AuditEntry[];
  /**
   * Id → name for the users, events and organisations the entries' before/after values name by
   * id (a membership's `userId`, an acknowledged clash's other event, an event's organisers);
   * "" for a user who has given no name.
   */
  names: Record<string, string>;
}
