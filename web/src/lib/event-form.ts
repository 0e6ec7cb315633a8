/**
 * The event form's values and the API's request body: what the form loads from an event, what it
 * sends for it, and on an edit only what differs from the version loaded.
 */
import type { EventDetail, Me } from "./api.ts";
import { viewerTimeZone } from "./i18n.ts";

/** The region's time zones, offered for an event's times. */
export const ZONES = [
  "Atlantic/Reykjavik",
  "Europe/Berlin",
  "Europe/Copenhagen",
  "Europe/Helsinki",
  "Europe/Kaliningrad",
  "Europe/Moscow",
  "Europe/Oslo",
  "Europe/Riga",
  "Europe/Stockholm",
  "Europe/Tallinn",
  "Europe/Vilnius",
  "Europe/Warsaw",
  "UTC",
];

/** What the form holds: texts as typed, "" for empty. */
export interface FormState {
  title: string;
  summary: string;
  description: string;
  type: string;
  status: string;
  visibility: string;
  allDay: boolean;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  venue: string;
  city: string;
  country: string;
  attendanceMode: string;
  onlineUrl: string;
  registrationUrl: string;
  ownerOrganisationId: string;
  coOrganisers: string[];
  topics: string[];
  audiences: string[];
  languages: string[];
  /** The RRULE value; "" when the event does not repeat. */
  rrule: string;
  exdates: string[];
  publish: boolean;
  clashJustification: string;
  /** A flagship event; only coordinators see and send it. */
  major: boolean;
}

/** A new event for the signed-in user's first organisation. */
export function blank(user: Me): FormState {
  const zone = viewerTimeZone();
  return {
    title: "",
    summary: "",
    description: "",
    type: "seminar",
    status: "confirmed",
    visibility: "public",
    allDay: false,
    startsAt: "",
    endsAt: "",
    timeZone: ZONES.includes(zone) ? zone : "Europe/Copenhagen",
    venue: "",
    city: "",
    country: "",
    attendanceMode: "in_person",
    onlineUrl: "",
    registrationUrl: "",
    ownerOrganisationId: user.organisations[0]?.id ?? "",
    coOrganisers: [],
    topics: [],
    audiences: [],
    languages: [],
    rrule: "",
    exdates: [],
    publish: false,
    clashJustification: "",
    major: false,
  };
}

/** An event as its editor edits it: a partner's proposal waiting for review is what they go on with. */
export function fromEvent(e: EventDetail, coordinator: boolean): FormState {
  const p = (!coordinator && e.manage?.pendingChanges) || null;
  const src = { ...e, ...(p ?? {}) } as EventDetail & { organisers: unknown };
  const organiserIds = p ? ((p as { organisers: string[] }).organisers ?? []) : e.organisers.map((o) => o.id);
  return {
    title: src.title ?? "",
    summary: src.summary ?? "",
    description: src.description ?? "",
    // Editors see an event in full; were a detail ever held back, the form would ask for it
    // rather than save a guess.
    type: src.type ?? "",
    status: src.status,
    visibility: src.visibility,
    allDay: src.allDay,
    startsAt: src.startsAt,
    endsAt: src.endsAt,
    timeZone: src.timeZone,
    venue: src.venue ?? "",
    city: src.city ?? "",
    country: src.country ?? "",
    attendanceMode: src.attendanceMode ?? "",
    onlineUrl: src.onlineUrl ?? "",
    registrationUrl: src.registrationUrl ?? "",
    ownerOrganisationId: e.manage?.ownerOrganisationId ?? organiserIds[0] ?? "",
    coOrganisers: organiserIds.filter((id) => id !== (e.manage?.ownerOrganisationId ?? organiserIds[0])),
    topics: src.topics,
    audiences: src.audiences,
    languages: src.languages ?? [],
    rrule: src.rrule ?? "",
    exdates: src.exdates ?? [],
    publish: false,
    clashJustification: (p as { clashJustification?: string } | null)?.clashJustification ?? e.manage?.clashJustification ?? "",
    major: e.major,
  };
}

/** The API's request body for the form's values. */
export function toBody(f: FormState, creating: boolean, coordinator: boolean) {
  const orNull = (s: string) => (s.trim() === "" ? null : s.trim());
  return {
    title: f.title,
    summary: orNull(f.summary),
    description: orNull(f.description),
    type: f.type,
    status: f.status,
    visibility: f.visibility,
    allDay: f.allDay,
    startsAt: f.startsAt,
    endsAt: f.endsAt,
    timeZone: f.timeZone,
    venue: orNull(f.venue),
    city: orNull(f.city),
    country: orNull(f.country.toUpperCase()),
    attendanceMode: f.attendanceMode,
    onlineUrl: orNull(f.onlineUrl),
    registrationUrl: orNull(f.registrationUrl),
    ownerOrganisationId: f.ownerOrganisationId,
    organisers: [f.ownerOrganisationId, ...f.coOrganisers.filter((o) => o !== f.ownerOrganisationId)],
    topics: f.topics,
    audiences: f.audiences,
    languages: f.languages,
    rrule: orNull(f.rrule),
    exdates: f.exdates,
    clashJustification: orNull(f.clashJustification),
    // Coordinators decide which events are major; partners never send the flag.
    ...(coordinator ? { major: f.major } : {}),
    ...(creating && coordinator && f.publish ? { publish: true } : {}),
  };
}

export type Body = ReturnType<typeof toBody>;
/** Lists whose order carries no meaning; the organisers' first (the lead) does. */
const SETS = new Set(["topics", "audiences", "languages", "exdates"]);
function comparable(key: string, value: unknown): string {
  if (key === "organisers") {
    const [lead, ...rest] = value as string[];
    return JSON.stringify([lead, ...rest.sort()]);
  }
  return JSON.stringify(SETS.has(key) && Array.isArray(value) ? [...value].sort() : value);
}

/**
 * What an edit sends: only the fields that differ from the version loaded, both read through
 * toBody, so a field the person did not touch is never sent and cannot overwrite anything.
 */
export function changedFields(loaded: Body, now: Body): Partial<Body> {
  return Object.fromEntries(
    Object.entries(now).filter(([key, value]) => comparable(key, value) !== comparable(key, loaded[key as keyof Body])),
  ) as Partial<Body>;
}
