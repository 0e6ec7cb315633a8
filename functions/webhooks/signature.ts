/**
 * Signing webhook deliveries, as the Standard Webhooks specification does (so its libraries verify
 * them unchanged): the secret is `whsec_` and 32 random bytes in base64; the key is those bytes;
 * each attempt is sent with
 *
 *   Webhook-Id:        the delivery's id (the same on every retry: receivers deduplicate by it)
 *   Webhook-Timestamp: the attempt's time, in whole seconds since 1970
 *   Webhook-Signature: v1,<base64 of HMAC-SHA256(key, id + "." + timestamp + "." + body)>
 *
 * Receivers recompute the signature over the raw body, compare in constant time and refuse a
 * timestamp more than REPLAY_WINDOW_SECONDS away from their clock, so a captured request cannot be
 * replayed later. The id in the signed text binds the signature to one delivery.
 */

export const SECRET_PREFIX = "whsec_";
/** How far a receiver should let a delivery's timestamp be from its own clock, either way. */
export const REPLAY_WINDOW_SECONDS = 5 * 60;

const encoder = new TextEncoder();

const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

/** A new signing secret. */
export function newSecret(): string {
  return `${SECRET_PREFIX}${base64(crypto.getRandomValues(new Uint8Array(32)))}`;
}

function keyBytes(secret: string): Uint8Array<ArrayBuffer> {
  const raw = atob(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret);
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
}

/** `v1,<base64 signature>` of one attempt. */
export async function sign(secret: string, id: string, timestamp: number, body: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", keyBytes(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = await crypto.subtle.sign("HMAC", key, encoder.encode(`${id}.${timestamp}.${body}`));
  return `v1,${base64(new Uint8Array(mac))}`;
}

/** The headers of one attempt at `at`. */
export async function deliveryHeaders(secret: string, id: string, at: Date, body: string): Promise<Record<string, string>> {
  const timestamp = Math.floor(at.getTime() / 1000);
  return {
    "content-type": "application/json",
    "user-agent": "NorthernDimensionCalendar-Webhooks/1",
    "webhook-id": id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": await sign(secret, id, timestamp, body),
  };
}
