/**
 * The event form sends what it shows and shows every field an editor may set: an edit sends only
 * what the person changed, with the version it was loaded at, so a save changes nothing else.
 * Once the form never showed languages, recurrence or cancelled occurrences, and every save sent
 * every field it held, rewriting what the person had not touched.
 */
import type { Page, Request } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { type ApiClient, SAMPLE, sessionFor } from "../support/api.ts";
import { expectAccessible } from "../support/axe.ts";
import { openPage } from "../support/browser.ts";
import { useStack } from "../support/stack.ts";

const TODAY = "2030-03-04";
const stack = useStack({ today: TODAY, browser: true });
let coordinator: ApiClient;
beforeAll(async () => {
  coordinator = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator);
});

/** A weekly series with every field away from its default, as the API stores it. */
const series = (title: string) => ({
  title,
  summary: "Coordination of the region's shelters",
  // Text from an import often ends in a newline; the form must not "tidy" it on a save.
  description: "The agenda follows by mail.\n",
  type: "meeting",
  status: "confirmed",
  visibility: "partners",
  allDay: false,
  startsAt: "2030-04-02T10:00",
  endsAt: "2030-04-02T11:30",
  timeZone: "Europe/Riga",
  venue: "City hall, room 4",
  city: "Riga",
  country: "LV",
  onlineUrl: "https://example.org/meet/shelters",
  registrationUrl: "https://example.org/register/shelters",
  attendanceMode: "hybrid",
  languages: ["lv", "ru"],
  organisers: ["marta", "riga-city"],
  ownerOrganisationId: "marta",
  topics: ["victim-support", "police-cooperation"],
  audiences: ["police", "social-workers"],
  rrule: "FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20300630T235959Z",
  exdates: ["2030-04-16T10:00", "2030-05-07T10:00"],
  clashJustification: "Fixed by the ministry's schedule",
  publish: true,
});

async function create(body: Record<string, unknown>): Promise<string> {
  const res = await coordinator.post("/api/events", body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.slug;
}

async function read(slug: string): Promise<{ event: Record<string, any>; etag: string | null }> {
  const res = await coordinator.get(`/api/events/${slug}`);
  expect(res.status).toBe(200);
  return { event: res.body, etag: res.headers.get("etag") };
}

async function auditOf(eventId: string): Promise<{ action: string; after: Record<string, unknown> | null }[]> {
  const res = await coordinator.get(`/api/audit?entity=event&entityId=${eventId}`);
  expect(res.status).toBe(200);
  return res.body.entries;
}

async function openForm(slug: string): Promise<Page> {
  const page = await openPage(stack.browser, stack.db.client, stack.worker.baseUrl, {
    userId: SAMPLE.coordinator,
    timezoneId: "Europe/Riga",
    now: stack.now,
  });
  await page.goto(`${stack.worker.baseUrl}/events/${slug}/edit`);
  await page.getByRole("heading", { name: "Edit event" }).waitFor();
  await page.getByLabel("Title").waitFor();
  return page;
}

/** Saves, and returns the body of the PATCH the form sent. */
async function save(page: Page, slug: string): Promise<Record<string, unknown>> {
  const sent = page.waitForRequest((r: Request) => r.method() === "PATCH" && r.url().endsWith(`/api/events/${slug}`));
  await page.getByRole("button", { name: "Save" }).click();
  const request = await sent;
  await page.waitForURL(new RegExp(`/events/${slug}$`));
  return JSON.parse(request.postData() ?? "null");
}

describe("the event form on edit", () => {
  it("shows languages, the weekly rule with its end and the cancelled occurrences; a save without changes changes nothing", async () => {
    const slug = await create(series("Shelter coordination call"));
    const before = await read(slug);
    const page = await openForm(slug);

    expect(await page.getByLabel("Latvian").isChecked()).toBe(true);
    expect(await page.getByLabel("Russian").isChecked()).toBe(true);
    expect(await page.getByLabel("German").isChecked()).toBe(false);
    expect(await page.getByLabel("Repeats", { exact: true }).inputValue()).toBe("WEEKLY");
    expect(await page.getByLabel("Tuesday").isChecked()).toBe(true);
    expect(await page.getByLabel("Thursday").isChecked()).toBe(true);
    expect(await page.getByLabel("Monday").isChecked()).toBe(false);
    expect(await page.getByLabel("On a date").isChecked()).toBe(true);
    expect(await page.getByLabel("Last day").inputValue()).toBe("2030-06-30");
    const cancelled = await page.locator("#f-exdates").innerText();
    expect(cancelled).toContain("16 April 2030");
    expect(cancelled).toContain("7 May 2030");

    const body = await save(page, slug);
    expect(body).toEqual({});
    const after = await read(slug);
    expect(after.event).toEqual(before.event);
    expect(after.etag).toBe(before.etag);
    expect((await auditOf(before.event.id)).map((e) => e.action)).toEqual(["event.create"]);
  });

  it("sends only the title when only the title changed, and the audit names only the title", async () => {
    const slug = await create(series("Shelter coordination call B"));
    const before = await read(slug);
    const page = await openForm(slug);
    await page.getByLabel("Title").fill("Shelter coordination call (new time)");

    expect(await save(page, slug)).toEqual({ title: "Shelter coordination call (new time)" });
    const after = await read(slug);
    expect(after.event).toEqual({
      ...before.event,
      title: "Shelter coordination call (new time)",
      manage: { ...before.event.manage, version: before.event.manage.version + 1 },
    });
    const [latest] = await auditOf(before.event.id);
    expect(latest.action).toBe("event.update");
    expect(Object.keys(latest.after ?? {})).toEqual(["title"]);
  });

  it("sets languages, a recurrence and a cancelled occurrence through the form, with no CSP error and no axe violation", async () => {
    const slug = await create({
      ...series("Single seminar"),
      languages: [],
      rrule: null,
      exdates: [],
      organisers: ["marta"],
      topics: [],
      audiences: [],
      clashJustification: null,
    });
    // This page keeps the Content Security Policy: anything inline the form needed would be refused.
    const context = await stack.browser.newContext({ locale: "en-GB", timezoneId: "Europe/Riga" });
    const api = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator);
    const [name, value] = api.cookie!.split("=");
    await context.addCookies([{ name, value, domain: new URL(stack.worker.baseUrl).hostname, path: "/", secure: true, httpOnly: true, sameSite: "Lax" }]);
    const page = await context.newPage();
    const cspErrors: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) cspErrors.push(m.text());
    });
    await page.goto(`${stack.worker.baseUrl}/events/${slug}/edit`);
    await page.getByLabel("Title").waitFor();
    expect(await page.locator("#f-exdates").count()).toBe(0);

    await page.getByLabel("Estonian").check();
    await page.getByLabel("Repeats", { exact: true }).selectOption("WEEKLY");
    await page.getByLabel("Every how many weeks").fill("2");
    await page.getByLabel("Tuesday").check();
    await page.getByLabel("After a number of times").check();
    await page.getByLabel("Number of times", { exact: true }).fill("6");
    await page.getByLabel("Date of an occurrence to cancel").fill("2030-04-16");
    await page.getByRole("button", { name: "Add", exact: true }).click();
    expect(await page.locator("#f-exdates").innerText()).toContain("16 April 2030");
    expect(cspErrors).toEqual([]);

    const body = await save(page, slug);
    expect(Object.keys(body).sort()).toEqual(["exdates", "languages", "rrule"]);
    const { event } = await read(slug);
    expect(event.languages).toEqual(["et"]);
    expect(event.rrule).toBe("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=6");
    expect(event.exdates).toEqual(["2030-04-16T10:00"]);
    expect(event.title).toBe("Single seminar");
    expect(cspErrors).toEqual([]);

    // The same form, as a keyboard and screen-reader user meets it, with every new control shown.
    const a11y = await openForm(slug);
    await a11y.getByLabel("On a date").check();
    await expectAccessible(a11y);
  });

  it("restores a cancelled occurrence, and keeps a rule its controls cannot show exactly as it was", async () => {
    const slug = await create(series("Shelter coordination call C"));
    const page = await openForm(slug);
    await page.locator("#f-exdates li").filter({ hasText: "16 April 2030" }).getByRole("button", { name: "Restore" }).click();
    expect(await save(page, slug)).toEqual({ exdates: ["2030-05-07T10:00"] });
    expect((await read(slug)).event.exdates).toEqual(["2030-05-07T10:00"]);

    const monthly = await create({
      ...series("Second Tuesday forum"),
      rrule: "FREQ=MONTHLY;BYDAY=2TU;COUNT=6",
      exdates: [],
      startsAt: "2030-04-09T10:00",
      endsAt: "2030-04-09T12:00",
    });
    const form = await openForm(monthly);
    expect(await form.getByLabel("Repeats", { exact: true }).inputValue()).toBe("custom");
    expect(await form.getByLabel("Repetition rule (iCalendar RRULE)").inputValue()).toBe("FREQ=MONTHLY;BYDAY=2TU;COUNT=6");
    await form.getByLabel("Title").fill("Second Tuesday forum (Tallinn)");
    expect(await save(form, monthly)).toEqual({ title: "Second Tuesday forum (Tallinn)" });
    expect((await read(monthly)).event.rrule).toBe("FREQ=MONTHLY;BYDAY=2TU;COUNT=6");
  });

  it("moves the cancelled occurrences with the series when its start time changes", async () => {
    const slug = await create(series("Shelter coordination call E"));
    const page = await openForm(slug);
    await page.getByLabel("Starts").fill("2030-04-02T14:00");
    await page.getByLabel("Ends").fill("2030-04-02T15:30");
    const body = await save(page, slug);
    expect(Object.keys(body).sort()).toEqual(["endsAt", "exdates", "startsAt"]);
    expect((await read(slug)).event.exdates).toEqual(["2030-04-16T14:00", "2030-05-07T14:00"]);
  });

  it("shows the API's refusal of a recurrence next to the recurrence", async () => {
    const slug = await create({ ...series("Weekly call"), rrule: null, exdates: [] });
    const before = await read(slug);
    const page = await openForm(slug);
    await page.getByLabel("Repeats", { exact: true }).selectOption("WEEKLY");
    await page.getByLabel("After a number of times").check();
    await page.getByLabel("Number of times", { exact: true }).fill("5000");
    await page.getByRole("button", { name: "Save" }).click();
    const error = page.locator("#f-rrule .field-error");
    await error.waitFor();
    expect(await error.innerText()).toBe("the number of times must be between 1 and 1000");
    expect(await page.getByRole("alert").innerText()).toContain("Repetition: the number of times must be between 1 and 1000");
    expect((await read(slug)).event).toEqual(before.event);
  });

  it("on 412 says someone else changed the event, shows their version, and saves on top of it after", async () => {
    const slug = await create(series("Shelter coordination call D"));
    const page = await openForm(slug);
    const { etag } = await read(slug);
    const theirs = await coordinator.patch(`/api/events/${slug}`, { title: "Changed by a colleague", city: "Jelgava" }, { "if-match": etag! });
    expect(theirs.status).toBe(200);

    await page.getByLabel("Title").fill("My title");
    await page.getByRole("button", { name: "Save" }).click();
    const alert = page.getByRole("alert");
    await alert.filter({ hasText: "Someone else changed this event meanwhile" }).waitFor();
    expect(await page.getByLabel("Title").inputValue()).toBe("Changed by a colleague");
    expect(await page.getByLabel("City").inputValue()).toBe("Jelgava");
    expect((await read(slug)).event.title).toBe("Changed by a colleague");

    await page.getByLabel("Title").fill("My title");
    expect(await save(page, slug)).toEqual({ title: "My title" });
    const { event } = await read(slug);
    expect([event.title, event.city]).toEqual(["My title", "Jelgava"]);
  });
});
