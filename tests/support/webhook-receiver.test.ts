/**
 * The tests' webhook receiver checks signatures as the README tells a partner to; if its check
 * passed everything, the webhook tests would prove nothing. Checked here against the Standard
 * Webhooks specification's published example, and by requests it must refuse.
 */
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPLAY_WINDOW_SECONDS, startReceiver, verify, type Receiver } from "./webhook-receiver.ts";

// The example of the Standard Webhooks specification (github.com/standard-webhooks, spec/standard-webhooks.md).
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const TIMESTAMP = 1614265330;
const BODY = '{"test": 2432232314}';
const SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

const headers = (over: Record<string, string | undefined> = {}) => ({
  "webhook-id": ID,
  "webhook-timestamp": String(TIMESTAMP),
  "webhook-signature": SIGNATURE,
  ...over,
});

function sign(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

describe("verify", () => {
  it("accepts the specification's example", () => {
    expect(verify(SECRET, headers(), BODY, TIMESTAMP)).toBeNull();
  });

  it("accepts a timestamp at the edge of the replay window, and refuses one a second past it", () => {
    expect(verify(SECRET, headers(), BODY, TIMESTAMP + REPLAY_WINDOW_SECONDS)).toBeNull();
    expect(verify(SECRET, headers(), BODY, TIMESTAMP - REPLAY_WINDOW_SECONDS)).toBeNull();
    expect(verify(SECRET, headers(), BODY, TIMESTAMP + REPLAY_WINDOW_SECONDS + 1)).toMatch(/replay window/);
    expect(verify(SECRET, headers(), BODY, TIMESTAMP - REPLAY_WINDOW_SECONDS - 1)).toMatch(/replay window/);
  });

  it("refuses a body changed by one byte, another secret, or a signature of another version", () => {
    expect(verify(SECRET, headers(), '{"test": 2432232315}', TIMESTAMP)).toMatch(/does not match/);
    expect(verify(`whsec_${Buffer.from("another secret").toString("base64")}`, headers(), BODY, TIMESTAMP)).toMatch(/does not match/);
    expect(verify(SECRET, headers({ "webhook-signature": SIGNATURE.replace("v1,", "v2,") }), BODY, TIMESTAMP)).toMatch(/does not match/);
    expect(verify(SECRET, headers({ "webhook-id": "msg_other" }), BODY, TIMESTAMP)).toMatch(/does not match/);
  });

  it("refuses missing headers and a timestamp that is not a number of seconds", () => {
    for (const name of ["webhook-id", "webhook-timestamp", "webhook-signature"]) {
      expect(verify(SECRET, headers({ [name]: undefined }), BODY, TIMESTAMP)).toMatch(/missing/);
    }
    expect(verify(SECRET, headers({ "webhook-timestamp": `${TIMESTAMP}.0` }), BODY, TIMESTAMP)).toMatch(/replay window/);
    expect(verify(SECRET, headers({ "webhook-timestamp": "-1" }), BODY, TIMESTAMP)).toMatch(/replay window/);
  });

  it("accepts a list of signatures when one of them is good (secret rotation)", () => {
    const list = `v1,${Buffer.alloc(32).toString("base64")} ${SIGNATURE}`;
    expect(verify(SECRET, headers({ "webhook-signature": list }), BODY, TIMESTAMP)).toBeNull();
    expect(verify(SECRET, headers({ "webhook-signature": `v1,${Buffer.alloc(32).toString("base64")}` }), BODY, TIMESTAMP)).toMatch(/does not match/);
  });
});

describe("startReceiver", () => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
    receiver.secrets.set("/hook", SECRET);
    receiver.secrets.set("/down", SECRET);
    receiver.answers.set("/down", 503);
  });
  afterAll(() => receiver.close());

  const post = (path: string, body: string, signature: string) => {
    const timestamp = Math.floor(receiver.now / 1000);
    return fetch(receiver.origin + path, {
      method: "POST",
      headers: { "content-type": "application/json", "webhook-id": ID, "webhook-timestamp": String(timestamp), "webhook-signature": signature },
      body,
    });
  };

  it("answers a signed request 200 and keeps it with no problem", async () => {
    const body = JSON.stringify({ type: "event.published", timestamp: "2030-05-01T00:00:00Z", organisationId: "marta", data: { slug: "x" } });
    const res = await post("/hook", body, sign(SECRET, ID, Math.floor(receiver.now / 1000), body));
    expect(res.status).toBe(200);
    const [got] = receiver.at("/hook");
    expect(got).toMatchObject({ method: "POST", id: ID, problem: null, raw: body });
    expect(got.body.data).toEqual({ slug: "x" });
  });

  it("answers a forged request 401 and keeps the reason", async () => {
    const res = await post("/hook", "{}", SIGNATURE);
    expect(res.status).toBe(401);
    expect(await res.text()).toMatch(/does not match/);
    expect(receiver.at("/hook").at(-1)?.problem).toMatch(/does not match/);
  });

  it("answers a path without a secret 401, and a signed request to a path set to fail with that status", async () => {
    expect((await post("/nowhere", "{}", SIGNATURE)).status).toBe(401);
    const res = await post("/down", "{}", sign(SECRET, ID, Math.floor(receiver.now / 1000), "{}"));
    expect(res.status).toBe(503);
    expect(receiver.at("/down")[0].problem).toBeNull();
  });
});
