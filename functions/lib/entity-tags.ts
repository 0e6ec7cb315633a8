/**
 * Conditional request headers (RFC 9110 13.1): `If-Match` and `If-None-Match` hold `*` or a
 * comma-separated list of entity tags (`"x"`, weak `W/"x"`). A value that is neither matches nothing.
 */
const TAG = /^\s*((?:W\/)?"[\x21\x23-\x7e\x80-\xff]*")\s*(?:,|$)/;

/** The tags of a header value, "*", or null when it is malformed. */
export function entityTags(header: string): "*" | string[] | null {
  if (header.trim() === "*") return "*";
  const tags: string[] = [];
  let rest = header;
  while (rest.trim() !== "") {
    const m = TAG.exec(rest);
    if (!m) return null;
    tags.push(m[1]);
    rest = rest.slice(m[0].length);
  }
  return tags.length ? tags : null;
}

const opaque = (tag: string) => tag.replace(/^W\//, "");

/** `If-Match`: `*`, or one of its tags is `etag` by strong comparison (a weak tag never matches). */
export function ifMatchAccepts(header: string, etag: string): boolean {
  const tags = entityTags(header);
  return tags === "*" || (tags !== null && !etag.startsWith("W/") && tags.includes(etag));
}

/** `If-None-Match`: `*`, or one of its tags is `etag` by weak comparison (the answer is then 304). */
export function ifNoneMatchMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const tags = entityTags(header);
  return tags === "*" || tags?.some((t) => opaque(t) === opaque(etag)) === true;
}
