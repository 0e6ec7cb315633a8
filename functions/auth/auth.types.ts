/** What `/api/auth` answers, shared with the web app (types only, no runtime code). */
import type { USER_ROLES } from "../../db/enums.ts";

/** `GET /api/me`: who is signed in, or `user: null`. */
export interface MeResponse {
  user: {
    id: string;
    email: string;
    name: string | null;
    role: (typeof USER_ROLES)[number];
    organisations: { id: string; slug: string; name: string; shortName: string | null }[];
    /** Whether a private feed address exists (the address itself is shown only when made). */
    hasPrivateFeed: boolean;
    /** The language the account chose, or null to follow the browser. */
    locale: string | null;
  } | null;
}
