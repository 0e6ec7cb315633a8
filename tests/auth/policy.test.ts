/**
 * The authorisation matrix: every API route × every kind of caller. A route missing from the
 * policy table fails the first test; a wrong verdict fails the second.
 *
 * Callers with an API token (Bearer, no Origin) are Marta's partner's tokens with one scope each,
 * a coordinator's token for Marta with every scope, and tokens that no longer work (expired,
 * revoked, their creator removed from the organisation). A token with the route's scope gets what
 * Marta's partner gets (never more: the coordinator's token too), any other token 403.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { useStack } from "../support/stack.ts";
import { createApp } from "../../functions/app.ts";
import { POLICY, TOKEN_SCOPE } from "../../functions/auth/policy.ts";
import { ApiClient, SAMPLE, sessionFor } from "../support/api.ts";
import { createEvent } from "../support/factories.ts";
import { tokenFor } from "../support/tokens.ts";

type BaseActor = "anonymous" | "owner" | "otherPartner" | "coordinator" | "admin";
type TokenActor = "readToken" | "writeToken" | "submitToken" | "manageToken" | "coordinatorToken" | "expiredToken" | "revokedToken" | "formerMemberToken";
type Actor = BaseActor | TokenActor;
const ACTORS: Actor[] = [
  "anonymous",
  "owner",
  "otherPartner",
  "coordinator",
  "admin",
  "readToken",
  "writeToken",
  "submitToken",
  "manageToken",
  "coordinatorToken",
  "expiredToken",
  "revokedToken",
  "formerMemberToken",
];
const ALL_SCOPES = ["read", "write", "submit", "manage"];
/** The scopes of each token caller that still works. */
const TOKEN_SCOPES: Partial<Record<TokenActor, string[]>> = {
  readToken: ["read"],
  writeToken: ["write"],
  submitToken: ["submit"],
  manageToken: ["manage"],
  coordinatorToken: ALL_SCOPES,
};
/** A former partner of Marta: their token outlived their membership. */
const FORMER_MEMBER = "matrix-former-member";

describe("the policy table", () => {
  it("has an entry for every API route the app serves", () => {
    const routes = createApp()
      .routes.filter((r) => r.path.startsWith("/api/") && r.method !== "ALL")
      .map((r) => `${r.method} ${r.path}`);
    const missing = [...new Set(routes)].filter((r) => !(r in POLICY));
    expect(missing).toEqual([]);
    // And no stale entries for routes that do not exist.
    const stale = Object.keys(POLICY).filter((k) => !routes.includes(k));
    expect(stale).toEqual([]);
  });
});

let clients: Record<Actor, ApiClient>;
const PUBLISHED = "matrix-published";
const DRAFT = "matrix-draft";
/** A clash alert told to Marta's members. */
const ALERT = "0123456789abcdef0123456789abcdef";

const stack = useStack({ seedToday: "2030-03-04" });
beforeAll(async () => {
  // Both events belong to Marta; the "owner" is Marta's partner, the "other partner" NBPN's.
  await createEvent(stack.db.client, { id: PUBLISHED, startsAt: "2030-05-01T10:00", endsAt: "2030-05-01T12:00", organisers: ["marta"] });
  await createEvent(stack.db.client, { id: DRAFT, startsAt: "2030-05-02T10:00", endsAt: "2030-05-02T12:00", organisers: ["marta"], moderation: "draft" });
  await stack.db.client.execute({
    sql: "INSERT INTO alerts (id, kind, dedupe_key, event_id, other_event_id, organisation_id, severity) VALUES (?, 'clash', 'matrix', ?, ?, 'marta', 'high')",
    args: [ALERT, PUBLISHED, DRAFT],
  });
  await stack.db.client.execute(
    "INSERT INTO feed_sources (id, organisation_id, url, next_fetch_at) VALUES ('matrix-feed', 'marta', 'https://example.org/matrix.ics', 4102444800000)",
  );
  const { client } = stack.db;
  const base = stack.worker.baseUrl;
  await client.execute(`INSERT INTO users (id, email, name) VALUES ('${FORMER_MEMBER}', 'former@example.org', 'Former partner')`);
  const marta = (scopes: string[], more: { expiresAt?: number; revoked?: boolean } = {}) =>
    tokenFor(client, base, SAMPLE.partnerMarta, { organisationId: "marta", scopes, ...more });
  await client.execute(`INSERT INTO memberships (user_id, organisation_id) VALUES ('${FORMER_MEMBER}', 'marta')`);
  const former = await tokenFor(client, base, FORMER_MEMBER, { organisationId: "marta", scopes: ALL_SCOPES });
  await client.execute(`DELETE FROM memberships WHERE user_id = '${FORMER_MEMBER}'`);
  await stack.db.client.execute(
    `INSERT INTO webhook_endpoints (id, organisation_id, url, secret, topics) VALUES ('matrix-webhook', 'marta', 'https://example.org/matrix-hook', 'whsec_${"A".repeat(43)}=', '["clash"]')`,
  );
  clients = {
    anonymous: new ApiClient(base),
    owner: await sessionFor(client, base, SAMPLE.partnerMarta),
    otherPartner: await sessionFor(client, base, SAMPLE.partnerNbpn),
    coordinator: await sessionFor(client, base, SAMPLE.coordinator),
    admin: await sessionFor(client, base, SAMPLE.admin),
    readToken: (await marta(["read"])).api,
    writeToken: (await marta(["write"])).api,
    submitToken: (await marta(["submit"])).api,
    manageToken: (await marta(["manage"])).api,
    coordinatorToken: (await tokenFor(client, base, SAMPLE.coordinator, { organisationId: "marta", scopes: ALL_SCOPES })).api,
    expiredToken: (await marta(ALL_SCOPES, { expiresAt: Date.UTC(2020, 0, 1) })).api,
    revokedToken: (await marta(ALL_SCOPES, { revoked: true })).api,
    formerMemberToken: former.api,
  };
});

/**
 * One request per route, shaped to pass authorisation but change nothing: a stale If-Match, an
 * incomplete body or an unknown target. "pass" means neither 401 nor 403 (nor 404 for hidden rows); no answer may be a 5xx.
 */
interface Case {
  route: keyof typeof POLICY;
  method: string;
  path: string;
  json?: unknown;
  headers?: Record<string, string>;
  expect: Record<BaseActor, "pass" | 401 | 403 | 404>;
}

type Verdict = "pass" | 401 | 403 | 404;

/** What a caller should get: the case's own verdict, or for a token what its scope and state allow. */
function verdictFor(c: Case, actor: Actor): Verdict {
  if (actor in c.expect) return c.expect[actor as BaseActor];
  // Health answers before anyone is identified.
  if (c.route === "GET /api/health") return "pass";
  if (actor === "expiredToken" || actor === "revokedToken") return 401;
  if (actor === "formerMemberToken") return 403;
  const scope = TOKEN_SCOPE[c.route];
  return scope && TOKEN_SCOPES[actor as TokenActor]!.includes(scope) ? c.expect.owner : 403;
}

const STALE = { "if-match": '"stale"' };
const everyone = { anonymous: "pass", owner: "pass", otherPartner: "pass", coordinator: "pass", admin: "pass" } as const;
const signedIn = { anonymous: 401, owner: "pass", otherPartner: "pass", coordinator: "pass", admin: "pass" } as const;
const coordinators = { anonymous: 401, owner: 403, otherPartner: 403, coordinator: "pass", admin: "pass" } as const;
const ownersOfPublished = { anonymous: 401, owner: "pass", otherPartner: 403, coordinator: "pass", admin: "pass" } as const;
const ownersOfDraft = { anonymous: 401, owner: "pass", otherPartner: 404, coordinator: "pass", admin: "pass" } as const;

const CASES: Case[] = [
  { route: "GET /api/health", method: "GET", path: "/api/health", expect: everyone },
  { route: "GET /api/events", method: "GET", path: "/api/events?from=2030-05-01&to=2030-05-31", expect: everyone },
  { route: "GET /api/events/:slug", method: "GET", path: `/api/events/${PUBLISHED}`, expect: everyone },
  {
    route: "GET /api/events/:slug",
    method: "GET",
    path: `/api/events/${DRAFT}`,
    expect: { anonymous: 404, owner: "pass", otherPartner: 404, coordinator: "pass", admin: "pass" },
  },
  { route: "POST /api/auth/sign-in", method: "POST", path: "/api/auth/sign-in", json: {}, expect: everyone },
  { route: "POST /api/auth/confirm", method: "POST", path: "/api/auth/confirm", json: { token: "x" }, expect: everyone },
  { route: "GET /api/me", method: "GET", path: "/api/me", expect: everyone },
  { route: "PUT /api/me", method: "PUT", path: "/api/me", json: { locale: "xx" }, expect: signedIn },
  { route: "GET /api/vocabulary", method: "GET", path: "/api/vocabulary", expect: everyone },
  { route: "GET /api/organisations", method: "GET", path: "/api/organisations", expect: everyone },
  { route: "GET /api/organisations/:slug", method: "GET", path: "/api/organisations/ncm", expect: everyone },
  { route: "POST /api/organisations", method: "POST", path: "/api/organisations", json: {}, expect: coordinators },
  { route: "PATCH /api/organisations/:slug", method: "PATCH", path: "/api/organisations/marta", json: { city: 5 }, expect: ownersOfPublished },
  { route: "GET /api/people", method: "GET", path: "/api/people", expect: everyone },
  { route: "GET /api/people/:id", method: "GET", path: "/api/people/sample-kari-nordmann", expect: everyone },
  { route: "POST /api/people", method: "POST", path: "/api/people", json: {}, expect: coordinators },
  { route: "PATCH /api/people/:id", method: "PATCH", path: "/api/people/sample-janis-berzins", json: { emailVisibility: "everyone" }, expect: coordinators },
  { route: "DELETE /api/people/:id", method: "DELETE", path: "/api/people/nobody-here", expect: coordinators },
  { route: "POST /api/privacy/view", method: "POST", path: "/api/privacy/view", json: {}, expect: everyone },
  { route: "POST /api/privacy/correct", method: "POST", path: "/api/privacy/correct", json: {}, expect: everyone },
  { route: "POST /api/privacy/erase", method: "POST", path: "/api/privacy/erase", json: {}, expect: everyone },
  { route: "GET /api/documents", method: "GET", path: "/api/documents", expect: everyone },
  { route: "POST /api/documents", method: "POST", path: "/api/documents", json: {}, expect: signedIn },
  {
    route: "PUT /api/documents/:slug/file",
    method: "PUT",
    path: "/api/documents/nb8-mou-2009/file",
    headers: { "content-type": "application/pdf", "x-file-name": "x.txt" },
    expect: { anonymous: 401, owner: 403, otherPartner: 403, coordinator: "pass", admin: "pass" },
  },
  { route: "GET /api/documents/:slug", method: "GET", path: "/api/documents/nb8-mou-2009", expect: everyone },
  {
    route: "PATCH /api/documents/:slug",
    method: "PATCH",
    path: "/api/documents/nb8-mou-2009",
    json: { title: 5 },
    expect: { anonymous: 401, owner: 403, otherPartner: 403, coordinator: "pass", admin: "pass" },
  },
  { route: "GET /api/proposals", method: "GET", path: "/api/proposals", expect: signedIn },
  // Marta's own link to its event is accepted already (no write); NBPN has no link to answer.
  {
    route: "POST /api/proposals/:kind/:recordId/:organisationId/accept",
    method: "POST",
    path: `/api/proposals/event/${PUBLISHED}/marta/accept`,
    json: {},
    expect: ownersOfPublished,
  },
  {
    route: "POST /api/proposals/:kind/:recordId/:organisationId/decline",
    method: "POST",
    path: `/api/proposals/event/${PUBLISHED}/nbpn/decline`,
    json: {},
    expect: { anonymous: 401, owner: 403, otherPartner: "pass", coordinator: "pass", admin: "pass" },
  },
  { route: "GET /api/projects", method: "GET", path: "/api/projects", expect: everyone },
  { route: "GET /api/export/organisations.csv", method: "GET", path: "/api/export/organisations.csv", expect: everyone },
  { route: "GET /api/export/people.csv", method: "GET", path: "/api/export/people.csv", expect: everyone },
  { route: "GET /api/export/events.csv", method: "GET", path: "/api/export/events.csv", expect: everyone },
  { route: "GET /api/projects/:slug", method: "GET", path: "/api/projects/mobility-programme", expect: everyone },
  { route: "POST /api/projects", method: "POST", path: "/api/projects", json: {}, expect: coordinators },
  // Pol-E-Quality Wanted is led by NBPN: here the "other partner" is the project's own.
  {
    route: "PATCH /api/projects/:slug",
    method: "PATCH",
    path: "/api/projects/pol-e-quality-wanted",
    json: { status: "abandoned" },
    expect: { anonymous: 401, owner: 403, otherPartner: "pass", coordinator: "pass", admin: "pass" },
  },
  { route: "GET /api/search", method: "GET", path: "/api/search?q=riga", expect: everyone },
  { route: "GET /api/embed/events", method: "GET", path: "/api/embed/events?limit=5", expect: everyone },
  { route: "GET /api/openapi.json", method: "GET", path: "/api/openapi.json", expect: everyone },
  { route: "POST /api/clash-check", method: "POST", path: "/api/clash-check", json: {}, expect: everyone },
  { route: "GET /api/free-dates", method: "GET", path: "/api/free-dates?from=2030-05-01&to=2030-05-10", expect: everyone },
  { route: "GET /api/docs", method: "GET", path: "/api/docs", expect: everyone },
  // Sign-out really signs out; its verdicts are checked with throwaway sessions below.
  { route: "POST /api/me/feed-token", method: "POST", path: "/api/me/feed-token", json: {}, expect: signedIn },
  { route: "DELETE /api/me/feed-token", method: "DELETE", path: "/api/me/feed-token", expect: signedIn },
  { route: "GET /api/my/events", method: "GET", path: "/api/my/events", expect: signedIn },
  { route: "POST /api/events", method: "POST", path: "/api/events", json: {}, expect: signedIn },
  { route: "POST /api/import", method: "POST", path: "/api/import", json: {}, expect: signedIn },
  { route: "GET /api/feed-sources", method: "GET", path: "/api/feed-sources", expect: signedIn },
  {
    route: "GET /api/feed-sources",
    method: "GET",
    path: "/api/feed-sources?organisationId=marta",
    expect: { anonymous: 401, owner: "pass", otherPartner: 403, coordinator: "pass", admin: "pass" },
  },
  { route: "POST /api/feed-sources", method: "POST", path: "/api/feed-sources", json: {}, expect: signedIn },
  { route: "GET /api/feed-sources/:id", method: "GET", path: "/api/feed-sources/matrix-feed", expect: ownersOfDraft },
  { route: "DELETE /api/feed-sources/:id", method: "DELETE", path: "/api/feed-sources/no-such-feed", expect: signedIn },
  { route: "POST /api/feed-sources/:id/fetch", method: "POST", path: "/api/feed-sources/no-such-feed/fetch", json: {}, expect: signedIn },
  { route: "GET /api/webhooks", method: "GET", path: "/api/webhooks", expect: signedIn },
  {
    route: "GET /api/webhooks",
    method: "GET",
    path: "/api/webhooks?organisationId=marta",
    expect: { anonymous: 401, owner: "pass", otherPartner: 403, coordinator: "pass", admin: "pass" },
  },
  { route: "POST /api/webhooks", method: "POST", path: "/api/webhooks", json: {}, expect: signedIn },
  { route: "PATCH /api/webhooks/:id", method: "PATCH", path: "/api/webhooks/matrix-webhook", json: { topics: [] }, expect: ownersOfDraft },
  { route: "DELETE /api/webhooks/:id", method: "DELETE", path: "/api/webhooks/no-such-webhook", expect: signedIn },
  { route: "GET /api/webhooks/:id/deliveries", method: "GET", path: "/api/webhooks/matrix-webhook/deliveries", expect: ownersOfDraft },
  { route: "POST /api/webhooks/:id/test", method: "POST", path: "/api/webhooks/no-such-webhook/test", json: {}, expect: signedIn },
  { route: "POST /api/import/csv", method: "POST", path: "/api/import/csv", json: {}, expect: coordinators },
  { route: "GET /api/holds", method: "GET", path: "/api/holds", expect: signedIn },
  { route: "GET /api/observances", method: "GET", path: "/api/observances?from=2030-01-01&to=2030-12-31", expect: everyone },
  { route: "POST /api/observances", method: "POST", path: "/api/observances", json: {}, expect: coordinators },
  { route: "PATCH /api/observances/:id", method: "PATCH", path: "/api/observances/no-such-period", json: { title: "x" }, expect: coordinators },
  { route: "DELETE /api/observances/:id", method: "DELETE", path: "/api/observances/no-such-period", expect: coordinators },
  { route: "POST /api/subscriptions", method: "POST", path: "/api/subscriptions", json: {}, expect: everyone },
  { route: "GET /api/me/subscription", method: "GET", path: "/api/me/subscription", expect: signedIn },
  { route: "PUT /api/me/subscription", method: "PUT", path: "/api/me/subscription", json: {}, expect: signedIn },
  { route: "PATCH /api/me/subscription", method: "PATCH", path: "/api/me/subscription", json: { weeksAhead: 99 }, expect: signedIn },
  { route: "GET /api/digests/runs", method: "GET", path: "/api/digests/runs", expect: coordinators },
  { route: "GET /api/digests/subscribers", method: "GET", path: "/api/digests/subscribers", expect: coordinators },
  { route: "GET /api/digests/preview", method: "GET", path: "/api/digests/preview", expect: coordinators },
  { route: "POST /api/digests/test", method: "POST", path: "/api/digests/test", json: {}, expect: coordinators },
  { route: "GET /api/alerts", method: "GET", path: "/api/alerts", expect: signedIn },
  { route: "GET /api/alerts/:id", method: "GET", path: `/api/alerts/${ALERT}`, expect: ownersOfDraft },
  { route: "POST /api/alerts/:id/acknowledge", method: "POST", path: `/api/alerts/${ALERT}/acknowledge`, json: {}, expect: ownersOfDraft },
  { route: "POST /api/holds", method: "POST", path: "/api/holds", json: {}, expect: signedIn },
  { route: "PATCH /api/holds/:id", method: "PATCH", path: "/api/holds/no-such-hold", json: { title: "x" }, expect: signedIn },
  { route: "DELETE /api/holds/:id", method: "DELETE", path: "/api/holds/no-such-hold", expect: signedIn },
  { route: "POST /api/holds/:id/convert", method: "POST", path: "/api/holds/no-such-hold/convert", json: {}, expect: signedIn },
  { route: "PATCH /api/events/:slug", method: "PATCH", path: `/api/events/${PUBLISHED}`, json: {}, headers: STALE, expect: ownersOfPublished },
  { route: "PATCH /api/events/:slug", method: "PATCH", path: `/api/events/${DRAFT}`, json: {}, headers: STALE, expect: ownersOfDraft },
  { route: "DELETE /api/events/:slug", method: "DELETE", path: `/api/events/${PUBLISHED}`, headers: STALE, expect: ownersOfPublished },
  { route: "DELETE /api/events/:slug", method: "DELETE", path: `/api/events/${DRAFT}`, headers: STALE, expect: ownersOfDraft },
  { route: "POST /api/events/:slug/submit", method: "POST", path: `/api/events/${DRAFT}/submit`, json: {}, headers: STALE, expect: ownersOfDraft },
  { route: "POST /api/events/:slug/approve", method: "POST", path: `/api/events/${DRAFT}/approve`, json: {}, headers: STALE, expect: coordinators },
  { route: "POST /api/events/:slug/return", method: "POST", path: `/api/events/${DRAFT}/return`, json: { comment: "x" }, headers: STALE, expect: coordinators },
  { route: "GET /api/follows", method: "GET", path: "/api/follows", expect: signedIn },
  { route: "POST /api/follows", method: "POST", path: "/api/follows", json: { kind: "topic" }, expect: signedIn },
  { route: "DELETE /api/follows/:id", method: "DELETE", path: "/api/follows/no-such-follow", expect: signedIn },
  { route: "GET /api/review", method: "GET", path: "/api/review", expect: coordinators },
  { route: "GET /api/dashboard", method: "GET", path: "/api/dashboard", expect: coordinators },
  { route: "POST /api/dashboard/acknowledge", method: "POST", path: "/api/dashboard/acknowledge", json: {}, expect: coordinators },
  { route: "GET /api/heatmap", method: "GET", path: "/api/heatmap?year=2030", expect: everyone },
  { route: "GET /api/audit", method: "GET", path: "/api/audit", expect: coordinators },
  { route: "GET /api/organisations/:id/members", method: "GET", path: "/api/organisations/marta/members", expect: coordinators },
  {
    route: "POST /api/organisations/:id/invitations",
    method: "POST",
    path: "/api/organisations/marta/invitations",
    json: { email: "not-an-address" },
    expect: coordinators,
  },
  { route: "DELETE /api/organisations/:id/members/:userId", method: "DELETE", path: "/api/organisations/marta/members/nobody", expect: coordinators },
  { route: "GET /api/tokens", method: "GET", path: "/api/tokens", expect: signedIn },
  { route: "POST /api/tokens", method: "POST", path: "/api/tokens", json: {}, expect: signedIn },
  { route: "DELETE /api/tokens/:id", method: "DELETE", path: "/api/tokens/no-such-token", expect: signedIn },
  { route: "GET /api/users", method: "GET", path: "/api/users", expect: { anonymous: 401, owner: 403, otherPartner: 403, coordinator: 403, admin: "pass" } },
  {
    route: "PUT /api/users/:id/role",
    method: "PUT",
    path: `/api/users/${SAMPLE.partnerMarta}/role`,
    json: { role: "superuser" },
    expect: { anonymous: 401, owner: 403, otherPartner: 403, coordinator: 403, admin: "pass" },
  },
];

describe("the authorisation matrix", () => {
  it("covers every route of the policy table", () => {
    const covered = new Set([...CASES.map((c) => c.route), "POST /api/auth/sign-out"]);
    expect(Object.keys(POLICY).filter((r) => !covered.has(r))).toEqual([]);
  });

  it.each(CASES.flatMap((c) => ACTORS.map((actor) => [`${c.method} ${c.path}`, actor, c] as const)))("%s as %s", async (_, actor, c) => {
    const res = await clients[actor].request(c.method, c.path, { json: c.json, headers: c.headers });
    const verdict = verdictFor(c, actor);
    // Whatever the answer, never a server error: a permitted call with a bad body is a 4xx.
    expect(res.status, `${res.status} ${JSON.stringify(res.body)}`).toBeLessThan(500);
    if (verdict === "pass") expect([401, 403], `${res.status} ${JSON.stringify(res.body)}`).not.toContain(res.status);
    if (verdict === 404) expect(res.status).toBe(404);
    if (verdict !== "pass" && verdict !== 404) expect(res.status).toBe(verdict);
  });

  it("refuses a token the routes its scopes do not open, naming the scope", async () => {
    const res = await clients.readToken.post("/api/events", {});
    expect(res.status).toBe(403);
    expect(res.body.error.issues[0]).toMatchObject({ field: "scope", rule: "needs the write scope, which this API token lacks" });
    const mint = await clients.coordinatorToken.post("/api/tokens", {});
    expect(mint.status).toBe(403);
    expect(mint.body.error.issues[0].field).toBe("scope");
  });

  it("lets only signed-in callers sign out", async () => {
    expect((await clients.anonymous.post("/api/auth/sign-out")).status).toBe(401);
    expect((await clients.coordinatorToken.post("/api/auth/sign-out")).status).toBe(403);
    const throwaway = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerNbpn);
    expect((await throwaway.post("/api/auth/sign-out")).status).toBe(204);
  });

  it("never lets a partner set fields reserved to coordinators", async () => {
    const owner = clients.owner;
    const current = await owner.get(`/api/events/${DRAFT}`);
    const etag = current.headers.get("etag")!;
    const move = await owner.patch(`/api/events/${DRAFT}`, { ownerOrganisationId: "nbpn" }, { "if-match": etag });
    expect(move.status).toBe(403);
    expect(move.body.error.issues[0].field).toBe("ownerOrganisationId");
    const sneak = await owner.patch(`/api/events/${DRAFT}`, { moderation: "published" }, { "if-match": etag });
    expect(sneak.status).toBe(400);
    expect((await owner.get(`/api/events/${DRAFT}`)).body.manage.moderation).toBe("draft");
  });
});
