/**
 * `/follows/stop?token=…`: the one-click end of one follow, from the link in each change alert
 * (signed purpose "unfollow" over the follow's id, functions/digest/links.ts). A GET only shows a
 * confirmation form, since mail scanners open links; its POST removes the follow. The POST also
 * serves RFC 8058 one-click unsubscribe (a `List-Unsubscribe=One-Click` form post to the same
 * address). A link whose follow is gone says so; a forged one is a 404.
 */
import { eq } from "drizzle-orm";
import { Hono, type Context } from "hono";
import { html } from "hono/html";
import { follows } from "../../db/schema.ts";
import { digestPage } from "../digest/pages.ts";
import { verifyLink } from "../digest/links.ts";
import { digestTexts } from "../digest/texts.ts";
import type { AppEnv } from "../env.ts";
import { fill, messagesFor } from "../i18n/messages.ts";
import { negotiateLocale } from "../i18n/locales.ts";
import { requestLocale, langQuery } from "../i18n/request.ts";
import { followForPage } from "./follows.ts";
import { followName } from "./follow-names.ts";

/** The follow a link names: its id (null for a forged link) and the row, when it still exists. */
async function linked(c: Context<AppEnv>) {
  const id = await verifyLink(c.var.config.LINK_SECRET, "unfollow", c.req.query("token"));
  return { id, follow: id ? await followForPage(c.var.db, id) : null };
}

function invalidLink(c: Context<AppEnv>) {
  const language = requestLocale(c);
  const t = digestTexts(language);
  return c.html(digestPage(t.linkInvalidTitle, html`<p>${t.linkInvalid}</p>`, language, c.req.url), 404);
}

function stoppedPage(c: Context<AppEnv>, language: string, what: string) {
  const t = messagesFor(language).follows;
  return c.html(digestPage(t.stoppedTitle, html`<p>${fill(t.stopped, { what })}</p>`, language, c.req.url));
}

export const unfollowPageRoutes = new Hono<AppEnv>()
  .get("/follows/stop", async (c) => {
    const { id, follow } = await linked(c);
    if (!id) return invalidLink(c);
    const language = negotiateLocale([langQuery(c), follow?.locale], c.req.header("accept-language"));
    const t = messagesFor(language).follows;
    if (!follow) return stoppedPage(c, language, t.what.unknown);
    const what = await followName(c.var.db, language, follow.kind, follow.target, null);
    return c.html(
      digestPage(
        t.stopTitle,
        html`<form method="post"><p>${fill(t.stopAsk, { what })}</p><button type="submit">${t.stopButton}</button></form>`,
        language,
        c.req.url,
      ),
    );
  })
  .post("/follows/stop", async (c) => {
    const { id, follow } = await linked(c);
    if (!id) return invalidLink(c);
    const language = negotiateLocale([langQuery(c), follow?.locale], c.req.header("accept-language"));
    const what = follow ? await followName(c.var.db, language, follow.kind, follow.target, null) : messagesFor(language).follows.what.unknown;
    await c.var.db.delete(follows).where(eq(follows.id, id));
    return stoppedPage(c, language, what);
  });
