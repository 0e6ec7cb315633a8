/**
 * Compression on the wire, as it will be in production, without the isolate doing it.
 *
 * Cloudflare's edge gzip/brotli-compresses the text types on its list (HTML, JSON, CSS,
 * JavaScript, XML, plain text…) for every client that accepts it, so the Worker sends those
 * uncompressed and spends no CPU on them; locally, Miniflare's entry worker applies the same list.
 * The list leaves out what calendars are made of: `text/calendar` (the feeds, up to megabytes),
 * `application/atom+xml`, `text/csv` and `text/vcard`. For those the Worker names
 * `Content-Encoding: gzip` on the Response and leaves the body plain: the runtime (workerd, with
 * the default `encodeBody: "automatic"`) compresses it natively while streaming it out, outside
 * our JavaScript. A body that is already encoded (a stored, pre-compressed feed served with
 * `encodeBody: "manual"`) is left as it is. The ETag becomes weak, as the edge does when it
 * compresses: the bytes differ from the identity answer's.
 */
import type { MiddlewareHandler } from "hono";

/** Text types Cloudflare's edge does not compress by default (its list: README, "Within Cloudflare's limits"). */
const LEFT_BY_THE_EDGE = new Set(["text/calendar", "application/atom+xml", "text/csv", "text/vcard"]);

/** Whether an `Accept-Encoding` value admits gzip (q > 0, named or by `*`). */
export function acceptsGzip(header: string | null | undefined): boolean {
  if (!header) return false;
  let star = false;
  for (const part of header.toLowerCase().split(",")) {
    const [coding, ...params] = part.trim().split(";");
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    const weight = q === undefined ? 1 : Number(q);
    if (coding.trim() === "gzip") return weight > 0;
    if (coding.trim() === "*") star = weight > 0;
  }
  return star;
}

/**
 * Whether the client that sent `req` accepts gzip. A Worker's request always says
 * `Accept-Encoding: br, gzip` (Cloudflare's edge, and Miniflare locally, put that in and decode
 * for the client later if need be); what the client itself sent is `request.cf.clientAcceptEncoding`.
 */
export function clientAcceptsGzip(req: Request): boolean {
  const original = (req as { cf?: { clientAcceptEncoding?: unknown } }).cf?.clientAcceptEncoding;
  return acceptsGzip(typeof original === "string" ? original : req.headers.get("Accept-Encoding"));
}

/** Middleware: the feeds and downloads the edge would send uncompressed go out gzip-encoded to clients that accept it. */
export const compressForWire: MiddlewareHandler = async (c, next) => {
  await next();
  const res = c.res;
  if (c.req.method !== "GET" || res.status !== 200 || !res.body || res.headers.has("Content-Encoding")) return;
  const type = res.headers.get("Content-Type")?.split(";")[0].trim().toLowerCase() ?? "";
  if (!LEFT_BY_THE_EDGE.has(type)) return;
  const out = new Response(res.body, res);
  // Whatever the client asked, a cache in between must keep the two encodings apart.
  out.headers.set("Vary", varyOnEncoding(out.headers.get("Vary")));
  if (clientAcceptsGzip(c.req.raw)) {
    out.headers.set("Content-Encoding", "gzip");
    out.headers.delete("Content-Length");
  }
  const etag = out.headers.get("ETag");
  if (out.headers.has("Content-Encoding") && etag) out.headers.set("ETag", weakTag(etag));
  c.res = undefined;
  c.res = out;
};

/** `body` gzip-compressed by the runtime's native CompressionStream (not by our JavaScript). */
export async function gzip(body: ArrayBuffer): Promise<ArrayBuffer> {
  return new Response(new Blob([body]).stream().pipeThrough(new CompressionStream("gzip"))).arrayBuffer();
}

/**
 * A 200 answer from bytes kept gzip-compressed: sent as they are (`encodeBody: "manual"`, a weak
 * ETag: another representation than the identity bytes, as the edge gives) to a client that takes
 * gzip, decompressed on the way out for the rare one that does not. `headers` are the identity
 * answer's, with its strong ETag if it has one; either way the answer varies by Accept-Encoding.
 */
export function fromGzip(req: Request, body: ArrayBuffer, identityHeaders: HeadersInit): Response {
  const headers = new Headers(identityHeaders);
  headers.set("Vary", varyOnEncoding(headers.get("Vary")));
  headers.delete("Content-Length");
  if (!clientAcceptsGzip(req)) return new Response(new Blob([body]).stream().pipeThrough(new DecompressionStream("gzip")), { status: 200, headers });
  const etag = headers.get("ETag");
  if (etag) headers.set("ETag", weakTag(etag));
  headers.set("Content-Encoding", "gzip");
  return new Response(body, { status: 200, headers, encodeBody: "manual" });
}

/** A `Vary` value that also names Accept-Encoding, keeping what it named already (`Accept-Language`…). */
export function varyOnEncoding(vary: string | null | undefined): string {
  if (!vary) return "Accept-Encoding";
  return /(^|,)\s*accept-encoding\s*(,|$)/i.test(vary) ? vary : `${vary}, Accept-Encoding`;
}

/** The tag of a compressed representation: weak (`W/"…"`), as the edge makes it when it compresses. */
export function weakTag(etag: string): string {
  return etag.startsWith("W/") ? etag : `W/${etag}`;
}
