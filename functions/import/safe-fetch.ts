/**
 * The one way the Worker fetches an address a user gave it (an .ics link to import, a partner's
 * calendar feed): https only; never a private, loopback, link-local, unique-local or other
 * special-use address, checked at the first hop and at every redirect (followed by hand, at most
 * MAX_REDIRECTS); conditional (If-None-Match / If-Modified-Since); at most `maxBytes`, counted
 * while the body streams in (Content-Length is checked first); one time limit for the whole fetch.
 *
 * Names are checked as written: a public name that resolves to a private address is refused by
 * Cloudflare's network itself (Worker subrequests cannot reach private ranges), and DNS cannot be
 * resolved from a Worker before connecting. `allowLoopback` (tests only, FEED_FETCH_ALLOW_LOOPBACK)
 * lets http(s)://127.0.0.1 and localhost through, and nothing else.
 *
 * `safePost` sends a body (webhook deliveries) under the same rules; it follows only 307 and 308,
 * the redirects that keep the method and body, each hop checked, and reads only the start of the
 * answer.
 */

export const MAX_REDIRECTS = 3;
export const MAX_FEED_BYTES = 1_000_000;
export const DEFAULT_FETCH_TIMEOUT_MS = 10_000;

export interface SafeFetchOptions {
  allowLoopback: boolean;
  timeoutMs: number;
  maxBytes?: number;
  /** The validators of the last response, sent back. */
  etag?: string | null;
  lastModified?: string | null;
}

export type SafeFetchResult = { kind: "ok"; text: string; etag: string | null; lastModified: string | null } | { kind: "not_modified" };

/** A fetch refused or failed, with the reason in words a partner can act on. */
export class FetchRefusal extends Error {}

/** Where a redirect's Location leads, from `from`; a refusal when it is no address at all. */
function redirectTarget(location: string, from: URL): URL {
  try {
    return new URL(location, from);
  } catch {
    throw new FetchRefusal("it redirects to something that is not a valid link");
  }
}

const SPECIAL_V4: [number, number][] = [
  [0x00000000, 8], // "this" network
  [0x0a000000, 8], // private
  [0x64400000, 10], // carrier-grade NAT
  [0x7f000000, 8], // loopback
  [0xa9fe0000, 16], // link-local (cloud metadata 169.254.169.254)
  [0xac100000, 12], // private
  [0xc0000000, 24], // IETF protocol assignments
  [0xc0000200, 24], // documentation
  [0xc0586300, 24], // 6to4 relay
  [0xc0a80000, 16], // private
  [0xc6120000, 15], // benchmarking
  [0xc6336400, 24], // documentation
  [0xcb007100, 24], // documentation
  [0xe0000000, 4], // multicast
  [0xf0000000, 4], // reserved, broadcast
];

function v4Number(host: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

function specialV4(n: number): boolean {
  return SPECIAL_V4.some(([base, bits]) => n >>> (32 - bits) === base >>> (32 - bits));
}

/** The eight 16-bit groups of an IPv6 literal (without brackets), or null. */
function v6Groups(host: string): number[] | null {
  let text = host;
  const tail: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const n = v4Number(dotted[1]);
    if (n === null) return null;
    tail.push(n >>> 16, n & 0xffff);
    text = `${text.slice(0, -dotted[1].length)}0:0`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const parse = (s: string) => (s ? s.split(":").map((g) => (/^[0-9a-f]{1,4}$/i.test(g) ? Number.parseInt(g, 16) : Number.NaN)) : []);
  const head = parse(halves[0]);
  const rest = halves.length === 2 ? parse(halves[1]) : [];
  const missing = 8 - head.length - rest.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return null;
  const groups = [...head, ...new Array(halves.length === 2 ? missing : 0).fill(0), ...rest];
  if (groups.some(Number.isNaN)) return null;
  if (tail.length) groups.splice(6, 2, ...tail);
  return groups;
}

/**
 * Whether an IPv6 address is not a public unicast one: only 2000::/3 is global unicast, so ::1,
 * ::, IPv4-mapped (::ffff:0:0/96), NAT64 (64:ff9b::/96), unique-local (fc00::/7), link-local
 * (fe80::/10) and multicast (ff00::/8) all fall outside it; inside it, documentation
 * (2001:db8::/32), the IETF block (2001::/23) and 6to4 (2002::/16, which embeds an IPv4 address).
 */
function specialV6(g: number[]): boolean {
  if (g[0] >>> 13 !== 0b001) return true;
  if (g[0] === 0x2001 && (g[1] === 0x0db8 || g[1] < 0x0200)) return true;
  return g[0] === 0x2002;
}

function isLoopbackHost(host: string): boolean {
  return host === "localhost" || host === "127.0.0.1";
}

/** Why the calendar will not fetch `url`, or null when it may. */
export function refusalOf(url: URL, allowLoopback: boolean): string | null {
  const host = url.hostname.toLowerCase().replace(/\.$/, "");
  if (allowLoopback && isLoopbackHost(host) && (url.protocol === "http:" || url.protocol === "https:")) return null;
  const local = `the address ${host} is on a private or local network, which the calendar does not fetch`;
  if (isSpecialHost(host)) return local;
  if (url.protocol !== "https:") return "the address must start with https://";
  if (url.username || url.password) return "the address must not carry a user name or password";
  return null;
}

function isSpecialHost(host: string): boolean {
  if (host.startsWith("[")) {
    const groups = v6Groups(host.slice(1, -1));
    return !groups || specialV6(groups);
  }
  const v4 = v4Number(host);
  if (v4 !== null) return specialV4(v4);
  return !host.includes(".") || /(^|\.)(localhost|local|internal|localdomain|home\.arpa|lan|intranet)$/.test(host);
}

/** Chunks read from a stream, joined. */
function joined(chunks: Uint8Array[], size: number): Uint8Array {
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return all;
}

/** The body, at most `max` bytes, counted as it arrives. */
async function readLimited(body: ReadableStream<Uint8Array> | null, max: number, deadline: Promise<never>): Promise<Uint8Array> {
  if (!body) return new Uint8Array();
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), deadline]);
      if (done) break;
      size += value.byteLength;
      if (size > max) throw new FetchRefusal(`the feed is larger than ${Math.round(max / 1_000_000)} MB`);
      chunks.push(value);
    }
  } catch (error) {
    reader.cancel().catch(() => undefined);
    throw error;
  }
  return joined(chunks, size);
}

/** One deadline for a whole exchange, redirects and body included: it aborts the fetch and rejects. */
function startDeadline(timeoutMs: number, who: string) {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const seconds = Math.round(timeoutMs / 100) / 10;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new FetchRefusal(`${who} did not answer within ${seconds} seconds`));
    }, timeoutMs);
  });
  deadline.catch(() => undefined);
  return { signal: controller.signal, deadline, stop: () => clearTimeout(timer) };
}

function parseAddress(address: string): URL {
  try {
    return new URL(address);
  } catch {
    throw new FetchRefusal("the address is not a valid link");
  }
}

/**
 * One hop of an exchange: `url` checked against the rules, then fetched without following
 * redirects (the caller checks each next hop); a network failure is a refusal in words.
 */
async function fetchHop(
  url: URL,
  hop: number,
  init: RequestInit,
  limits: { allowLoopback: boolean; who: string } & ReturnType<typeof startDeadline>,
): Promise<Response> {
  const refusal = refusalOf(url, limits.allowLoopback);
  if (refusal) throw new FetchRefusal(hop ? `it redirects to ${url.origin}, but ${refusal}` : refusal);
  try {
    return await Promise.race([fetch(url.href, { ...init, redirect: "manual", signal: limits.signal }), limits.deadline]);
  } catch (error) {
    if (error instanceof FetchRefusal) throw error;
    throw new FetchRefusal(
      `${limits.who} could not be reached (${String((error as Error).message ?? error)
        .split("\n")[0]
        .slice(0, 120)})`,
    );
  }
}

/** Fetches `address` under the rules above; throws FetchRefusal with the reason in words. */
export async function safeFetch(address: string, options: SafeFetchOptions): Promise<SafeFetchResult> {
  const max = options.maxBytes ?? MAX_FEED_BYTES;
  const timing = startDeadline(options.timeoutMs, "the feed");
  const limits = { ...timing, allowLoopback: options.allowLoopback, who: "the server" };
  const { deadline } = timing;
  try {
    let url = parseAddress(address);
    for (let hop = 0; ; hop++) {
      const headers: Record<string, string> = { accept: "text/calendar, */*;q=0.5" };
      if (options.etag) headers["if-none-match"] = options.etag;
      if (options.lastModified) headers["if-modified-since"] = options.lastModified;
      const res = await fetchHop(url, hop, { headers }, limits);
      if (res.status >= 300 && res.status < 400 && res.status !== 304) {
        res.body?.cancel().catch(() => undefined);
        const location = res.headers.get("location");
        if (!location) throw new FetchRefusal(`the server answered ${res.status} without saying where to`);
        if (hop >= MAX_REDIRECTS) throw new FetchRefusal(`it redirects more than ${MAX_REDIRECTS} times`);
        url = redirectTarget(location, url);
        continue;
      }
      if (res.status === 304) {
        res.body?.cancel().catch(() => undefined);
        return { kind: "not_modified" };
      }
      if (!res.ok) {
        res.body?.cancel().catch(() => undefined);
        throw new FetchRefusal(`the server answered ${res.status}${res.statusText ? ` ${res.statusText}` : ""}`);
      }
      const length = Number(res.headers.get("content-length"));
      if (Number.isFinite(length) && length > max) {
        res.body?.cancel().catch(() => undefined);
        throw new FetchRefusal(`the feed is larger than ${Math.round(max / 1_000_000)} MB`);
      }
      const bytes = await readLimited(res.body, max, deadline);
      return {
        kind: "ok",
        text: new TextDecoder().decode(bytes),
        etag: res.headers.get("etag"),
        lastModified: res.headers.get("last-modified"),
      };
    }
  } finally {
    timing.stop();
  }
}

export interface SafePostResult {
  status: number;
  /** The first `keepChars` characters of the answer's body. */
  text: string;
}

/** How much of an answer's body a POST reads: enough for the delivery log, never the whole of a large one. */
const POST_READ_BYTES = 4096;

/** The start of a body: at most `max` bytes, the rest cancelled. */
async function readStart(body: ReadableStream<Uint8Array> | null, max: number, deadline: Promise<never>): Promise<string> {
  if (!body) return "";
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < max) {
      const { done, value } = await Promise.race([reader.read(), deadline]);
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
  return new TextDecoder().decode(joined(chunks, size).subarray(0, max));
}

/**
 * POSTs `body` to `address` under the rules above (a webhook delivery) and answers the status and
 * the start of the answer, whatever the status; throws FetchRefusal when the address is refused,
 * cannot be reached, does not answer in time or redirects other than by 307/308.
 */
export async function safePost(
  address: string,
  body: string,
  headers: Record<string, string>,
  options: Pick<SafeFetchOptions, "allowLoopback" | "timeoutMs"> & { keepChars: number },
): Promise<SafePostResult> {
  const timing = startDeadline(options.timeoutMs, "the endpoint");
  const limits = { ...timing, allowLoopback: options.allowLoopback, who: "the endpoint" };
  try {
    let url = parseAddress(address);
    for (let hop = 0; ; hop++) {
      const res = await fetchHop(url, hop, { method: "POST", body, headers }, limits);
      if (res.status >= 300 && res.status < 400) {
        res.body?.cancel().catch(() => undefined);
        const location = res.headers.get("location");
        if (res.status !== 307 && res.status !== 308) throw new FetchRefusal(`the endpoint answered ${res.status}; only 307 and 308 redirects are followed`);
        if (!location) throw new FetchRefusal(`the endpoint answered ${res.status} without saying where to`);
        if (hop >= MAX_REDIRECTS) throw new FetchRefusal(`it redirects more than ${MAX_REDIRECTS} times`);
        url = redirectTarget(location, url);
        continue;
      }
      const text = await readStart(res.body, POST_READ_BYTES, timing.deadline);
      return { status: res.status, text: text.slice(0, options.keepChars) };
    }
  } finally {
    timing.stop();
  }
}
