/**
 * Web protections for the API: CSRF defence and security headers. Static assets get the same
 * headers from web/public/_headers.
 */
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import { MAX_UPLOAD_BYTES } from "./directory/uploads.ts";
import type { AppEnv } from "./env.ts";
import { ApiError, fieldError } from "./errors.ts";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The policy every page gets; pages that may be framed differ only in framing (below). */
const CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", "data:"],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** secure-headers' defaults that we do not send. */
const OFF = {
  crossOriginResourcePolicy: false,
  originAgentCluster: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
} as const;

/**
 * The security headers, through Hono's secure-headers with the defaults we do not send turned
 * off. `overwrite: false` keeps a header a handler set itself (the digest preview's sandboxing CSP).
 */
const headers = secureHeaders({
  contentSecurityPolicy: CSP,
  strictTransportSecurity: "max-age=31536000; includeSubDomains",
  xContentTypeOptions: true,
  referrerPolicy: "strict-origin-when-cross-origin",
  xFrameOptions: "DENY",
  crossOriginOpenerPolicy: true,
  ...OFF,
  overwrite: false,
});

/**
 * The same headers for the pages partners' websites frame (/embed/*): any page may frame them
 * (`frame-ancestors *`, no X-Frame-Options, no opener policy) and they post no forms; everything
 * else keeps refusing to be framed.
 */
const framableHeaders = secureHeaders({
  contentSecurityPolicy: { ...CSP, formAction: ["'none'"], frameAncestors: ["*"] },
  strictTransportSecurity: "max-age=31536000; includeSubDomains",
  xContentTypeOptions: true,
  referrerPolicy: "strict-origin-when-cross-origin",
  xFrameOptions: false,
  crossOriginOpenerPolicy: false,
  ...OFF,
  overwrite: false,
});

/** Copies a response passed on from a fetch (immutable headers) so secure-headers can set them. */
const withHeaders =
  (set: MiddlewareHandler): MiddlewareHandler<AppEnv> =>
  (c, next) =>
    set(c, async () => {
      await next();
      c.res = new Response(c.res.body, c.res);
    });

/** Security headers for the embeddable pages (/embed/*). */
export const framableSecurityHeaders = withHeaders(framableHeaders);

/**
 * Adds the security headers to every response. A response passed on from a fetch (the static
 * assets behind /digest/*) has immutable headers, which secure-headers would fail to set, so it
 * is copied first.
 */
export const securityHeaders = withHeaders(headers);

/**
 * CSRF: a state-changing request must come from our own pages (its Origin is the configured
 * public origin), and must be JSON when it has a body, which a cross-site HTML form cannot send.
 * A request with an `Authorization` header (an API token) needs no Origin, nor a content type when
 * it has no body: a browser never adds that header by itself, and such a request is judged by its
 * token alone, never by the session cookie (auth/middleware.ts).
 */
export const csrf: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!SAFE_METHODS.has(c.req.method)) {
    const origin = c.req.header("origin");
    const expected = c.var.config.PUBLIC_ORIGIN;
    const bearer = c.req.header("authorization") !== undefined;
    if (origin !== expected && !bearer) {
      // Most often the calendar was opened at another address of the same machine (127.0.0.1 for
      // localhost): say which address it must be opened at, so the reader can fix it.
      throw new ApiError(
        403,
        "bad_origin",
        `origin: state-changing requests must come from this calendar's own pages at ${expected}${origin ? "; this page was opened at another address" : ""}. Open ${expected}`,
        { expectedOrigin: expected },
      );
    }
    // File uploads send the file itself as the body (still bound to our Origin above).
    const upload = isUpload(c.req.method, new URL(c.req.url).pathname);
    // A token request without a body (submit, approve: generated clients send none) needs no type.
    if (c.req.method !== "DELETE" && !upload && (!bearer || hasBody(c.req.raw))) {
      const type = (c.req.header("content-type") ?? "").split(";")[0].trim().toLowerCase();
      if (type !== "application/json") {
        throw new ApiError(415, "unsupported_media_type", "content-type: must be application/json");
      }
    }
  }
  await next();
};

function hasBody(req: Request): boolean {
  const length = req.headers.get("content-length");
  return (length !== null && length !== "0") || req.headers.has("transfer-encoding");
}

function isUpload(method: string, path: string): boolean {
  return method === "PUT" && /^\/api\/documents\/[^/]+\/file$/.test(path);
}

/**
 * The largest JSON body the API reads. The biggest legitimate one is an import's .ics or CSV text
 * of at most 1,000,000 characters, up to 3 MB in UTF-8; anything larger is refused unread, so one
 * request cannot fill the isolate's memory (128 MB) while the body is parsed.
 */
export const MAX_JSON_BODY_BYTES = 4 * 1024 * 1024;

function tooLarge(max: number) {
  const mb = max / 1024 / 1024;
  return bodyLimit({
    maxSize: max,
    onError: () => {
      throw fieldError(413, "body", `must be at most ${mb} MB`, "too_large", { errorCode: "too_large", message: `body: must be at most ${mb} MB` });
    },
  });
}
const jsonLimit = tooLarge(MAX_JSON_BODY_BYTES);
const uploadLimit = tooLarge(MAX_UPLOAD_BYTES);

/** A 413 for a body over its limit: by Content-Length before reading, or while a chunked body streams in. */
export const bodyLimits: MiddlewareHandler<AppEnv> = (c, next) => (isUpload(c.req.method, new URL(c.req.url).pathname) ? uploadLimit : jsonLimit)(c, next);
