/**
 * OpenAPI 3.1 description of the API, built from the same policy table and zod schemas the API
 * uses, so it cannot drift from what the handlers accept.
 */
import { z } from "zod";
import { mePatchSchema, signInSchema } from "../auth/auth.routes.ts";
import { POLICY, type Rule } from "../auth/policy.ts";
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
import { RULE_CODES } from "../errors.ts";
import { followSchema } from "../alerts/follows.routes.ts";
import { MAX_ENDPOINTS_PER_ORGANISATION, webhookPatchSchema, webhookQuery, webhookSchema } from "../webhooks/webhooks.routes.ts";
import { REPLAY_WINDOW_SECONDS } from "../webhooks/signature.ts";

interface Operation {
  summary: string;
  query?: z.ZodType;
  body?: z.ZodType;
  ifMatch?: boolean;
}

const email = z.object({ email: z.email() });

/** What each route does; every route of the policy table must be here (tests check it). */
export const OPERATIONS: Record<keyof typeof POLICY, Operation> = {
  "GET /api/health": { summary: "Whether the database answers" },
  "GET /api/events": { summary: "Published events overlapping the days from–to in the viewer's zone, with filters", query: eventsQuerySchema },
  "GET /api/events/:slug": {
    summary:
      "One event; editors also get its moderation state and an ETag. An old slug of an event made non-public answers 308 to its current slug for viewers who may see the event, and 404 for everybody else",
  },
  "POST /api/auth/sign-in": {
    summary: "Mail a one-time sign-in link (always 202); `next`, a path on this calendar, is where the link returns to",
    body: signInSchema,
  },
  "POST /api/auth/confirm": { summary: "Spend a sign-in link's token and start a session", body: z.object({ token: z.string() }) },
  "GET /api/me": { summary: "Who is signed in" },
  "PUT /api/me": { summary: "Choose the language of the interface and the mail you receive (null follows the browser)", body: mePatchSchema },
  "GET /api/vocabulary": { summary: "Organisations, topics and audiences" },
  "GET /api/search": { summary: "Free-text search over events", query: filtersSchema.extend({ q: z.string() }) },
  "GET /api/embed/events": {
    summary:
      "Upcoming public events for <nd-calendar> on partners' websites (at most `limit`, 1–50, default 10), with their texts in `lang`; any origin may read it (Access-Control-Allow-Origin: *, no credentials)",
    query: embedQuerySchema,
  },
  "POST /api/auth/sign-out": { summary: "End this session" },
  "POST /api/me/feed-token": { summary: "Make a new private feed address (the old one stops working)" },
  "DELETE /api/me/feed-token": { summary: "Stop the private feed" },
  "GET /api/my/events": { summary: "Every state of the events of your organisations" },
  "POST /api/events": { summary: "Create an event: a draft for partners, published directly by coordinators who ask", body: createEventSchema },
  "PATCH /api/events/:slug": {
    summary: "Change an event (a proposal for review when a partner changes a published one)",
    body: patchEventSchema,
    ifMatch: true,
  },
  "DELETE /api/events/:slug": { summary: "Delete an event", ifMatch: true },
  "POST /api/events/:slug/submit": { summary: "Submit a draft for review", ifMatch: true },
  "POST /api/events/:slug/approve": { summary: "Publish a submission or a proposed change", ifMatch: true },
  "POST /api/events/:slug/return": { summary: "Return a submission with a comment", body: returnSchema, ifMatch: true },
  "GET /api/review": { summary: "The review queue" },
  "GET /api/audit": {
    summary:
      "The audit log, newest first: each entry with its actor's name and the record's current name and page (target); names maps the ids its values mention (users, events, organisations) to their names",
  },
  "GET /api/organisations/:id/members": { summary: "An organisation's partners" },
  "POST /api/organisations/:id/invitations": { summary: "Invite someone into an organisation", body: email },
  "DELETE /api/organisations/:id/members/:userId": { summary: "Remove a partner (ends their sessions)" },
  "GET /api/users": { summary: "Every account and its role" },
  "PUT /api/users/:id/role": { summary: "Grant or take away a role", body: z.object({ role: z.enum(["user", "coordinator", "admin"]) }) },
  "POST /api/import": {
    summary: "Preview (commit: false) or import (commit: true) the events of an .ics file into an organisation, matched by UID",
    body: importSchema,
  },
  "GET /api/feed-sources": {
    summary:
      "The calendar feeds registered for your organisations (coordinators: every organisation's, or one's), with each one's last fetch, result, error and report",
    query: feedSourceQuery,
  },
  "POST /api/feed-sources": {
    summary: `Register an organisation's existing calendar feed (an https .ics address; at most ${MAX_SOURCES_PER_ORGANISATION} per organisation); the cron fetches it and keeps the organisation's events in step`,
    body: feedSourceSchema,
  },
  "GET /api/feed-sources/:id": {
    summary: "One calendar feed: last fetch, result, error and the per-entry report (created, updated, cancelled, duplicate, refused, why)",
  },
  "DELETE /api/feed-sources/:id": { summary: "Stop syncing a calendar feed; its events stay, no longer tied to it" },
  "POST /api/feed-sources/:id/fetch": { summary: "Fetch and import a calendar feed now (at most once a minute; 429 with Retry-After before)" },
  "GET /api/webhooks": {
    summary:
      "The webhook endpoints of your organisations (coordinators: every organisation's, or one's), with each one's state and last answer; never the secret",
    query: webhookQuery,
  },
  "POST /api/webhooks": {
    summary: `Register an https endpoint of an organisation for some topics (at most ${MAX_ENDPOINTS_PER_ORGANISATION} per organisation); the answer holds the signing secret, shown only this once. Deliveries are signed as Standard Webhooks: Webhook-Signature v1 = HMAC-SHA256 over id.timestamp.body; refuse a Webhook-Timestamp more than ${REPLAY_WINDOW_SECONDS / 60} minutes off`,
    body: webhookSchema,
  },
  "PATCH /api/webhooks/:id": {
    summary: "Change only the fields sent of a webhook endpoint: its address, its topics, or switch it off or on (on again delivers what waited)",
    body: webhookPatchSchema,
  },
  "DELETE /api/webhooks/:id": { summary: "Remove a webhook endpoint and its delivery log" },
  "GET /api/webhooks/:id/deliveries": {
    summary: "A webhook endpoint's delivery log, newest first: each delivery's topic, state, attempts, last status and the start of the last answer",
  },
  "POST /api/webhooks/:id/test": { summary: "Send the endpoint a signed ping now and answer its status and the start of its answer (not logged)" },
  "POST /api/clash-check": {
    summary: "The clash radar: events that collide with a proposed one, scored with reasons, plus holidays and weekends on its dates",
    body: clashCheckSchema,
  },
  "GET /api/free-dates": {
    summary: "The best start dates for an event of a given length in a window, avoiding clashes, weekends and holidays",
    query: freeDatesSchema,
  },
  "GET /api/holds": { summary: "Active save-the-date holds (partners and coordinators)" },
  "POST /api/subscriptions": { summary: "Subscribe an address to the weekly digest (double opt-in: a confirmation link is mailed)", body: subscribeSchema },
  "GET /api/me/subscription": { summary: "Your weekly digest subscription" },
  "PUT /api/me/subscription": {
    summary: "Subscribe to, replace or stop your weekly digest: the whole subscription, a field left out takes its default",
    body: mySubscriptionSchema,
  },
  "PATCH /api/me/subscription": {
    summary: "Change only the fields sent of your weekly digest subscription (404 before you have one)",
    body: mySubscriptionPatchSchema,
  },
  "GET /api/digests/runs": { summary: "Coordinators: the weekly digest runs with sent, skipped, pending and failed counts, failures and missing weeks" },
  "GET /api/digests/subscribers": { summary: "Coordinators: every digest subscriber" },
  "GET /api/digests/preview": { summary: "Coordinators: a subscriber's digest as it would be sent now (HTML)", query: z.object({ subscription: z.string() }) },
  "POST /api/digests/test": { summary: "Coordinators: send your own digest to yourself, marked as a test" },
  "GET /api/alerts": {
    summary: "Clash alerts, newest first, with whether each was acknowledged: all for coordinators, those to your organisations for partners",
    query: alertsQuerySchema,
  },
  "GET /api/alerts/:id": { summary: "One clash alert (coordinators, or a member of the organisation it told)" },
  "POST /api/alerts/:id/acknowledge": { summary: "Mark a clash alert as seen (a member of the told organisation or a coordinator; idempotent)" },
  "POST /api/holds": { summary: "Hold dates for your organisation until an expiry date", body: holdSchema },
  "PATCH /api/holds/:id": { summary: "Change only the fields sent of an active hold (its organisation's partners and coordinators)", body: holdPatchSchema },
  "DELETE /api/holds/:id": { summary: "Release a hold" },
  "POST /api/holds/:id/convert": { summary: "Turn a hold into a draft event" },
  "GET /api/observances": {
    summary: "Observances and blackout periods marked by coordinators with a day in from–to (default: a year from today); no countries means the whole region",
    query: observancesQuerySchema,
  },
  "POST /api/observances": { summary: "Coordinators: mark an observance or a blackout period (at most 60 days)", body: observanceSchema },
  "PATCH /api/observances/:id": { summary: "Coordinators: change only the fields sent of an observance or blackout period", body: observancePatchSchema },
  "DELETE /api/observances/:id": { summary: "Coordinators: delete an observance or blackout period" },
  "GET /api/follows": { summary: "What you follow (events, organisations, topics, countries), with their names as you may see them, and the limit (max)" },
  "POST /api/follows": {
    summary:
      "Follow an event (its id; one you may see), an organisation or topic (its id) or a country (ISO code), to be mailed when a followed event moves, changes place, is postponed or cancelled, or a new event appears under it. 201 for a new follow, 200 when you follow it already; at most 200",
    body: followSchema,
  },
  "DELETE /api/follows/:id": { summary: "Stop following (your own follows only)" },
  "GET /api/heatmap": { summary: "How busy the region is, week by week, by country, audience or topic (weighted event counts)", query: heatmapSchema },
  "GET /api/dashboard": { summary: "Coordinators: upcoming clashes not yet acknowledged, pending submissions, holds about to expire" },
  "POST /api/dashboard/acknowledge": { summary: "Mark a clash between two events as seen and accepted", body: acknowledgeSchema },
  "GET /api/organisations": { summary: "Organisations, filtered by country, kind and topic", query: organisationQuery },
  "GET /api/organisations/:slug": { summary: "An organisation with its hierarchy, people, events, projects, documents and feed" },
  "POST /api/organisations": { summary: "Add an organisation (coordinators)", body: organisationCreateSchema },
  "PATCH /api/organisations/:slug": {
    summary: "Edit an organisation: coordinators any, partners their own (not its kind or parent)",
    body: organisationPatchSchema,
  },
  "GET /api/people": {
    summary: "Key persons, filtered by country, organisation, expertise topic and language; contact fields as the viewer may see them",
    query: peopleQuery,
  },
  "GET /api/people/:id": { summary: "One person's profile" },
  "POST /api/people": { summary: "Add a key person; they are mailed a private link to view, correct or erase their record", body: personCreateSchema },
  "PATCH /api/people/:id": {
    summary: "Change only the fields sent of a key person; a contact field's visibility changes only when sent. A first address mails them their private link",
    body: personPatchSchema,
  },
  "DELETE /api/people/:id": { summary: "Erase a person from every table" },
  "POST /api/privacy/view": { summary: "A person's own record, through their private link's token", body: tokenSchema },
  "POST /api/privacy/correct": { summary: "Correct one's own record", body: personCorrectionSchema },
  "POST /api/privacy/erase": { summary: "Erase one's own record (GDPR art. 17)", body: tokenSchema },
  "GET /api/documents": { summary: "Base documents by kind, issuer, topic, country and language", query: documentQuery },
  "GET /api/documents/:slug": { summary: "One document with its links" },
  "POST /api/documents": { summary: "Add a base document (coordinators, or partners of an issuing organisation)", body: documentCreateSchema },
  "PATCH /api/documents/:slug": {
    summary:
      "Change a document's fields (coordinators, or partners of an issuing organisation that accepted); issuers and topics are replaced only when sent, and an organisation newly named as issuer is only proposed until it accepts",
    body: documentPatchSchema,
  },
  "GET /api/proposals": {
    summary: "Events and documents naming your organisations (coordinators: any organisation) as co-organiser or co-issuer, waiting for acceptance",
  },
  "POST /api/proposals/:kind/:recordId/:organisationId/accept": {
    summary: "Accept being named on an event or document (kind: event or document); accepting again changes nothing",
  },
  "POST /api/proposals/:kind/:recordId/:organisationId/decline": {
    summary: "Decline being named on an event or document: the organisation is removed from it; declining again changes nothing",
  },
  "PUT /api/documents/:slug/file": {
    summary: "Upload the document's file as the raw body (X-File-Name header); PDF, Office, OpenDocument or image, checked by content, at most 20 MB",
  },
  "GET /api/projects": { summary: "Projects (engagements) by status, organisation and topic", query: projectQuery },
  "GET /api/projects/:slug": { summary: "One project with its events and documents" },
  "POST /api/projects": { summary: "Add a project (coordinators); without a slug one is made from the title", body: projectCreateSchema },
  "PATCH /api/projects/:slug": {
    summary: "Change only the fields sent of a project: coordinators any, partners of its organisations (not which organisations it names)",
    body: projectPatchSchema,
  },
  "GET /api/export/organisations.csv": { summary: "Organisations as CSV (RFC 4180, formula-safe)" },
  "GET /api/export/people.csv": { summary: "People as CSV, with only the contact fields the viewer may see" },
  "GET /api/export/events.csv": { summary: "Events of the next year (or from/to and the list filters) as CSV" },
  "POST /api/import/csv": {
    summary: "Preview or import organisations or people from CSV (coordinators): per-row errors, all or nothing",
    body: csvImportSchema,
  },
  "GET /api/openapi.json": { summary: "This description" },
  "GET /api/docs": { summary: "A readable page of this description" },
};

const WHO: Record<Rule, string> = {
  anyone: "Anyone.",
  signed_in: "Signed-in users.",
  editor: "Partners (members of an organisation) and coordinators; partners only for their own organisations' events.",
  coordinator: "Coordinators and admins.",
  admin: "Admins.",
};

/**
 * The body of every error answer. `issues` (bad input: 400, and the 403/409/413 about one field)
 * names each field, its rule in English and the rule's stable `code`, meant for clients that word
 * the rule themselves.
 */
const ERROR_SCHEMA = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string", description: "What went wrong, such as invalid_body, invalid_query, forbidden, not_found" },
        message: { type: "string", description: "One line in English" },
        expectedOrigin: {
          type: "string",
          description: "With `bad_origin` (403): the address the calendar is configured for (PUBLIC_ORIGIN), where a page must be opened to change anything",
        },
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
const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });

function schemaOf(type: z.ZodType) {
  return z.toJSONSchema(type, { io: "input", unrepresentable: "any" });
}

export function openApiDocument(origin: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [key, rule] of Object.entries(POLICY)) {
    const [method, path] = key.split(" ");
    const op = OPERATIONS[key as keyof typeof POLICY];
    const openPath = path.replace(/:(\w+)/g, "{$1}");
    const parameters: unknown[] = [...path.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } }));
    if (op.query) {
      const schema = schemaOf(op.query) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, s] of Object.entries(schema.properties ?? {})) {
        parameters.push({ name, in: "query", required: schema.required?.includes(name) ?? false, schema: s, explode: true });
      }
    }
    if (op.ifMatch) parameters.push({ name: "If-Match", in: "header", required: true, schema: { type: "string" }, description: "The event's ETag" });
    paths[openPath] ??= {};
    paths[openPath][method.toLowerCase()] = {
      summary: op.summary,
      description: `Who may call it: ${WHO[rule]}`,
      ...(parameters.length ? { parameters } : {}),
      ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: schemaOf(op.body) } } } } : {}),
      responses: {
        "200": { description: "Success" },
        "400": errorResponse("Bad input: `error.issues` names each field, the rule it broke and the rule's code"),
        ...(rule === "anyone" ? {} : { "401": { description: "Not signed in" }, "403": { description: "Not allowed" } }),
        ...(op.body || key === "PUT /api/documents/:slug/file" ? { "413": { description: "The body is larger than its limit (4 MB; an upload 20 MB)" } } : {}),
        ...(op.ifMatch ? { "412": { description: "The event changed since you read it" }, "428": { description: "If-Match missing" } } : {}),
        "503": { description: "The database cannot be reached; retry after Retry-After seconds" },
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Northern Dimension anti-trafficking calendar API",
      version: "1",
      description:
        "Events, sign-in and the review workflow of the shared coordination calendar. State-changing requests need an Origin header equal to the calendar's address and a JSON body; sessions are cookies. Calendar feeds: /calendar.ics (same filters as GET /api/events), /organisations/{slug}/calendar.ics, /events/{slug}.ics, /feed.atom. Embeds: /embed.js (<nd-calendar>), the iframe pages /embed/calendar and /embed/events/{slug}, oEmbed at /oembed?url=….",
    },
    servers: [{ url: origin }],
    paths,
    components: { schemas: { Error: ERROR_SCHEMA } },
  };
}
