/**
 * API tokens as a partner's system meets them: made on the account (a session), shown once, then
 * sent as Bearer from a script that has no cookie and no Origin. The matrix of which scope opens
 * which route is tests/auth/policy.test.ts; here the life of a token.
 */
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { ApiClient, type ApiResponse, SAMPLE, sessionFor } from "../support/api.ts";
import { seminar } from "../support/factories.ts";
import { useStack } from "../support/stack.ts";
import { tokenFor } from "../support/tokens.ts";

const stack = useStack({ today: "2030-03-04" });
let partner: ApiClient;
let coordinator: ApiClient;
let otherPartner: ApiClient;

beforeAll(async () => {
  partner = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerMarta);
  coordinator = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator);
  otherPartner = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerNbpn);
});

const bearer = (secret: string) => new ApiClient(stack.worker.baseUrl, undefined, secret);
const make = (client: ApiClient, body: Record<string, unknown> = {}) =>
  client.post("/api/tokens", { name: "Case database sync", organisationId: "marta", scopes: ["read", "write", "submit"], expiresInDays: 90, ...body });

describe("POST /api/tokens", () => {
  it("shows the secret once and stores only its SHA-256", async () => {
    const res = await make(partner);
    expect(res.status).toBe(201);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const { secret, token } = res.body;
    expect(secret).toMatch(/^ndc_[A-Za-z0-9_-]{43}$/);
    expect(token).toMatchObject({
      name: "Case database sync",
      prefix: secret.slice(0, 12),
      organisation: { id: "marta" },
      scopes: ["read", "write", "submit"],
      expiresAt: "2030-06-02T10:00:00.000Z",
      expired: false,
      lastUsedAt: null,
    });
    const stored = await stack.db.client.execute({ sql: "SELECT * FROM api_tokens WHERE id = ?", args: [token.id] });
    expect(stored.rows[0].token_hash).toBe(createHash("sha256").update(secret).digest("hex"));
    expect(JSON.stringify(stored.rows[0])).not.toContain(secret);
    const list = await partner.get("/api/tokens");
    expect(list.body.tokens.find((t: { id: string }) => t.id === token.id)).toEqual(token);
    expect(JSON.stringify(list.body)).not.toContain(secret);
  });

  it("names the field and the rule of bad input, and writes nothing", async () => {
    const before = (await partner.get("/api/tokens")).body.tokens.length;
    const cases: [Record<string, unknown>, string, string][] = [
      [{ expiresInDays: 0 }, "expiresInDays", "out_of_range"],
      [{ expiresInDays: 366 }, "expiresInDays", "out_of_range"],
      [{ scopes: [] }, "scopes", "too_few"],
      [{ scopes: ["read", "admin"] }, "scopes[1]", "one_of"],
      [{ scopes: ["read", "read"] }, "scopes", "duplicate"],
      [{ name: "" }, "name", "required"],
      [{ name: "x".repeat(101) }, "name", "too_long"],
    ];
    for (const [body, field, code] of cases) {
      const res = await make(partner, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.issues[0]).toMatchObject({ field, code });
    }
    expect((await partner.get("/api/tokens")).body.tokens.length).toBe(before);
  });

  it("lets a partner make tokens only for their own organisations, a coordinator for any", async () => {
    const refused = await make(otherPartner);
    expect(refused.status).toBe(403);
    expect(refused.body.error.issues[0].field).toBe("organisationId");
    const made = await make(coordinator, { scopes: ["read"] });
    expect(made.status).toBe(201);
    // The coordinator's token reads as a partner of Marta: Marta's own drafts, nobody else's.
    const mine = await bearer(made.body.secret).get("/api/my/events");
    expect(mine.status).toBe(200);
  });

  it("keeps at most 20 active tokens per person", async () => {
    const nbpn = (n: number) => make(otherPartner, { name: `sync ${n}`, organisationId: "nbpn", scopes: ["read"] });
    for (let n = 0; n < 20; n++) expect((await nbpn(n)).status).toBe(201);
    const over = await nbpn(20);
    expect(over.status).toBe(409);
    expect(over.body.error.code).toBe("too_many_tokens");
    const { tokens } = (await otherPartner.get("/api/tokens")).body;
    expect(tokens).toHaveLength(20);
    await otherPartner.delete(`/api/tokens/${tokens[0].id}`);
    expect((await nbpn(21)).status).toBe(201);
  });

  it("needs a session: a token cannot make tokens, and a session still needs the calendar's Origin", async () => {
    const { secret } = (await make(partner, { scopes: ["read", "write", "submit", "manage"] })).body;
    const res = await bearer(secret).post("/api/tokens", { name: "child", organisationId: "marta", scopes: ["read"], expiresInDays: 1 });
    expect(res.status).toBe(403);
    expect(res.body.error.issues[0].field).toBe("scope");
    const noOrigin = await fetch(`${stack.worker.baseUrl}/api/tokens`, {
      method: "POST",
      headers: { cookie: partner.cookie!, "content-type": "application/json" },
      body: JSON.stringify({ name: "x", organisationId: "marta", scopes: ["read"], expiresInDays: 1 }),
    });
    expect(noOrigin.status).toBe(403);
    expect(((await noOrigin.json()) as { error: { code: string } }).error.code).toBe("bad_origin");
  });
});

describe("requests with a token", () => {
  it("create, submit and read back an event without Origin or cookie; the audit log names the token", async () => {
    const { secret, token } = (await make(partner, { name: "Intranet" })).body;
    const api = bearer(secret);
    const created = await api.post("/api/events", seminar("Token-made seminar"));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.headers.get("cache-control")).toBe("no-store");
    const slug = created.body.slug;
    const submitted = await api.post(`/api/events/${slug}/submit`, {}, { "if-match": created.headers.get("etag")! });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    const read = await api.get(`/api/events/${slug}`);
    expect(read.status).toBe(200);
    expect(read.body.manage.moderation).toBe("pending");
    expect(read.headers.get("cache-control")).toBe("no-store");

    const log = await coordinator.get(`/api/audit?entity=event&entityId=${created.body.id}`);
    expect(log.body.entries.map((e: { action: string }) => e.action)).toEqual(["event.submit", "event.create"]);
    for (const e of log.body.entries) expect(e).toMatchObject({ actorId: SAMPLE.partnerMarta, tokenId: token.id, tokenName: "Intranet" });
    // A change made in the browser names no token.
    const viaSession = await partner.post("/api/events", seminar("Session-made seminar"));
    const sessionLog = await coordinator.get(`/api/audit?entity=event&entityId=${viaSession.body.id}`);
    expect(sessionLog.body.entries[0]).toMatchObject({ tokenId: null, tokenName: null });
  });

  it("never does more than the token's organisation allows, even for a coordinator's token", async () => {
    const { secret } = (await make(coordinator, { scopes: ["write"] })).body;
    const forNbpn = await bearer(secret).post("/api/events", seminar("Not Marta's", { organisers: ["nbpn"], ownerOrganisationId: "nbpn" }));
    expect(forNbpn.status).toBe(403);
    expect(forNbpn.body.error.issues[0].field).toBe("ownerOrganisationId");
    const publish = await bearer(secret).post("/api/events", seminar("Straight to the calendar", { publish: true }));
    expect(publish.status).toBe(403);
    expect(publish.body.error.issues[0].field).toBe("publish");
  });

  it("are refused with a 401 when the token is unknown, malformed, revoked or expired, never falling back to the cookie", async () => {
    const { secret, token } = (await make(partner)).body;
    expect((await bearer(secret).get("/api/my/events")).status).toBe(200);
    expect((await partner.delete(`/api/tokens/${token.id}`)).status).toBe(204);
    const revoked = await bearer(secret).get("/api/my/events");
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.message).toContain("revoked");
    expect(revoked.headers.get("www-authenticate")).toContain("invalid_token");
    expect((await partner.get("/api/tokens")).body.tokens.map((t: { id: string }) => t.id)).not.toContain(token.id);

    const expired = await tokenFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerMarta, {
      organisationId: "marta",
      scopes: ["read"],
      expiresAt: Date.UTC(2030, 2, 4, 9),
    });
    const late = await expired.api.get("/api/my/events");
    expect(late.status).toBe(401);
    expect(late.body.error.message).toContain("expired on 2030-03-04");

    const malformed = await fetch(`${stack.worker.baseUrl}/api/my/events`, { headers: { authorization: "Bearer not-a-token", cookie: partner.cookie! } });
    expect(malformed.status).toBe(401);
    const unknown = await fetch(`${stack.worker.baseUrl}/api/my/events`, {
      headers: { authorization: `Bearer ndc_${"A".repeat(43)}`, cookie: partner.cookie! },
    });
    expect(unknown.status).toBe(401);
  });

  it("lose their power when the creator leaves the organisation, and go with a deleted creator", async () => {
    const { client } = stack.db;
    await client.execute("INSERT INTO users (id, email, name) VALUES ('leaver', 'leaver@example.org', 'Lea Leaver')");
    await client.execute("INSERT INTO memberships (user_id, organisation_id) VALUES ('leaver', 'marta')");
    const { api, id } = await tokenFor(client, stack.worker.baseUrl, "leaver", { organisationId: "marta", scopes: ["read"] });
    expect((await api.get("/api/my/events")).status).toBe(200);
    await client.execute("DELETE FROM memberships WHERE user_id = 'leaver'");
    const left = await api.get("/api/events?from=2030-05-01&to=2030-05-31");
    expect(left.status).toBe(403);
    expect(left.body.error.issues[0].field).toBe("token");
    await client.execute("DELETE FROM users WHERE id = 'leaver'");
    expect((await client.execute({ sql: "SELECT 1 FROM api_tokens WHERE id = ?", args: [id] })).rows).toHaveLength(0);
    expect((await api.get("/api/my/events")).status).toBe(401);
  });

  it("of a coordinator made for another organisation lose their power with the coordinator's role", async () => {
    const { client } = stack.db;
    await client.execute("INSERT INTO users (id, email, name, role) VALUES ('stepping-down', 'down@example.org', 'Cora Former', 'coordinator')");
    const { api } = await tokenFor(client, stack.worker.baseUrl, "stepping-down", { organisationId: "nbpn", scopes: ["read"] });
    expect((await api.get("/api/my/events")).status).toBe(200);
    await client.execute("UPDATE users SET role = 'user' WHERE id = 'stepping-down'");
    expect((await api.get("/api/my/events")).status).toBe(403);
  });

  it("read contact cards and pages as the API only with the read scope", async () => {
    const submitOnly = await tokenFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerMarta, { organisationId: "marta", scopes: ["submit"] });
    const reader = await tokenFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerMarta, { organisationId: "marta", scopes: ["read"] });
    const get = (path: string, secret: string) => fetch(`${stack.worker.baseUrl}${path}`, { headers: { authorization: `Bearer ${secret}` } });
    for (const path of ["/people/sample-matti-meikalainen.vcf", "/month/2030-03", "/"]) {
      const refused = await get(path, submitOnly.secret);
      expect([refused.status, ((await refused.json()) as { error: { issues: { field: string }[] } }).error.issues[0].field], path).toEqual([403, "scope"]);
    }
    // With it, the card shows what the token's organisation's partners see.
    const card = await get("/people/sample-matti-meikalainen.vcf", reader.secret);
    expect(card.status).toBe(200);
    expect(await card.text()).toContain("EMAIL");
  });

  it("write the last use at most once a minute", async () => {
    const { api, id } = await tokenFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerMarta, { organisationId: "marta", scopes: ["read"] });
    const lastUsed = async () => (await stack.db.client.execute({ sql: "SELECT last_used_at FROM api_tokens WHERE id = ?", args: [id] })).rows[0].last_used_at;
    await api.get("/api/my/events");
    expect(await lastUsed()).toBe(stack.now.toISOString());
    // Within the minute, uses write nothing: a mark set back 30 s stays as it is.
    const halfMinuteAgo = new Date(stack.now.getTime() - 30_000).toISOString();
    await stack.db.client.execute({ sql: "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", args: [halfMinuteAgo, id] });
    await api.get("/api/my/events");
    expect(await lastUsed()).toBe(halfMinuteAgo);
    // A mark older than a minute is moved on.
    await stack.db.client.execute({ sql: "UPDATE api_tokens SET last_used_at = '2030-03-04T09:00:00.000Z' WHERE id = ?", args: [id] });
    await api.get("/api/my/events");
    expect(await lastUsed()).toBe(stack.now.toISOString());
    const listed = (await partner.get("/api/tokens")).body.tokens.find((t: { id: string }) => t.id === id);
    expect(listed.lastUsedAt).toBe(stack.now.toISOString());
  });

  it("are rate-limited per token: 429 with Retry-After, other tokens unaffected", async () => {
    const busy = await tokenFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerMarta, { organisationId: "marta", scopes: ["read"] });
    const calm = await tokenFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerMarta, { organisationId: "marta", scopes: ["read"] });
    // The allowance is 240 a minute; twice that always crosses it within one window.
    let limited: ApiResponse | undefined;
    for (let sent = 0; sent < 481 && !limited; sent += 20) {
      const answers = await Promise.all(Array.from({ length: 20 }, () => busy.api.get("/api/vocabulary")));
      limited = answers.find((a) => a.status === 429);
    }
    expect(limited?.headers.get("retry-after")).toBe("60");
    expect(limited?.body.error.code).toBe("rate_limited");
    expect((await calm.api.get("/api/vocabulary")).status).toBe(200);
  });
});

describe("DELETE /api/tokens/:id", () => {
  it("revokes only your own tokens; revoking again changes nothing", async () => {
    const { token } = (await make(partner)).body;
    expect((await otherPartner.delete(`/api/tokens/${token.id}`)).status).toBe(404);
    expect((await partner.delete(`/api/tokens/${token.id}`)).status).toBe(204);
    const count = async () =>
      (await stack.db.client.execute({ sql: "SELECT count(*) AS n FROM audit_log WHERE action = 'token.revoke' AND after LIKE ?", args: [`%${token.id}%`] }))
        .rows[0].n;
    expect(await count()).toBe(1);
    expect((await partner.delete(`/api/tokens/${token.id}`)).status).toBe(204);
    expect(await count()).toBe(1);
  });
});
