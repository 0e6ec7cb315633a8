/**
 * The region's languages through the real Worker: pages, mail and feeds in the reader's language,
 * chosen by `?lang=`, the account, the switcher's cookie, then Accept-Language.
 */
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { ApiClient, SAMPLE, sessionFor } from "../support/api.ts";
import { useStack } from "../support/stack.ts";

const stack = useStack({ seedToday: "2030-03-04", smtp: true });

const EVENT = "/events/sample-task-force-meeting";
async function page(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${stack.worker.baseUrl}${path}`, { headers });
  return { res, text: await res.text() };
}

describe("server-rendered event page", () => {
  it("speaks the browser's language, with its dates written that way", async () => {
    const { res, text } = await page(EVENT, { "accept-language": "pl-PL,pl;q=0.9,en;q=0.5" });
    expect(res.status).toBe(200);
    expect(text).toContain('<html lang="pl"');
    expect(text).toContain("<dt>Kiedy</dt>");
    expect(text).toContain("Powrót do kalendarza");
    expect(text).toMatch(/piątek, 22 marca 2030/);
    expect(res.headers.get("vary")).toContain("Accept-Language");
  });

  it("falls back to English for a language the calendar does not speak", async () => {
    const { text } = await page(EVENT, { "accept-language": "fr-FR, es;q=0.8" });
    expect(text).toContain('<html lang="en"');
    expect(text).toContain("<dt>When</dt>");
    expect(text).toContain("Friday, 22 March 2030");
  });

  it("offers a switcher that works without JavaScript and remembers the choice", async () => {
    const first = await page(EVENT, { "accept-language": "en" });
    expect(first.text).toMatch(
      /<form method="get" class="language-switcher">.*<label for="language-switcher">Site language<\/label>.*<select id="language-switcher" name="lang">/s,
    );
    expect(first.text).toContain('<option value="ru" lang="ru">Русский</option>');
    const chosen = await page(`${EVENT}?lang=de`, { "accept-language": "en" });
    expect(chosen.text).toContain("<dt>Wann</dt>");
    expect(chosen.text).toContain('<option value="de" lang="de" selected>Deutsch</option>');
    expect(chosen.res.headers.get("set-cookie")).toMatch(/^lang=de; Path=\/; Max-Age=31536000; SameSite=Lax/);
    // The cookie (the switcher's, or the account's after sign-in) wins over the browser.
    const remembered = await page(EVENT, { "accept-language": "de", cookie: "lang=fi" });
    expect(remembered.text).toContain("<dt>Milloin</dt>");
  });

  it("says 'not found' in the reader's language too", async () => {
    const { res, text } = await page("/events/no-such-event", { "accept-language": "lt" });
    expect(res.status).toBe(404);
    expect(text).toContain("Renginys nerastas");
  });
});

describe("PUT /api/me", () => {
  it("keeps the account's language, and the account's mail follows it", async () => {
    const api = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerMarta);
    const put = await api.request("PUT", "/api/me", { json: { locale: "lv" } });
    expect(put.status).toBe(200);
    expect(put.headers.get("set-cookie")).toMatch(/^lang=lv;/);
    expect((await api.get("/api/me")).body.user.locale).toBe("lv");

    // The sign-in link asked for from an English browser still comes in Latvian.
    const res = await new ApiClient(stack.worker.baseUrl).post("/api/auth/sign-in", { email: "partner.marta@example.org" }, { "accept-language": "en" });
    expect(res.status).toBe(202);
    const mail = await stack.smtp.waitFor((m) => m.envelope.to.includes("partner.marta@example.org"));
    expect(mail.parsed.subject).toBe("Jūsu pieteikšanās saite Ziemeļu dimensijas kalendārā");
    expect(mail.parsed.text).toContain("Saite darbojas vienu reizi");
  });

  it("mails someone without an account in the language the request came in", async () => {
    await new ApiClient(stack.worker.baseUrl).post("/api/auth/sign-in", { email: "newcomer@example.ee" }, { "accept-language": "et-EE,et;q=0.9" });
    const mail = await stack.smtp.waitFor((m) => m.envelope.to.includes("newcomer@example.ee"));
    expect(mail.parsed.subject).toBe("Sinu sisselogimislink Northern Dimensioni kalendrisse");
  });

  it("refuses a language the calendar does not speak, naming the field", async () => {
    const api = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerNbpn);
    const res = await api.request("PUT", "/api/me", { json: { locale: "fr" } });
    expect(res.status).toBe(400);
    expect(res.body.error.issues).toEqual([expect.objectContaining({ field: "locale", rule: expect.stringContaining("must be one of en, da") })]);
    expect((await api.get("/api/me")).body.user.locale).toBeNull();
  });
});

describe("feeds", () => {
  it("take the last of a repeated lang, as every query key is read", async () => {
    const res = await fetch(`${stack.worker.baseUrl}/calendar.ics?lang=ru&lang=en&country=NO`);
    const calendar = new ICAL.Component(ICAL.parse(await res.text()));
    expect(calendar.getFirstPropertyValue("x-wr-calname")).toMatch(/^Northern Dimension/);
  });

  it("name the calendar in the language of the subscription link", async () => {
    const res = await fetch(`${stack.worker.baseUrl}/calendar.ics?lang=ru&country=NO`);
    expect(res.status).toBe(200);
    const calendar = new ICAL.Component(ICAL.parse(await res.text()));
    expect(calendar.getFirstPropertyValue("x-wr-calname")).toBe("Календарь «Северного измерения» по противодействию торговле людьми");
    expect(calendar.getFirstPropertyValue("x-wr-caldesc")).toContain("торговле людьми");
    // Topics are named in the feed's language too (CATEGORIES).
    const categories = calendar.getAllSubcomponents("vevent").flatMap((e) => e.getAllProperties("categories").flatMap((p) => p.getValues()));
    expect(categories).toContain("Полицейское и трансграничное сотрудничество");
    expect(categories).not.toContain("Police and cross-border cooperation");
    expect(calendar.getAllSubcomponents("vevent").map((e) => e.getFirstPropertyValue("location"))).toContain("Oslo, Норвегия");
  });
});
