/**
 * Recording alerts: the alert, one delivery per recipient and each recipient's batching row, as
 * statements to run in one batch (with the write that caused them, when there is one). Ids derive
 * from the dedupe key, so a repeat of the same fact — a retried request, two cron ticks, two
 * isolates noticing at once — inserts nothing.
 */
import { alertDeliveries, alertRecipients, alerts } from "../../db/schema.ts";
import type { Database } from "../db/client.ts";
import type { AlertRecipient, NewAlert } from "./alerts.types.ts";

/** The most recipients one alert is delivered to (an organisation's members, an item's followers). */
export const MAX_RECIPIENTS_PER_ALERT = 5_000;

const encoder = new TextEncoder();

/** A stable id for a key: the first 128 bits of its SHA-256, in hex. */
export async function stableId(key: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(key)));
  return Array.from(digest.subarray(0, 16), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Insert-or-ignore statements for an alert and its deliveries; an empty list when nobody is to be told. */
export async function alertStatements(db: Database, alert: NewAlert, recipients: AlertRecipient[]) {
  const unique = [...new Map(recipients.map((r) => [r.userId, r])).values()].slice(0, MAX_RECIPIENTS_PER_ALERT);
  if (!unique.length) return [];
  const alertId = await stableId(alert.dedupeKey);
  const deliveries = await Promise.all(
    unique.map(async (r) => ({ id: await stableId(`${alertId}:${r.userId}`), alertId, userId: r.userId, followId: r.followId ?? null })),
  );
  return [
    db
      .insert(alerts)
      .values({
        id: alertId,
        kind: alert.kind,
        dedupeKey: alert.dedupeKey,
        eventId: alert.eventId,
        otherEventId: alert.otherEventId ?? null,
        organisationId: alert.organisationId ?? null,
        severity: alert.severity ?? null,
        details: alert.details ?? {},
      })
      .onConflictDoNothing(),
    // Chunks keep each statement's parameters well under SQLite's limit.
    ...chunk(deliveries, 200).map((rows) => db.insert(alertDeliveries).values(rows).onConflictDoNothing()),
    ...chunk(
      unique.map((r) => ({ userId: r.userId })),
      400,
    ).map((rows) => db.insert(alertRecipients).values(rows).onConflictDoNothing()),
  ];
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
