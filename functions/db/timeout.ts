/**
 * A stuck database must not hold requests hostage: every HTTP round trip to the libSQL server is
 * abandoned after a deadline. The abandoned request surfaces as a `DatabaseUnavailableError`, which
 * the error handler answers with 503 and Retry-After, like any other outage.
 *
 * No partial writes follow from this: a batch or a transaction's commit is one pipeline request
 * the server applies whole or not at all, and an interactive transaction abandoned half way is
 * rolled back by the server when its stream expires.
 */
import { DatabaseUnavailableError } from "./errors.ts";

/** The default deadline of one round trip; `DATABASE_TIMEOUT_MS` overrides it. */
export const DEFAULT_DATABASE_TIMEOUT_MS = 5_000;

/** A `fetch` for the libSQL client whose every request ends, one way or another, within `ms`. */
export function fetchWithDeadline(ms: number): (request: Request) => Promise<Response> {
  return async (request) => {
    const signal = AbortSignal.timeout(ms);
    try {
      const response = await fetch(request, { signal });
      // The deadline covers the body too: read here, a body cut off by it is the same outage
      // (it used to surface later, in the client, as a bare TimeoutError and a 500).
      const body = await response.arrayBuffer();
      return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    } catch (error) {
      if (signal.aborted) throw new DatabaseUnavailableError(new Error(`no answer within ${ms} ms`));
      throw error;
    }
  };
}
