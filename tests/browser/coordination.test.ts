import { describe, expect, it } from "vitest";
import { dayFrom, useStack } from "../support/stack.ts";
import { SAMPLE, sessionFor } from "../support/api.ts";
import { expectAccessible } from "../support/axe.ts";
import { openPage } from "../support/browser.ts";

// The dashboard looks ahead of the real today, so the demo is placed relative to it here.
const TODAY = "2031-03-10";
const day = (n: number) => dayFrom(TODAY, n);
const stack = useStack({ today: TODAY, browser: true });

const newPage = (userId?: string) => openPage(stack.browser, stack.db.client, stack.worker.baseUrl, { userId, timezoneId: "Europe/Riga", now: stack.now });

describe("coordination pages", () => {
  it("finds free dates that avoid the Riga police conference", async () => {
    const page = await newPage();
    await page.goto(`${stack.worker.baseUrl}/free-dates`);
    await page.getByLabel("Length in days").fill("2");
    await page.getByLabel("From").fill(day(50));
    await page.getByLabel("To", { exact: true }).fill(day(66));
    await page.getByLabel("Countries (codes, comma-separated, e.g. EE,LV)").fill("EE,LV");
    await page.getByLabel("Audience").selectOption("police");
    await page.getByRole("button", { name: "Find dates" }).click();
    const results = page.locator("ol.event-list > li");
    await results.first().waitFor();
    // The best date has nothing else on; the conference dates (days 57–58) are not among the first three.
    const best = (await results.locator(".meta").allInnerTexts()).slice(0, 3);
    expect(best[0].trim(), JSON.stringify(best)).toBe("nothing else on");
    const text = await page.locator("ol.event-list").innerText();
    const conferenceDay = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", timeZone: "UTC" }).format(new Date(`${day(57)}T00:00:00Z`));
    const firstThree = (await results.locator("strong").allInnerTexts()).slice(0, 3).join("|");
    expect(firstThree, text).not.toContain(conferenceDay);
    await expectAccessible(page);
  });

  it("shows how busy the demo year is, with numbers for screen readers", async () => {
    const page = await newPage();
    await page.goto(`${stack.worker.baseUrl}/heatmap?year=${day(11).slice(0, 4)}&by=audience`);
    const police = page.locator("table.heatmap tr").filter({ has: page.locator("th", { hasText: "Police" }) });
    await police.waitFor();
    const labels = await police.locator("a[aria-label]").evaluateAll((as) => as.map((a) => a.getAttribute("aria-label")));
    expect(labels.length).toBeGreaterThan(0);
    expect(labels[0]).toMatch(/^Police, week of .*: \d+$/);
    await expectAccessible(page);
  });

  it("draws observances and blackout periods under the weeks they cover", async () => {
    await stack.db.client.execute({
      sql: "INSERT INTO observances (id, kind, title, starts_on, ends_on, countries) VALUES ('hm-blackout', 'blackout', 'Heatmap test session week', ?, ?, '[]')",
      args: [day(21), day(30)],
    });
    const page = await newPage();
    await page.goto(`${stack.worker.baseUrl}/heatmap?year=${day(21).slice(0, 4)}&by=country`);
    const row = page.locator("table.heatmap tbody.heatmap-periods tr").filter({ hasText: "Heatmap test session week (Blackout period)" });
    await row.waitFor();
    // Ten days from a Thursday touch two or three weeks; each marked cell says so in words too.
    const marked = row.locator("td.period-blackout");
    expect(await marked.count()).toBeGreaterThanOrEqual(2);
    expect(await marked.count()).toBeLessThanOrEqual(3);
    expect(await marked.first().textContent()).toBe("Blackout period");
    await expectAccessible(page);
    await stack.db.client.execute("DELETE FROM observances WHERE id = 'hm-blackout'");
  });

  it("says why the free dates could not be found when the reader is offline", async () => {
    const page = await newPage();
    await page.goto(`${stack.worker.baseUrl}/free-dates`);
    await page.getByLabel("Audience").selectOption("police");
    await page.context().setOffline(true);
    await page.getByRole("button", { name: "Find dates" }).click();
    await page.getByRole("alert").filter({ hasText: "You are offline; try again when you are back online." }).waitFor();
    await page.context().setOffline(false);
  });

  it("says why the heat map is empty for a year the API refuses", async () => {
    const page = await newPage();
    await page.goto(`${stack.worker.baseUrl}/heatmap?year=1800&by=audience`);
    await page.getByRole("alert").filter({ hasText: "year: must be 1990 or later" }).waitFor();
    await expectAccessible(page);
  });

  it("lets a partner hold dates that then show up for other partners", async () => {
    const page = await newPage(SAMPLE.partnerNbpn);
    await page.goto(`${stack.worker.baseUrl}/holds`);
    await page.getByLabel("What for").fill("Autumn police academy (dates held)");
    await page.getByLabel("First day").fill(day(200));
    await page.getByLabel("Last day").fill(day(201));
    await page.getByLabel("Hold until").fill(day(150));
    await page.getByLabel("Countries (codes, comma-separated)").fill("LT");
    await page.getByRole("button", { name: "Hold these dates" }).click();
    await page.getByText("Autumn police academy (dates held)").waitFor();
    await expectAccessible(page);
    const other = await newPage(SAMPLE.partnerMarta);
    await other.goto(`${stack.worker.baseUrl}/holds`);
    await other.getByText("Autumn police academy (dates held)").waitFor();
    expect(await other.getByRole("button", { name: "Release" }).count()).toBe(0);
  });

  it("lets a partner change a hold's expiry from the form, keeping what the form does not show", async () => {
    const api = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerMarta);
    const made = await api.post("/api/holds", {
      organisationId: "marta",
      title: "Shelter staff training (held)",
      startsOn: day(210),
      endsOn: day(211),
      expiresOn: day(150),
      countries: ["LV"],
      audiences: ["social-workers"],
      topics: ["victim-support"],
    });
    expect(made.status).toBe(201);
    const page = await newPage(SAMPLE.partnerMarta);
    await page.goto(`${stack.worker.baseUrl}/holds`);
    const item = page.locator("li").filter({ hasText: "Shelter staff training (held)" });
    await item.getByRole("button", { name: "Change" }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe("Change held dates");
    expect(await page.getByLabel("What for").inputValue()).toBe("Shelter staff training (held)");
    await page.getByLabel("Hold until").fill(day(160));
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByRole("heading", { name: "Hold dates" }).waitFor();
    const { rows } = await stack.db.client.execute({ sql: "SELECT expires_on, topics, audiences, countries FROM holds WHERE id = ?", args: [made.body.id] });
    expect(rows[0]).toMatchObject({ expires_on: day(160), topics: '["victim-support"]', audiences: '["social-workers"]', countries: '["LV"]' });
    const audit = await stack.db.client.execute({
      sql: "SELECT after FROM audit_log WHERE entity = 'hold' AND entity_id = ? AND action = 'hold.update'",
      args: [made.body.id],
    });
    expect(audit.rows.map((r) => JSON.parse(String(r.after)))).toEqual([{ expiresOn: day(160) }]);
    await expectAccessible(page);
  });

  it("gives coordinators a dashboard of clashes to acknowledge", async () => {
    const page = await newPage(SAMPLE.coordinator);
    await page.goto(`${stack.worker.baseUrl}/dashboard`);
    await page.getByRole("heading", { name: "Clashes among upcoming events" }).waitFor();
    const first = page.locator("li.clash").first();
    await first.waitFor();
    const before = await page.locator("li.clash").count();
    await first.getByRole("button", { name: "Acknowledge" }).click();
    await expect.poll(() => page.locator("li.clash").count()).toBe(before - 1);
    await expectAccessible(page);
  });
});
