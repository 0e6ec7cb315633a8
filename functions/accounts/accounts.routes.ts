/**
 * Memberships, invitations and roles. Losing a membership or a role ends the person's sessions at
 * once, so the change takes effect on their next request, not when a cookie expires.
 */
import { and, asc, count, eq, sql } from "drizzle-orm";
import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import { authTokens, memberships, organisations, sessions, USER_ROLES, users } from "../../db/schema.ts";
import { audit, auditIf } from "../audit/audit.ts";
import { confirmLink } from "../auth/auth.routes.ts";
import { randomToken, sha256Hex } from "../auth/tokens.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";
import { parseBody } from "../validation.ts";
import { fill, messagesFor } from "../i18n/messages.ts";
import { requestLocale } from "../i18n/request.ts";
import { localeForAddress } from "../mail/texts.ts";

export const INVITE_TOKEN_MS = 7 * 86_400_000;

async function organisationOr404(c: Context<AppEnv>, id: string) {
  const [org] = await c.var.db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(eq(organisations.id, id));
  if (!org) throw new ApiError(404, "not_found", `No organisation has the id ${id}`);
  return org;
}

const inviteSchema = z.object({
  email: z.string({ error: "is required" }).trim().toLowerCase().max(254).pipe(z.email({ error: "must be an email address" })),
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
    return c.json({ organisation: org, members: rows });
  })
  .post("/:id/invitations", async (c) => {
    const org = await organisationOr404(c, c.req.param("id"));
    const { email } = await parseBody(c, inviteSchema);
    const { db, now, viewer, config } = c.var;
    const token = randomToken();
    await db.batch([
      db.insert(authTokens).values({ id: await sha256Hex(token), purpose: "invite", email, organisationId: org.id, createdBy: viewer!.id, expiresAt: now.getTime() + INVITE_TOKEN_MS }),
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
    const userId = c.req.param("userId");
    const { db, viewer } = c.var;
    // Sessions end and the audit row is written only if there was a membership to remove: a
    // request for someone who is not a member changes nothing and answers 404.
    const isMember = sql`EXISTS (SELECT 1 FROM ${memberships} WHERE ${memberships.organisationId} = ${org.id} AND ${memberships.userId} = ${userId})`;
    const [, , removed] = await db.batch([
      auditIf(db, { actorId: viewer!.id, action: "membership.remove", entity: "organisation", entityId: org.id, before: { userId } }, isMember),
      db.delete(sessions).where(and(eq(sessions.userId, userId), isMember)),
      db.delete(memberships).where(and(eq(memberships.organisationId, org.id), eq(memberships.userId, userId))).returning({ userId: memberships.userId }),
    ]);
    if (removed.length === 0) throw new ApiError(404, "not_found", `That user is not a member of ${org.name}`);
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
        organisations: sql<string>`(SELECT json_group_array(organisation_id) FROM memberships WHERE user_id = users.id)`.mapWith((v: string) => JSON.parse(v) as string[]),
      })
      .from(users)
      .orderBy(asc(users.email));
    return c.json({ users: rows });
  })
  .put("/:id/role", async (c) => {
    const id = c.req.param("id");
    const { role } = await parseBody(c, roleSchema);
    const { db, viewer, now } = c.var;
    const [user] = await db.select({ role: users.role }).from(users).where(eq(users.id, id));
    if (!user) throw new ApiError(404, "not_found", `No user has the id ${id}`);
    if (user.role === role) return c.json({ id, role });
    if (user.role === "admin") {
      const [{ admins }] = await db.select({ admins: count() }).from(users).where(eq(users.role, "admin"));
      if (admins <= 1) throw new ApiError(409, "last_admin", "role: the last admin cannot lose the role; make someone else admin first");
    }
    const rank = { user: 0, coordinator: 1, admin: 2 } as const;
    const demoted = rank[role] < rank[user.role];
    await db.batch([
      db.update(users).set({ role, updatedAt: now.toISOString() }).where(eq(users.id, id)),
      // Roles are read on every request; ending the sessions of someone who lost one is belt and braces.
      db.delete(sessions).where(demoted ? eq(sessions.userId, id) : sql`0`),
      audit(db, { actorId: viewer!.id, action: "user.role", entity: "user", entityId: id, before: { role: user.role }, after: { role } }),
    ]);
    return c.json({ id, role });
  });
