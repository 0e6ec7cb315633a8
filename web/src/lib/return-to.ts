/** The page a reader returns to after signing in (see functions/lib/return-path.ts for the rule). */
import { isReturnPath } from "../../../functions/lib/return-path.ts";

/** The sign-in page's address that brings the reader back to `path` (when it may be returned to). */
export function signInHref(path: string): string {
  return isReturnPath(path) ? `/sign-in?next=${encodeURIComponent(path)}` : "/sign-in";
}

/** `next` if it is a path on this calendar that may be returned to, else null. */
export function returnPath(next: string | null | undefined): string | null {
  return isReturnPath(next) ? next : null;
}
