/**
 * No request can take the calendar down: every operation of the OpenAPI document, called as every
 * kind of caller with hostile path parameters, query parameters, If-Match headers and JSON bodies
 * (tests/support/hostile.ts). Each answer must
 * - arrive within REQUEST_TIMEOUT_MS (a hang fails; there is no other timing assertion),
 * - not be a 5xx (a deliberate 503 would fail too: the database is up throughout),
 * - on a 4xx, have written nothing: the libSQL server's committed-write counter (per table) may
 *   not move, except for the tables in WRITES_BY_DESIGN.
 * and /api/health stays healthy after every batch. Requests run one at a time, so every write is
 * attributable to the request that made it. Seeds are fixed per operation and caller; a failure
 * prints the request (method, path, headers, body) so it can be replayed by hand.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { SESSION_MS } from "../../functions/auth/session.ts";
import { openApiDocument } from "../../functions/openapi/openapi.ts";
import { ApiClient, SAMPLE, sessionFor } from "../support/api.ts";
import { createEvent } from "../support/factories.ts";
import { CURRENT_ETAG, hostileRequest, hostileUpload, operationsOf, type HostileRequest, type Operation } from "../support/hostile.ts";
import { useStack } from "../support/stack.ts";

const REQUEST_TIMEOUT_MS = 8_000;
/**
 * Requests per operation and caller. To dig deeper by hand: `FUZZ_RUNS=50 FUZZ_SEED=7 npx vitest run
 * tests/robustness/fuzz.test.ts` (FUZZ_SEED shifts every seed; `npm test` always runs seed 0).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 8);
const SEED_SHIFT = Number(process.env.FUZZ_SEED ?? 0);

/**
 * Tables a refused request may write by design:
 * - rate_limits: sign-in, confirm and subscribe count every well-formed attempt, the ones they
 *   then refuse (429, or a confirm with a spent token) included; that is what makes them a limit.
 * Nothing else is excused: the callers' sessions are made with their full lifetime, so a request
 * never extends (writes) one.
 */
const WRITES_BY_DESIGN = new Set(["rate_limits"]);

type Role = "anonymous" | "partner" | "coordinator" | "admin";
const ROLES: Role[] = ["anonymous", "partner", "coordinator", "admin"];

const operations = operationsOf(openApiDocument("http://localhost"));
/** Signing out would end the session the next batches use; it is fuzzed anonymously only. */
const cases = operations.flatMap((op) =>
  ROLES.filter((role) => role === "anonymous" || `${op.method} ${op.path}` !== "POST /api/auth/sign-out").map(
    (role) => [`${op.method} ${op.path}`, role, op] as const,
  ),
);

/** The event the event routes target when their slug is not the hostile part. */
const EVENT = "fuzz-draft";

/**
 * Existing targets for path parameters that are not the hostile part of a request, so the hostile
 * body reaches the handler. Deletions, role changes, member removals and holds keep unknown ids:
 * the callers and their sessions must survive the run.
 */
function pathDefault(op: Operation, name: string): string | undefined {
  if (op.method === "DELETE" || name === "userId" || op.path.startsWith("/api/users/") || op.path.startsWith("/api/holds/")) return undefined;
  if (op.path.startsWith("/api/events/")) return EVENT;
  if (op.path.startsWith("/api/organisations/")) return "marta";
  if (op.path.startsWith("/api/documents/")) return "nb8-mou-2009";
  if (op.path.startsWith("/api/projects/")) return "mobility-programme";
  if (op.path.startsWith("/api/people/")) return "sample-kari-nordmann";
  return undefined;
}

const stack = useStack({ seedToday: "2030-03-04" });
const clients = {} as Record<Role, ApiClient>;
beforeAll(async () => {
  const users: Record<Exclude<Role, "anonymous">, string> = { partner: SAMPLE.partnerMarta, coordinator: SAMPLE.coordinator, admin: SAMPLE.admin };
  await createEvent(stack.db.client, { id: EVENT, startsAt: "2030-05-02T10:00", endsAt: "2030-05-02T12:00", organisers: ["marta"], moderation: "draft" });
  clients.anonymous = new ApiClient(stack.worker.baseUrl);
  for (const [role, user] of Object.entries(users)) clients[role as Role] = await sessionFor(stack.db.client, stack.worker.baseUrl, user);
  // Sessions with their full lifetime are not extended on use, so a request writes no session row.
  await stack.db.client.execute({ sql: "UPDATE sessions SET expires_at = ?", args: [Date.now() + SESSION_MS] });
});

/** A number from a string, so each operation and caller has its own fixed seed. */
function seedOf(text: string): number {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return h | 0;
}

function describeRequest(req: HostileRequest, role: Role): string {
  const body = req.body === undefined ? "" : ` body=${req.body.length > 300 ? `${req.body.slice(0, 300)}… (${req.body.length} chars)` : req.body}`;
  const path = req.path.length > 300 ? `${req.path.slice(0, 300)}… (${req.path.length} chars)` : req.path;
  return `${req.method} ${path} as ${role} headers=${JSON.stringify(req.headers)}${body}`;
}

function writesBesidesDesign(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [table, n] of Object.entries(after)) {
    const delta = n - (before[table] ?? 0);
    if (delta && !WRITES_BY_DESIGN.has(table)) out[table] = delta;
  }
  return out;
}

/** The current ETag of the event the request targets, as this caller sees it ("stale" when it has none). */
async function currentEtag(req: HostileRequest, client: ApiClient): Promise<string> {
  const slug = req.path.split("?")[0].split("/")[3];
  const res = await client.get(`/api/events/${slug}`);
  return res.headers.get("etag") ?? '"stale"';
}

/** Sends one request; returns what went wrong with it, or null. */
async function probe(req: HostileRequest, role: Role): Promise<string | null> {
  const client = clients[role];
  if (req.headers["if-match"] === CURRENT_ETAG) req = { ...req, headers: { ...req.headers, "if-match": await currentEtag(req, client) } };
  const before = stack.db.writesByTable();
  let status: number;
  try {
    const res = await fetch(`${stack.worker.baseUrl}${req.path}`, {
      method: req.method,
      headers: { origin: stack.worker.baseUrl, ...req.headers, ...(client.cookie ? { cookie: client.cookie } : {}) },
      body: req.body,
      redirect: "manual",
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    status = res.status;
    const text = await res.text();
    if (status >= 500) return `${status} ${text.slice(0, 200)}`;
  } catch (error) {
    const name = (error as Error).name;
    return name === "TimeoutError" ? `no answer within ${REQUEST_TIMEOUT_MS} ms` : `request failed: ${String(error)}`;
  }
  if (status >= 400) {
    const wrote = writesBesidesDesign(before, stack.db.writesByTable());
    if (Object.keys(wrote).length) return `${status} but wrote ${JSON.stringify(wrote)}`;
  }
  return null;
}

describe("every operation with hostile input, as every caller", () => {
  it("fuzzes exactly the operations the served OpenAPI document lists", async () => {
    const served = operationsOf(await (await fetch(`${stack.worker.baseUrl}/api/openapi.json`)).json());
    expect(served.map((o) => `${o.method} ${o.path}`).sort()).toEqual(operations.map((o) => `${o.method} ${o.path}`).sort());
  });

  /**
   * The request after which the Worker stopped answering. A Worker stuck in a loop answers nothing
   * else either, so the batches after it fail at once, naming it, instead of timing out one by one.
   */
  let stuckAfter: string | undefined;

  it.each(cases)("%s as %s", async (route, role, op) => {
    if (stuckAfter) expect.fail(`the Worker stopped answering after ${stuckAfter}`);
    const arbitrary = route === "PUT /api/documents/{slug}/file" ? hostileUpload(op, pathDefault(op, "slug")!) : hostileRequest(op, pathDefault);
    const requests = fc.sample(arbitrary, { seed: seedOf(`${route} ${role}`) ^ SEED_SHIFT, numRuns: RUNS });
    const failures: string[] = [];
    for (const req of requests) {
      const problem = await probe(req, role);
      if (problem) failures.push(`${describeRequest(req, role)}\n    → ${problem}`);
      if (problem?.startsWith("no answer")) {
        stuckAfter = describeRequest(req, role);
        break;
      }
    }
    const health = await fetch(`${stack.worker.baseUrl}/api/health`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }).catch((error: Error) => error);
    if (health instanceof Error) stuckAfter ??= `the batch ${route} as ${role}`;
    expect(health instanceof Error ? String(health) : health.status, `health after the batch\n${failures.join("\n")}`).toBe(200);
    expect(((await (health as Response).json()) as { status: string }).status).toBe("ok");
    expect(failures, failures.join("\n")).toEqual([]);
  });
});
