/**
 * The application: one router per resource under /api, mounted here. The Workers entry
 * (functions/worker.ts) only hands requests and cron events to it.
 *
 * Order for /api, as in the Copenhagen Book: security headers → CSRF (Origin, JSON only; not for
 * API tokens) → body size limit (413) → database → who is asking (session, or an API token with its
 * own rate limit, 429 / 401) → may they (policy table and token scopes, 401 / 403) →
 * costly routes' per-visitor limit (429) → parse (400) → work.
 */
import { Hono } from "hono";
import { organisationAccountRoutes, userRoutes } from "./accounts/accounts.routes.ts";
import { alertPageRoutes, alertRoutes } from "./alerts/alerts.routes.ts";
import { auditRoutes } from "./audit/audit.routes.ts";
import { authRoutes, meRoutes } from "./auth/auth.routes.ts";
import { loadViewer } from "./auth/middleware.ts";
import { authorize } from "./auth/policy.ts";
import { throttleCostly } from "./auth/throttle.ts";
import { coordinationRoutes } from "./coordination/coordination.routes.ts";
import { dashboardRoutes } from "./coordination/dashboard.routes.ts";
import { observanceRoutes } from "./coordination/observances.routes.ts";
import { holdRoutes } from "./coordination/holds.routes.ts";
import { withDatabase } from "./db/middleware.ts";
import { documentRoutes, organisationRoutes, peopleRoutes, projectRoutes, vocabularyRoutes } from "./directory/directory.routes.ts";
import { personWriteRoutes, privacyRoutes } from "./directory/people.routes.ts";
import { vcardRoutes } from "./directory/vcard.routes.ts";
import { organisationWriteRoutes } from "./directory/organisations.routes.ts";
import { projectWriteRoutes } from "./directory/projects.routes.ts";
import { documentFileRoutes, documentWriteRoutes } from "./directory/documents.routes.ts";
import { digestAdminRoutes, digestPageRoutes, mySubscriptionRoutes, subscriptionRoutes } from "./digest/digest.routes.ts";
import { followRoutes } from "./alerts/follows.routes.ts";
import { unfollowPageRoutes } from "./alerts/unfollow.routes.ts";
import { embedApiRoutes, embedPageRoutes } from "./embed/embed.routes.ts";
import { exportRoutes } from "./export/export.routes.ts";
import { parseConfig, type AppEnv } from "./env.ts";
import { onError } from "./errors.ts";
import { eventManageRoutes } from "./events/events.manage.routes.ts";
import { eventsRoutes } from "./events/events.routes.ts";
import { feedRoutes } from "./feeds/feeds.routes.ts";
import { feedSourceRoutes } from "./feed-sync/feed-sources.routes.ts";
import { webhookRoutes } from "./webhooks/webhooks.routes.ts";
import { healthRoutes } from "./health/health.routes.ts";
import { mailerFromConfig } from "./mail/from-config.ts";
import { csvImportRoutes, importRoutes } from "./import/import.routes.ts";
import { openApiRoutes } from "./openapi/openapi.routes.ts";
import { pageRoutes } from "./pages/pages.routes.ts";
import { proposalRoutes } from "./consent/proposals.routes.ts";
import { myEventsRoutes, reviewRoutes } from "./review/review.routes.ts";
import { searchRoutes } from "./search/search.routes.ts";
import { tokenRoutes } from "./tokens/tokens.routes.ts";
import { bodyLimits, csrf, securityHeaders } from "./security.ts";
import { cached, CLOCKED, STABLE } from "./cache/edge-cache.ts";
import { exportOutput } from "./cache/outputs.ts";
import { noteChanges } from "./cache/freshness.ts";
import { embedVariant } from "./embed/embed.routes.ts";
import { compressForWire } from "./lib/compression.ts";

export function createApp() {
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set("requestId", c.req.header("cf-ray") ?? crypto.randomUUID());
    const config = parseConfig(c.env);
    c.set("config", config);
    // A test Worker may pin the clock (TEST_NOW, refused by parseConfig outside a local test Worker).
    c.set("now", config.TEST_NOW ?? new Date());
    await next();
  });
  app.onError(onError);
  app.use(noteChanges);
  app.use(compressForWire);

  const api = new Hono<AppEnv>()
    .use(securityHeaders)
    .route("/health", healthRoutes)
    .use(csrf)
    .use(bodyLimits)
    .use(withDatabase)
    .use(async (c, next) => {
      c.set("mailer", mailerFromConfig(c.var.config, c.env));
      await next();
    })
    .use(loadViewer)
    .use(authorize)
    // Anonymous reads from the edge cache, before the costly routes' limit: a hit costs nothing;
    // the full exports rendered once per data version (functions/cache/).
    .use("/events", cached(STABLE))
    .use("/events/:slug", cached(STABLE))
    .use("/search", cached(CLOCKED))
    .use("/embed/events", cached({ ...CLOCKED, vary: embedVariant }))
    .use("/export/*", exportOutput)
    .use(throttleCostly)
    .route("/auth", authRoutes)
    .route("/me/subscription", mySubscriptionRoutes)
    .route("/me", meRoutes)
    .route("/events", eventsRoutes)
    .route("/events", eventManageRoutes)
    .route("/my/events", myEventsRoutes)
    .route("/review", reviewRoutes)
    .route("/audit", auditRoutes)
    .route("/organisations", organisationAccountRoutes)
    .route("/organisations", organisationRoutes)
    .route("/organisations", organisationWriteRoutes)
    .route("/people", peopleRoutes)
    .route("/people", personWriteRoutes)
    .route("/privacy", privacyRoutes)
    .route("/documents", documentRoutes)
    .route("/documents", documentWriteRoutes)
    .route("/projects", projectRoutes)
    .route("/projects", projectWriteRoutes)
    .route("/proposals", proposalRoutes)
    .route("/export", exportRoutes)
    .route("/users", userRoutes)
    .route("/vocabulary", vocabularyRoutes)
    .route("/search", searchRoutes)
    .route("/embed", embedApiRoutes)
    .route("/import/csv", csvImportRoutes)
    .route("/import", importRoutes)
    .route("/feed-sources", feedSourceRoutes)
    .route("/webhooks", webhookRoutes)
    .route("/", coordinationRoutes)
    .route("/holds", holdRoutes)
    .route("/observances", observanceRoutes)
    .route("/follows", followRoutes)
    .route("/subscriptions", subscriptionRoutes)
    .route("/digests", digestAdminRoutes)
    .route("/alerts", alertRoutes)
    .route("/tokens", tokenRoutes)
    .route("/", dashboardRoutes)
    .route("/", openApiRoutes);
  app.route("/api", api);
  app.route("/", feedRoutes);
  app.route("/", pageRoutes);
  app.route("/", embedPageRoutes);
  app.route("/", vcardRoutes);
  app.use("/digest/*", securityHeaders, withDatabase);
  app.route("/", digestPageRoutes);
  app.use("/alerts/stop", securityHeaders, withDatabase);
  app.route("/", alertPageRoutes);
  app.use("/follows/*", securityHeaders, withDatabase);
  app.route("/", unfollowPageRoutes);
  app.use("/documents/:slug/file", securityHeaders, withDatabase);
  app.route("/", documentFileRoutes);

  // Everything else is the web app: static assets, and index.html for client-side routes.
  app.all("*", (c) => c.env.ASSETS.fetch(c.req.raw));
  return app;
}
