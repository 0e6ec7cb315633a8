/** Small response and markup helpers shared by the Worker's routes and pages. */

/** Text escaped for HTML element content and double-quoted attribute values. */
export const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

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
