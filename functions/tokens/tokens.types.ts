/** What `/api/tokens` answers, shared with the web app (types only, no runtime code). */
import type { API_TOKEN_SCOPES } from "../../db/enums.ts";

/** One of your API tokens, as listed (the secret itself is never shown again). */
export interface ApiTokenInfo {
  id: string;
  name: string;
  /** The secret's first characters (`ndc_` and 8 more), to tell tokens apart. */
  prefix: string;
  organisation: { id: string; name: string };
  scopes: (typeof API_TOKEN_SCOPES)[number][];
  createdAt: string;
  /** ISO 8601 instant. */
  expiresAt: string;
  expired: boolean;
  /** When the token was last used (to the minute), or null. */
  lastUsedAt: string | null;
}

/** `GET /api/tokens`. */
export interface ApiTokenList {
  tokens: ApiTokenInfo[];
  /** The most active (unexpired, unrevoked) tokens one person may have. */
  max: number;
}

/** `POST /api/tokens` (201): the new token and its secret, shown this once. */
export interface ApiTokenCreated {
  token: ApiTokenInfo;
  secret: string;
}
