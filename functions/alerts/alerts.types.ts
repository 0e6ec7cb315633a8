/**
 * The contract between the parts of the alerts feature (issue 16):
 * - producers (clash-alerts.ts, change-alerts.ts, review-alerts.ts) decide what is worth telling
 *   and to whom, and record it with `alertStatements` (enqueue.ts) in the same batch as — or right
 *   after — the write that caused it;
 * - the outbox (outbox.ts) drains the deliveries on each cron tick, one mail per person per
 *   quarter hour holding all their pending alerts;
 * - each alert kind renders its own section of that mail (kinds/<kind>.ts, registered in
 *   kinds/index.ts).
 */
import type { ALERT_KINDS } from "../../db/enums.ts";
import type { Database } from "../db/client.ts";
import type { ServerMessages } from "../i18n/messages.ts";

export type AlertKind = (typeof ALERT_KINDS)[number];

/** A fact worth telling, before it is stored. */
export interface NewAlert {
  kind: AlertKind;
  /** The same fact always yields the same key (e.g. `clash:<event>:<other>:<change>`); a repeat is ignored. */
  dedupeKey: string;
  eventId: string;
  otherEventId?: string | null;
  organisationId?: string | null;
  severity?: "low" | "medium" | "high" | null;
  /** What the mail needs beyond the events' own rows: reasons, before → after, the justification. */
  details?: Record<string, unknown>;
}

export interface AlertRecipient {
  userId: string;
  /** Change alerts: the follow that brought it, for its own unsubscribe link. */
  followId?: string | null;
}

/** A stored alert as the outbox hands it to its kind's renderer. */
export interface StoredAlert {
  id: string;
  kind: AlertKind;
  eventId: string;
  otherEventId: string | null;
  organisationId: string | null;
  severity: string | null;
  details: Record<string, unknown>;
  createdAt: string;
}

/** What a renderer knows of the person the mail goes to and of the calendar. */
export interface AlertMailContext {
  db: Database;
  /** The recipient; what they may see of each event is decided by functions/events/visibility.ts. */
  user: { id: string; email: string; locale: string | null; role: string; organisationIds: string[] };
  messages: ServerMessages;
  language: string;
  /** The calendar's origin, for absolute links. */
  origin: string;
  /** The tick's time (what has ended is judged by it). */
  now: Date;
  /**
   * Loads once per tick: what `load` gives for `key`, shared by every mail of the tick (the same
   * events and names recur across the members of an organisation), so a tick stays inside a
   * Worker's subrequests. Only for what does not depend on the recipient.
   */
  memo<T>(key: string, load: () => Promise<T>): Promise<T>;
  /** Signed one-click link that ends the follow behind a delivery (change alerts). */
  unfollowLink(followId: string): Promise<string>;
}

/** One alert's part of a mail: plain text (always) and an HTML fragment written with hono/html (functions/http.ts). */
export interface AlertSection {
  text: string;
  html: string;
  /** The mail's subject when this is its only section (a batch of several gets a count). */
  subject?: string;
}

export interface AlertKindRenderer {
  /** The section for one alert; null when the recipient may no longer see anything of it (the delivery is skipped). */
  section(alert: StoredAlert, delivery: { followId: string | null }, ctx: AlertMailContext): Promise<AlertSection | null>;
}
