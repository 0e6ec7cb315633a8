/** Calls to the Worker's API; the response types are the Worker's own. */
import type { Member, UserRow } from "../../../functions/accounts/accounts.types.ts";
import type { AuditEntry, AuditResponse } from "../../../functions/audit/audit.types.ts";
import type { MeResponse } from "../../../functions/auth/auth.types.ts";
import type { Proposal } from "../../../functions/consent/proposals.types.ts";
import type { VocabularyResponse } from "../../../functions/directory/directory.types.ts";
import type { EventDetail, EventListResponse } from "../../../functions/events/events.schema.ts";
import type { ImportReport } from "../../../functions/import/ics-import.ts";
import type { QueueItem } from "../../../functions/review/review.types.ts";
import type { SearchResponse } from "../../../functions/search/search.types.ts";
import { EVENT_FILTER_KEYS } from "../../../db/enums.ts";
import { t } from "./i18n.ts";

export type { AuditEntry, AuditResponse, EventDetail, ImportReport, Member, MeResponse, QueueItem, SearchResponse, UserRow, VocabularyResponse };
export type Me = NonNullable<MeResponse["user"]>;

/** A bad field of a 400: its name, the rule in English and the rule's stable code. */
export type { FieldIssue } from "../../../functions/errors.ts";
import type { FieldIssue } from "../../../functions/errors.ts";

export class ApiRequestError extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues: FieldIssue[];
  /** With `bad_origin`: the address the calendar is configured for. */
  readonly expectedOrigin: string | null;
  constructor(status: number, code: string, message: string, issues: FieldIssue[] = [], expectedOrigin: string | null = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.issues = issues;
    this.expectedOrigin = expectedOrigin;
  }
}

/**
 * What to tell the reader when a call failed: the API's own message for a refused request, that
 * they are offline when the browser says so, else the general "something went wrong".
 */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiRequestError) return error.message;
  if (typeof navigator !== "undefined" && !navigator.onLine) return t("offline.retry");
  return t("common.error");
}

async function toError(res: Response): Promise<ApiRequestError> {
  const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string; issues?: FieldIssue[]; expectedOrigin?: string } } | null;
  const e = body?.error;
  return new ApiRequestError(res.status, e?.code ?? "http_error", e?.message ?? res.statusText, e?.issues ?? [], e?.expectedOrigin ?? null);
}

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(path, { signal, headers: { accept: "application/json" } });
  if (!res.ok) throw await toError(res);
  return (await res.json()) as T;
}

/** A state-changing call: JSON body, optional If-Match; returns the body and the new ETag. */
export async function send<T>(
  method: "POST" | "PATCH" | "PUT" | "DELETE",
  path: string,
  body?: unknown,
  etag?: string | null,
): Promise<{ body: T; etag: string | null }> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (etag) headers["if-match"] = etag;
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw await toError(res);
  const text = await res.text();
  return { body: (text ? JSON.parse(text) : null) as T, etag: res.headers.get("etag") };
}

export { EVENT_FILTER_KEYS as FILTER_KEYS };
export type Filters = Partial<Record<(typeof EVENT_FILTER_KEYS)[number], string>>;

/** The filters as query parameters (empty ones left out). */
export function filterParams(filters: Filters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of EVENT_FILTER_KEYS) if (filters[key]) params.set(key, filters[key]!);
  return params;
}

export function fetchEvents(params: { from: string; to: string; tz: string }, filters: Filters, signal?: AbortSignal): Promise<EventListResponse> {
  return getJson(`/api/events?${new URLSearchParams({ ...params, ...Object.fromEntries(filterParams(filters)) })}`, signal);
}

export function fetchSearch(q: string, filters: Filters, signal?: AbortSignal): Promise<SearchResponse> {
  return getJson(`/api/search?${new URLSearchParams({ q, ...Object.fromEntries(filterParams(filters)) })}`, signal);
}

/** One event, with the ETag editors name when they change it. */
export async function fetchEvent(slug: string, signal?: AbortSignal): Promise<{ event: EventDetail; etag: string | null }> {
  const res = await fetch(`/api/events/${encodeURIComponent(slug)}`, { signal, headers: { accept: "application/json" } });
  if (!res.ok) throw await toError(res);
  return { event: (await res.json()) as EventDetail, etag: res.headers.get("etag") };
}

export function fetchMe(signal?: AbortSignal): Promise<MeResponse> {
  return getJson("/api/me", signal);
}

export function fetchVocabulary(signal?: AbortSignal): Promise<VocabularyResponse> {
  return getJson("/api/vocabulary", signal);
}

export function fetchReviewQueue(signal?: AbortSignal): Promise<{ items: QueueItem[] }> {
  return getJson("/api/review", signal);
}

export function fetchMyEvents(signal?: AbortSignal): Promise<{ items: QueueItem[] }> {
  return getJson("/api/my/events", signal);
}

export type { Proposal };

/** What other organisations named the viewer's organisations as (coordinators: every organisation's). */
export function fetchProposals(signal?: AbortSignal): Promise<{ proposals: Proposal[] }> {
  return getJson("/api/proposals", signal);
}

/** Accepts or declines one proposal; answering twice is harmless. */
export function answerProposal(p: Pick<Proposal, "kind" | "recordId" | "organisation">, answer: "accept" | "decline") {
  return send<{ consent: "accepted" | null }>(
    "POST",
    `/api/proposals/${p.kind}/${encodeURIComponent(p.recordId)}/${encodeURIComponent(p.organisation.id)}/${answer}`,
    {},
  );
}

export function fetchMembers(organisationId: string, signal?: AbortSignal): Promise<{ organisation: { id: string; name: string }; members: Member[] }> {
  return getJson(`/api/organisations/${encodeURIComponent(organisationId)}/members`, signal);
}

export function fetchAudit(before: number | null, signal?: AbortSignal): Promise<AuditResponse> {
  return getJson(`/api/audit${before ? `?before=${before}` : ""}`, signal);
}

export function fetchUsers(signal?: AbortSignal): Promise<{ users: UserRow[] }> {
  return getJson("/api/users", signal);
}

/** GET a JSON document from the API (the directory pages use the Worker's own response types). */
export function getApi<T>(path: string, signal?: AbortSignal): Promise<T> {
  return getJson<T>(path, signal);
}
