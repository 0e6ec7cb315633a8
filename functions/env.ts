import { z } from "zod";
import type { Viewer } from "./auth/viewer.ts";
import { DEFAULT_DATABASE_TIMEOUT_MS } from "./db/timeout.ts";
import { DEFAULT_FETCH_TIMEOUT_MS } from "./import/safe-fetch.ts";
import { DEFAULT_FRESHNESS_MS } from "./cache/freshness.ts";
import type { Database } from "./db/client.ts";
import type { Mailer } from "./mail/mailer.ts";

/** Bindings and variables that Cloudflare (wrangler.toml, `wrangler secret put`) gives the Worker. */
export interface Bindings {
  /** libSQL server: sqld / Turso in production, the project's own server in dev and tests. */
  LIBSQL_URL: string;
  LIBSQL_AUTH_TOKEN?: string;
  /** How long one database round trip may take before the request is answered 503 (ms, default 5000). */
  DATABASE_TIMEOUT_MS?: string;
  /** Public origin of the calendar (`https://calendar.example.org`): links in mail, the CSRF check. */
  PUBLIC_ORIGIN: string;
  /** Comma-separated addresses that are admins from their first sign-in. */
  ADMIN_EMAILS?: string;
  /** Secret (≥ 32 characters) that signs the digest's confirm, preferences and unsubscribe links. */
  LINK_SECRET: string;
  MAIL_TRANSPORT?: string;
  MAIL_FROM?: string;
  SMTP_HOST?: string;
  SMTP_PORT?: string;
  SMTP_SECURITY?: string;
  SMTP_USER?: string;
  SMTP_PASSWORD?: string;
  /** Uploaded library files (`[[r2_buckets]]` in wrangler.toml). */
  FILES?: R2Bucket;
  /** Cloudflare Email Service (`[[send_email]]` in wrangler.toml). */
  EMAIL?: SendEmail;
  ASSETS: Fetcher;
  /** The deployed Worker version (`[version_metadata]`): part of the edge cache's keys. */
  CF_VERSION_METADATA?: { id: string };
  /** Per-visitor limit on costly API requests (`[[ratelimits]]` in wrangler.toml). */
  COSTLY_LIMITER?: RateLimit;
  /** Per-API-token limit on every API request made with it (`[[ratelimits]]` in wrangler.toml). */
  TOKEN_LIMITER?: RateLimit;
  /**
   * Test Workers only: the instant every request takes as "now" (ISO 8601). Honoured only with
   * ALLOW_TEST_CLOCK = "true" on a loopback PUBLIC_ORIGIN; anywhere else the configuration is refused.
   */
  TEST_NOW?: string;
  /** Test Workers only: "true" lets TEST_NOW pin the clock; refused unless PUBLIC_ORIGIN is loopback. */
  ALLOW_TEST_CLOCK?: string;
  /** Tests only: "true" lets the feed fetcher reach http(s)://127.0.0.1 and localhost; refused unless PUBLIC_ORIGIN is loopback. */
  FEED_FETCH_ALLOW_LOOPBACK?: string;
  /** How long one fetch of a feed or .ics link may take, redirects and body included (ms, default 10000). */
  FEED_FETCH_TIMEOUT_MS?: string;
  /** Minutes between two fetches of a feed that answered (default 60). */
  FEED_SYNC_INTERVAL_MINUTES?: string;
  /**
   * How long an isolate trusts the data version it read last before reading it again on an edge
   * cache hit (ms, default 1000, 0 = on every hit): a change made through another isolate reaches
   * this one's anonymous readers at most this much later (functions/cache/freshness.ts).
   */
  EDGE_FRESHNESS_MS?: string;
}

/** Per-request values put on the context once by middleware; handlers never build their own. */
export interface Variables {
  config: Config;
  db: Database;
  mailer: Mailer;
  /** The signed-in user (or the creator behind an API token, with `token` set), or null. */
  viewer: Viewer | null;
  /** The request's clock; tests and cron pass a fixed one. */
  now: Date;
  requestId: string;
  /** The data version this request read (functions/cache/data-version.ts), when it read one. */
  dataVersion?: number;
  /** Set when the answer lacks part of what it should carry (a page sent without its data): never cached. */
  incomplete?: boolean;
}

export interface AppEnv {
  Bindings: Bindings;
  Variables: Variables;
}

const mailbox = z.string().transform((s, ctx) => {
  const m = /^\s*(?:"?([^"<]*?)"?\s*<([^<>\s]+)>|([^<>\s]+))\s*$/.exec(s);
  const address = m?.[2] ?? m?.[3];
  if (!address?.includes("@")) {
    ctx.addIssue({ code: "custom", message: 'must be an address or "Name <address>"' });
    return z.NEVER;
  }
  return { name: m?.[1]?.trim() || undefined, address };
});

const configSchema = z
  .object({
    LIBSQL_URL: z.url({ protocol: /^(https?|libsql|wss?)$/, error: "must be an http(s):// or libsql:// URL" }),
    LIBSQL_AUTH_TOKEN: z.string().optional(),
    DATABASE_TIMEOUT_MS: z.coerce
      .number({ error: "must be a number of milliseconds" })
      .int()
      .min(100, "must be at least 100")
      .max(30_000, "must be at most 30000")
      .default(DEFAULT_DATABASE_TIMEOUT_MS),
    PUBLIC_ORIGIN: z.url({ protocol: /^https?$/, error: "must be the calendar's public http(s) origin" }).transform((u) => new URL(u).origin),
    ADMIN_EMAILS: z
      .string()
      .optional()
      .transform((s) =>
        (s ?? "")
          .split(",")
          .map((e) => e.trim().toLowerCase())
          .filter(Boolean),
      ),
    LINK_SECRET: z.string({ error: "is required (32 characters or more)" }).min(32, { error: "must be 32 characters or more" }),
    MAIL_TRANSPORT: z.enum(["cloudflare", "smtp"], { error: "must be cloudflare or smtp" }).default("cloudflare"),
    MAIL_FROM: mailbox.default({ name: "Northern Dimension calendar", address: "calendar@example.org" }),
    SMTP_HOST: z.string().optional(),
    SMTP_PORT: z.coerce.number({ error: "must be a port number" }).int().min(1).max(65535).default(587),
    SMTP_SECURITY: z.enum(["tls", "starttls", "none"], { error: "must be tls, starttls or none" }).default("starttls"),
    SMTP_USER: z.string().optional(),
    SMTP_PASSWORD: z.string().optional(),
    TEST_NOW: z.iso
      .datetime({ offset: true, error: "must be an ISO 8601 instant (2031-03-10T10:00:00Z)" })
      .transform((s) => new Date(s))
      .optional(),
    ALLOW_TEST_CLOCK: z.literal("true", { error: 'must be "true" or unset' }).optional(),
    FEED_FETCH_ALLOW_LOOPBACK: z
      .literal(["true", "false"], { error: 'must be "true", "false" or unset' })
      .optional()
      .transform((v) => v === "true"),
    FEED_FETCH_TIMEOUT_MS: z.coerce
      .number({ error: "must be a number of milliseconds" })
      .int()
      .min(200, "must be at least 200")
      .max(30_000, "must be at most 30000")
      .default(DEFAULT_FETCH_TIMEOUT_MS),
    FEED_SYNC_INTERVAL_MINUTES: z.coerce
      .number({ error: "must be a number of minutes" })
      .int()
      .min(5, "must be at least 5")
      .max(1440, "must be at most 1440")
      .default(60),
    EDGE_FRESHNESS_MS: z.coerce
      .number({ error: "must be a number of milliseconds" })
      .int()
      .min(0, "must be 0 or more")
      .max(5000, "must be at most 5000")
      .default(DEFAULT_FRESHNESS_MS),
  })
  .superRefine((c, ctx) => {
    if (c.MAIL_TRANSPORT === "smtp" && !c.SMTP_HOST) ctx.addIssue({ code: "custom", path: ["SMTP_HOST"], message: "is required when MAIL_TRANSPORT is smtp" });
    if (c.TEST_NOW && !c.ALLOW_TEST_CLOCK)
      ctx.addIssue({ code: "custom", path: ["TEST_NOW"], message: 'is honoured only in a test Worker (ALLOW_TEST_CLOCK = "true")' });
    if (c.ALLOW_TEST_CLOCK && !isLoopback(c.PUBLIC_ORIGIN))
      ctx.addIssue({ code: "custom", path: ["ALLOW_TEST_CLOCK"], message: "must not be set in a deployed Worker (PUBLIC_ORIGIN is not a loopback address)" });
    if (c.FEED_FETCH_ALLOW_LOOPBACK && !isLoopback(c.PUBLIC_ORIGIN))
      ctx.addIssue({
        code: "custom",
        path: ["FEED_FETCH_ALLOW_LOOPBACK"],
        message: "must not be set in a deployed Worker (PUBLIC_ORIGIN is not a loopback address)",
      });
  });

/** A test clock is only ever honoured on a Worker that answers on this machine. */
function isLoopback(origin: string): boolean {
  const host = new URL(origin).hostname;
  return host === "localhost" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

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
