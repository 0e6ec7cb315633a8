/**
 * The rules about accounts, apart from the routes that call them: who an address becomes on
 * sign-in (a new user, an admin named in ADMIN_EMAILS, a member of the organisation that invited
 * it), role changes (never the last admin; a demotion ends the person's sessions) and removing a
 * member (sessions end with the membership).
 */
import { and, eq, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { memberships, sessions, type USER_ROLES, users } from "../../db/schema.ts";
import { audit, auditIf } from "../audit/audit.ts";
import type { Database } from "../db/client.ts";
import { guard, isGuardFailure } from "../db/guard.ts";
import { ApiError } from "../errors.ts";

export type Role = (typeof USER_ROLES)[number];
type User = typeof users.$inferSelect;

/** What a spent sign-in or invitation link says about its holder. */
export interface SpentLink {
  email: string;
  purpose: string;
  organisationId: string | null;
  createdBy: string | null;
}

/**
 * The account behind a spent link, made or updated in one batch: created on first sign-in,
 * promoted to admin when its address is in ADMIN_EMAILS, and made a member of the organisation
 * an invitation came from. Returns the user's id and the stored user (null when new).
 */
export async function accountForLink(
  db: Database,
  link: SpentLink,
  adminEmails: readonly string[],
  now: Date,
): Promise<{ userId: string; existing: User | null }> {
  const admin = adminEmails.includes(link.email);
  const [existing] = await db.select().from(users).where(eq(users.email, link.email));
  const userId = existing?.id ?? crypto.randomUUID();
  const writes: BatchItem<"sqlite">[] = [];
  if (!existing) {
    writes.push(
      db
        .insert(users)
        .values({ id: userId, email: link.email, role: admin ? "admin" : "user" })
        .onConflictDoNothing(),
    );
    writes.push(audit(db, { actorId: userId, action: "user.create", entity: "user", entityId: userId, after: { role: admin ? "admin" : "user" } }));
  } else if (admin && existing.role !== "admin") {
    writes.push(db.update(users).set({ role: "admin", updatedAt: now.toISOString() }).where(eq(users.id, userId)));
    writes.push(
      audit(db, {
        actorId: null,
        action: "user.role",
        entity: "user",
        entityId: userId,
        before: { role: existing.role },
        after: { role: "admin" },
        comment: "ADMIN_EMAILS",
      }),
    );
  }
  if (link.purpose === "invite" && link.organisationId) {
    const isMember = sql`EXISTS (SELECT 1 FROM ${memberships} WHERE ${memberships.userId} = ${userId} AND ${memberships.organisationId} = ${link.organisationId})`;
    // Logged only when the invitation made a new member (an invitation accepted twice adds nothing).
    writes.push(
      auditIf(
        db,
        { actorId: link.createdBy, action: "membership.add", entity: "organisation", entityId: link.organisationId, after: { userId } },
        sql`NOT ${isMember}`,
      ),
    );
    writes.push(db.insert(memberships).values({ userId, organisationId: link.organisationId }).onConflictDoNothing());
  }
  if (writes.length) await db.batch(writes as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  return { userId, existing: existing ?? null };
}

const RANK: Record<Role, number> = { user: 0, coordinator: 1, admin: 2 };

/**
 * Gives a user a role. The last admin cannot lose theirs: checked by a write guard inside the
 * batch, so two admins demoting each other at once cannot leave the calendar without one. A
 * demotion ends the user's sessions. Setting the role a user has writes nothing.
 */
export async function changeRole(db: Database, change: { userId: string; role: Role; actorId: string; now: Date }): Promise<void> {
  const { userId, role } = change;
  const [user] = await db.select({ role: users.role }).from(users).where(eq(users.id, userId));
  if (!user) throw new ApiError(404, "not_found", `No user has the id ${userId}`);
  if (user.role === role) return;
  const lastAdmin = () => new ApiError(409, "last_admin", "role: the last admin cannot lose the role; make someone else admin first");
  if (user.role === "admin") {
    const [{ others }] = await db
      .select({ others: sql<number>`count(*)` })
      .from(users)
      .where(and(eq(users.role, "admin"), sql`${users.id} <> ${userId}`));
    if (others === 0) throw lastAdmin();
  }
  const statements: BatchItem<"sqlite">[] = [
    // Planned on the role read above, and (when an admin steps down) on another admin remaining.
    guard(db, sql`EXISTS (SELECT 1 FROM ${users} WHERE ${users.id} = ${userId} AND ${users.role} = ${user.role})`),
    ...(user.role === "admin" ? [guard(db, sql`EXISTS (SELECT 1 FROM ${users} WHERE ${users.role} = 'admin' AND ${users.id} <> ${userId})`)] : []),
    db.update(users).set({ role, updatedAt: change.now.toISOString() }).where(eq(users.id, userId)),
    audit(db, { actorId: change.actorId, action: "user.role", entity: "user", entityId: userId, before: { role: user.role }, after: { role } }),
  ];
  // Roles are read on every request; ending the sessions of someone who lost one is belt and braces.
  if (RANK[role] < RANK[user.role]) statements.push(db.delete(sessions).where(eq(sessions.userId, userId)));
  try {
    await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  } catch (error) {
    if (!isGuardFailure(error)) throw error;
    const [now] = await db.select({ role: users.role }).from(users).where(eq(users.id, userId));
    if (now?.role === user.role) throw lastAdmin();
    throw new ApiError(409, "role_changed", "role: someone else changed this user's role in the meantime; reload and try again");
  }
}

/**
 * Ends a membership and the person's sessions. Returns false, writing nothing (no audit entry, no
 * sessions ended), when the user is not a member.
 */
export async function removeMember(db: Database, organisationId: string, userId: string, actorId: string): Promise<boolean> {
  const isMember = sql`EXISTS (SELECT 1 FROM ${memberships} WHERE ${memberships.organisationId} = ${organisationId} AND ${memberships.userId} = ${userId})`;
  const [, , removed] = await db.batch([
    auditIf(db, { actorId, action: "membership.remove", entity: "organisation", entityId: organisationId, before: { userId } }, isMember),
    db.delete(sessions).where(and(eq(sessions.userId, userId), isMember)),
    db
      .delete(memberships)
      .where(and(eq(memberships.organisationId, organisationId), eq(memberships.userId, userId)))
      .returning({ userId: memberships.userId }),
  ]);
  return removed.length > 0;
}
