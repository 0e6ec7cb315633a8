/**
 * Who may call what: every API route, in one table. Deny by default: a request that matches no
 * entry is a 404 before any handler runs, and a test fails when the app has a route this table
 * lacks. Object-level rules (a partner edits only their own organisation's events) are checked in
 * the handlers through functions in ./viewer.ts and are exercised by the authorisation-matrix test.
 */
import type { MiddlewareHandler } from "hono";
import { RegExpRouter } from "hono/router/reg-exp-router";
import type { AppEnv } from "../env.ts";
import type { API_TOKEN_SCOPES } from "../../db/enums.ts";
import { ApiError, fieldError } from "../errors.ts";
import { isAdmin, isCoordinator, isPartner, type Viewer } from "./viewer.ts";

/**
 * - anyone: no sign-in needed;
 * - signed_in: any signed-in user;
 * - editor: a partner (member of an organisation) or a coordinator / admin;
 * - coordinator: coordinators and admins;
 * - admin: admins only.
 */
export type Rule = "anyone" | "signed_in" | "editor" | "coordinator" | "admin";

export const POLICY: Record<string, Rule> = {
  "GET /api/health": "anyone",
  "GET /api/events": "anyone",
  "GET /api/events/:slug": "anyone",
  "POST /api/auth/sign-in": "anyone",
  "POST /api/auth/confirm": "anyone",
  "GET /api/me": "anyone",
  "PUT /api/me": "signed_in",
  "GET /api/vocabulary": "anyone",
  "GET /api/organisations": "anyone",
  "GET /api/organisations/:slug": "anyone",
  "POST /api/organisations": "coordinator",
  "PATCH /api/organisations/:slug": "editor",
  "GET /api/people": "anyone",
  "GET /api/people/:id": "anyone",
  "POST /api/people": "coordinator",
  "PATCH /api/people/:id": "coordinator",
  "DELETE /api/people/:id": "coordinator",
  "POST /api/privacy/view": "anyone",
  "POST /api/privacy/correct": "anyone",
  "POST /api/privacy/erase": "anyone",
  "GET /api/documents": "anyone",
  "GET /api/documents/:slug": "anyone",
  "POST /api/documents": "editor",
  "PATCH /api/documents/:slug": "editor",
  "PUT /api/documents/:slug/file": "editor",
  "GET /api/proposals": "editor",
  "POST /api/proposals/:kind/:recordId/:organisationId/accept": "editor",
  "POST /api/proposals/:kind/:recordId/:organisationId/decline": "editor",
  "GET /api/projects": "anyone",
  "GET /api/projects/:slug": "anyone",
  "POST /api/projects": "coordinator",
  "PATCH /api/projects/:slug": "editor",
  "GET /api/export/organisations.csv": "anyone",
  "GET /api/export/people.csv": "anyone",
  "GET /api/export/events.csv": "anyone",
  "GET /api/search": "anyone",
  "GET /api/embed/events": "anyone",
  "POST /api/clash-check": "anyone",
  "GET /api/free-dates": "anyone",
  "GET /api/heatmap": "anyone",
  "GET /api/dashboard": "coordinator",
  "POST /api/dashboard/acknowledge": "coordinator",
  "GET /api/openapi.json": "anyone",
  "GET /api/docs": "anyone",
  "POST /api/subscriptions": "anyone",
  "GET /api/me/subscription": "signed_in",
  "PUT /api/me/subscription": "signed_in",
  "PATCH /api/me/subscription": "signed_in",
  "GET /api/digests/runs": "coordinator",
  "GET /api/digests/subscribers": "coordinator",
  "GET /api/digests/preview": "coordinator",
  "POST /api/digests/test": "coordinator",
  "GET /api/alerts": "editor",
  "GET /api/alerts/:id": "editor",
  "POST /api/alerts/:id/acknowledge": "editor",
  "POST /api/auth/sign-out": "signed_in",
  "POST /api/me/feed-token": "signed_in",
  "DELETE /api/me/feed-token": "signed_in",
  "GET /api/my/events": "editor",
  "POST /api/events": "editor",
  "POST /api/import": "editor",
  "POST /api/import/csv": "coordinator",
  "GET /api/feed-sources": "editor",
  "POST /api/feed-sources": "editor",
  "GET /api/feed-sources/:id": "editor",
  "DELETE /api/feed-sources/:id": "editor",
  "POST /api/feed-sources/:id/fetch": "editor",
  "GET /api/webhooks": "editor",
  "POST /api/webhooks": "editor",
  "PATCH /api/webhooks/:id": "editor",
  "DELETE /api/webhooks/:id": "editor",
  "GET /api/webhooks/:id/deliveries": "editor",
  "POST /api/webhooks/:id/test": "editor",
  "GET /api/holds": "editor",
  "POST /api/holds": "editor",
  "PATCH /api/holds/:id": "editor",
  "DELETE /api/holds/:id": "editor",
  "POST /api/holds/:id/convert": "editor",
  "GET /api/observances": "anyone",
  "POST /api/observances": "coordinator",
  "PATCH /api/observances/:id": "coordinator",
  "DELETE /api/observances/:id": "coordinator",
  "GET /api/follows": "signed_in",
  "POST /api/follows": "signed_in",
  "DELETE /api/follows/:id": "signed_in",
  "PATCH /api/events/:slug": "editor",
  "DELETE /api/events/:slug": "editor",
  "POST /api/events/:slug/submit": "editor",
  "POST /api/events/:slug/approve": "coordinator",
  "POST /api/events/:slug/return": "coordinator",
  "GET /api/review": "coordinator",
  "GET /api/audit": "coordinator",
  "GET /api/organisations/:id/members": "coordinator",
  "POST /api/organisations/:id/invitations": "coordinator",
  "DELETE /api/organisations/:id/members/:userId": "coordinator",
  "GET /api/users": "admin",
  "PUT /api/users/:id/role": "admin",
  "GET /api/tokens": "signed_in",
  "POST /api/tokens": "editor",
  "DELETE /api/tokens/:id": "signed_in",
};

/**
 * The scope an API token needs for each route (functions/tokens/api-tokens.ts); a route missing
 * here refuses tokens (403 naming `scope`), whatever their scopes: sign-in and sessions, personal
 * settings and follows, the review and coordinators' tools, and the tokens themselves (a token
 * cannot make tokens). The route's rule above still applies, to the creator acting as a partner of
 * the token's organisation.
 *
 * - read: what the organisation's partners may read;
 * - write: drafts and changes to the organisation's events, holds, imports and feeds;
 * - submit: submit a draft for review;
 * - manage: the organisation's record, its documents and projects, and answers to proposals naming it.
 */
export const TOKEN_SCOPE: Partial<Record<keyof typeof POLICY, (typeof API_TOKEN_SCOPES)[number]>> = {
  "GET /api/events": "read",
  "GET /api/events/:slug": "read",
  "GET /api/me": "read",
  "GET /api/vocabulary": "read",
  "GET /api/organisations": "read",
  "GET /api/organisations/:slug": "read",
  "GET /api/people": "read",
  "GET /api/people/:id": "read",
  "GET /api/documents": "read",
  "GET /api/documents/:slug": "read",
  "GET /api/proposals": "read",
  "GET /api/projects": "read",
  "GET /api/projects/:slug": "read",
  "GET /api/export/organisations.csv": "read",
  "GET /api/export/people.csv": "read",
  "GET /api/export/events.csv": "read",
  "GET /api/search": "read",
  "GET /api/embed/events": "read",
  "POST /api/clash-check": "read",
  "GET /api/free-dates": "read",
  "GET /api/heatmap": "read",
  "GET /api/openapi.json": "read",
  "GET /api/docs": "read",
  "GET /api/alerts": "read",
  "GET /api/alerts/:id": "read",
  "GET /api/my/events": "read",
  "GET /api/feed-sources": "read",
  "GET /api/feed-sources/:id": "read",
  "GET /api/holds": "read",
  "GET /api/observances": "read",
  "POST /api/events": "write",
  "PATCH /api/events/:slug": "write",
  "DELETE /api/events/:slug": "write",
  "POST /api/import": "write",
  "POST /api/feed-sources": "write",
  "DELETE /api/feed-sources/:id": "write",
  "POST /api/feed-sources/:id/fetch": "write",
  "POST /api/holds": "write",
  "PATCH /api/holds/:id": "write",
  "DELETE /api/holds/:id": "write",
  "POST /api/holds/:id/convert": "write",
  "POST /api/alerts/:id/acknowledge": "write",
  "POST /api/events/:slug/submit": "submit",
  "PATCH /api/organisations/:slug": "manage",
  "POST /api/documents": "manage",
  "PATCH /api/documents/:slug": "manage",
  "PUT /api/documents/:slug/file": "manage",
  "PATCH /api/projects/:slug": "manage",
  "POST /api/proposals/:kind/:recordId/:organisationId/accept": "manage",
  "POST /api/proposals/:kind/:recordId/:organisationId/decline": "manage",
  // A partner's own system may register where it is told of changes (its secret shown once).
  "GET /api/webhooks": "manage",
  "POST /api/webhooks": "manage",
  "PATCH /api/webhooks/:id": "manage",
  "DELETE /api/webhooks/:id": "manage",
  "GET /api/webhooks/:id/deliveries": "manage",
  "POST /api/webhooks/:id/test": "manage",
};

/**
 * A lookup over a table keyed by "METHOD /path/:param" (as POLICY is): the value for a request, or
 * undefined when no route matches. HEAD is looked up as GET.
 */
export function routeTable<T>(table: Record<string, T>): (method: string, path: string) => T | undefined {
  const router = new RegExpRouter<T>();
  for (const [key, value] of Object.entries(table)) {
    const [method, path] = key.split(" ");
    router.add(method, path, value);
  }
  return (method, path) => router.match(method === "HEAD" ? "GET" : method, path)[0][0]?.[0];
}

/** The rule and the token scope (none: tokens refused) of a request's route, or undefined when no route of the API matches it. */
const routeFor = routeTable(Object.fromEntries(Object.entries(POLICY).map(([key, rule]) => [key, { rule, scope: TOKEN_SCOPE[key as keyof typeof POLICY] }])));

/** Whether a token viewer's scopes open a route: "ok", or the 403 that names `scope`. */
function scopeCheck(scope: string | undefined, viewer: Viewer): ApiError | null {
  if (!viewer.token || (scope && viewer.token.scopes.includes(scope))) return null;
  const rule = scope
    ? `needs the ${scope} scope, which this API token lacks`
    : "this request cannot be made with an API token; sign in on the calendar's pages";
  return fieldError(403, "scope", rule, scope ? "one_of" : "invalid", { errorCode: "forbidden", message: `scope: ${rule}` });
}

/** Whether a viewer passes a rule: "ok", or the status that refuses it. */
export function check(rule: Rule, viewer: Viewer | null): "ok" | 401 | 403 {
  if (rule === "anyone") return "ok";
  if (!viewer) return 401;
  switch (rule) {
    case "signed_in":
      return "ok";
    case "editor":
      return isPartner(viewer) || isCoordinator(viewer) ? "ok" : 403;
    case "coordinator":
      return isCoordinator(viewer) ? "ok" : 403;
    case "admin":
      return isAdmin(viewer) ? "ok" : 403;
  }
}

/** Applies the table; runs after the viewer is known. */
export const authorize: MiddlewareHandler<AppEnv> = async (c, next) => {
  const path = new URL(c.req.url).pathname;
  const route = routeFor(c.req.method, path);
  if (!route) throw new ApiError(404, "not_found", `No API endpoint ${c.req.method} ${path}`);
  const { rule, scope } = route;
  if (c.var.viewer) {
    const refused = scopeCheck(scope, c.var.viewer);
    if (refused) throw refused;
  }
  const verdict = check(rule, c.var.viewer);
  if (verdict === 401) throw new ApiError(401, "unauthenticated", "Sign in to do this.");
  if (verdict === 403) throw new ApiError(403, "forbidden", "Your account may not do this.");
  await next();
};
