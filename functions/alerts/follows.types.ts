/** What the follows API answers (functions/alerts/follows.routes.ts), shared with the web app. */
import type { FOLLOW_KINDS } from "../../db/enums.ts";

export type FollowKind = (typeof FOLLOW_KINDS)[number];

/** A follow as the API answers it: what it is, and the name and page of its target as the caller may see them. */
export interface FollowView {
  id: string;
  kind: FollowKind;
  target: string;
  /** The event's title or the organisation's or topic's name; null for a country (named by the client) or an event the caller may not see (any more). */
  name: string | null;
  /** The event's or organisation's slug, for its page; null otherwise. */
  slug: string | null;
  createdAt: string;
}

/** `GET /api/follows`. */
export interface FollowsResponse {
  follows: FollowView[];
  /** The most follows one person may hold. */
  max: number;
}
