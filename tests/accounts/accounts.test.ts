/** Account rules (functions/accounts/accounts.ts) through the real Worker: roles and memberships. */
import { describe, expect, it } from "vitest";
import { useStack } from "../support/stack.ts";
import { ApiClient, SAMPLE, sessionFor } from "../support/api.ts";
import { tokenFrom } from "../support/smtp.ts";

const stack = useStack({ seedToday: "2030-03-04", smtp: true });

async function admins(): Promise<string[]> {
  const { rows } = await stack.db.client.execute("SELECT id FROM users WHERE role = 'admin' ORDER BY id");
  return rows.map((r) => String(r.id));
}

async function setRole(id: string, role: string) {
  await stack.db.client.execute({ sql: "UPDATE users SET role = ? WHERE id = ?", args: [role, id] });
}

describe("PUT /api/users/:id/role", () => {
  it("never leaves the calendar without an admin, even when two admins demote each other at once", async () => {
    await stack.db.client.execute("INSERT INTO users (id, email, role) VALUES ('second-admin', 'second-admin@example.org', 'admin')");
    for (let round = 0; round < 5; round++) {
      await setRole(SAMPLE.admin, "admin");
      await setRole("second-admin", "admin");
      const first = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.admin);
      const second = await sessionFor(stack.db.client, stack.worker.baseUrl, "second-admin");
      const results = await Promise.all([
        first.request("PUT", "/api/users/second-admin/role", { json: { role: "user" } }),
        second.request("PUT", `/api/users/${SAMPLE.admin}/role`, { json: { role: "user" } }),
      ]);
      expect(
        results.map((r) => r.status).every((s) => s === 200 || s === 401 || s === 403 || s === 409),
        JSON.stringify(results.map((r) => r.body)),
      ).toBe(true);
      expect((await admins()).length, `round ${round}: ${JSON.stringify(results.map((r) => r.status))}`).toBeGreaterThanOrEqual(1);
    }
  });

  it("refuses to take the role from the last admin, naming the rule", async () => {
    await setRole("second-admin", "user");
    await setRole(SAMPLE.admin, "admin");
    const admin = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.admin);
    const res = await admin.request("PUT", `/api/users/${SAMPLE.admin}/role`, { json: { role: "coordinator" } });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain("last admin");
    expect(await admins()).toEqual([SAMPLE.admin]);
  });

  it("writes nothing when the user already has the role", async () => {
    const admin = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.admin);
    const count = async () =>
      Number(
        (await stack.db.client.execute(`SELECT count(*) AS n FROM audit_log WHERE action = 'user.role' AND entity_id = '${SAMPLE.coordinator}'`)).rows[0].n,
      );
    const before = await count();
    expect((await admin.request("PUT", `/api/users/${SAMPLE.coordinator}/role`, { json: { role: "coordinator" } })).status).toBe(200);
    expect(await count()).toBe(before);
  });
});

describe("invitations", () => {
  it("logs one new membership when a person follows two invitations to the same organisation", async () => {
    const coordinator = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator);
    const invitee = new ApiClient(stack.worker.baseUrl);
    for (let i = 0; i < 2; i++) {
      expect((await coordinator.post("/api/organisations/fafo/invitations", { email: "twice@example.org" })).status).toBe(202);
      const mail = await stack.smtp.waitFor((m) => m.envelope.to.includes("twice@example.org") && !m.parsed.text?.includes("__used__"));
      expect((await invitee.post("/api/auth/confirm", { token: tokenFrom(mail) })).status).toBe(200);
      mail.parsed.text += "__used__";
    }
    const log = await coordinator.get("/api/audit?entity=organisation&entityId=fafo");
    const added = log.body.entries.filter((e: { action: string }) => e.action === "membership.add");
    expect(added).toHaveLength(1);
    // The audit page names the organisation and links its page; the new member, who gave no name,
    // is known as such, never by their address.
    expect(added[0].target).toEqual({ name: "Fafo Institute for Labour and Social Research", path: "/organisations/fafo" });
    expect(log.body.names[added[0].after.userId]).toBe("");
    expect(JSON.stringify(log.body)).not.toContain("twice@example.org");
    expect((await invitee.get("/api/me")).body.user.organisations.map((o: { id: string }) => o.id)).toEqual(["fafo"]);
  });
});
