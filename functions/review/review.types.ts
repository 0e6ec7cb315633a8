/** What the review queue and "my events" answer, shared with the web app (types only). */
import type { EVENT_TYPES, MODERATION_STATES } from "../../db/enums.ts";

/** One event in `GET /api/review` or `GET /api/my/events`. */
export interface QueueItem {
  id: string;
  slug: string;
  title: string;
  type: (typeof EVENT_TYPES)[number];
  startsAt: string;
  endsAt: string;
  allDay: boolean;
  timeZone: string;
  moderation: (typeof MODERATION_STATES)[number];
  version: number;
  hasPendingChanges: boolean;
  reviewComment: string | null;
  clashJustification: string | null;
  submittedAt: string | null;
  ownerOrganisationId: string | null;
  ownerName: string | null;
  /** In the review queue only: who submitted it. */
  submitterName?: string | null;
}
