/** `GET` · `POST /api/follows` and `DELETE /api/follows/:id`, and the one-click unfollow page `/follows/stop`. */
import { beforeAll, describe, expect, it } from "vitest";
import { signLink } from "../../functions/digest/links.ts";
import { ApiClient, SAMPLE, sessionFor } from "../support/api.ts";
import { createEvent } from "../support/factories.ts";
import { useStack } from "../support/stack.ts";
import { TEST_LINK_SECRET } from "../support/worker.ts";

const stack = useStack({ seedToday: "2030-03-04" });
const READER = "follows-reader";
let reader: ApiClient;
let partner: ApiClient;

beforeAll(async () => {
  await stack.db.client.execute({ sql: "INSERT INTO users (id, email, role) VALUES (?, 'reader@example.org', 'user')", args: [READER] });
  await createEvent(stack.db.client, { id: "follow-public", startsAt: "2030-05-01T10:00", endsAt: "2030-05-01T12:00", organisers: ["marta"] });
  await createEvent(stack.db.client, {
    id: "follow-partners",
    startsAt: "2030-05-02T10:00",
    endsAt: "2030-05-02T12:00",
    organisers: ["marta"],
    visibility: "partners",
  });
  await createEvent(stack.db.client, {
    id: "follow-draft",
    startsAt: "2030-05-03T10:00",
    endsAt: "2030-05-03T12:00",
    organisers: ["marta"],
    moderation: "draft",
  });
  reader = await sessionFor(stack.db.client, stack.worker.baseUrl, READER);
  partner = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerNbpn);
});

describe("POST /api/follows", () => {
  it("needs a sign-in", async () => {
    const res = await new ApiClient(stack.worker.baseUrl).post("/api/follows", { kind: "organisation", target: "marta" });
    expect(res.status).toBe(401);
  });

  it("follows an organisation once, however often it is asked", async () => {
    const first = await reader.post("/api/follows", { kind: "organisation", target: "marta" });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ kind: "organisation", target: "marta", name: expect.stringMatching(/Marta/) });
    const again = await reader.post("/api/follows", { kind: "organisation", target: "marta" });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    const list = await reader.get("/api/follows");
    expect(list.body.follows.filter((f: { target: string }) => f.target === "marta")).toHaveLength(1);
  });

  it("follows a topic, a country and an event the reader sees, each named", async () => {
    for (const body of [
      { kind: "topic", target: "victim-support" },
      { kind: "country", target: "LV" },
      { kind: "event", target: "follow-public" },
    ]) {
      const res = await reader.post("/api/follows", body);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const list = (await reader.get("/api/follows")).body.follows as { kind: string; name: string | null; slug: string | null }[];
    expect(list.find((f) => f.kind === "topic")?.name).toBeTruthy();
    expect(list.find((f) => f.kind === "event")).toMatchObject({ slug: "follow-public", name: expect.any(String) });
  });

  it("names the field and the rule of bad input", async () => {
    const cases: [unknown, string, string][] = [
      [{ kind: "person", target: "x" }, "kind", "one_of"],
      [{ kind: "topic" }, "target", "required"],
      [{ kind: "topic", target: "no-such-topic" }, "target", "unknown_id"],
      [{ kind: "organisation", target: "no-such-organisation" }, "target", "unknown_id"],
      [{ kind: "country", target: "XX" }, "target", "country_code"],
      [{ kind: "country", target: "lv" }, "target", "country_code"],
      [{ kind: "topic", target: "victim-support", extra: 1 }, "extra", "unknown_field"],
    ];
    for (const [body, field, code] of cases) {
      const res = await reader.post("/api/follows", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.issues[0]).toMatchObject({ field, code });
    }
  });

  it("lets nobody follow an event they may not see, as if it did not exist", async () => {
    const hidden = await reader.post("/api/follows", { kind: "event", target: "follow-partners" });
    expect(hidden.status).toBe(400);
    expect(hidden.body.error.issues[0]).toMatchObject({ field: "target", code: "unknown_id" });
    expect((await reader.post("/api/follows", { kind: "event", target: "follow-draft" })).status).toBe(400);
    // A partner sees partner-only events, so may follow one.
    expect((await partner.post("/api/follows", { kind: "event", target: "follow-partners" })).status).toBe(201);
  });

  it("stops at 200 follows a person", async () => {
    const person = "follows-collector";
    await stack.db.client.execute({ sql: "INSERT INTO users (id, email, role) VALUES (?, 'collector@example.org', 'user')", args: [person] });
    await stack.db.client.batch(
      Array.from({ length: 200 }, (_, i) => ({
        sql: "INSERT INTO follows (id, user_id, kind, target) VALUES (?, ?, 'event', ?)",
        args: [`collector-${i}`, person, `gone-event-${i}`],
      })),
    );
    const collector = await sessionFor(stack.db.client, stack.worker.baseUrl, person);
    const res = await collector.post("/api/follows", { kind: "topic", target: "victim-support" });
    expect(res.status).toBe(409);
    expect(res.body.error.issues[0]).toMatchObject({ field: "target", code: "too_many" });
    const count = await stack.db.client.execute({ sql: "SELECT count(*) AS n FROM follows WHERE user_id = ?", args: [person] });
    expect(Number(count.rows[0].n)).toBe(200);
  });
});

describe("DELETE /api/follows/:id", () => {
  it("ends one's own follow only", async () => {
    const mine = await partner.post("/api/follows", { kind: "country", target: "EE" });
    expect((await reader.delete(`/api/follows/${mine.body.id}`)).status).toBe(404);
    expect((await partner.delete(`/api/follows/${mine.body.id}`)).status).toBe(204);
    expect((await partner.get("/api/follows")).body.follows.map((f: { target: string }) => f.target)).not.toContain("EE");
    expect((await partner.delete(`/api/follows/${mine.body.id}`)).status).toBe(404);
  });
});

describe("/follows/stop", () => {
  const page = (token: string, init?: RequestInit) => fetch(`${stack.worker.baseUrl}/follows/stop?token=${encodeURIComponent(token)}`, init);

  it("asks before it ends a follow, and the form's POST ends it", async () => {
    const follow = await reader.post("/api/follows", { kind: "country", target: "FI" });
    const token = await signLink(TEST_LINK_SECRET, "unfollow", follow.body.id);
    const shown = await page(token);
    expect(shown.status).toBe(200);
    const body = await shown.text();
    expect(body).toContain('<form method="post">');
    expect(body).toContain("events in Finland");
    expect(body).not.toMatch(/<script|style=/);
    // A GET (a mail scanner's) changes nothing.
    expect((await reader.get("/api/follows")).body.follows.map((f: { target: string }) => f.target)).toContain("FI");
    const done = await page(token, { method: "POST", body: new URLSearchParams() });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("You no longer follow this");
    expect((await reader.get("/api/follows")).body.follows.map((f: { target: string }) => f.target)).not.toContain("FI");
    // The link keeps answering, without error, once the follow is gone.
    expect((await page(token)).status).toBe(200);
  });

  it("takes an RFC 8058 one-click POST", async () => {
    const follow = await reader.post("/api/follows", { kind: "country", target: "SE" });
    const token = await signLink(TEST_LINK_SECRET, "unfollow", follow.body.id);
    const res = await page(token, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(res.status).toBe(200);
    expect((await reader.get("/api/follows")).body.follows.map((f: { target: string }) => f.target)).not.toContain("SE");
  });

  it("refuses a forged link or one signed for another purpose", async () => {
    const follow = await reader.post("/api/follows", { kind: "country", target: "NO" });
    expect((await page(`${follow.body.id}.forged`)).status).toBe(404);
    const other = await signLink(TEST_LINK_SECRET, "unsubscribe", follow.body.id);
    expect((await page(other, { method: "POST", body: new URLSearchParams() })).status).toBe(404);
    expect((await reader.get("/api/follows")).body.follows.map((f: { target: string }) => f.target)).toContain("NO");
  });
});
