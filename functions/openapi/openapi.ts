/**
 * OpenAPI 3.1 description of the API, built from the same policy table and zod schemas the API
 * uses, so it cannot drift from what the handlers accept.
 */
import { z } from "zod";
import { mePatchSchema, signInSchema } from "../auth/auth.routes.ts";
import { POLICY, type Rule, TOKEN_SCOPE } from "../auth/policy.ts";
import { createEventSchema, patchEventSchema, returnSchema } from "../events/events.input.ts";
import { eventsQuerySchema, filtersSchema } from "../events/events.schema.ts";
import { csvImportSchema, importSchema } from "../import/import.routes.ts";
import { feedSourceQuery, feedSourceSchema, MAX_SOURCES_PER_ORGANISATION } from "../feed-sync/feed-sources.routes.ts";
import { clashCheckSchema, freeDatesSchema } from "../coordination/coordination.routes.ts";
import { holdPatchSchema, holdSchema } from "../coordination/holds.routes.ts";
import { observancePatchSchema, observanceSchema } from "../coordination/observances.ts";
import { observancesQuerySchema } from "../coordination/observances.routes.ts";
import { mySubscriptionPatchSchema, mySubscriptionSchema, subscribeSchema } from "../digest/digest.routes.ts";
import { documentQuery, organisationQuery, peopleQuery, projectQuery } from "../directory/directory.routes.ts";
import { personCorrectionSchema, personCreateSchema, personPatchSchema } from "../directory/people.commands.ts";
import { projectCreateSchema, projectPatchSchema } from "../directory/projects.routes.ts";
import { tokenSchema } from "../directory/people.routes.ts";
import { documentCreateSchema, documentPatchSchema } from "../directory/documents.routes.ts";
import { organisationCreateSchema, organisationPatchSchema } from "../directory/organisations.routes.ts";
import { acknowledgeSchema, heatmapSchema } from "../coordination/dashboard.routes.ts";
import { alertsQuerySchema } from "../alerts/alerts.routes.ts";
import { embedQuerySchema } from "../embed/embed.queries.ts";
import { RULE_CODES, type RuleCode } from "../errors.ts";
import { SESSION_COOKIE } from "../auth/session.ts";
import { COSTLY_ROUTES } from "../auth/throttle.ts";
import { responseComponents, type ResponseName } from "./responses.ts";
import { EXAMPLES } from "./examples.ts";
import { followSchema } from "../alerts/follows.routes.ts";
import { createTokenSchema, MAX_TOKENS_PER_USER } from "../tokens/tokens.routes.ts";
import { MAX_ENDPOINTS_PER_ORGANISATION, webhookPatchSchema, webhookQuery, webhookSchema } from "../webhooks/webhooks.routes.ts";
import { REPLAY_WINDOW_SECONDS } from "../webhooks/signature.ts";

/**
 * No licence has been chosen for the calendar's code or data yet: the document says so, as an SPDX
 * reference to "all rights reserved", until its owners pick one.
 */
const LICENSE = { name: "No licence chosen yet (all rights reserved)", identifier: "LicenseRef-All-Rights-Reserved" };

type MediaType = "application/json" | "text/csv" | "text/html";

interface Operation {
  /**
   * What generated clients call the operation: camelCase, a verb and a noun (listEvents,
   * createEvent, submitEvent), unique in the document (tests check it). Required, so that a new
   * route cannot be added without one.
   */
  operationId: string;
  /** One line: what the operation does. */
  summary: string;
  query?: z.ZodType;
  body?: z.ZodType;
  /** An example request body; it must pass `body` (tests parse it). */
  example?: unknown;
  /** Examples of query parameters (by name); each must pass `query`. */
  queryExample?: Record<string, unknown>;
  ifMatch?: boolean;
  /** The success status (default 200; 204 has no body). */
  status?: 200 | 201 | 202 | 204;
  /** What the success answer is (default JSON). */
  type?: MediaType;
  /** The success answer's schema (a name of RESPONSE_SCHEMAS, ./responses.ts) and an example of it. */
  response?: ResponseName;
  responseExample?: unknown;
  /** Answers 308 to a record's current address when asked by an old one. */
  redirects?: boolean;
  /** 4xx statuses the operation answers besides those its rule, inputs and method imply. */
  errors?: (404 | 409 | 429)[];
}

const email = z.object({ email: z.email() });

/** What each route does; every route of the policy table must be here (tests check it). */
export const OPERATIONS: Record<keyof typeof POLICY, Operation> = {
  "GET /api/health": { operationId: "getHealth", summary: "Whether the database answers" },
  "GET /api/events": {
    operationId: "listEvents",
    queryExample: EXAMPLES.listEventsQuery,
    responseExample: EXAMPLES.eventList,
    response: "EventList",
    summary: "Published events overlapping the days from–to in the viewer's zone, with filters",
    query: eventsQuerySchema,
  },
  "GET /api/events/:slug": {
    operationId: "getEvent",
    redirects: true,
    responseExample: EXAMPLES.eventDetail,
    response: "EventDetail",
    summary:
      "One event; editors also get its moderation state and an ETag. An old slug of an event made non-public answers 308 to its current slug for viewers who may see the event, and 404 for everybody else",
  },
  "POST /api/auth/sign-in": {
    operationId: "requestSignInLink",
    example: EXAMPLES.signIn,
    status: 202,
    errors: [429],
    summary: "Mail a one-time sign-in link (always 202); `next`, a path on this calendar, is where the link returns to",
    body: signInSchema,
  },
  "POST /api/auth/confirm": {
    operationId: "confirmSignIn",
    errors: [429],
    summary: "Spend a sign-in link's token and start a session",
    body: z.object({ token: z.string() }),
  },
  "GET /api/me": { operationId: "getMe", responseExample: EXAMPLES.me, response: "Me", summary: "Who is signed in" },
  "PUT /api/me": {
    operationId: "updateMe",
    summary: "Choose the language of the interface and the mail you receive (null follows the browser)",
    body: mePatchSchema,
  },
  "GET /api/vocabulary": { operationId: "getVocabulary", response: "Vocabulary", summary: "Organisations, topics and audiences" },
  "GET /api/search": {
    operationId: "searchCalendar",
    queryExample: EXAMPLES.searchQuery,
    responseExample: EXAMPLES.searchResult,
    response: "SearchResult",
    summary: "Free-text search over events",
    query: filtersSchema.extend({ q: z.string() }),
  },
  "GET /api/embed/events": {
    operationId: "listEmbedEvents",
    summary:
      "Upcoming public events for <nd-calendar> on partners' websites (at most `limit`, 1–50, default 10), with their texts in `lang`; any origin may read it (Access-Control-Allow-Origin: *, no credentials)",
    query: embedQuerySchema,
  },
  "POST /api/auth/sign-out": { operationId: "signOut", status: 204, summary: "End this session" },
  "POST /api/me/feed-token": { operationId: "createFeedToken", status: 201, summary: "Make a new private feed address (the old one stops working)" },
  "DELETE /api/me/feed-token": { operationId: "deleteFeedToken", status: 204, summary: "Stop the private feed" },
  "GET /api/my/events": { operationId: "listMyEvents", summary: "Every state of the events of your organisations" },
  "POST /api/events": {
    operationId: "createEvent",
    example: EXAMPLES.createEvent,
    responseExample: { ...EXAMPLES.eventDetail, manage: { ...EXAMPLES.eventDetail.manage, moderation: "draft", version: 1, submittedAt: null } },
    response: "EventDetail",
    status: 201,
    summary: "Create an event: a draft for partners, published directly by coordinators who ask",
    body: createEventSchema,
  },
  "PATCH /api/events/:slug": {
    operationId: "updateEvent",
    response: "EventDetail",
    example: EXAMPLES.updateEvent,
    summary: "Change an event (a proposal for review when a partner changes a published one)",
    body: patchEventSchema,
    ifMatch: true,
  },
  "DELETE /api/events/:slug": { operationId: "deleteEvent", status: 204, summary: "Delete an event", ifMatch: true },
  "POST /api/events/:slug/submit": { operationId: "submitEvent", response: "EventDetail", errors: [409], summary: "Submit a draft for review", ifMatch: true },
  "POST /api/events/:slug/approve": {
    operationId: "approveEvent",
    response: "EventDetail",
    errors: [409],
    summary: "Publish a submission or a proposed change",
    ifMatch: true,
  },
  "POST /api/events/:slug/return": {
    operationId: "returnEvent",
    response: "EventDetail",
    example: EXAMPLES.returnEvent,
    errors: [409],
    summary: "Return a submission with a comment",
    body: returnSchema,
    ifMatch: true,
  },
  "GET /api/review": { operationId: "listReviewQueue", summary: "The review queue" },
  "GET /api/audit": {
    operationId: "listAuditEntries",
    summary:
      "The audit log, newest first: each entry with its actor's name and the record's current name and page (target); names maps the ids its values mention (users, events, organisations) to their names",
  },
  "GET /api/organisations/:id/members": { operationId: "listMembers", summary: "An organisation's partners" },
  "POST /api/organisations/:id/invitations": { operationId: "inviteMember", status: 202, summary: "Invite someone into an organisation", body: email },
  "DELETE /api/organisations/:id/members/:userId": { operationId: "removeMember", status: 204, summary: "Remove a partner (ends their sessions)" },
  "GET /api/users": { operationId: "listUsers", summary: "Every account and its role" },
  "PUT /api/users/:id/role": {
    operationId: "setUserRole",
    summary: "Grant or take away a role",
    body: z.object({ role: z.enum(["user", "coordinator", "admin"]) }),
  },
  "POST /api/import": {
    operationId: "importEvents",
    summary: "Preview (commit: false) or import (commit: true) the events of an .ics file into an organisation, matched by UID",
    body: importSchema,
  },
  "GET /api/feed-sources": {
    operationId: "listFeedSources",
    summary:
      "The calendar feeds registered for your organisations (coordinators: every organisation's, or one's), with each one's last fetch, result, error and report",
    query: feedSourceQuery,
  },
  "POST /api/feed-sources": {
    operationId: "createFeedSource",
    status: 201,
    errors: [409],
    summary: `Register an organisation's existing calendar feed (an https .ics address; at most ${MAX_SOURCES_PER_ORGANISATION} per organisation); the cron fetches it and keeps the organisation's events in step`,
    body: feedSourceSchema,
  },
  "GET /api/feed-sources/:id": {
    operationId: "getFeedSource",
    summary: "One calendar feed: last fetch, result, error and the per-entry report (created, updated, cancelled, duplicate, refused, why)",
  },
  "DELETE /api/feed-sources/:id": {
    operationId: "deleteFeedSource",
    status: 204,
    summary: "Stop syncing a calendar feed; its events stay, no longer tied to it",
  },
  "POST /api/feed-sources/:id/fetch": {
    operationId: "fetchFeedSource",
    errors: [409, 429],
    summary: "Fetch and import a calendar feed now (at most once a minute; 429 with Retry-After before)",
  },
  "GET /api/webhooks": {
    operationId: "listWebhooks",
    summary:
      "The webhook endpoints of your organisations (coordinators: every organisation's, or one's), with each one's state and last answer; never the secret",
    query: webhookQuery,
  },
  "POST /api/webhooks": {
    operationId: "createWebhook",
    summary: `Register an https endpoint of an organisation for some topics (at most ${MAX_ENDPOINTS_PER_ORGANISATION} per organisation); the answer holds the signing secret, shown only this once. Deliveries are signed as Standard Webhooks: Webhook-Signature v1 = HMAC-SHA256 over id.timestamp.body; refuse a Webhook-Timestamp more than ${REPLAY_WINDOW_SECONDS / 60} minutes off`,
    body: webhookSchema,
  },
  "PATCH /api/webhooks/:id": {
    operationId: "updateWebhook",
    summary: "Change only the fields sent of a webhook endpoint: its address, its topics, or switch it off or on (on again delivers what waited)",
    body: webhookPatchSchema,
  },
  "DELETE /api/webhooks/:id": { operationId: "deleteWebhook", status: 204, summary: "Remove a webhook endpoint and its delivery log" },
  "GET /api/webhooks/:id/deliveries": {
    operationId: "listWebhookDeliveries",
    summary: "A webhook endpoint's delivery log, newest first: each delivery's topic, state, attempts, last status and the start of the last answer",
  },
  "POST /api/webhooks/:id/test": {
    operationId: "testWebhook",
    summary: "Send the endpoint a signed ping now and answer its status and the start of its answer (not logged)",
  },
  "POST /api/clash-check": {
    operationId: "checkClashes",
    response: "ClashCheck",
    responseExample: EXAMPLES.clashCheckResult,
    example: EXAMPLES.clashCheck,
    summary: "The clash radar: events that collide with a proposed one, scored with reasons, plus holidays and weekends on its dates",
    body: clashCheckSchema,
  },
  "GET /api/free-dates": {
    operationId: "findFreeDates",
    summary: "The best start dates for an event of a given length in a window, avoiding clashes, weekends and holidays",
    query: freeDatesSchema,
  },
  "GET /api/holds": { operationId: "listHolds", summary: "Active save-the-date holds (partners and coordinators)" },
  "POST /api/subscriptions": {
    operationId: "subscribeToDigest",
    status: 202,
    errors: [429],
    summary: "Subscribe an address to the weekly digest (double opt-in: a confirmation link is mailed)",
    body: subscribeSchema,
  },
  "GET /api/me/subscription": { operationId: "getMySubscription", summary: "Your weekly digest subscription" },
  "PUT /api/me/subscription": {
    operationId: "replaceMySubscription",
    summary: "Subscribe to, replace or stop your weekly digest: the whole subscription, a field left out takes its default",
    body: mySubscriptionSchema,
  },
  "PATCH /api/me/subscription": {
    operationId: "updateMySubscription",
    summary: "Change only the fields sent of your weekly digest subscription (404 before you have one)",
    body: mySubscriptionPatchSchema,
  },
  "GET /api/digests/runs": {
    operationId: "listDigestRuns",
    summary: "Coordinators: the weekly digest runs with sent, skipped, pending and failed counts, failures and missing weeks",
  },
  "GET /api/digests/subscribers": { operationId: "listDigestSubscribers", summary: "Coordinators: every digest subscriber" },
  "GET /api/digests/preview": {
    operationId: "previewDigest",
    type: "text/html",
    summary: "Coordinators: a subscriber's digest as it would be sent now (HTML)",
    query: z.object({ subscription: z.string() }),
  },
  "POST /api/digests/test": { operationId: "sendTestDigest", status: 202, summary: "Coordinators: send your own digest to yourself, marked as a test" },
  "GET /api/alerts": {
    operationId: "listAlerts",
    summary: "Clash alerts, newest first, with whether each was acknowledged: all for coordinators, those to your organisations for partners",
    query: alertsQuerySchema,
  },
  "GET /api/alerts/:id": { operationId: "getAlert", summary: "One clash alert (coordinators, or a member of the organisation it told)" },
  "POST /api/alerts/:id/acknowledge": {
    operationId: "acknowledgeAlert",
    summary: "Mark a clash alert as seen (a member of the told organisation or a coordinator; idempotent)",
  },
  "POST /api/holds": { operationId: "createHold", status: 201, summary: "Hold dates for your organisation until an expiry date", body: holdSchema },
  "PATCH /api/holds/:id": {
    operationId: "updateHold",
    summary: "Change only the fields sent of an active hold (its organisation's partners and coordinators)",
    body: holdPatchSchema,
  },
  "DELETE /api/holds/:id": { operationId: "releaseHold", status: 204, summary: "Release a hold" },
  "POST /api/holds/:id/convert": { operationId: "convertHold", status: 201, summary: "Turn a hold into a draft event" },
  "GET /api/observances": {
    operationId: "listObservances",
    summary: "Observances and blackout periods marked by coordinators with a day in from–to (default: a year from today); no countries means the whole region",
    query: observancesQuerySchema,
  },
  "POST /api/observances": {
    operationId: "createObservance",
    status: 201,
    summary: "Coordinators: mark an observance or a blackout period (at most 60 days)",
    body: observanceSchema,
  },
  "PATCH /api/observances/:id": {
    operationId: "updateObservance",
    errors: [409],
    summary: "Coordinators: change only the fields sent of an observance or blackout period",
    body: observancePatchSchema,
  },
  "DELETE /api/observances/:id": {
    operationId: "deleteObservance",
    status: 204,
    errors: [409],
    summary: "Coordinators: delete an observance or blackout period",
  },
  "GET /api/follows": {
    operationId: "listFollows",
    summary: "What you follow (events, organisations, topics, countries), with their names as you may see them, and the limit (max)",
  },
  "POST /api/follows": {
    operationId: "createFollow",
    example: EXAMPLES.follow,
    status: 201,
    errors: [409],
    summary:
      "Follow an event (its id; one you may see), an organisation or topic (its id) or a country (ISO code), to be mailed when a followed event moves, changes place, is postponed or cancelled, or a new event appears under it. 201 for a new follow, 200 when you follow it already; at most 200",
    body: followSchema,
  },
  "DELETE /api/follows/:id": { operationId: "deleteFollow", status: 204, summary: "Stop following (your own follows only)" },
  "GET /api/heatmap": {
    operationId: "getHeatmap",
    summary: "How busy the region is, week by week, by country, audience or topic (weighted event counts)",
    query: heatmapSchema,
  },
  "GET /api/dashboard": {
    operationId: "getDashboard",
    summary: "Coordinators: upcoming clashes not yet acknowledged, pending submissions, holds about to expire",
  },
  "POST /api/dashboard/acknowledge": {
    operationId: "acknowledgeClash",
    status: 204,
    summary: "Mark a clash between two events as seen and accepted",
    body: acknowledgeSchema,
  },
  "GET /api/organisations": {
    operationId: "listOrganisations",
    queryExample: EXAMPLES.listOrganisationsQuery,
    responseExample: EXAMPLES.organisationList,
    response: "OrganisationList",
    summary: "Organisations, filtered by country, kind and topic",
    query: organisationQuery,
  },
  "GET /api/organisations/:slug": {
    operationId: "getOrganisation",
    response: "OrganisationDetail",
    summary: "An organisation with its hierarchy, people, events, projects, documents and feed",
  },
  "POST /api/organisations": {
    operationId: "createOrganisation",
    example: EXAMPLES.createOrganisation,
    status: 201,
    errors: [409],
    summary: "Add an organisation (coordinators)",
    body: organisationCreateSchema,
  },
  "PATCH /api/organisations/:slug": {
    operationId: "updateOrganisation",
    example: EXAMPLES.updateOrganisation,
    summary: "Edit an organisation: coordinators any, partners their own (not its kind or parent)",
    body: organisationPatchSchema,
  },
  "GET /api/people": {
    operationId: "listPeople",
    queryExample: EXAMPLES.listPeopleQuery,
    responseExample: EXAMPLES.personList,
    response: "PersonList",
    summary: "Key persons, filtered by country, organisation, expertise topic and language; contact fields as the viewer may see them",
    query: peopleQuery,
  },
  "GET /api/people/:id": {
    operationId: "getPerson",
    responseExample: EXAMPLES.personList.people[0],
    response: "PersonDetail",
    summary: "One person's profile",
  },
  "POST /api/people": {
    operationId: "createPerson",
    example: EXAMPLES.createPerson,
    status: 201,
    summary: "Add a key person; they are mailed a private link to view, correct or erase their record",
    body: personCreateSchema,
  },
  "PATCH /api/people/:id": {
    operationId: "updatePerson",
    example: EXAMPLES.updatePerson,
    summary: "Change only the fields sent of a key person; a contact field's visibility changes only when sent. A first address mails them their private link",
    body: personPatchSchema,
  },
  "DELETE /api/people/:id": { operationId: "deletePerson", status: 204, summary: "Erase a person from every table" },
  "POST /api/privacy/view": {
    operationId: "viewOwnRecord",
    errors: [404],
    summary: "A person's own record, through their private link's token",
    body: tokenSchema,
  },
  "POST /api/privacy/correct": { operationId: "correctOwnRecord", errors: [404], summary: "Correct one's own record", body: personCorrectionSchema },
  "POST /api/privacy/erase": { operationId: "eraseOwnRecord", status: 204, errors: [404], summary: "Erase one's own record (GDPR art. 17)", body: tokenSchema },
  "GET /api/documents": {
    operationId: "listDocuments",
    response: "DocumentList",
    summary: "Base documents by kind, issuer, topic, country and language",
    query: documentQuery,
  },
  "GET /api/documents/:slug": { operationId: "getDocument", summary: "One document with its links" },
  "POST /api/documents": {
    operationId: "createDocument",
    status: 201,
    summary: "Add a base document (coordinators, or partners of an issuing organisation)",
    body: documentCreateSchema,
  },
  "PATCH /api/documents/:slug": {
    operationId: "updateDocument",
    summary:
      "Change a document's fields (coordinators, or partners of an issuing organisation that accepted); issuers and topics are replaced only when sent, and an organisation newly named as issuer is only proposed until it accepts",
    body: documentPatchSchema,
  },
  "GET /api/proposals": {
    operationId: "listProposals",
    summary: "Events and documents naming your organisations (coordinators: any organisation) as co-organiser or co-issuer, waiting for acceptance",
  },
  "POST /api/proposals/:kind/:recordId/:organisationId/accept": {
    operationId: "acceptProposal",
    errors: [409],
    summary: "Accept being named on an event or document (kind: event or document); accepting again changes nothing",
  },
  "POST /api/proposals/:kind/:recordId/:organisationId/decline": {
    operationId: "declineProposal",
    errors: [409],
    summary: "Decline being named on an event or document: the organisation is removed from it; declining again changes nothing",
  },
  "PUT /api/documents/:slug/file": {
    operationId: "uploadDocumentFile",
    summary: "Upload the document's file as the raw body (X-File-Name header); PDF, Office, OpenDocument or image, checked by content, at most 20 MB",
  },
  "GET /api/projects": {
    operationId: "listProjects",
    response: "ProjectList",
    summary: "Projects (engagements) by status, organisation and topic",
    query: projectQuery,
  },
  "GET /api/projects/:slug": { operationId: "getProject", summary: "One project with its events and documents" },
  "POST /api/projects": {
    operationId: "createProject",
    status: 201,
    errors: [409],
    summary: "Add a project (coordinators); without a slug one is made from the title",
    body: projectCreateSchema,
  },
  "PATCH /api/projects/:slug": {
    operationId: "updateProject",
    summary: "Change only the fields sent of a project: coordinators any, partners of its organisations (not which organisations it names)",
    body: projectPatchSchema,
  },
  "GET /api/export/organisations.csv": { operationId: "exportOrganisations", type: "text/csv", summary: "Organisations as CSV (RFC 4180, formula-safe)" },
  "GET /api/export/people.csv": { operationId: "exportPeople", type: "text/csv", summary: "People as CSV, with only the contact fields the viewer may see" },
  "GET /api/export/events.csv": { operationId: "exportEvents", type: "text/csv", summary: "Events of the next year (or from/to and the list filters) as CSV" },
  "POST /api/import/csv": {
    operationId: "importDirectoryCsv",
    summary: "Preview or import organisations or people from CSV (coordinators): per-row errors, all or nothing",
    body: csvImportSchema,
  },
  "GET /api/openapi.json": { operationId: "getOpenApiDocument", summary: "This description" },
  "GET /api/docs": { operationId: "getApiDocs", type: "text/html", summary: "A readable page of this description" },
  "GET /api/tokens": {
    operationId: "listApiTokens",
    summary: "Your API tokens (not revoked): name, prefix, organisation, scopes, created, expires, last used",
  },
  "POST /api/tokens": {
    operationId: "createApiToken",
    summary: `Make an API token for one of your organisations (coordinators: any), with scopes and an expiry of 1–365 days; the secret is in this answer only. At most ${MAX_TOKENS_PER_USER} active tokens each. Needs a session: a token cannot make tokens`,
    body: createTokenSchema,
  },
  "DELETE /api/tokens/:id": { operationId: "revokeApiToken", status: 204, summary: "Revoke one of your API tokens (it stops working at once)" },
};

const WHO: Record<Rule, string> = {
  anyone: "Anyone.",
  signed_in: "Signed-in users.",
  editor: "Partners (members of an organisation) and coordinators; partners only for their own organisations' events.",
  coordinator: "Coordinators and admins.",
  admin: "Admins.",
};

/**
 * The groups of the document, by the first segment of the path after /api/ (a few routes by a
 * longer prefix: the first match wins). A route with a first segment missing here has no group,
 * and the tests fail.
 */
const TAGS = {
  Events: "Events as calendars, lists and grids show them, and the review workflow of their drafts",
  Coordination: "The clash radar, free dates, save-the-date holds, observances, the heatmap and the coordinators' dashboard",
  Alerts: "Clash alerts to organisations, and what a user follows",
  Directory: "Organisations, key persons, base documents and projects, and the proposals naming organisations on events and documents",
  Privacy: "A key person's own record, through the private link they were mailed",
  Search: "Free-text search over events and the directory",
  Accounts: "Sign-in, the signed-in user, organisations' partners and roles",
  Digest: "The weekly digest: subscriptions and the coordinators' view of its runs",
  "Import and export": "Importing .ics and CSV files, syncing organisations' calendar feeds, CSV exports",
  Integrations: "API tokens and webhooks for partners' own systems",
  Embed: "Data for <nd-calendar> on partners' websites",
  Service: "Health and this description",
} as const;
type Tag = keyof typeof TAGS;

const TAG_OF: [prefix: string, tag: Tag][] = [
  ["/api/events", "Events"],
  ["/api/my", "Events"],
  ["/api/review", "Events"],
  ["/api/audit", "Events"],
  ["/api/clash-check", "Coordination"],
  ["/api/free-dates", "Coordination"],
  ["/api/holds", "Coordination"],
  ["/api/observances", "Coordination"],
  ["/api/heatmap", "Coordination"],
  ["/api/dashboard", "Coordination"],
  ["/api/alerts", "Alerts"],
  ["/api/follows", "Alerts"],
  ["/api/organisations/:id/", "Accounts"],
  ["/api/organisations", "Directory"],
  ["/api/people", "Directory"],
  ["/api/documents", "Directory"],
  ["/api/projects", "Directory"],
  ["/api/proposals", "Directory"],
  ["/api/vocabulary", "Directory"],
  ["/api/privacy", "Privacy"],
  ["/api/search", "Search"],
  ["/api/me/subscription", "Digest"],
  ["/api/subscriptions", "Digest"],
  ["/api/digests", "Digest"],
  ["/api/auth", "Accounts"],
  ["/api/me", "Accounts"],
  ["/api/users", "Accounts"],
  ["/api/import", "Import and export"],
  ["/api/feed-sources", "Import and export"],
  ["/api/export", "Import and export"],
  ["/api/tokens", "Integrations"],
  ["/api/webhooks", "Integrations"],
  ["/api/embed", "Embed"],
  ["/api/health", "Service"],
  ["/api/openapi.json", "Service"],
  ["/api/docs", "Service"],
];

/** The group of a route (its path as in POLICY), or undefined when TAG_OF has none. */
export function tagOf(path: string): Tag | undefined {
  return TAG_OF.find(([prefix]) => path === prefix || path.startsWith(prefix.endsWith("/") ? prefix : `${prefix}/`))?.[1];
}

/**
 * Who a caller is: the session cookie a sign-in link starts (browsers), or an API token
 * (partners' systems). Operations open to anyone take either or neither (a signed-in caller may
 * see more, such as an organisation's own drafts); the others need one.
 */
const SECURITY_SCHEMES = {
  cookieAuth: {
    type: "apiKey",
    in: "cookie",
    name: SESSION_COOKIE,
    description:
      "The session a sign-in link starts (POST /api/auth/sign-in, then POST /api/auth/confirm), for the calendar's own pages. With it, a state-changing request must carry `Origin` equal to the calendar's address (else 403 `bad_origin`) and, unless it is a DELETE or a file upload, `Content-Type: application/json`.",
  },
  bearerAuth: {
    type: "http",
    scheme: "bearer",
    bearerFormat: "ndc_…",
    description:
      "An API token (`ndc_…`) made on the account page or with POST /api/tokens: `Authorization: Bearer ndc_…`. It acts as its creator, as a partner of the token's organisation only, on the operations its scopes open (read, write, submit, manage), while the creator still belongs to that organisation. No Origin header needed; answers are never cached (no-store); at most 240 requests a minute per token (429 with Retry-After).",
  },
} as const;

/** Who may call an operation: anyone (also signed in), or a session, and a token where a scope opens it. */
function securityOf(rule: Rule, scope: string | undefined) {
  const signedIn = [{ cookieAuth: [] }, ...(scope ? [{ bearerAuth: [] }] : [])];
  return rule === "anyone" ? [{}, ...signedIn] : signedIn;
}

/**
 * The body of every error answer. `issues` (bad input: 400, and the 403/409/413 about one field)
 * names each field, its rule in English and the rule's stable `code`, meant for clients that word
 * the rule themselves.
 */
const ERROR_SCHEMA = {
  type: "object",
  description: "The body of every error answer (4xx and 5xx).",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string", description: "What went wrong, such as invalid_body, invalid_query, forbidden, not_found", examples: ["invalid_body"] },
        message: { type: "string", description: "One line in English" },
        expectedOrigin: {
          type: "string",
          description: "With `bad_origin` (403): the address the calendar is configured for (PUBLIC_ORIGIN), where a page must be opened to change anything",
        },
        requestId: { type: "string", description: "With `internal` (500): the id to quote when reporting the error" },
        issues: {
          type: "array",
          items: {
            type: "object",
            required: ["field", "rule", "code"],
            properties: {
              field: { type: "string", description: "The field as a person reads it: `countries[1]`, `organisations[0].id`" },
              rule: { type: "string", description: "The rule it broke, in English (its wording may change; match on `code`)" },
              code: {
                type: "string",
                enum: Object.keys(RULE_CODES),
                description: `The kind of rule, stable: ${Object.entries(RULE_CODES)
                  .map(([code, meaning]) => `\`${code}\` ${meaning}`)
                  .join("; ")}.`,
              },
            },
          },
        },
      },
    },
  },
};

type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 412 | 413 | 415 | 428 | 429 | 503;
const failure = (code: string, message: string, issues?: { field: string; rule: string; code: RuleCode }[]) => ({
  error: { code, message, ...(issues ? { issues } : {}) },
});
const retryAfter = { "Retry-After": { description: "Seconds to wait before trying again", schema: { type: "integer", minimum: 1 } } };

/** What each error status means, with an example body (more than one where the causes differ). */
const ERRORS: Record<ErrorStatus, { description: string; examples: Record<string, unknown>; headers?: object }> = {
  400: {
    description: "Bad input: `error.issues` names each field, the rule it broke and the rule's code",
    examples: {
      invalidBody: failure("invalid_body", "title: is required; countries[1]: must be an ISO 3166-1 alpha-2 country code such as EE", [
        { field: "title", rule: "is required", code: "required" },
        { field: "countries[1]", rule: "must be an ISO 3166-1 alpha-2 country code such as EE", code: "country_code" },
      ]),
    },
  },
  401: {
    description: "Not signed in: no session and no API token, or the token is unknown, expired or revoked",
    examples: { unauthenticated: failure("unauthenticated", "Sign in to do this.") },
  },
  403: {
    description: "Not allowed: the caller's role or organisations do not allow it, or (cookie sessions) the request did not come from the calendar's own pages",
    examples: {
      forbidden: failure("forbidden", "Your account may not do this."),
      badOrigin: {
        error: {
          code: "bad_origin",
          message:
            "origin: state-changing requests must come from this calendar's own pages at https://calendar.example.org. Open https://calendar.example.org",
          expectedOrigin: "https://calendar.example.org",
        },
      },
    },
  },
  404: {
    description: "No such record (or none the caller may see)",
    examples: { notFound: failure("not_found", "No published event has the slug baltic-sea-conference") },
  },
  409: {
    description: "The record's state does not allow it (a conflict: taken, already done, over a limit)",
    examples: { conflict: failure("not_a_draft", "moderation: only drafts and returned events can be submitted; this one is published") },
  },
  412: {
    description: "The event changed since you read it: read it again and send its new ETag",
    examples: { versionConflict: failure("version_conflict", "Someone else changed this event since you loaded it. Reload it, then make your change again.") },
  },
  413: {
    description: "The body is larger than its limit (4 MB; an upload 20 MB)",
    examples: { tooLarge: failure("too_large", "body: must be at most 4 MB", [{ field: "body", rule: "must be at most 4 MB", code: "too_large" }]) },
  },
  415: {
    description: "The body is not JSON (`Content-Type: application/json`)",
    examples: { unsupported: failure("unsupported_media_type", "content-type: must be application/json") },
  },
  428: {
    description: "If-Match is missing: send the ETag of the version you are changing",
    examples: { preconditionRequired: failure("precondition_required", "If-Match: send the ETag of the version you are changing") },
  },
  429: {
    description: "Too many requests of this kind: wait Retry-After seconds",
    examples: { rateLimited: failure("rate_limited", "Too many requests of this kind. Please wait a minute and try again.") },
    headers: retryAfter,
  },
  503: {
    description: "The database cannot be reached; retry after Retry-After seconds",
    examples: { unavailable: failure("database_unavailable", "The calendar database cannot be reached. Please try again shortly.") },
    headers: retryAfter,
  },
};

/** On an operation open to anyone, only a bad API token is refused. */
const PUBLIC_401 = "An API token was sent, and it is unknown, expired or revoked (without one, anyone may call this)";

const errorResponse = (status: ErrorStatus, rule: Rule) => {
  const { examples, headers } = ERRORS[status];
  const description = status === 401 && rule === "anyone" ? PUBLIC_401 : ERRORS[status].description;
  return {
    description,
    ...(headers ? { headers } : {}),
    content: {
      "application/json": {
        schema: { $ref: "#/components/schemas/ErrorBody" },
        examples: Object.fromEntries(Object.entries(examples).map(([name, value]) => [name, { value }])),
      },
    },
  };
};

/** What an API token (bearerAuth) needs for an operation. */
function tokenNote(scope: string | undefined): string {
  return scope ? `With an API token: the \`${scope}\` scope.` : "Not with an API token (403 naming `scope`).";
}

function schemaOf(type: z.ZodType) {
  return z.toJSONSchema(type, { io: "input", unrepresentable: "any" });
}

const COSTLY = new Set<string>(COSTLY_ROUTES);
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** The 4xx (and 503) answers of an operation: from its rule, inputs, method and its own `errors`. */
function errorStatuses(key: string, rule: Rule, op: Operation): ErrorStatus[] {
  const [method, path] = key.split(" ");
  const upload = key === "PUT /api/documents/:slug/file";
  const statuses = new Set<ErrorStatus>(op.errors);
  if (op.query || op.body || path.includes(":") || upload) statuses.add(400);
  statuses.add(401);
  if (rule !== "anyone") statuses.add(403);
  if (UNSAFE.has(method)) statuses.add(403);
  if (path.includes(":")) statuses.add(404);
  if (op.ifMatch) statuses.add(412).add(428);
  if (op.body || upload) statuses.add(413);
  if (UNSAFE.has(method) && method !== "DELETE" && !upload) statuses.add(415);
  if (COSTLY.has(key)) statuses.add(429);
  statuses.add(503);
  return [...statuses].sort();
}

function successResponse(op: Operation, responseSchemas: Set<string>) {
  const status = op.status ?? 200;
  if (status === 204) return { [status]: { description: "Done; no body" } };
  const type = op.type ?? "application/json";
  const schema =
    op.response && responseSchemas.has(op.response) ? { $ref: `#/components/schemas/${op.response}` } : type === "application/json" ? {} : { type: "string" };
  // An event's editors get its version, to send back in If-Match when they change it.
  const headers =
    op.response === "EventDetail"
      ? { headers: { ETag: { description: "The event's version (editors only): send it as If-Match", schema: { type: "string" } } } }
      : {};
  return {
    [status]: {
      description: status === 201 ? "Created" : status === 202 ? "Accepted" : "Success",
      ...headers,
      content: { [type]: { schema, ...(op.responseExample === undefined ? {} : { example: op.responseExample }) } },
    },
    ...(op.redirects
      ? {
          308: {
            description: "An old slug of the record: its current address is in Location (only for callers who may see it; others get 404)",
            headers: { Location: { description: "The current address", schema: { type: "string" } } },
          },
        }
      : {}),
  };
}

export function openApiDocument(origin: string) {
  const components = responseComponents();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [key, rule] of Object.entries(POLICY)) {
    const [method, path] = key.split(" ");
    const op = OPERATIONS[key as keyof typeof POLICY];
    const openPath = path.replace(/:(\w+)/g, "{$1}");
    const parameters: unknown[] = [...path.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } }));
    if (op.query) {
      const schema = schemaOf(op.query) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, s] of Object.entries(schema.properties ?? {})) {
        const example = op.queryExample?.[name];
        parameters.push({
          name,
          in: "query",
          required: schema.required?.includes(name) ?? false,
          schema: s,
          explode: true,
          ...(example === undefined ? {} : { example }),
        });
      }
    }
    if (op.ifMatch)
      parameters.push({ name: "If-Match", in: "header", required: true, schema: { type: "string" }, description: "The event's ETag", example: '"3f2a9c-4"' });
    const tag = tagOf(path);
    const scope = TOKEN_SCOPE[key as keyof typeof POLICY];
    paths[openPath] ??= {};
    paths[openPath][method.toLowerCase()] = {
      operationId: op.operationId,
      summary: op.summary,
      description: `Who may call it: ${WHO[rule]} ${tokenNote(scope)}`,
      ...(tag ? { tags: [tag] } : {}),
      security: securityOf(rule, scope),
      ...(parameters.length ? { parameters } : {}),
      ...(op.body
        ? {
            requestBody: {
              required: true,
              content: { "application/json": { schema: schemaOf(op.body), ...(op.example === undefined ? {} : { example: op.example }) } },
            },
          }
        : {}),
      responses: {
        ...successResponse(op, components.names),
        ...Object.fromEntries(errorStatuses(key, rule, op).map((status) => [status, errorResponse(status, rule)])),
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Northern Dimension anti-trafficking calendar API",
      version: "1",
      summary: "The shared coordination calendar of organisations working against human trafficking in the Northern Dimension region",
      description:
        "Events, sign-in and the review workflow of the shared coordination calendar. State-changing requests need an Origin header equal to the calendar's address and a JSON body; sessions are cookies. Calendar feeds: /calendar.ics (same filters as GET /api/events), /organisations/{slug}/calendar.ics, /events/{slug}.ics, /feed.atom. Embeds: /embed.js (<nd-calendar>), the iframe pages /embed/calendar and /embed/events/{slug}, oEmbed at /oembed?url=….",
      contact: { name: "The calendar's coordinators", url: origin },
      license: LICENSE,
    },
    servers: [{ url: origin, description: "This calendar" }],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    paths,
    components: { securitySchemes: SECURITY_SCHEMES, schemas: { ErrorBody: ERROR_SCHEMA, ...components.schemas } },
  };
}
