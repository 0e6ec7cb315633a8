/** Calls to the Worker's API; the response types are the Worker's own. */
import type { EventDetail, EventListResponse } from "../../../functions/events/events.schema.ts";

export class ApiRequestError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(path, { signal, headers: { accept: "application/json" } });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new ApiRequestError(res.status, body?.error?.message ?? res.statusText);
  }
  return (await res.json()) as T;
}

export function fetchEvents(params: { from: string; to: string; tz: string }, signal?: AbortSignal): Promise<EventListResponse> {
  return getJson(`/api/events?${new URLSearchParams(params)}`, signal);
}

export function fetchEvent(slug: string, signal?: AbortSignal): Promise<EventDetail> {
  return getJson(`/api/events/${encodeURIComponent(slug)}`, signal);
}
