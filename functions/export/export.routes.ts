/** `GET /api/export/{organisations,people,events}.csv`: what the viewer may see, as spreadsheets. */
import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { listOrganisations, listPeople, NO_PEOPLE_FILTERS } from "../directory/directory.queries.ts";
import { listEvents } from "../events/events.queries.ts";
import { eventsQuerySchema, FILTER_KEYS } from "../events/events.schema.ts";
import { invalidInput } from "../errors.ts";
import { attachment } from "../http.ts";
import { addDays } from "../lib/dates.ts";
import { queryValues } from "../validation.ts";
import { toCsv } from "./csv.ts";

const csvResponse = (body: string, name: string, personal: boolean) => attachment(body, "text/csv; charset=utf-8", name, personal);

export const exportRoutes = new Hono<AppEnv>()
  .get("/organisations.csv", async (c) => {
    const rows = await listOrganisations(c.var.db, { country: [], kind: [], topic: [] }, c.var.viewer);
    const body = toCsv(
      ["slug", "name", "short_name", "kind", "parent", "countries", "city"],
      rows.map((o) => [o.slug, o.name, o.shortName, o.kind, rows.find((p) => p.id === o.parentId)?.slug ?? null, o.countries.join(" "), o.city]),
    );
    return csvResponse(body, "organisations.csv", !!c.var.viewer);
  })
  .get("/people.csv", async (c) => {
    const rows = await listPeople(c.var.db, NO_PEOPLE_FILTERS, c.var.viewer);
    const body = toCsv(
      ["id", "name", "title", "organisations", "countries", "languages", "topics", "email", "phone"],
      rows.map((p) => [
        p.id,
        p.name,
        p.title,
        p.organisations.map((o) => o.slug).join(" "),
        p.countries.join(" "),
        p.languages.join(" "),
        p.topics.join(" "),
        p.email ?? null,
        p.phone ?? null,
      ]),
    );
    return csvResponse(body, "people.csv", !!c.var.viewer);
  })
  .get("/events.csv", async (c) => {
    const today = c.var.now.toISOString().slice(0, 10);
    const raw = { from: today, to: addDays(today, 365), ...queryValues(c, ["from", "to", "tz"], FILTER_KEYS) };
    const parsed = eventsQuerySchema.safeParse(raw);
    if (!parsed.success) throw invalidInput(parsed.error);
    const { events } = await listEvents(c.var.db, parsed.data, c.var.viewer);
    const body = toCsv(
      ["slug", "title", "type", "status", "all_day", "starts_at", "ends_at", "time_zone", "city", "country", "organisers", "topics", "audiences", "url"],
      events.map((e) => [
        e.slug,
        e.busy ? null : e.title,
        e.type,
        e.status,
        e.allDay,
        e.startsAt,
        e.endsAt,
        e.timeZone,
        e.city,
        e.country,
        e.organisers.map((o) => o.shortName ?? o.name).join("; "),
        e.topics.join(" "),
        e.audiences.join(" "),
        `${c.var.config.PUBLIC_ORIGIN}/events/${e.slug}`,
      ]),
    );
    return csvResponse(body, "events.csv", !!c.var.viewer);
  });
