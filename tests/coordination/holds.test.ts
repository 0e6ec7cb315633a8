/** Save-the-date holds: partners only, in the radar, released or converted, reminded once. */
import { beforeAll, describe, expect, it } from "vitest";
import { dayFrom, useStack } from "../support/stack.ts";
import { ApiClient, SAMPLE, sessionFor } from "../support/api.ts";

const TODAY = "2031-03-10";
const day = (n: number) => dayFrom(TODAY, n);
let nbpn: ApiClient;
let marta: ApiClient;
const stack = useStack({ today: TODAY, smtp: true });
beforeAll(async () => {
  nbpn = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerNbpn);
  marta = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerMarta);
});

const hold = (o: Record<string, unknown> = {}) => ({
  organisationId: "nbpn",
  title: "Nordic-Baltic police forum (dates held)",
  startsOn: day(200),
  endsOn: day(201),
  expiresOn: day(150),
  countries: ["EE"],
  audiences: ["police"],
  topics: [],
  ...o,
});

describe("holds", () => {
  it("are visible to partners and take part in their radar, but not the public's", async () => {
    const made = await nbpn.post("/api/holds", hold());
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const listed = await marta.get("/api/holds");
    expect(listed.body.holds.map((h: { title: string }) => h.title)).toContain("Nordic-Baltic police forum (dates held)");
    expect((await new ApiClient(stack.worker.baseUrl).get("/api/holds")).status).toBe(401);

    const proposal = { allDay: true, startsAt: day(201), endsAt: day(201), country: "EE", audiences: ["police"] };
    const seen = await marta.post("/api/clash-check", proposal);
    const clash = seen.body.clashes.find((c: { kind: string }) => c.kind === "hold");
    expect(clash).toMatchObject({ title: "Nordic-Baltic police forum (dates held)", organiser: "NBPN", severity: "high" });
    const publicView = await new ApiClient(stack.worker.baseUrl).post("/api/clash-check", proposal);
    expect(publicView.body.clashes.some((c: { kind: string }) => c.kind === "hold")).toBe(false);

    const free = await marta.get(`/api/free-dates?days=1&from=${day(195)}&to=${day(206)}&countries=EE&audiences=police&weekends=true&holidays=true&limit=3`);
    expect(free.body.dates.map((d: { start: string }) => d.start)).not.toContain(day(200));
    expect(free.body.dates.map((d: { start: string }) => d.start)).not.toContain(day(201));
  });

  it("are released or converted only by their organisation (or a coordinator)", async () => {
    const { body } = await nbpn.post("/api/holds", hold({ title: "To release" }));
    expect((await marta.delete(`/api/holds/${body.id}`)).status).toBe(403);
    expect((await nbpn.delete(`/api/holds/${body.id}`)).status).toBe(204);
    expect((await nbpn.get("/api/holds")).body.holds.map((h: { title: string }) => h.title)).not.toContain("To release");

    const second = await nbpn.post("/api/holds", hold({ title: "Seminar on trafficking for forced criminality" }));
    const converted = await nbpn.post(`/api/holds/${second.body.id}/convert`, {});
    expect(converted.status).toBe(201);
    const event = await nbpn.get(`/api/events/${converted.body.slug}`);
    expect(event.body).toMatchObject({
      title: "Seminar on trafficking for forced criminality",
      allDay: true,
      startsAt: day(200),
      endsAt: day(201),
      status: "tentative",
    });
    expect(event.body.manage.moderation).toBe("draft");
    expect((await nbpn.get("/api/holds")).body.holds.map((h: { title: string }) => h.title)).not.toContain("Seminar on trafficking for forced criminality");
  });

  it("names bad dates", async () => {
    const res = await nbpn.post("/api/holds", hold({ endsOn: day(190) }));
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0].field).toBe("endsOn");
    const other = await nbpn.post("/api/holds", hold({ organisationId: "marta" }));
    expect(other.status).toBe(403);
  });

  it("reminds the holder once, a few days before the hold expires", async () => {
    await nbpn.post("/api/holds", hold({ title: "Expiring soon", startsOn: day(30), endsOn: day(30), expiresOn: day(2) }));
    const tick = () => stack.cron("*/5 * * * *");
    await tick();
    const mail = await stack.smtp.waitFor((m) => (m.parsed.subject ?? "").startsWith("Your hold on"));
    expect(mail.envelope.to).toEqual(["partner.nbpn@example.org"]);
    expect(mail.parsed.subject).toBe("Your hold on 2031-04-09 expires on 2031-03-12");
    expect(mail.parsed.text).toContain("Expiring soon");
    await tick();
    expect(stack.smtp.messages.filter((m) => m.parsed.text?.includes("Expiring soon"))).toHaveLength(1);
  });

  it("are retired by the first tick after the day they expire", async () => {
    const { body } = await nbpn.post("/api/holds", hold({ title: "Lapsing", startsOn: day(40), endsOn: day(41), expiresOn: day(5) }));
    const titles = async () => (await nbpn.get("/api/holds")).body.holds.map((h: { title: string }) => h.title);
    await stack.cron("*/5 * * * *", new Date(`${day(5)}T23:55:00Z`));
    expect(await titles()).toContain("Lapsing");
    await stack.cron("*/5 * * * *", new Date(`${day(6)}T00:05:00Z`));
    expect(await titles()).not.toContain("Lapsing");
    const row = await stack.db.client.execute({ sql: "SELECT status FROM holds WHERE id = ?", args: [body.id] });
    expect(row.rows[0].status).toBe("expired");
  });

  it("keep an organisation to 50 active holds, also when they are sent at the same moment", async () => {
    await stack.db.client.batch(
      [
        "INSERT INTO organisations (id, slug, name, kind) VALUES ('hold-cap', 'hold-cap', 'Hold cap test', 'ngo')",
        "INSERT INTO memberships (user_id, organisation_id) VALUES ('sample-partner-marta', 'hold-cap')",
      ],
      "write",
    );
    const answers = await Promise.all(Array.from({ length: 55 }, (_, i) => marta.post("/api/holds", hold({ organisationId: "hold-cap", title: `Held ${i}` }))));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([...Array<number>(50).fill(201), ...Array<number>(5).fill(409)]);
    expect(answers.find((a) => a.status === 409)!.body.error.issues[0]).toEqual({
      field: "organisationId",
      rule: "may hold at most 50 dates at a time",
      code: "too_many",
    });
  });
});
