/** What the review queue and "my events" answer, shared with the web app (types only). */
import type { EVENT_TYPES, MODERATION_STATES } from "../../db/enums.ts";
import type { Reason } from "../coordination/clash.ts";
import type { PeriodClash } from "../coordination/observances.ts";
import type { Severity } from "../coordination/weights.ts";

/** One event a queued item clashes with, as the clash radar words it. */
export interface QueueClash {
  slug: string;
  kind: "event" | "hold";
  /** Null for busy-only events the coordinator may not see in full. */
  title: string | null;
  busy: boolean;
  organiser: string | null;
  severity: Severity;
  allDay: boolean;
  startsAt: string;
  reasons: Reason[];
}

/** The clash radar's verdict on a queued item: its strongest severity, how many clash, the strongest few. */
export interface QueueClashes {
  highest: Severity | null;
  total: number;
  clashes: QueueClash[];
  /** Blackout periods and observances on its dates (counted in `highest`). */
  periods: PeriodClash[];
}

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
  /** In the review queue only: what the clash radar finds for it (its proposed change, if any). */
  clashes?: QueueClashes;
}
