/** The real Worker (functions/worker.ts, bundled by wrangler) in the local Workers runtime. */
import { unstable_startWorker } from "wrangler";

export type TestWorker = Awaited<ReturnType<typeof unstable_startWorker>> & { baseUrl: string };

process.env.WRANGLER_SEND_METRICS = "false";
process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";

export async function startWorker(vars: { LIBSQL_URL: string; LIBSQL_AUTH_TOKEN?: string }): Promise<TestWorker> {
  const bindings = Object.fromEntries(
    Object.entries(vars)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, { type: "plain_text" as const, value: v! }]),
  );
  const worker = await unstable_startWorker({
    config: new URL("../../wrangler.toml", import.meta.url).pathname,
    bindings,
    // The web app is built once by the global setup; an empty command skips wrangler's [build].
    build: { custom: { command: "" } },
    dev: { server: { hostname: "127.0.0.1", port: 0 }, inspector: false, watch: false, logLevel: "warn", testScheduled: true },
  } as Parameters<typeof unstable_startWorker>[0]);
  await worker.ready;
  const url = await worker.url;
  return Object.assign(worker, { baseUrl: url.origin });
}
