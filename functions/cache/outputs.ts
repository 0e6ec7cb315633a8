/** Which outputs are rendered once per data version and served from storage (stored-output.ts). */
import type { Context } from "hono";
import type { AppEnv } from "../env.ts";
import { requestLocale } from "../i18n/request.ts";
import { isAnonymousRequest } from "./anonymous.ts";
import { storedOutput } from "./stored-output.ts";

const hasQuery = (c: Context<AppEnv>, except: string[] = []) => [...new URL(c.req.url).searchParams.keys()].some((k) => !except.includes(k));

/**
 * The full public feed (`/calendar.ics` without filters), one per language. The feed is public
 * whoever asks, so signed-in readers get it too; private feeds have their own route.
 */
export const fullFeedOutput = storedOutput({
  path: (c) => (hasQuery(c, ["lang"]) ? null : `/calendar.ics?lang=${requestLocale(c)}`),
  headers: () => ({
    "Cache-Control": "public, max-age=900",
    Vary: "Accept-Encoding, Accept-Language, Cookie",
    "Content-Disposition": 'inline; filename="calendar.ics"',
  }),
});

/** The anonymous CSV exports without filters (`/api/export/*.csv`); a signed-in reader's are personal. */
export const exportOutput = storedOutput({
  path: (c) => (isAnonymousRequest(c.req.raw) && !hasQuery(c) ? c.req.path : null),
  headers: (path) => ({
    "Cache-Control": "public, max-age=300",
    Vary: "Cookie",
    "Content-Disposition": `attachment; filename="${path.slice(path.lastIndexOf("/") + 1)}"`,
  }),
});
