/**
 * Signed links for subscribers who are not signed in: `<id>.<HMAC-SHA256(secret, purpose:id)>`.
 * They work from every digest ever sent (nothing to look up), and each only for its purpose.
 */
import { BoundedCache } from "../lib/bounded-cache.ts";

export type LinkPurpose = "confirm" | "manage" | "unsubscribe" | "unfollow" | "alerts-off";

const encoder = new TextEncoder();
const b64url = (bytes: ArrayBuffer) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");

/** Imported keys by secret (one in practice): a digest run signs two links per subscriber. */
const keys = new BoundedCache<string, CryptoKey>(4);

async function key(secret: string): Promise<CryptoKey> {
  const known = keys.get(secret);
  if (known) return known;
  const made = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
  keys.set(secret, made);
  return made;
}

export async function signLink(secret: string, purpose: LinkPurpose, id: string): Promise<string> {
  return `${id}.${b64url(await crypto.subtle.sign("HMAC", await key(secret), encoder.encode(`${purpose}:${id}`)))}`;
}

/** The id a token was signed for, or null. Compared in constant time by WebCrypto. */
export async function verifyLink(secret: string, purpose: LinkPurpose, token: unknown): Promise<string | null> {
  if (typeof token !== "string" || token.length > 200) return null;
  const dot = token.lastIndexOf(".");
  if (dot <= 0) return null;
  const id = token.slice(0, dot);
  const sig = token
    .slice(dot + 1)
    .replace(/-/g, "+")
    .replace(/_/g, "/");
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = Uint8Array.from(atob(sig + "=".repeat((4 - (sig.length % 4)) % 4)), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
  return (await crypto.subtle.verify("HMAC", await key(secret), bytes, encoder.encode(`${purpose}:${id}`))) ? id : null;
}
