/** Test factories: rows a test needs, with defaults a test can override. */
import type { Client } from "@libsql/client";
import { eventInstants } from "../../functions/lib/instants.ts";

let counter = 0;

/**
 * The body of a POST /api/events: a one-day seminar in Riga by Marta (the sample partner's
 * organisation) in June 2030, with what `extra` changes.
 */
export const seminar = (title: string, extra: Record<string, unknown> = {}) => ({
  title,
  type: "seminar",
  allDay: false,
  startsAt: "2030-06-10T09:00",
  endsAt: "2030-06-10T16:00",
  timeZone: "Europe/Riga",
  city: "Riga",
  country: "LV",
  organisers: ["marta"],
  topics: ["victim-support"],
  audiences: ["social-workers"],
  ownerOrganisationId: "marta",
  ...extra,
});

/**
 * The body of a POST /api/events: an hour's case conference, a Tuesday (4 June 2030) in Riga by
 * Marta, the usual start of a weekly series; with what `extra` changes (an `rrule`, most often).
 */
export const caseConference = (extra: Record<string, unknown> = {}) => ({
  title: "Case conference",
  type: "meeting",
  allDay: false,
  startsAt: "2030-06-04T10:00",
  endsAt: "2030-06-04T11:00",
  timeZone: "Europe/Riga",
  organisers: ["marta"],
  ownerOrganisationId: "marta",
  ...extra,
});

export interface EventOverrides {
  id?: string;
  title?: string;
  allDay?: boolean;
  startsAt: string;
  endsAt: string;
  timeZone?: string;
  country?: string | null;
  city?: string | null;
  /** Defaults to a meeting. */
  type?: "conference" | "seminar" | "workshop" | "meeting" | "training" | "study_visit" | "campaign" | "deadline" | "other";
  visibility?: "public" | "partners" | "busy_only";
  moderation?: "draft" | "pending" | "published" | "rejected";
  status?: "tentative" | "confirmed" | "postponed" | "cancelled";
  organisers?: string[];
  /** Defaults to the lead organiser. */
  ownerOrganisationId?: string;
  topics?: string[];
  submittedBy?: string;
  rrule?: string;
  exdates?: string[];
  /** When it was created (and so published), ISO 8601; defaults to the database's clock. */
  createdAt?: string;
}

/** Inserts a published public event (and its organisers and topics) in one batch; returns its slug. */
export async function createEvent(client: Client, o: EventOverrides): Promise<string> {
  const id = o.id ?? `test-event-${++counter}-${Date.now()}`;
  const allDay = o.allDay ?? false;
  const timeZone = o.timeZone ?? "UTC";
  const { startUtc, endUtc } = eventInstants({ allDay, startsAt: o.startsAt, endsAt: o.endsAt, timeZone, rrule: o.rrule, exdates: o.exdates });
  await client.batch(
    [
      {
        sql: `INSERT INTO events (id, slug, title, type, status, visibility, all_day, starts_at, ends_at, time_zone, start_utc, end_utc, country, city, moderation, owner_organisation_id, submitted_by, rrule, exdates, created_at)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, coalesce(?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))`,
        args: [
          id,
          id,
          o.title ?? `Test event ${counter}`,
          o.type ?? "meeting",
          o.status ?? "confirmed",
          o.visibility ?? "public",
          allDay ? 1 : 0,
          o.startsAt,
          o.endsAt,
          timeZone,
          startUtc,
          endUtc,
          o.country ?? null,
          o.city ?? null,
          o.moderation ?? "published",
          o.ownerOrganisationId ?? o.organisers?.[0] ?? null,
          o.submittedBy ?? null,
          o.rrule ?? null,
          JSON.stringify(o.exdates ?? []),
          o.createdAt ?? null,
        ],
      },
      ...(o.organisers ?? []).map((org, i) => ({
        sql: "INSERT INTO event_organisers (event_id, organisation_id, is_lead) VALUES (?, ?, ?)",
        args: [id, org, i === 0 ? 1 : 0],
      })),
      ...(o.topics ?? []).map((topic) => ({ sql: "INSERT INTO event_topics (event_id, topic_id) VALUES (?, ?)", args: [id, topic] })),
    ],
    "write",
  );
  return id;
}

/** The id and slug an event was stored with, found by its title (non-public demo events get opaque ones). */
export async function storedEvent(client: Client, title: string): Promise<{ id: string; slug: string }> {
  const rs = await client.execute({ sql: "SELECT id, slug FROM events WHERE title = ?", args: [title] });
  if (rs.rows.length !== 1) throw new Error(`expected one event titled ${title}, found ${rs.rows.length}`);
  return { id: String(rs.rows[0].id), slug: String(rs.rows[0].slug) };
}

export const DEMO_PARTNER_PLANNING = "Partners' planning call for the spring programme";
export const DEMO_BUSY_STEERING = "Steering group (internal)";

export interface SubscriptionOverrides {
  email: string;
  countries?: string[];
  timeZone?: string;
  weeksAhead?: number;
  /** A confirmed address by default (the double opt-in has its own test). */
  confirmed?: boolean;
}

/** Inserts a digest subscription (confirmed unless told otherwise); returns its id. */
export async function createSubscription(client: Client, o: SubscriptionOverrides): Promise<string> {
  const id = `test-subscription-${++counter}`;
  await client.execute({
    sql: "INSERT INTO subscriptions (id, email, confirmed_at, countries, time_zone, weeks_ahead) VALUES (?, ?, ?, ?, ?, ?)",
    args: [
      id,
      o.email,
      o.confirmed === false ? null : "2031-01-01T00:00:00.000Z",
      JSON.stringify(o.countries ?? []),
      o.timeZone ?? "Europe/Copenhagen",
      o.weeksAhead ?? 4,
    ],
  });
  return id;
}
