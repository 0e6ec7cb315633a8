/** Magic-link sign-in through a real SMTP server, sessions and their revocation. */
import { request as httpRequest } from "node:http";
import { describe, expect, it } from "vitest";
import { useStack } from "../support/stack.ts";
import { ApiClient, SAMPLE, sessionFor } from "../support/api.ts";
import { tokenFrom } from "../support/smtp.ts";

const stack = useStack({ seedToday: "2030-03-04", smtp: true, vars: { ADMIN_EMAILS: "boss@example.org" } });

async function requestLink(email: string) {
  const api = new ApiClient(stack.worker.baseUrl);
  const res = await api.post("/api/auth/sign-in", { email });
  expect(res.status).toBe(202);
  return stack.smtp.waitFor((m) => m.envelope.to.includes(email.toLowerCase()) && !m.parsed.text!.includes("__used__"));
}

async function signIn(email: string): Promise<ApiClient> {
  const mail = await requestLink(email);
  const api = new ApiClient(stack.worker.baseUrl);
  const res = await api.post("/api/auth/confirm", { token: tokenFrom(mail) });
  expect(res.status).toBe(200);
  mail.parsed.text += "__used__";
  return api;
}

describe("POST /api/auth/sign-in", () => {
  it("mails a one-time link built from the configured origin, whatever the Host header says", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(`${stack.worker.baseUrl}/api/auth/sign-in`);
      const req = httpRequest(
        {
          hostname: url.hostname,
          port: url.port,
          path: url.pathname,
          method: "POST",
          headers: { host: "evil.example", origin: stack.worker.baseUrl, "content-type": "application/json" },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      req.end(JSON.stringify({ email: "host-test@example.org" }));
    });
    expect(status).toBe(202);
    const mail = await stack.smtp.waitFor((m) => m.envelope.to.includes("host-test@example.org"));
    expect(mail.parsed.text).toContain(`${stack.worker.baseUrl}/sign-in/confirm#token=`);
    expect(mail.parsed.text).not.toContain("evil.example");
    expect(mail.parsed.from?.value[0].address).toBe("calendar@example.org");
  });

  it("answers known and unknown addresses alike", async () => {
    const api = new ApiClient(stack.worker.baseUrl);
    const known = await api.post("/api/auth/sign-in", { email: "coordinator@example.org" });
    const unknown = await api.post("/api/auth/sign-in", { email: "nobody-here@example.org" });
    expect([known.status, known.body]).toEqual([unknown.status, unknown.body]);
  });

  it("stores only a hash of the token", async () => {
    const mail = await requestLink("hash-check@example.org");
    const token = tokenFrom(mail);
    const rows = await stack.db.client.execute("SELECT id FROM auth_tokens");
    expect(rows.rows.map((r) => r.id)).not.toContain(token);
    const dump = await stack.db.client.execute("SELECT group_concat(id || email || purpose, '|') AS all_text FROM auth_tokens");
    expect(String(dump.rows[0].all_text)).not.toContain(token);
  });

  it("rejects a malformed address with 400 naming email", async () => {
    const res = await new ApiClient(stack.worker.baseUrl).post("/api/auth/sign-in", { email: "not an address" });
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0].field).toBe("email");
  });

  it("limits requests per address", async () => {
    const api = new ApiClient(stack.worker.baseUrl);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await api.post("/api/auth/sign-in", { email: "flood@example.org" })).status);
    expect(statuses.slice(0, 5)).toEqual([202, 202, 202, 202, 202]);
    expect(statuses[5]).toBe(429);
    const res = await api.post("/api/auth/sign-in", { email: "flood@example.org" });
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});

describe("POST /api/auth/sign-in from another address", () => {
  it("refuses a page opened at another address with a 403 that names the address to open", async () => {
    // localhost and 127.0.0.1 are one machine but two origins: the calendar is configured for one.
    const other = stack.worker.baseUrl.replace("127.0.0.1", "localhost");
    const res = await new ApiClient(stack.worker.baseUrl).post("/api/auth/sign-in", { email: "elsewhere@example.org" }, { origin: other });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: "bad_origin", expectedOrigin: stack.worker.baseUrl });
    expect(res.body.error.message).toContain(`Open ${stack.worker.baseUrl}`);
  });
});

describe("POST /api/auth/sign-in with the page to return to", () => {
  it("carries `next` in the mailed link's fragment", async () => {
    const api = new ApiClient(stack.worker.baseUrl);
    expect((await api.post("/api/auth/sign-in", { email: "returner@example.org", next: "/review?x=1" })).status).toBe(202);
    const mail = await stack.smtp.waitFor((m) => m.envelope.to.includes("returner@example.org"));
    expect(mail.parsed.text).toMatch(new RegExp(`${stack.worker.baseUrl}/sign-in/confirm#token=[A-Za-z0-9_-]+&next=%2Freview%3Fx%3D1`));
  });

  it("refuses a `next` that would leave the calendar, with 400 naming next", async () => {
    const api = new ApiClient(stack.worker.baseUrl);
    for (const next of ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "/sign-in/confirm", `/${"a".repeat(600)}`]) {
      const res = await api.post("/api/auth/sign-in", { email: "returner@example.org", next });
      expect(res.status, next).toBe(400);
      expect(
        res.body.error.issues.map((i: { field: string }) => i.field),
        next,
      ).toEqual(["next"]);
    }
  });
});

describe("POST /api/auth/confirm", () => {
  it("signs in with a __Host- cookie that is Secure, HttpOnly and SameSite=Lax", async () => {
    const mail = await requestLink("new.person@example.org");
    // Opening the link (what a mail scanner does) only loads the confirm page and spends nothing.
    const page = await fetch(`${stack.worker.baseUrl}/sign-in/confirm`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app">');
    const res = await fetch(`${stack.worker.baseUrl}/api/auth/confirm`, {
      method: "POST",
      headers: { origin: stack.worker.baseUrl, "content-type": "application/json" },
      body: JSON.stringify({ token: tokenFrom(mail) }),
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^__Host-session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).not.toMatch(/Domain=/i);
    const me = await new ApiClient(stack.worker.baseUrl, cookie.split(";")[0]).get("/api/me");
    expect(me.body.user).toMatchObject({ email: "new.person@example.org", role: "user", organisations: [] });
    expect(me.headers.get("cache-control")).toBe("no-store");
  });

  it("lets exactly one of two concurrent uses of a link sign in", async () => {
    const token = tokenFrom(await requestLink("race@example.org"));
    const [a, b] = await Promise.all([
      new ApiClient(stack.worker.baseUrl).post("/api/auth/confirm", { token }),
      new ApiClient(stack.worker.baseUrl).post("/api/auth/confirm", { token }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 400]);
    const sessions = await stack.db.client.execute("SELECT count(*) AS n FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = 'race@example.org'");
    expect(sessions.rows[0].n).toBe(1);
  });

  it("refuses an expired link", async () => {
    const token = tokenFrom(await requestLink("late@example.org"));
    await stack.db.client.execute("UPDATE auth_tokens SET expires_at = 0 WHERE email = 'late@example.org'");
    const res = await new ApiClient(stack.worker.baseUrl).post("/api/auth/confirm", { token });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_token");
  });

  it("makes the addresses in ADMIN_EMAILS admins", async () => {
    const api = await signIn("Boss@Example.org");
    expect((await api.get("/api/me")).body.user.role).toBe("admin");
  });
});

describe("ending sessions", () => {
  it("signs out on the server: the old cookie no longer works", async () => {
    const api = await signIn("leaver@example.org");
    const cookie = api.cookie;
    expect((await api.post("/api/auth/sign-out")).status).toBe(204);
    const replay = new ApiClient(stack.worker.baseUrl, cookie);
    expect((await replay.get("/api/me")).body.user).toBeNull();
    expect((await replay.post("/api/auth/sign-out")).status).toBe(401);
  });

  it("ends a partner's sessions when a coordinator removes their membership", async () => {
    const partner = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerNbpn);
    expect((await partner.get("/api/my/events")).status).toBe(200);
    const coordinator = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator);
    expect((await coordinator.delete(`/api/organisations/nbpn/members/${SAMPLE.partnerNbpn}`)).status).toBe(204);
    expect((await partner.get("/api/my/events")).status).toBe(401);
    const audit = await coordinator.get("/api/audit?entity=organisation&entityId=nbpn");
    expect(audit.body.entries[0]).toMatchObject({ action: "membership.remove", actorId: SAMPLE.coordinator, before: { userId: SAMPLE.partnerNbpn } });
  });

  it("ends a coordinator's sessions when an admin takes the role away", async () => {
    const coordinator = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator);
    const admin = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.admin);
    const res = await admin.request("PUT", `/api/users/${SAMPLE.coordinator}/role`, { json: { role: "user" } });
    expect(res.status).toBe(200);
    expect((await coordinator.get("/api/me")).body.user).toBeNull();
    await admin.request("PUT", `/api/users/${SAMPLE.coordinator}/role`, { json: { role: "coordinator" } });
  });
});

describe("invitations", () => {
  it("adds the invitee to the organisation when they follow the link", async () => {
    const coordinator = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator);
    expect((await coordinator.post("/api/organisations/fafo/invitations", { email: "researcher@example.org" })).status).toBe(202);
    const mail = await stack.smtp.waitFor((m) => m.envelope.to.includes("researcher@example.org"));
    expect(mail.parsed.subject).toContain("Fafo Institute for Labour and Social Research");
    const invitee = new ApiClient(stack.worker.baseUrl);
    expect((await invitee.post("/api/auth/confirm", { token: tokenFrom(mail) })).status).toBe(200);
    const me = await invitee.get("/api/me");
    expect(me.body.user.organisations.map((o: { id: string }) => o.id)).toEqual(["fafo"]);
    const log = await coordinator.get("/api/audit?entity=organisation&entityId=fafo");
    expect(JSON.stringify(log.body)).not.toContain("researcher@example.org");
  });
});
