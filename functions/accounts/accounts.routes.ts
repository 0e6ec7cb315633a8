/**
 * Memberships, invitations and roles. Losing a membership or a role ends the person's sessions at
 * once, so the change takes effect on their next request, not when a cookie expires.
 */
import { asc, eq, sql } from "drizzle-orm";
import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import { authTokens, memberships, organisations, USER_ROLES, users } from "../../db/schema.ts";
import { audit } from "../audit/audit.ts";
import { confirmLink } from "../auth/auth.routes.ts";
import { randomToken, sha256Hex } from "../auth/tokens.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";
import { parseBody } from "../validation.ts";
import { fill, messagesFor } from "../i18n/messages.ts";
import { requestLocale } from "../i18n/request.ts";
import { localeForAddress } from "../mail/texts.ts";
import { changeRole, removeMember } from "./accounts.ts";
import type { Member, UserRow } from "./accounts.types.ts";

export const INVITE_TOKEN_MS = 7 * 86_400_000;

async function organisationOr404(c: Context<AppEnv>, id: string) {
  const [org] = await c.var.db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(eq(organisations.id, id));
  if (!org) throw new ApiError(404, "not_found", `No organisation has the id ${id}`);
  return org;
}

const inviteSchema = z.object({
  email: z
    .string({ error: "is required" })
    .trim()
    .toLowerCase()
    .max(254)
    .pipe(z.email({ error: "must be an email address" })),
});
const roleSchema = z.object({ role: z.enum(USER_ROLES, { error: `must be one of ${USER_ROLES.join(", ")}` }) });

export const organisationAccountRoutes = new Hono<AppEnv>()
  .get("/:id/members", async (c) => {
    const org = await organisationOr404(c, c.req.param("id"));
    const rows = await c.var.db
      .select({ userId: users.id, name: users.name, email: users.email, since: memberships.createdAt })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.organisationId, org.id))
      .orderBy(asc(users.email));
    return c.json({ organisation: org, members: rows } satisfies { organisation: { id: string; name: string }; members: Member[] });
  })
  .post("/:id/invitations", async (c) => {
    const org = await organisationOr404(c, c.req.param("id"));
    const { email } = await parseBody(c, inviteSchema);
    const { db, now, viewer, config } = c.var;
    const token = randomToken();
    await db.batch([
      db.insert(authTokens).values({
        id: await sha256Hex(token),
        purpose: "invite",
        email,
        organisationId: org.id,
        createdBy: viewer!.id,
        expiresAt: now.getTime() + INVITE_TOKEN_MS,
      }),
      audit(db, { actorId: viewer!.id, action: "invitation.create", entity: "organisation", entityId: org.id, after: { invitee: "[redacted]" } }),
    ]);
    const m = messagesFor(await localeForAddress(db, email, requestLocale(c))).mail;
    await c.var.mailer.send({
      to: email,
      subject: fill(m.inviteSubject, { organisation: org.name }),
      text: fill(m.inviteBody, { organisation: org.name, link: confirmLink(config.PUBLIC_ORIGIN, token) }),
    });
    return c.json({ status: "sent" as const }, 202);
  })
  .delete("/:id/members/:userId", async (c) => {
    const org = await organisationOr404(c, c.req.param("id"));
    if (!(await removeMember(c.var.db, org.id, c.req.param("userId"), c.var.viewer!.id)))
      throw new ApiError(404, "not_found", `That user is not a member of ${org.name}`);
    return c.body(null, 204);
  });

export const userRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const rows = await c.var.db
      .select({
        id: users.id,
        email: users.email,
        name: users.name,
        role: users.role,
        organisations: sql<string>`(SELECT json_group_array(organisation_id) FROM memberships WHERE user_id = users.id)`.mapWith(
          (v: string) => JSON.parse(v) as string[],
        ),
      })
      .from(users)
      .orderBy(asc(users.email));
    return c.json({ users: rows } satisfies { users: UserRow[] });
  })
  .put("/:id/role", async (c) => {
    const id = c.req.param("id");
    const { role } = await parseBody(c, roleSchema);
    await changeRole(c.var.db, { userId: id, role, actorId: c.var.viewer!.id, now: c.var.now });
    return c.json({ id, role });
  });
