/** The real Worker (functions/worker.ts, bundled by wrangler) in the local Workers runtime. */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unstable_startWorker } from "wrangler";

export type TestWorker = Awaited<ReturnType<typeof unstable_startWorker>> & { baseUrl: string };

process.env.WRANGLER_SEND_METRICS = "false";
process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";

/**
 * A port that was free a moment ago, so the Worker's public origin is known before it starts. It
 * is drawn below the kernel's ephemeral range (32768+): the libSQL and SMTP servers of other test
 * files listen on port 0 and get ephemeral ports, which could otherwise take this one between the
 * check and the Worker's start.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once("error", () => resolve(false));
      server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
    });
    if (free) return port;
    if (attempt > 50) throw new Error("No free port found for the test Worker");
  }
}

/** The secret the test Workers sign digest links with (tests sign their own to check refusals). */
export const TEST_LINK_SECRET = "test-link-secret-0123456789abcdefghijklmnop";

export interface WorkerVars {
  LIBSQL_URL: string;
  LIBSQL_AUTH_TOKEN?: string;
  ADMIN_EMAILS?: string;
  DATABASE_TIMEOUT_MS?: string;
  /** Pins the Worker's clock: every request takes this instant as "now" (sets ALLOW_TEST_CLOCK too). */
  TEST_NOW?: string;
  /** Feed sync tests: let the guarded fetcher reach loopback feed servers ("true"), and its limits. */
  FEED_FETCH_ALLOW_LOOPBACK?: string;
  FEED_FETCH_TIMEOUT_MS?: string;
  /**
   * The edge cache's freshness window (functions/cache/freshness.ts). Test Workers default to "0":
   * tests change the database directly, as another isolate would, and read the change at once; the
   * window itself (1 s in a deployed Worker) is tested with its default in tests/cache/edge-cache.test.ts.
   */
  EDGE_FRESHNESS_MS?: string;
  /** An SMTP server on loopback to send through; without it mail goes to the local Email Service stub. */
  smtpPort?: number;
}

/** How long a Worker may take to start before it is abandoned and started again on another port. */
const START_TIMEOUT_MS = 25_000;

/** `inspector`: open the runtime's DevTools inspector (the memory bench reads the heap through it). */
export async function startWorker(vars: WorkerVars, options: { inspector?: boolean } = {}): Promise<TestWorker> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startWorkerOnce(vars, options.inspector ?? false);
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

async function startWorkerOnce(vars: WorkerVars, inspector: boolean): Promise<TestWorker> {
  const port = await freePort();
  const { smtpPort, ...plain } = vars;
  const values: Record<string, string | undefined> = {
    EDGE_FRESHNESS_MS: "0",
    ...plain,
    PUBLIC_ORIGIN: `http://127.0.0.1:${port}`,
    LINK_SECRET: TEST_LINK_SECRET,
    ...(plain.TEST_NOW ? { ALLOW_TEST_CLOCK: "true" } : {}),
    ...(smtpPort
      ? { MAIL_TRANSPORT: "smtp", SMTP_HOST: "127.0.0.1", SMTP_PORT: String(smtpPort), SMTP_SECURITY: "none", MAIL_FROM: "Calendar <calendar@example.org>" }
      : {}),
  };
  const bindings = Object.fromEntries(
    Object.entries(values)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, { type: "plain_text" as const, value: v! }]),
  );
  const state = mkdtempSync(join(tmpdir(), "nd-worker-state-"));
  const worker = await unstable_startWorker({
    config: new URL("../../wrangler.toml", import.meta.url).pathname,
    bindings,
    // The web app is built once by the global setup; an empty command skips wrangler's [build].
    build: { custom: { command: "" } },
    // Each Worker keeps its local state (R2 files, rate-limit counters) apart, so test files and
    // runs do not count into each other.
    dev: {
      server: { hostname: "127.0.0.1", port },
      inspector: inspector ? { port: await freePort() } : false,
      watch: false,
      logLevel: "warn",
      testScheduled: true,
      persist: state,
    },
  } as Parameters<typeof unstable_startWorker>[0]);
  // A start that never becomes ready (a port taken after all) is given up, not waited on forever.
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`The Worker did not start within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
  });
  try {
    await Promise.race([worker.ready, timedOut]);
  } catch (error) {
    await Promise.race([worker.dispose(), new Promise((r) => setTimeout(r, 5_000))]).catch(() => undefined);
    rmSync(state, { recursive: true, force: true });
    throw error;
  } finally {
    clearTimeout(timer);
  }
  const url = await worker.url;
  const dispose = worker.dispose.bind(worker);
  return Object.assign(worker, {
    baseUrl: url.origin,
    async dispose() {
      await dispose();
      rmSync(state, { recursive: true, force: true });
    },
  });
}
