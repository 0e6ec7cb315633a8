/** The radar and the free-date finder on the demo data. */
import { beforeAll, describe, expect, it } from "vitest";
import { useStack } from "../support/stack.ts";
import { ApiClient, SAMPLE, sessionFor } from "../support/api.ts";
import { DEMO_BUSY_STEERING, DEMO_PARTNER_PLANNING, storedEvent } from "../support/factories.ts";

// With this "today" the demo's police conference in Riga is on 30 April – 1 May 2030.
const TODAY = "2030-03-04";
let anonymous: ApiClient;
const stack = useStack({ today: TODAY });
beforeAll(async () => {
  anonymous = new ApiClient(stack.worker.baseUrl);
});

const tallinnPoliceSeminar = {
  allDay: true,
  startsAt: "2030-04-29",
  endsAt: "2030-04-30",
  timeZone: "Europe/Tallinn",
  country: "EE",
  city: "Tallinn",
  audiences: ["police"],
  topics: ["police-cooperation"],
};

describe("POST /api/clash-check", () => {
  it("finds the Riga police conference a high clash for a police seminar in Tallinn, with reasons and holidays", async () => {
    const res = await anonymous.post("/api/clash-check", { ...tallinnPoliceSeminar, countries: ["LV"] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.highest).toBe("high");
    const top = res.body.clashes[0];
    expect(top).toMatchObject({ slug: "sample-riga-police-conference", severity: "high", busy: false });
    expect(top.reasons.map((r: { text: string }) => r.text)).toEqual([
      "on the same dates",
      "same audience: Police",
      "same country: Latvia",
      "same topic: Police and cross-border cooperation",
    ]);
    // 30 April is a working day; the seminar does not reach 1 May.
    expect(res.body.holidays).toEqual([]);
    const longer = await anonymous.post("/api/clash-check", { ...tallinnPoliceSeminar, endsAt: "2030-05-01", countries: ["LV"] });
    expect(longer.body.holidays).toEqual(
      expect.arrayContaining([
        { date: "2030-05-01", country: "EE", name: "Labour Day" },
        { date: "2030-05-01", country: "LV", name: "Labour Day" },
      ]),
    );
  });

  it("reports weekends and nothing at all on quiet dates", async () => {
    const res = await anonymous.post("/api/clash-check", { allDay: true, startsAt: "2031-08-09", endsAt: "2031-08-10", country: "IS", audiences: ["police"] });
    expect(res.body).toMatchObject({ highest: null, clashes: [], weekends: ["2031-08-09", "2031-08-10"] });
  });

  it("keeps visibility: busy-only events say only who is busy, partner-only ones only partners see", async () => {
    const steeringSlug = (await storedEvent(stack.db.client, DEMO_BUSY_STEERING)).slug;
    const planningSlug = (await storedEvent(stack.db.client, DEMO_PARTNER_PLANNING)).slug;
    const steering = { allDay: true, startsAt: "2030-03-29", endsAt: "2030-03-30", country: "SE", audiences: ["policy-makers"], topics: ["legislation"] };
    const res = await anonymous.post("/api/clash-check", steering);
    const busy = res.body.clashes.find((c: { slug: string }) => c.slug === steeringSlug);
    expect(busy).toMatchObject({ title: null, busy: true, organiser: "MR-S" });
    expect(busy.reasons.map((r: { code: string }) => r.code)).toEqual(["overlap"]);
    const planning = { allDay: false, startsAt: "2030-03-25T13:00", endsAt: "2030-03-25T14:00", timeZone: "Europe/Helsinki", audiences: ["ngos"] };
    expect((await anonymous.post("/api/clash-check", planning)).body.clashes.map((c: { slug: string }) => c.slug)).not.toContain(planningSlug);
    const partner = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerNbpn);
    expect((await partner.post("/api/clash-check", planning)).body.clashes.map((c: { slug: string }) => c.slug)).toContain(planningSlug);
  });

  it("rates a one-hour online call low against a two-day in-person police conference, and the overlapping Riga conference high", async () => {
    // The demo's fortnightly online call (police among its audience) meets on 1 May at 10:00.
    const tallinnConference = { ...tallinnPoliceSeminar, startsAt: "2030-05-01", endsAt: "2030-05-02", attendanceMode: "in_person" };
    const res = await anonymous.post("/api/clash-check", tallinnConference);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const bySlug = Object.fromEntries(res.body.clashes.map((c: { slug: string }) => [c.slug, c]));
    expect(bySlug["sample-riga-police-conference"]).toMatchObject({ severity: "high" });
    expect(bySlug["sample-task-force-call"]).toMatchObject({ severity: "low", occurrences: 1, startsAt: "2030-05-01T10:00" });
    expect(res.body.clashes[0].slug).toBe("sample-riga-police-conference");
  });

  it("rates two major events for the same country high with a reason of their own, and only when both are major", async () => {
    // The Riga police conference is one of the demo's flagships; this meeting shares only the country.
    const researchMeeting = { allDay: true, startsAt: "2030-04-30", endsAt: "2030-04-30", country: "LV", audiences: ["researchers"] };
    const ordinary = await anonymous.post("/api/clash-check", researchMeeting);
    const riga = (body: { clashes: { slug: string }[] }) => body.clashes.find((c) => c.slug === "sample-riga-police-conference") as any;
    expect(riga(ordinary.body).severity).toBe("low");
    const major = await anonymous.post("/api/clash-check", { ...researchMeeting, major: true });
    expect(riga(major.body).severity).toBe("high");
    expect(riga(major.body).reasons.map((r: { text: string }) => r.text)).toEqual([
      "on the same dates",
      "two major events for the same region or audience",
      "same country: Latvia",
    ]);
  });

  it("names a shared contact person, and never reads one out of a busy-only event", async () => {
    const steeringSlug = (await storedEvent(stack.db.client, DEMO_BUSY_STEERING)).slug;
    await stack.db.client.batch([
      { sql: "INSERT INTO event_contacts (event_id, person_id) VALUES ('sample-riga-police-conference', 'sample-erika-mustermann')", args: [] },
      { sql: "INSERT INTO event_contacts (event_id, person_id) SELECT id, 'sample-erika-mustermann' FROM events WHERE slug = ?", args: [steeringSlug] },
    ]);
    const meeting = { allDay: true, startsAt: "2030-04-30", endsAt: "2030-04-30", country: "FI", people: ["sample-erika-mustermann"] };
    const res = await anonymous.post("/api/clash-check", meeting);
    const riga = res.body.clashes.find((c: { slug: string }) => c.slug === "sample-riga-police-conference");
    expect(riga.reasons).toContainEqual({
      code: "shared_person",
      values: ["sample-erika-mustermann"],
      names: ["Erika Mustermann"],
      others: 0,
      text: "same contact person: Erika Mustermann",
    });
    const steering = { allDay: true, startsAt: "2030-03-29", endsAt: "2030-03-30", country: "SE", people: ["sample-erika-mustermann"] };
    const busy = (await anonymous.post("/api/clash-check", steering)).body.clashes.find((c: { slug: string }) => c.slug === steeringSlug);
    expect(busy.reasons.map((r: { code: string }) => r.code)).toEqual(["overlap"]);
    // The event being edited lends its contacts when the form sends none: Erika is also the
    // contact of the demo's Baltic police workshop on 8 March.
    const editing = await anonymous.post("/api/clash-check", {
      allDay: true,
      startsAt: "2030-03-08",
      endsAt: "2030-03-08",
      excludeSlug: "sample-riga-police-conference",
    });
    const workshop = editing.body.clashes.find((c: { slug: string }) => c.slug === "sample-baltic-police-workshop");
    expect(workshop.reasons.map((r: { text: string }) => r.text)).toContain("same contact person: Erika Mustermann");
  });

  it("names bad input", async () => {
    const res = await anonymous.post("/api/clash-check", { ...tallinnPoliceSeminar, endsAt: "2030-04-01" });
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0].field).toBe("endsAt");
  });
});

describe("GET /api/free-dates", () => {
  it("proposes dates that avoid the conference, weekends and the Estonian and Latvian holidays", async () => {
    const res = await anonymous.get("/api/free-dates?days=2&from=2030-04-22&to=2030-05-10&countries=EE,LV&audiences=police&topics=police-cooperation&limit=5");
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const dates = res.body.dates as { start: string; end: string; score: number }[];
    expect(dates).toHaveLength(5);
    const bad = new Set(["2030-04-30", "2030-05-01"]);
    for (const d of dates) {
      for (let t = Date.parse(d.start); t <= Date.parse(d.end); t += 86_400_000) {
        const day = new Date(t);
        expect([0, 6]).not.toContain(day.getUTCDay());
        expect(bad.has(day.toISOString().slice(0, 10))).toBe(false);
      }
    }
    expect(dates.map((d) => d.score)).toEqual([...dates.map((d) => d.score)].sort((a, b) => a - b));
    expect(dates[0].score).toBe(0);
  });

  it("names bad parameters", async () => {
    const res = await anonymous.get("/api/free-dates?days=40&from=2030-04-22&to=2030-05-10");
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0].field).toBe("days");
  });
});
