/** Security headers on the API and on the web app's pages. */
import { describe, expect, it } from "vitest";
import { useStack } from "../support/stack.ts";
import { SAMPLE, sessionFor } from "../support/api.ts";

const stack = useStack({ seedToday: "2030-03-04" });

function expectProtected(headers: Headers) {
  const csp = headers.get("content-security-policy") ?? "";
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain("unsafe-inline");
  expect(csp).toContain("frame-ancestors 'none'");
  const hsts = Number(/max-age=(\d+)/.exec(headers.get("strict-transport-security") ?? "")?.[1]);
  expect(hsts).toBeGreaterThanOrEqual(31_536_000);
  expect(headers.get("x-content-type-options")).toBe("nosniff");
}

describe("security headers", () => {
  it("protects API responses", async () => {
    expectProtected((await fetch(`${stack.worker.baseUrl}/api/events?from=2030-03-01&to=2030-03-31`)).headers);
    expectProtected((await fetch(`${stack.worker.baseUrl}/api/nothing`)).headers);
  });

  it("protects the web app's pages and sends no referrer from sign-in pages", async () => {
    const home = await fetch(`${stack.worker.baseUrl}/`);
    expectProtected(home.headers);
    const confirm = await fetch(`${stack.worker.baseUrl}/sign-in/confirm`);
    expectProtected(confirm.headers);
    expect(confirm.headers.get("referrer-policy")).toBe("no-referrer");
  });

  it("never lets a shared cache keep an answer meant for a signed-in user", async () => {
    const anonymous = await fetch(`${stack.worker.baseUrl}/api/events?from=2030-03-01&to=2030-03-31`);
    expect(anonymous.headers.get("cache-control")).toContain("public");
    const partner = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerMarta);
    const signedIn = await partner.get("/api/events?from=2030-03-01&to=2030-03-31");
    expect(signedIn.headers.get("cache-control")).toBe("no-store");
  });
});

describe("caching of the web app's files", () => {
  it("keeps hashed assets for a year, asks again for the page and the service worker", async () => {
    const page = await fetch(`${stack.worker.baseUrl}/`);
    const html = await page.text();
    expect(page.headers.get("cache-control") ?? "").not.toContain("immutable");
    const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThan(1);
    for (const path of assets) {
      const res = await fetch(`${stack.worker.baseUrl}${path}`);
      await res.arrayBuffer();
      expect(res.status, path).toBe(200);
      expect(res.headers.get("cache-control"), path).toBe("public, max-age=31536000, immutable");
    }
    const sw = await fetch(`${stack.worker.baseUrl}/sw.js`);
    expect(await sw.text()).toContain('addEventListener("fetch"');
    expect(sw.headers.get("cache-control")).toBe("no-cache");
  });
});
