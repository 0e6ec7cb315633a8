/**
 * The public directory lists the event forms need: organisations (id, names, kind, countries),
 * topics and audiences. The full directory (people, documents, projects) arrives with its issue.
 */
import { asc } from "drizzle-orm";
import { Hono } from "hono";
import { audiences, organisations, topics } from "../../db/schema.ts";
import type { AppEnv } from "../env.ts";

export const vocabularyRoutes = new Hono<AppEnv>().get("/", async (c) => {
  const { db } = c.var;
  const [orgs, topicRows, audienceRows] = await db.batch([
    db
      .select({ id: organisations.id, slug: organisations.slug, name: organisations.name, shortName: organisations.shortName, kind: organisations.kind, countries: organisations.countries })
      .from(organisations)
      .orderBy(asc(organisations.name)),
    db.select().from(topics).orderBy(asc(topics.id)),
    db.select().from(audiences).orderBy(asc(audiences.id)),
  ]);
  c.header("Cache-Control", "public, max-age=300");
  return c.json({ organisations: orgs, topics: topicRows, audiences: audienceRows });
});

export type VocabularyResponse = {
  organisations: { id: string; slug: string; name: string; shortName: string | null; kind: string; countries: string[] }[];
  topics: { id: string; label: string }[];
  audiences: { id: string; label: string }[];
};
