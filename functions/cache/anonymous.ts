/**
 * Who may be answered from a shared cache: only a request that carries neither a session cookie
 * nor an `Authorization` header (a bearer token makes a request personal). Such a request sees
 * what the public sees, so the answer is the same for every anonymous reader.
 */
import { parse } from "hono/utils/cookie";
import { SESSION_COOKIE } from "../auth/session.ts";

/** True when `req` has no session cookie (valid or not) and no `Authorization` header. */
export function isAnonymousRequest(req: Request): boolean {
  if (req.headers.has("authorization")) return false;
  const cookie = req.headers.get("cookie");
  return !cookie || parse(cookie, SESSION_COOKIE)[SESSION_COOKIE] === undefined;
}
