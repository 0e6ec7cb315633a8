/**
 * Small response and markup helpers shared by the Worker's routes and pages. Server HTML is
 * written with Hono's `html` tagged template (hono/html), which escapes every value put in; `raw()`
 * only for fragments that are already safe (another `html` result, JSON made safe for a script).
 */
import { etag } from "hono/etag";
import type { HtmlEscapedString } from "hono/utils/html";

/**
 * Conditional GET for feeds and public pages: a strong ETag from the body's SHA-256, and a 304
 * (keeping Cache-Control and Vary) when the client's If-None-Match holds it, weak form or not.
 */
export const bodyEtag = etag({ generateDigest: (body) => crypto.subtle.digest("SHA-256", body) });

/** What `html` gives: a string known to be safe HTML (a promise of one when a part is one). */
export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** A fragment written with `html` from synchronous values, as a string (mail parts are strings). */
export function htmlString(fragment: Html): string {
  if (fragment instanceof Promise) throw new Error("htmlString: the fragment holds a promise");
  return fragment.toString();
}

/**
 * A file to download (CSV, vCard, …). What a signed-in viewer sees may hold more than the public
 * may, so `personal` answers are never cached.
 */
export function attachment(body: string, contentType: string, filename: string, personal: boolean): Response {
  return new Response(body, {
    headers: {
      "Content-Type": contentType,
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": personal ? "no-store" : "public, max-age=300",
      Vary: "Cookie",
    },
  });
}
