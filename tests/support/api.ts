/**
 * A client for the Worker's API as a browser on the calendar's own pages would call it, or (with
 * `bearer`) as a partner's own system would: an API token, no Origin, no cookie.
 */
import type { Client } from "@libsql/client";
import { createHash, randomBytes } from "node:crypto";

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export class ApiClient {
  cookie: string | undefined;
  readonly baseUrl: string;
  readonly bearer: string | undefined;
  constructor(baseUrl: string, cookie?: string, bearer?: string) {
    this.baseUrl = baseUrl;
    this.cookie = cookie;
    this.bearer = bearer;
  }

  async request<T = any>(method: string, path: string, options: { json?: unknown; headers?: Record<string, string> } = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = this.bearer
      ? { authorization: `Bearer ${this.bearer}`, ...options.headers }
      : { origin: this.baseUrl, ...options.headers };
    if (options.json !== undefined) headers["content-type"] ??= "application/json";
    if (this.cookie) headers.cookie = this.cookie;
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: options.json === undefined ? undefined : JSON.stringify(options.json),
      redirect: "manual",
    });
    const setCookie = res.headers.get("set-cookie");
    if (setCookie?.startsWith("__Host-session=")) {
      const value = setCookie.split(";")[0];
      this.cookie = value.endsWith("=") ? undefined : value;
    }
    const text = await res.text();
    let body: any = text;
    if ((res.headers.get("content-type") ?? "").includes("json") && text) body = JSON.parse(text);
    return { status: res.status, headers: res.headers, body };
  }

  get<T = any>(path: string) {
    return this.request<T>("GET", path);
  }
  post<T = any>(path: string, json: unknown = {}, headers?: Record<string, string>) {
    return this.request<T>("POST", path, { json, headers });
  }
  patch<T = any>(path: string, json: unknown, headers?: Record<string, string>) {
    return this.request<T>("PATCH", path, { json, headers });
  }
  delete<T = any>(path: string, headers?: Record<string, string>) {
    return this.request<T>("DELETE", path, { headers });
  }
}

/** Sessions made by `sessionFor` outlive any clock a test pins (2100-01-01). */
const FAR_FUTURE = Date.UTC(2100, 0, 1);

/**
 * A signed-in client without going through mail: a session row made directly, as the sign-in
 * flow would (its own tests cover that path end to end).
 */
export async function sessionFor(client: Client, baseUrl: string, userId: string): Promise<ApiClient> {
  const token = randomBytes(32).toString("base64url");
  const id = createHash("sha256").update(token).digest("hex");
  await client.execute({ sql: "INSERT INTO sessions (id, user_id, expires_at) VALUES (?, ?, ?)", args: [id, userId, FAR_FUTURE] });
  return new ApiClient(baseUrl, `__Host-session=${token}`);
}

/** The sample accounts of the demo data. */
export const SAMPLE = {
  admin: "sample-admin",
  coordinator: "sample-coordinator",
  partnerMarta: "sample-partner-marta",
  partnerNbpn: "sample-partner-nbpn",
} as const;
