/**
 * Observances and blackout periods: coordinators mark them (validated, audited, PATCH changes only
 * what is sent), anyone reads them, the radar rates a blackout a high clash and an observance a
 * medium one, and the free-date finder proposes only good dates around them.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { useStack } from "../support/stack.ts";
import { ApiClient, SAMPLE, sessionFor } from "../support/api.ts";
import { createEvent } from "../support/factories.ts";

// The demo seeds the Nordic Council's 2031 session as a blackout for the Nordic countries on
// Monday 27 – Thursday 30 October 2031, and the EU Anti-Trafficking Day (18 October) as an observance.
const TODAY = "2031-03-10";
let anonymous: ApiClient;
let coordinator: ApiClient;
let partner: ApiClient;
const stack = useStack({ today: TODAY });
beforeAll(async () => {
  anonymous = new ApiClient(stack.worker.baseUrl);
  coordinator = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator);
  partner = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerMarta);
});

const period = (o: Record<string, unknown> = {}) => ({
  kind: "blackout",
  title: "Baltic Sea Parliamentary Conference",
  startsOn: "2031-08-25",
  endsOn: "2031-08-27",
  countries: ["EE", "LV"],
  ...o,
});

const audits = async (id: string) =>
  (
    await stack.db.client.execute({ sql: "SELECT action, before, after FROM audit_log WHERE entity = 'observance' AND entity_id = ? ORDER BY id", args: [id] })
  ).rows.map((r) => ({ action: r.action, before: r.before ? JSON.parse(String(r.before)) : null, after: r.after ? JSON.parse(String(r.after)) : null }));

const fieldOf = (res: { body: { error: { issues: { field: string }[] } } }) => res.body.error.issues.map((i) => i.field);

describe("GET /api/observances", () => {
  it("lists the seeded Nordic Council session week to anyone", async () => {
    const res = await anonymous.get("/api/observances?from=2031-10-01&to=2031-11-30");
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.observances).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: "blackout",
          title: "Nordic Council session 2031",
          startsOn: "2031-10-27",
          endsOn: "2031-10-30",
          countries: ["DK", "FI", "IS", "NO", "SE"],
        }),
        expect.objectContaining({ kind: "observance", title: "EU Anti-Trafficking Day", startsOn: "2031-10-18", countries: [] }),
      ]),
    );
  });

  it("names a bad span", async () => {
    const backwards = await anonymous.get("/api/observances?from=2031-05-01&to=2031-04-01");
    expect(backwards.status).toBe(400);
    expect(fieldOf(backwards)).toEqual(["to"]);
    const tooLong = await anonymous.get("/api/observances?from=2031-01-01&to=2034-01-01");
    expect(tooLong.status).toBe(400);
    expect(fieldOf(tooLong)).toEqual(["to"]);
  });
});

describe("POST /api/observances", () => {
  it("lets coordinators mark a period, audited; partners and the public may not", async () => {
    expect((await anonymous.post("/api/observances", period())).status).toBe(401);
    expect((await partner.post("/api/observances", period())).status).toBe(403);
    const made = await coordinator.post("/api/observances", period());
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(await audits(made.body.id)).toEqual([
      { action: "observance.create", before: null, after: expect.objectContaining({ title: "Baltic Sea Parliamentary Conference" }) },
    ]);
    const listed = await anonymous.get("/api/observances?from=2031-08-01&to=2031-08-31");
    expect(listed.body.observances.map((o: { id: string }) => o.id)).toContain(made.body.id);
  });

  it("names each bad field and writes nothing", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ endsOn: "2031-08-20" }, "endsOn"],
      [{ endsOn: "2031-10-25" }, "endsOn"],
      [{ startsOn: "2031-02-30" }, "startsOn"],
      [{ title: "" }, "title"],
      [{ title: "x".repeat(121) }, "title"],
      [{ kind: "holiday" }, "kind"],
      [{ countries: ["US"] }, "countries[0]"],
      [{ countries: ["EE", "EE"] }, "countries"],
      [{ colour: "red" }, "colour"],
    ];
    const count = async () => Number((await stack.db.client.execute("SELECT count(*) AS n FROM observances")).rows[0].n);
    const before = await count();
    for (const [change, field] of cases) {
      const res = await coordinator.post("/api/observances", period(change));
      expect(res.status, JSON.stringify(change)).toBe(400);
      expect(fieldOf(res), JSON.stringify(change)).toContain(field);
    }
    expect(await count()).toBe(before);
  });
});

describe("PATCH /api/observances/:id and DELETE", () => {
  it("changes only the fields sent, audits only what changed, and a no-op writes nothing", async () => {
    const { body } = await coordinator.post("/api/observances", period({ title: "Council week" }));
    expect((await partner.patch(`/api/observances/${body.id}`, { title: "Mine" })).status).toBe(403);
    const res = await coordinator.patch(`/api/observances/${body.id}`, { title: "Council session week" });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ ...period({ title: "Council session week" }), id: body.id });
    // The same countries in another order, and the title it has now: nothing changes.
    expect((await coordinator.patch(`/api/observances/${body.id}`, { title: "Council session week", countries: ["LV", "EE"] })).status).toBe(200);
    expect(await audits(body.id)).toEqual([
      expect.objectContaining({ action: "observance.create" }),
      { action: "observance.update", before: { title: "Council week" }, after: { title: "Council session week" } },
    ]);
    // The rules between the dates hold for the period as the PATCH would leave it.
    const backwards = await coordinator.patch(`/api/observances/${body.id}`, { endsOn: "2031-08-24" });
    expect(backwards.status).toBe(400);
    expect(fieldOf(backwards)).toEqual(["endsOn"]);
    expect((await coordinator.patch("/api/observances/no-such-period", { title: "x" })).status).toBe(404);

    expect((await partner.delete(`/api/observances/${body.id}`)).status).toBe(403);
    expect((await coordinator.delete(`/api/observances/${body.id}`)).status).toBe(204);
    expect((await coordinator.delete(`/api/observances/${body.id}`)).status).toBe(404);
    expect((await audits(body.id)).at(-1)).toEqual({
      action: "observance.delete",
      before: expect.objectContaining({ title: "Council session week" }),
      after: null,
    });
  });
});

describe("the radar and observances", () => {
  const seminar = (country: string, o: Record<string, unknown> = {}) => ({ allDay: true, startsAt: "2031-10-29", endsAt: "2031-10-29", country, ...o });

  it("rates an event in the Nordic Council's session week in Sweden a high clash, naming the period", async () => {
    const res = await anonymous.post("/api/clash-check", seminar("SE"));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.highest).toBe("high");
    expect(res.body.periods).toEqual([
      expect.objectContaining({
        kind: "blackout",
        severity: "high",
        reasons: [
          expect.objectContaining({
            code: "blackout",
            title: "Nordic Council session 2031",
            text: "in the blackout period Nordic Council session 2031 (2031-10-27 to 2031-10-30)",
          }),
        ],
      }),
    ]);
    // In Estonia the Nordic blackout does not apply.
    const tallinn = await anonymous.post("/api/clash-check", seminar("EE"));
    expect(tallinn.body.periods).toEqual([]);
  });

  it("counts an observance as a medium reason", async () => {
    const res = await anonymous.post("/api/clash-check", seminar("EE", { startsAt: "2031-10-17", endsAt: "2031-10-18" }));
    expect(res.body.periods).toEqual([expect.objectContaining({ kind: "observance", severity: "medium", title: "EU Anti-Trafficking Day" })]);
    expect(["high", "medium"]).toContain(res.body.highest);
  });
});

describe("GET /api/free-dates, proposing only good dates", () => {
  const weekdays = (dates: { start: string; end: string }[]) =>
    dates.flatMap((d) => {
      const out: number[] = [];
      for (let t = Date.parse(d.start); t <= Date.parse(d.end); t += 86_400_000) out.push(new Date(t).getUTCDay());
      return out;
    });

  it("never proposes a date the radar rates high, and says when fewer good dates exist than asked", async () => {
    // Monday 16 – Friday 20 June 2031: a two-day conference of Marta's in Estonia on Tuesday–Wednesday.
    await createEvent(stack.db.client, {
      title: "Marta police cooperation conference",
      type: "conference",
      allDay: true,
      startsAt: "2031-06-17",
      endsAt: "2031-06-18",
      country: "EE",
      organisers: ["marta"],
      topics: ["police-cooperation"],
    });
    const query = "days=1&from=2031-06-16&to=2031-06-20&countries=EE&organisers=marta&topics=police-cooperation&limit=8";
    const res = await anonymous.get(`/api/free-dates?${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const starts = res.body.dates.map((d: { start: string }) => d.start);
    expect(starts).not.toContain("2031-06-17");
    expect(starts).not.toContain("2031-06-18");
    expect(res.body.dates.every((d: { severity: string | null }) => d.severity !== "high")).toBe(true);
    expect(res.body).toMatchObject({ asked: 8, found: starts.length, shortBy: 8 - starts.length, reason: "few_good_dates" });
    expect(res.body.rejected.high).toBeGreaterThanOrEqual(2);
    // Weekends are left out unless asked for.
    expect(res.body.rejected.excludedDays).toBe(0);
    expect(weekdays(res.body.dates)).not.toContain(0);
  });

  it("never proposes a day in a blackout period", async () => {
    const res = await anonymous.get("/api/free-dates?days=1&from=2031-10-20&to=2031-11-07&countries=SE&limit=20");
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const starts: string[] = res.body.dates.map((d: { start: string }) => d.start);
    expect(starts.filter((s) => s >= "2031-10-27" && s <= "2031-10-30")).toEqual([]);
    expect(res.body.rejected.blackout).toBe(4);
    // Three weeks hold 15 weekdays; four are the session's and 31 October is no Swedish holiday.
    expect(res.body).toMatchObject({ asked: 20, found: 11, shortBy: 9, reason: "few_good_dates" });
  });

  it("proposes observance days only when nothing else is left, and says so", async () => {
    const { body } = await coordinator.post("/api/observances", {
      kind: "observance",
      title: "Regional week of action",
      startsOn: "2031-09-01",
      endsOn: "2031-09-05",
      countries: [],
    });
    const res = await anonymous.get("/api/free-dates?days=1&from=2031-09-01&to=2031-09-09&countries=FI&limit=3");
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const dates = res.body.dates as { start: string; periods: { title: string }[] }[];
    expect(dates.map((d) => d.start).slice(0, 2)).toEqual(["2031-09-08", "2031-09-09"]);
    expect(dates[0].periods).toEqual([]);
    expect(dates[2].periods.map((p) => p.title)).toEqual(["Regional week of action"]);
    expect(res.body.usesObservances).toBe(true);
    expect(res.body.shortBy).toBe(0);
    await coordinator.delete(`/api/observances/${body.id}`);
  });

  it("leaves out weekends and the target countries' public holidays unless asked for", async () => {
    // 28 April – 4 May 2031: 1 May (Thursday) is a public holiday in Finland.
    const base = "days=1&from=2031-04-28&to=2031-05-04&countries=FI&limit=10";
    const plain = await anonymous.get(`/api/free-dates?${base}`);
    const starts = plain.body.dates.map((d: { start: string }) => d.start);
    expect(starts).not.toContain("2031-05-01");
    expect(weekdays(plain.body.dates).filter((d) => d === 0 || d === 6)).toEqual([]);
    expect(plain.body.rejected.excludedDays).toBe(3);
    const all = await anonymous.get(`/api/free-dates?${base}&weekends=true&holidays=true`);
    expect(all.body.dates.map((d: { start: string }) => d.start)).toEqual(expect.arrayContaining(["2031-05-01", "2031-05-03", "2031-05-04"]));
  });
});
