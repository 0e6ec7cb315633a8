/**
 * A webhook receiver on loopback for the tests: every request is checked as the README tells a
 * partner to check it, written here independently of the Worker's code (node:crypto): the
 * Standard Webhooks signature over `id.timestamp.body` with the endpoint's secret, and the
 * timestamp within the five-minute replay window of the receiver's clock (set by the test to the
 * cron tick's time). A request that fails the check is answered 401 and kept with the reason.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";

export interface Received {
  method: string;
  path: string;
  id: string;
  timestamp: number;
  signature: string;
  raw: string;
  body: { type: string; timestamp: string; organisationId: string; data: any };
  /** Why the check failed; null when the signature and the timestamp were good. */
  problem: string | null;
}

export interface Receiver {
  origin: string;
  received: Received[];
  /** The signing secret of the endpoint at `path`. */
  secrets: Map<string, string>;
  /** What `path` answers once the check passed (default 200). */
  answers: Map<string, number>;
  /** The receiver's clock, ms. */
  now: number;
  at(path: string): Received[];
  close(): Promise<void>;
}

export const REPLAY_WINDOW_SECONDS = 300;

/** The documented check: null when `raw` was signed with `secret` within the window, else why not. */
export function verify(secret: string, headers: Record<string, string | undefined>, raw: string, nowSeconds: number): string | null {
  const id = headers["webhook-id"];
  const timestamp = headers["webhook-timestamp"];
  const signatures = headers["webhook-signature"];
  if (!id || !timestamp || !signatures) return "missing Webhook-Id, Webhook-Timestamp or Webhook-Signature";
  if (!/^\d+$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > REPLAY_WINDOW_SECONDS) return "timestamp outside the replay window";
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const expected = createHmac("sha256", key).update(`${id}.${timestamp}.${raw}`).digest();
  const ok = signatures.split(" ").some((s) => {
    const [version, value] = s.split(",");
    const given = Buffer.from(value ?? "", "base64");
    return version === "v1" && given.length === expected.length && timingSafeEqual(given, expected);
  });
  return ok ? null : "the signature does not match";
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const secrets = new Map<string, string>();
  const answers = new Map<string, number>();
  const receiver = { received, secrets, answers, now: Date.now() } as Receiver;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = (req.url ?? "/").split("?")[0];
      const raw = Buffer.concat(chunks).toString("utf8");
      const headers = req.headers as Record<string, string | undefined>;
      const secret = secrets.get(path);
      const problem = secret ? verify(secret, headers, raw, Math.floor(receiver.now / 1000)) : "no secret for this path";
      let body: Received["body"];
      try {
        body = JSON.parse(raw);
      } catch {
        body = { type: "", timestamp: "", organisationId: "", data: null };
      }
      received.push({
        method: req.method ?? "",
        path,
        id: headers["webhook-id"] ?? "",
        timestamp: Number(headers["webhook-timestamp"]),
        signature: headers["webhook-signature"] ?? "",
        raw,
        body,
        problem,
      });
      if (problem) {
        res.writeHead(401, { "content-type": "text/plain" }).end(problem);
        return;
      }
      const status = answers.get(path) ?? 200;
      res.writeHead(status, { "content-type": "text/plain" }).end(status < 300 ? "thanks" : `down for maintenance (${status})`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  receiver.origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  receiver.at = (path) => received.filter((r) => r.path === path);
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}
