/** What the membership and user routes answer, shared with the web app (types only). */
import type { USER_ROLES } from "../../db/enums.ts";

/** One member in `GET /api/organisations/:id/members`. */
export interface Member {
  userId: string;
  name: string | null;
  email: string;
  since: string;
}

/** One account in `GET /api/users`, with the ids of its organisations. */
export interface UserRow {
  id: string;
  email: string;
  name: string | null;
  role: (typeof USER_ROLES)[number];
  organisations: string[];
}
