/** How a follow is named in mail and on the unfollow page: "the events of Marta", "events in Latvia". */
import { and, eq } from "drizzle-orm";
import { events, organisations, topics } from "../../db/schema.ts";
import type { Viewer } from "../auth/viewer.ts";
import type { Database } from "../db/client.ts";
import { isBusyFor, publishedFor } from "../events/visibility.ts";
import { fill, messagesFor } from "../i18n/messages.ts";
import { termName } from "../i18n/terms.ts";
import type { FollowKind } from "./follows.types.ts";

/**
 * The follow's target in words, in `language`, as `viewer` may see it (null: anyone holding a
 * link, so an event is named only when it is public). Unknown or hidden targets are "this".
 */
export async function followName(db: Database, language: string, kind: FollowKind, target: string, viewer: Viewer | null): Promise<string> {
  const t = messagesFor(language).follows;
  let name: string | null = null;
  if (kind === "country") name = new Intl.DisplayNames([language], { type: "region", fallback: "none" }).of(target) ?? null;
  else if (kind === "topic") {
    const [row] = await db.select({ label: topics.label }).from(topics).where(eq(topics.id, target));
    name = row ? termName(language, "topic", target, row.label) : null;
  } else if (kind === "organisation") {
    const [row] = await db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, target));
    name = row?.name ?? null;
  } else {
    const [row] = await db
      .select({ title: events.title, visibility: events.visibility, owner: events.ownerOrganisationId })
      .from(events)
      .where(and(eq(events.id, target), publishedFor(viewer)));
    name =
      row && !isBusyFor({ visibility: row.visibility, ownerOrganisationId: row.owner }, viewer) && (viewer || row.visibility === "public") ? row.title : null;
  }
  return name === null ? t.what.unknown : fill(t.what[kind], { name });
}
