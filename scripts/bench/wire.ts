/**
 * Bytes on the wire: what a browser or calendar client sending `Accept-Encoding: gzip, br` gets
 * from the local Workers runtime, next to the uncompressed size, for the month API, an event page,
 * a filtered feed, the full feed and the first load (index.html and what it loads). Read with
 * node:http, which never decodes, so the figures are the bytes that crossed the socket's body.
 * Locally, Miniflare compresses the types Cloudflare's edge compresses (HTML, JSON, CSS,
 * JavaScript) as the edge would; the Worker itself asks the runtime to gzip the feeds, which the
 * edge leaves alone (README, "Within Cloudflare's limits").
 */
import { request } from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";

interface Wire {
  status: number;
  encoding: string;
  wire: number;
  plain: number;
}

/** One GET, read raw: the body's bytes as sent and decoded. */
export function fetchRaw(
  url: string,
  headers: Record<string, string> = {},
): Promise<Wire & { body: Buffer; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        const raw = Buffer.concat(chunks);
        const encoding = String(res.headers["content-encoding"] ?? "identity");
        const body = encoding === "gzip" ? gunzipSync(raw) : encoding === "br" ? brotliDecompressSync(raw) : raw;
        resolve({ status: res.statusCode ?? 0, encoding, wire: raw.length, plain: body.length, body, headers: res.headers });
      });
    });
    req.on("error", reject);
    req.end();
  });
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

/** Prints the table; `slug` is a public event's. Returns false when a text answer went uncompressed. */
export async function benchWire(base: string, slug: string): Promise<boolean> {
  const accept = { "accept-encoding": "gzip, br" };
  const index = await fetchRaw(`${base}/`, accept);
  const assets = [...index.body.toString("utf8").matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
  const targets: [string, string][] = [
    ["month API (one month)", "/api/events?from=2027-03-01&to=2027-03-31&tz=Europe/Riga"],
    ["events JSON (3 months)", "/api/events?from=2027-03-01&to=2027-05-31&tz=Europe/Riga"],
    ["event page", `/events/${slug}`],
    ["filtered ICS feed", "/calendar.ics?country=EE&topic=police-cooperation"],
    ["full ICS feed", "/calendar.ics"],
    ["Atom feed", "/feed.atom"],
  ];
  const rows: { name: string; w: Wire }[] = [];
  for (const [name, path] of targets) rows.push({ name, w: await fetchRaw(`${base}${path}`, accept) });
  const first = await Promise.all(["/", ...assets].map((p) => fetchRaw(`${base}${p}`, accept)));
  rows.push({
    name: `first load (${first.length} files)`,
    w: {
      status: Math.max(...first.map((f) => f.status)),
      encoding: [...new Set(first.map((f) => f.encoding))].join("+"),
      wire: first.reduce((s, f) => s + f.wire, 0),
      plain: first.reduce((s, f) => s + f.plain, 0),
    },
  });
  console.log(`\nBytes on the wire (Accept-Encoding: gzip, br), through the local Workers runtime:`);
  console.log("  answer                      status   uncompressed        on the wire   encoding   ratio");
  for (const { name, w } of rows)
    console.log(
      `  ${name.padEnd(26)} ${String(w.status).padStart(6)} ${kb(w.plain).padStart(14)} ${kb(w.wire).padStart(18)}   ${w.encoding.padEnd(8)} ${(w.wire / w.plain).toFixed(2).padStart(7)}`,
    );
  // Anything over 1 KB that came back identity is a text answer the edge would not compress either.
  return rows.every(({ w }) => w.status === 200 && (w.plain < 1024 || w.encoding !== "identity"));
}
