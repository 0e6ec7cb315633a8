/** The real Worker (functions/worker.ts, bundled by wrangler) in the local Workers runtime. */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unstable_startWorker } from "wrangler";

export type TestWorker = Awaited<ReturnType<typeof unstable_startWorker>> & { baseUrl: string };

process.env.WRANGLER_SEND_METRICS = "false";
process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";

/** A port that was free a moment ago, so the Worker's public origin is known before it starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The secret the test Workers sign digest links with (tests sign their own to check refusals). */
export const TEST_LINK_SECRET = "test-link-secret-0123456789abcdefghijklmnop";

export interface WorkerVars {
  LIBSQL_URL: string;
  LIBSQL_AUTH_TOKEN?: string;
  ADMIN_EMAILS?: string;
  DATABASE_TIMEOUT_MS?: string;
  /** An SMTP server on loopback to send through; without it mail goes to the local Email Service stub. */
  smtpPort?: number;
}

export async function startWorker(vars: WorkerVars): Promise<TestWorker> {
  const port = await freePort();
  const { smtpPort, ...plain } = vars;
  const values: Record<string, string | undefined> = {
    ...plain,
    PUBLIC_ORIGIN: `http://127.0.0.1:${port}`,
    LINK_SECRET: TEST_LINK_SECRET,
    ...(smtpPort ? { MAIL_TRANSPORT: "smtp", SMTP_HOST: "127.0.0.1", SMTP_PORT: String(smtpPort), SMTP_SECURITY: "none", MAIL_FROM: "Calendar <calendar@example.org>" } : {}),
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
    dev: { server: { hostname: "127.0.0.1", port }, inspector: false, watch: false, logLevel: "warn", testScheduled: true, persist: state },
  } as Parameters<typeof unstable_startWorker>[0]);
  await worker.ready;
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
