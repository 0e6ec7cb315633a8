/** What `GET /api/audit` answers, shared with the web app (types only, no runtime code). */

/** One audit entry: who changed what, with the changed fields before and after. */
export interface AuditEntry {
  id: number;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  entity: string;
  entityId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  comment: string | null;
}
