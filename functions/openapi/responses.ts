/**
 * The shapes of the main answers of the API as zod schemas, for the OpenAPI document (its
 * components.schemas). Each is tied to the TypeScript type the handler answers with: when one
 * changes and not the other, `npm run typecheck` fails (the `Same` checks at the end), and the
 * OpenAPI tests compare real answers with them.
 */
import { z } from "zod";
import {
  ATTENDANCE_MODES,
  DOCUMENT_KINDS,
  PROJECT_STATUSES,
  OBSERVANCE_KINDS,
  EVENT_STATUSES,
  EVENT_TYPES,
  EVENT_VISIBILITIES,
  MODERATION_STATES,
  ORGANISATION_KINDS,
  USER_ROLES,
} from "../../db/enums.ts";
import type { MeResponse } from "../auth/auth.types.ts";
import type { getOrganisation, listDocuments, listOrganisations, listProjects } from "../directory/directory.queries.ts";
import type { PersonResponse, VocabularyResponse } from "../directory/directory.types.ts";
import type { EventDetail, EventListResponse, EventSummary, OrganiserRef } from "../events/events.schema.ts";
import type { SearchResponse } from "../search/search.types.ts";
import type { Reason } from "../coordination/clash.ts";
import type { RadarClash, RadarResult } from "../coordination/radar.ts";
import type { PeriodClash } from "../coordination/observances.ts";

const text = z.string().nullable();

const organiserRef = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  shortName: text,
  isLead: z.boolean(),
  awaitingAcceptance: z.literal(true).optional().describe("Named but not yet accepted by this organisation: shown only to the event's editors"),
});

const eventSummary = z
  .object({
    id: z.string(),
    slug: z.string(),
    busy: z.boolean().describe("A busy-only event: its texts and details are null"),
    title: text,
    summary: text,
    type: z.enum(EVENT_TYPES).nullable().describe("Null for a busy-only event"),
    status: z.enum(EVENT_STATUSES),
    visibility: z.enum(EVENT_VISIBILITIES),
    allDay: z.boolean(),
    startsAt: z.string().describe("Wall-clock start in `timeZone` (all-day: the first date)"),
    endsAt: z.string().describe("Wall-clock end in `timeZone` (all-day: the last date)"),
    timeZone: z.string().describe("The event's IANA time zone; `UTC` when `busy` (the times are then UTC wall clock: the zone would tell where it is)"),
    start: z.string().describe("UTC instant (ISO 8601)"),
    end: z.string().describe("UTC instant (ISO 8601); all-day events: the exclusive end"),
    recurring: z.boolean().describe("Part of a series; lists hold one item per occurrence"),
    city: text,
    country: text,
    attendanceMode: z.enum(ATTENDANCE_MODES).nullable().describe("Null for a busy-only event"),
    languages: z.array(z.string()),
    ownerOrganisationId: text,
    organisers: z.array(organiserRef),
    topics: z.array(z.string()),
    audiences: z.array(z.string()),
    isSample: z.boolean(),
  })
  .describe("An event as lists and grids show it");

const eventList = z.object({
  from: z.string(),
  to: z.string(),
  tz: z.string(),
  truncated: z.boolean().describe("More events overlap the range than one answer carries"),
  events: z.array(eventSummary),
});

const personRef = z.object({ id: z.string(), name: z.string(), title: text, email: z.string().optional(), phone: z.string().optional() });

const eventDetail = eventSummary
  .extend({
    description: text,
    venue: text,
    onlineUrl: text,
    registrationUrl: text,
    rrule: text,
    exdates: z.array(z.string()),
    major: z.boolean(),
    contacts: z.array(personRef).describe("Contact persons, with the contact fields the viewer may see"),
    projects: z.array(z.object({ id: z.string(), slug: z.string(), title: z.string() })),
    documents: z.array(z.object({ id: z.string(), slug: z.string(), title: z.string(), kind: z.string(), url: text })),
    manage: z
      .object({
        moderation: z.enum(MODERATION_STATES),
        version: z.number(),
        ownerOrganisationId: text,
        pendingChanges: z.record(z.string(), z.unknown()).nullable(),
        reviewComment: text,
        submittedAt: text,
        clashJustification: text,
      })
      .optional()
      .describe("For the event's editors only: its moderation state and version (the ETag names it)"),
  })
  .describe("One event with its organisers, contacts, projects and documents");

const searchResult = z.object({
  q: z.string(),
  events: z.array(eventSummary),
  organisations: z.array(z.object({ slug: z.string(), name: z.string(), shortName: text })),
  people: z.array(z.object({ id: z.string(), name: z.string(), title: text })),
  documents: z.array(z.object({ slug: z.string(), title: z.string(), kind: z.string(), issuedOn: text })),
  projects: z.array(z.object({ slug: z.string(), title: z.string(), startDate: z.string(), endDate: text })),
});

const organisationSummary = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  shortName: text,
  kind: z.enum(ORGANISATION_KINDS),
  parentId: text,
  countries: z.array(z.string()),
  city: text,
});
const organisationList = z.object({ organisations: z.array(organisationSummary) });

const orgRef = z.object({ id: z.string(), slug: z.string(), name: z.string(), role: text.optional() });
const documentSummary = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  kind: z.enum(DOCUMENT_KINDS),
  issuedOn: text,
  languages: z.array(z.string()),
  url: text,
  hasFile: z.boolean(),
  fileName: text,
  summary: text,
  countries: z.array(z.string()),
  issuers: z.array(orgRef).describe("The issuing organisations that accepted being named"),
  topics: z.array(z.string()),
});
const documentList = z.object({ documents: z.array(documentSummary) });
const projectSummary = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  description: text,
  status: z.enum(PROJECT_STATUSES),
  startDate: z.string(),
  endDate: text,
  budgetAmount: z.number().nullable(),
  budgetCurrency: text,
  fundingSource: text,
  countries: z.array(z.string()),
  organisations: z.array(orgRef),
  topics: z.array(z.string()),
});
const projectList = z.object({ projects: z.array(projectSummary) });

const visibility = z.enum(["public", "partners", "coordinators"]);
const person = z.object({
  id: z.string(),
  name: z.string(),
  title: text,
  countries: z.array(z.string()),
  languages: z.array(z.string()),
  email: z.string().optional().describe("Present only when the viewer may see it"),
  phone: z.string().optional().describe("Present only when the viewer may see it"),
  isSample: z.boolean(),
  organisations: z.array(z.object({ id: z.string(), slug: z.string(), name: z.string(), role: text })),
  topics: z.array(z.string()),
});
const personDetail = person.extend({
  contact: z.object({ emailVisibility: visibility, phoneVisibility: visibility }).optional().describe("Coordinators: who may see each contact field"),
});
const personList = z.object({ people: z.array(person) });

const organisationEvent = z.object({
  slug: z.string(),
  title: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  allDay: z.boolean(),
  status: z.enum(EVENT_STATUSES),
  city: text,
  country: text,
});
const organisationDetail = organisationSummary
  .extend({
    website: text,
    description: text,
    trusted: z.boolean().optional().describe("Its synced feeds publish without review; shown to its own partners and coordinators only"),
    createdAt: z.string(),
    updatedAt: z.string(),
    parent: z.object({ slug: z.string(), name: z.string() }).nullable(),
    children: z.array(z.object({ slug: z.string(), name: z.string(), shortName: text })),
    people: z.array(person),
    upcomingEvents: z.array(organisationEvent),
    pastEvents: z.array(organisationEvent),
    projects: z.array(projectSummary),
    documents: z.array(documentSummary),
    feed: z.string().describe("The address of the organisation's calendar feed (.ics)"),
  })
  .describe("An organisation with its hierarchy, people, events (those it organises that the caller may see in full), projects and documents");

const me = z.object({
  user: z
    .object({
      id: z.string(),
      email: z.string(),
      name: text,
      role: z.enum(USER_ROLES),
      organisations: z.array(z.object({ id: z.string(), slug: z.string(), name: z.string(), shortName: text })),
      hasPrivateFeed: z.boolean(),
      locale: text,
    })
    .nullable()
    .describe("null when nobody is signed in"),
});

const vocabulary = z.object({
  organisations: z.array(z.object({ id: z.string(), slug: z.string(), name: z.string(), shortName: text, kind: z.string(), countries: z.array(z.string()) })),
  topics: z.array(z.object({ id: z.string(), label: z.string() })),
  audiences: z.array(z.object({ id: z.string(), label: z.string() })),
});

const worded = { text: z.string().describe("The reason in English, as the radar shows it") };
const reason = z.union([
  z.object({ code: z.literal("overlap"), ...worded }),
  z.object({ code: z.literal("near"), days: z.number().describe("Whole days between the two"), ...worded }),
  z.object({ code: z.literal("major_events"), ...worded }),
  z.object({
    code: z.literal("shared_person"),
    values: z.array(z.string()).describe("Ids of the shared key persons the caller may be told of"),
    names: z.array(z.string()).optional(),
    others: z.number().optional().describe("How many more are shared"),
    ...worded,
  }),
  z.object({
    code: z.enum(["shared_audience", "shared_organiser", "shared_country", "same_city", "shared_topic", "shared_language"]),
    values: z.array(z.string()),
    ...worded,
  }),
  z.object({ code: z.enum(["blackout", "observance"]), title: z.string(), startsOn: z.string(), endsOn: z.string(), ...worded }),
]);
const severity = z.enum(["high", "medium", "low"]);
const clash = z.object({
  score: z.number(),
  severity,
  reasons: z.array(reason),
  slug: z.string(),
  kind: z.enum(["event", "hold"]),
  title: text.describe("null for a busy-only event the caller may not see in full"),
  busy: z.boolean(),
  organiser: text,
  start: z.string(),
  end: z.string(),
  allDay: z.boolean(),
  startsAt: z.string(),
  endsAt: z.string(),
  occurrences: z.number().describe("Occurrences of a repeating event within reach; the clash is the strongest of them"),
});
const clashCheck = z
  .object({
    highest: severity.nullable(),
    total: z.number().describe("How many events are within reach; `clashes` lists the strongest of them"),
    clashes: z.array(clash),
    periods: z
      .array(
        z.object({
          id: z.string(),
          kind: z.enum(OBSERVANCE_KINDS),
          title: z.string(),
          startsOn: z.string(),
          endsOn: z.string(),
          countries: z.array(z.string()),
          severity,
          reasons: z.array(reason),
        }),
      )
      .describe("Blackout periods and observances on the proposal's dates"),
    holidays: z.array(z.object({ date: z.string(), country: z.string(), name: z.string() })),
    weekends: z.array(z.string()),
  })
  .describe("What collides with a proposed event, strongest first, with the reasons in words");

/** The named answer schemas, in the order the document lists them; nested ones get their own name. */
export const RESPONSE_SCHEMAS = {
  EventSummary: eventSummary,
  EventList: eventList,
  EventDetail: eventDetail,
  SearchResult: searchResult,
  OrganisationSummary: organisationSummary,
  OrganisationList: organisationList,
  OrganisationDetail: organisationDetail,
  DocumentSummary: documentSummary,
  DocumentList: documentList,
  ProjectSummary: projectSummary,
  ProjectList: projectList,
  Person: person,
  PersonDetail: personDetail,
  PersonList: personList,
  Me: me,
  Vocabulary: vocabulary,
  ClashCheck: clashCheck,
} as const;
export type ResponseName = keyof typeof RESPONSE_SCHEMAS;

let built: { names: Set<string>; schemas: Record<string, unknown>; typesMatch: ResponseTypesMatch } | undefined;

/** The schemas as OpenAPI components, referring to each other by name (built once). */
export function responseComponents(): { names: Set<string>; schemas: Record<string, unknown>; typesMatch: ResponseTypesMatch } {
  if (built) return built;
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(RESPONSE_SCHEMAS)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { io: "output", uri: (id) => `#/components/schemas/${id}` });
  const clean = Object.fromEntries(Object.entries(schemas).map(([id, { $schema, $id, ...rest }]) => [id, rest]));
  built = { names: new Set(Object.keys(clean)), schemas: clean, typesMatch: true };
  return built;
}

// The schemas say what the handlers' types say: each line fails to compile when they differ.
/** Each assignable to the other: no field missing, extra, optional where the other requires it, or of another type. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Out<K extends ResponseName> = z.output<(typeof RESPONSE_SCHEMAS)[K]>;
/** What POST /api/clash-check answers: the radar's result with each reason worded. */
type Worded<R> = R extends unknown ? R & { text: string } : never;
type ClashCheckResponse = Omit<RadarResult, "clashes" | "periods"> & {
  clashes: (Omit<RadarClash, "reasons"> & { reasons: Worded<Reason>[] })[];
  periods: (Omit<PeriodClash, "reasons"> & { reasons: Worded<Reason>[] })[];
};
type Holds<T extends true> = T;
export type ResponseTypesMatch = Holds<
  [
    Same<z.output<typeof organiserRef>, OrganiserRef>,
    Same<Out<"EventSummary">, EventSummary>,
    Same<Out<"EventList">, EventListResponse>,
    Same<Out<"EventDetail">, EventDetail>,
    Same<Out<"SearchResult">, SearchResponse>,
    Same<Out<"OrganisationSummary">, Awaited<ReturnType<typeof listOrganisations>>[number]>,
    Same<Out<"OrganisationDetail">, NonNullable<Awaited<ReturnType<typeof getOrganisation>>> & { feed: string }>,
    Same<Out<"DocumentSummary">, Awaited<ReturnType<typeof listDocuments>>[number]>,
    Same<Out<"ProjectSummary">, Awaited<ReturnType<typeof listProjects>>[number]>,
    Same<Out<"PersonDetail">, PersonResponse>,
    Same<Out<"Me">, MeResponse>,
    Same<Out<"Vocabulary">, VocabularyResponse>,
    Same<Out<"ClashCheck">, ClashCheckResponse>,
  ] extends true[]
    ? true
    : false
>;
