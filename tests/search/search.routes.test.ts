/** Free-text search over events: FTS5 with diacritics folded and Cyrillic searchable. */
import { beforeAll, describe, expect, it } from "vitest";
import { useStack } from "../support/stack.ts";
import { ApiClient, SAMPLE, sessionFor } from "../support/api.ts";
import { createEvent, DEMO_PARTNER_PLANNING, storedEvent } from "../support/factories.ts";

let anonymous: ApiClient;
const stack = useStack({ seedToday: "2030-03-04" });
beforeAll(async () => {
  anonymous = new ApiClient(stack.worker.baseUrl);
});

const search = async (query: string) => {
  const res = await anonymous.get(`/api/search?${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.events as { slug: string }[]).map((e) => e.slug);
};

describe("GET /api/search", () => {
  it("finds events by place, upcoming first, then the report's past ones", async () => {
    const slugs = await search("q=St%20Petersburg");
    // Upcoming first: the Narva seminar is organised by the NCM office in St Petersburg.
    expect(slugs.slice(0, 2)).toEqual(["sample-narva-youth-seminar", "sample-youth-prevention-training"]);
    expect(slugs).toEqual(expect.arrayContaining(["spb-cooperation-conference-2008", "gender-drugs-kickoff-2004", "spb-gender-equality-conference-2006"]));
    expect(slugs.indexOf("spb-cooperation-conference-2008")).toBeLessThan(slugs.indexOf("gender-drugs-kickoff-2004"));
  });

  it("finds by organiser name and by prefix", async () => {
    expect(await search("q=policewom")).toContain("sample-baltic-police-workshop");
  });

  it("folds diacritics and searches Cyrillic", async () => {
    await createEvent(stack.db.client, {
      id: "jamstalldhet-seminar",
      title: "Jämställdhet och människohandel",
      startsAt: "2030-04-01T10:00",
      endsAt: "2030-04-01T12:00",
    });
    await createEvent(stack.db.client, {
      id: "russian-seminar",
      title: "Семинар о торговле людьми в Санкт-Петербурге",
      startsAt: "2030-04-02T10:00",
      endsAt: "2030-04-02T12:00",
    });
    expect(await search("q=jamstalldhet")).toEqual(["jamstalldhet-seminar"]);
    expect(await search(`q=${encodeURIComponent("ТОРГОВЛЕ")}`)).toEqual(["russian-seminar"]);
  });

  it("follows edits, combines with filters and respects visibility", async () => {
    const coordinator = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator);
    const current = await coordinator.get("/api/events/sample-task-force-meeting");
    await coordinator.patch("/api/events/sample-task-force-meeting", { title: "Kaliningrad roundtable" }, { "if-match": current.headers.get("etag")! });
    expect(await search("q=kaliningrad")).toContain("sample-task-force-meeting");
    expect(await search("q=kaliningrad&country=LV")).toEqual([]);
    const planning = (await storedEvent(stack.db.client, DEMO_PARTNER_PLANNING)).slug;
    expect(await search("q=planning")).not.toContain(planning);
    const partner = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerNbpn);
    expect(((await partner.get("/api/search?q=planning")).body.events as { slug: string }[]).map((e) => e.slug)).toContain(planning);
  });

  it("treats FTS syntax as plain words and rejects an empty query", async () => {
    expect((await anonymous.get(`/api/search?q=${encodeURIComponent('riga" OR title:*')}`)).status).toBe(200);
    const empty = await anonymous.get("/api/search?q=%20%22%20");
    expect(empty.status).toBe(400);
    expect(empty.body.error.issues[0].field).toBe("q");
  });
});

describe("GET /api/search: word forms and document kinds", () => {
  const documents = async (q: string) => {
    const res = await anonymous.get(`/api/search?q=${encodeURIComponent(q)}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return (res.body.documents as { slug: string }[]).map((d) => d.slug);
  };
  // The demo data's two memoranda: the NB-8 one says so in its title; the St Petersburg Protocol
  // of Intent is a memorandum by kind only.
  const MEMORANDA = ["nb8-mou-2009", "st-petersburg-protocol-of-intent"];

  it("finds both memoranda of the demo data whether the reader types singular, plural or another language's word", async () => {
    for (const q of ["memorandum", "Memoranda", "memorandums", "Меморандум", "меморандумы", "Memorandum of Understanding"]) {
      const found = await documents(q);
      if (q === "Memorandum of Understanding") expect(found, q).toEqual(["nb8-mou-2009"]);
      else expect(found, q).toEqual(expect.arrayContaining(MEMORANDA));
    }
    // The kind does not find documents of other kinds.
    expect(await documents("memoranda")).not.toContain("dk-action-plan-2002");
    expect(await documents("action plans")).toEqual(expect.arrayContaining(["dk-action-plan-2002", "no-action-plan-2003", "ndphs-action-plan-2008"]));
  });

  it("matches singular and plural in events too", async () => {
    expect(await search("q=seminars")).toEqual(await search("q=seminar"));
    expect(await search("q=seminar")).toContain("sample-narva-youth-seminar");
  });
});
