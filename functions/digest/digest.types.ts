/** What the coordinators' digest routes answer, shared with the web app (types only). */

/** One weekly run and how its deliveries went. */
export interface DigestRun {
  id: string;
  week: string;
  createdAt: string;
  total: number;
  sent: number;
  skipped: number;
  pending: number;
  failed: number;
}

/** `GET /api/digests/runs`: the last runs, the weeks the cron missed and the failed deliveries. */
export interface DigestRunsResponse {
  runs: DigestRun[];
  missingWeeks: string[];
  failures: { runId: string; email: string; attempts: number; lastError: string | null }[];
}

/** One subscriber as `GET /api/digests/subscribers` lists it (the fields the admin page uses). */
export interface DigestSubscriber {
  id: string;
  email: string;
  active: boolean;
  confirmed: boolean;
  lastSentAt: string | null;
}
