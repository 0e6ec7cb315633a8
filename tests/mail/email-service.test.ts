/** The Cloudflare Email Service transport, against the local Workers runtime's send_email binding. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDatabase, type TestDatabase } from "../support/database.ts";
import { startWorker, type TestWorker } from "../support/worker.ts";

let db: TestDatabase;
let worker: TestWorker;
beforeAll(async () => {
  db = await startDatabase({ migrate: true });
  // No SMTP settings: the Worker uses MAIL_TRANSPORT = "cloudflare" from wrangler.toml.
  worker = await startWorker({ LIBSQL_URL: db.url });
});
afterAll(async () => {
  await worker?.dispose();
  await db?.close();
});

describe("MAIL_TRANSPORT = cloudflare", () => {
  it("hands the sign-in message to the send_email binding", async () => {
    const res = await fetch(`${worker.baseUrl}/api/auth/sign-in`, {
      method: "POST",
      headers: { origin: worker.baseUrl, "content-type": "application/json" },
      body: JSON.stringify({ email: "someone@example.org" }),
    });
    expect(res.status).toBe(202);
    const tokens = await db.client.execute("SELECT count(*) AS n FROM auth_tokens WHERE email = 'someone@example.org'");
    expect(tokens.rows[0].n).toBe(1);
  });
});
