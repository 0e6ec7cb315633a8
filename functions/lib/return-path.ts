/**
 * Where a reader goes back to after signing in: only a path on this calendar. A full URL, a
 * protocol-relative `//host` or `/\host` (which browsers read as another host), control characters
 * and the sign-in pages themselves are refused, so a crafted sign-in link cannot send anyone away.
 * Shared by the Worker (which puts it into the mailed link) and the web app (which follows it).
 */
export const MAX_RETURN_PATH = 500;

export function isReturnPath(path: unknown): path is string {
  if (typeof path !== "string" || path.length > MAX_RETURN_PATH) return false;
  if (!path.startsWith("/") || path.startsWith("//") || /[\\\p{Cc}\s]/u.test(path)) return false;
  const base = "https://calendar.invalid";
  const url = new URL(path, base);
  return url.origin === base && !/^\/sign-in(\/|$)/.test(url.pathname);
}
