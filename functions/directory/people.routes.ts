/**
 * Writing key persons: coordinators add them (and the person is told, with a private link), and
 * each person views, corrects or erases their own record through that link. Tokens travel in
 * request bodies, never in URLs.
 */
import { eq } from "drizzle-orm";
import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import { people } from "../../db/schema.ts";
import { looksLikeToken } from "../auth/tokens.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";
import { requestLocale } from "../i18n/request.ts";
import { localeForPerson, personNotice } from "../mail/texts.ts";
import { parseBody } from "../validation.ts";
import { listPeople, NO_PEOPLE_FILTERS } from "./directory.queries.ts";
import { createPerson, erasePerson, patchPerson, personCorrectionSchema, personCreateSchema, personForToken, personPatchSchema } from "./people.commands.ts";

export const tokenSchema = z.object({ token: z.string({ error: "is required" }).refine(looksLikeToken, "is not a valid link token") }).strict();

async function personFromToken(c: Context<AppEnv>, token: string): Promise<string> {
  const id = await personForToken(c.var.db, token, c.var.now);
  if (!id) throw new ApiError(404, "not_found", "This link is unknown, expired or the record was erased.");
  return id;
}

async function fullRecord(c: Context<AppEnv>, personId: string) {
  const [row] = await c.var.db.select().from(people).where(eq(people.id, personId));
  const [withLinks] = await listPeople(c.var.db, NO_PEOPLE_FILTERS, null, [personId]);
  return { ...row, organisations: withLinks?.organisations ?? [], topics: withLinks?.topics ?? [] };
}

export const personWriteRoutes = new Hono<AppEnv>()
  .post("/", async (c) => {
    const input = await parseBody(c, personCreateSchema);
    const { db, viewer, now, config } = c.var;
    const { id, token } = await createPerson(db, input, viewer!.id, now);
    let notified = false;
    if (input.email) {
      await c.var.mailer.send({
        to: input.email,
        ...personNotice(localeForPerson(input.languages, requestLocale(c)), input.name, input.lawfulBasis, `${config.PUBLIC_ORIGIN}/privacy#token=${token}`),
      });
      notified = true;
    }
    return c.json({ id, notified }, 201);
  })
  .patch("/:id", async (c) => {
    const { db, viewer, now } = c.var;
    const personId = c.req.param("id");
    // Unknown before bad: a PATCH of nobody is a 404 whatever its body.
    const [exists] = await db.select({ id: people.id }).from(people).where(eq(people.id, personId));
    if (!exists) throw new ApiError(404, "not_found", "No person has this id");
    const patch = await parseBody(c, personPatchSchema);
    const result = await patchPerson(db, personId, patch, { actorId: viewer!.id, action: "person.update", now });
    if (!result.found) throw new ApiError(404, "not_found", "No person has this id");
    const [person] = await listPeople(db, NO_PEOPLE_FILTERS, viewer, [personId]);
    return c.json({ ...person, changed: result.changed });
  })
  .delete("/:id", async (c) => {
    if (!(await erasePerson(c.var.db, c.req.param("id"), c.var.viewer!.id))) throw new ApiError(404, "not_found", "No person has this id");
    return c.body(null, 204);
  });

export const privacyRoutes = new Hono<AppEnv>()
  .post("/view", async (c) => {
    const { token } = await parseBody(c, tokenSchema);
    c.header("Cache-Control", "no-store");
    return c.json(await fullRecord(c, await personFromToken(c, token)));
  })
  .post("/correct", async (c) => {
    const body = await parseBody(c, personCorrectionSchema.extend({ token: tokenSchema.shape.token }));
    const { token, ...changes } = body;
    const id = await personFromToken(c, token);
    await patchPerson(c.var.db, id, changes, { actorId: null, action: "person.correct", now: c.var.now });
    c.header("Cache-Control", "no-store");
    return c.json(await fullRecord(c, id));
  })
  .post("/erase", async (c) => {
    const { token } = await parseBody(c, tokenSchema);
    await erasePerson(c.var.db, await personFromToken(c, token), null);
    return c.body(null, 204);
  });
