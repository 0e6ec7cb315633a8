import { z } from "zod";
import type { Database } from "./db/client.ts";

/** Bindings and variables that Cloudflare (wrangler.toml, `wrangler secret put`) gives the Worker. */
export interface Bindings {
  /** libSQL server: sqld / Turso in production, the project's own server in dev and tests. */
  LIBSQL_URL: string;
  LIBSQL_AUTH_TOKEN?: string;
  /** Public origin of the calendar, used for absolute links (feeds, mail), never the Host header. */
  PUBLIC_ORIGIN?: string;
  ASSETS: Fetcher;
}

/** Per-request values put on the context once by middleware; handlers never build their own. */
export interface Variables {
  db: Database;
  /** The request's clock; tests and cron pass a fixed one. */
  now: Date;
  requestId: string;
}

export interface AppEnv {
  Bindings: Bindings;
  Variables: Variables;
}

const configSchema = z.object({
  LIBSQL_URL: z.url({ protocol: /^(https?|libsql|wss?)$/, error: "must be an http(s):// or libsql:// URL" }),
  LIBSQL_AUTH_TOKEN: z.string().optional(),
  PUBLIC_ORIGIN: z.url({ protocol: /^https?$/ }).optional(),
});

export type Config = z.infer<typeof configSchema>;

const parsed = new WeakMap<object, Config>();

/** Parses the configuration once per env object, failing with one message that names every bad key. */
export function parseConfig(env: Partial<Bindings>): Config {
  const cached = parsed.get(env);
  if (cached) return cached;
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid configuration: ${problems}`);
  }
  parsed.set(env, result.data);
  return result.data;
}
