/** `/people/:id.vcf` and `/organisations/:slug.vcf`: contact cards with the fields the viewer may see. */

import { Hono } from "hono";
import { loadReader } from "../auth/middleware.ts";
import { withDatabase } from "../db/middleware.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";
import { attachment } from "../http.ts";
import { securityHeaders } from "../security.ts";
import { listPeople, NO_PEOPLE_FILTERS } from "./directory.queries.ts";
import { personCard } from "./vcard.ts";

const vcardResponse = (body: string, filename: string, personal: boolean) => attachment(body, "text/vcard; charset=utf-8", filename, personal);

export const vcardRoutes = new Hono<AppEnv>()
  .get("/people/:file{[a-z0-9][a-z0-9-]*\\.vcf}", securityHeaders, withDatabase, loadReader, async (c) => {
    const id = c.req.param("file").replace(/\.vcf$/, "");
    const [person] = await listPeople(c.var.db, NO_PEOPLE_FILTERS, c.var.viewer, [id]);
    if (!person) throw new ApiError(404, "not_found", "No person has this id");
    return vcardResponse(personCard(person, c.var.config.PUBLIC_ORIGIN), `${id}.vcf`, !!c.var.viewer);
  })
  .get("/organisations/:file{[a-z0-9][a-z0-9-]*\\.vcf}", securityHeaders, withDatabase, loadReader, async (c) => {
    const slug = c.req.param("file").replace(/\.vcf$/, "");
    const team = await listPeople(c.var.db, { ...NO_PEOPLE_FILTERS, organisation: [slug] }, c.var.viewer);
    if (!team.length) throw new ApiError(404, "not_found", "No organisation with people has this slug");
    return vcardResponse(team.map((p) => personCard(p, c.var.config.PUBLIC_ORIGIN)).join(""), `${slug}.vcf`, !!c.var.viewer);
  });
