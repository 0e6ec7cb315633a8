/**
 * Integrations (issue 19): partners' own systems read and write the calendar.
 *
 * - `api_tokens`: scoped tokens made by a person for one organisation; only the SHA-256 hash of the
 *   secret is stored (the secret is shown once); a token never does more than its creator may do
 *   at the time of use, and expires, or is revoked.
 * - `webhook_endpoints`: an organisation's https endpoints, the topics each wants, its signing
 *   secret (HMAC-SHA256; needed in clear to sign, never shown again after creation), and the state
 *   of its deliveries (failures in a row, the last response, disabled after repeated failures).
 * - `webhook_deliveries`: the outbox, one row per endpoint and fact (`dedupe_key` unique per
 *   endpoint), claimed with a lease, retried with backoff, like the mail outboxes.
 */
import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { type API_TOKEN_SCOPES, WEBHOOK_TOPICS } from "../enums.ts";
import { users } from "./accounts.ts";
import { DELIVERY_STATUSES } from "./digests.ts";
import { organisations } from "./directory.ts";

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;

export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: text("id").primaryKey(),
    /** SHA-256 (hex) of the secret; the secret itself is never stored. */
    tokenHash: text("token_hash").notNull(),
    /** The secret's first characters, so a person can tell their tokens apart. */
    prefix: text("prefix").notNull(),
    name: text("name").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    scopes: text("scopes", { mode: "json" }).$type<(typeof API_TOKEN_SCOPES)[number][]>().notNull(),
    createdAt: text("created_at").notNull().default(now),
    /** Epoch ms. */
    expiresAt: integer("expires_at").notNull(),
    lastUsedAt: text("last_used_at"),
    revokedAt: text("revoked_at"),
  },
  (t) => [uniqueIndex("api_tokens_hash_uq").on(t.tokenHash), index("api_tokens_user_idx").on(t.userId), index("api_tokens_org_idx").on(t.organisationId)],
);

export const webhookEndpoints = sqliteTable(
  "webhook_endpoints",
  {
    id: text("id").primaryKey(),
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    /** The https address deliveries are POSTed to. */
    url: text("url").notNull(),
    /** The HMAC-SHA256 signing secret, shown once when the endpoint is made. */
    secret: text("secret").notNull(),
    topics: text("topics", { mode: "json" }).$type<(typeof WEBHOOK_TOPICS)[number][]>().notNull(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: text("created_at").notNull().default(now),
    consecutiveFailures: integer("consecutive_failures").notNull().default(0),
    lastDeliveryAt: text("last_delivery_at"),
    lastStatus: integer("last_status"),
    /** The start of the last response's body (or the network error), for the delivery log. */
    lastResponse: text("last_response"),
    /** Set after repeated failures (or by its owners); a disabled endpoint gets nothing. */
    disabledAt: text("disabled_at"),
    disabledReason: text("disabled_reason"),
    /** When the organisation's members were told the endpoint was disabled. */
    ownersToldAt: text("owners_told_at"),
  },
  (t) => [uniqueIndex("webhook_endpoints_org_url_uq").on(t.organisationId, t.url)],
);

export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    endpointId: text("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    topic: text("topic", { enum: WEBHOOK_TOPICS }).notNull(),
    /** The same fact for the same endpoint always yields the same key. */
    dedupeKey: text("dedupe_key").notNull(),
    /** The JSON body sent, fixed when the delivery is recorded (so retries send the same bytes). */
    payload: text("payload").notNull(),
    status: text("status", { enum: DELIVERY_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    /** Epoch ms. */
    nextAttemptAt: integer("next_attempt_at").notNull().default(0),
    claimedAt: integer("claimed_at"),
    lastStatus: integer("last_status"),
    lastResponse: text("last_response"),
    createdAt: text("created_at").notNull().default(now),
    deliveredAt: text("delivered_at"),
  },
  (t) => [uniqueIndex("webhook_deliveries_endpoint_key_uq").on(t.endpointId, t.dedupeKey), index("webhook_deliveries_due_idx").on(t.status, t.nextAttemptAt)],
);
