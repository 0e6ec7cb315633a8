/** API tokens made directly in the database, as POST /api/tokens would (its own tests cover that path). */
import type { Client } from "@libsql/client";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { ApiClient } from "./api.ts";

export interface TokenOptions {
  organisationId: string;
  scopes: string[];
  name?: string;
  /** Epoch ms; default far in the future. */
  expiresAt?: number;
  revoked?: boolean;
}

/** A new token of `userId` and a client that calls the API with it (Bearer, no Origin, no cookie). */
export async function tokenFor(
  client: Client,
  baseUrl: string,
  userId: string,
  options: TokenOptions,
): Promise<{ id: string; secret: string; api: ApiClient }> {
  const secret = `ndc_${randomBytes(32).toString("base64url")}`;
  const id = randomUUID();
  await client.execute({
    sql: "INSERT INTO api_tokens (id, token_hash, prefix, name, user_id, organisation_id, scopes, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    args: [
      id,
      createHash("sha256").update(secret).digest("hex"),
      secret.slice(0, 12),
      options.name ?? `test token ${id.slice(0, 8)}`,
      userId,
      options.organisationId,
      JSON.stringify(options.scopes),
      options.expiresAt ?? Date.UTC(2100, 0, 1),
      options.revoked ? "2030-01-01T00:00:00.000Z" : null,
    ],
  });
  return { id, secret, api: new ApiClient(baseUrl, undefined, secret) };
}
