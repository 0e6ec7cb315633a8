/** The test clock (TEST_NOW) is honoured only by a local test Worker; a deployed one refuses it. */
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../functions/env.ts";

const base = { LIBSQL_URL: "http://127.0.0.1:8080", LINK_SECRET: "x".repeat(32) };

describe("TEST_NOW", () => {
  it("pins the clock of a test Worker on a loopback origin", () => {
    const config = parseConfig({ ...base, PUBLIC_ORIGIN: "http://127.0.0.1:8787", TEST_NOW: "2031-03-10T10:00:00Z", ALLOW_TEST_CLOCK: "true" });
    expect(config.TEST_NOW?.toISOString()).toBe("2031-03-10T10:00:00.000Z");
  });

  it("is refused without ALLOW_TEST_CLOCK", () => {
    expect(() => parseConfig({ ...base, PUBLIC_ORIGIN: "http://127.0.0.1:8787", TEST_NOW: "2031-03-10T10:00:00Z" })).toThrow(
      'Invalid configuration: TEST_NOW: is honoured only in a test Worker (ALLOW_TEST_CLOCK = "true")',
    );
  });

  it("is refused by a deployed Worker even with ALLOW_TEST_CLOCK", () => {
    expect(() => parseConfig({ ...base, PUBLIC_ORIGIN: "https://calendar.example.org", TEST_NOW: "2031-03-10T10:00:00Z", ALLOW_TEST_CLOCK: "true" })).toThrow(
      "Invalid configuration: ALLOW_TEST_CLOCK: must not be set in a deployed Worker (PUBLIC_ORIGIN is not a loopback address)",
    );
  });

  it("must be an instant", () => {
    expect(() => parseConfig({ ...base, PUBLIC_ORIGIN: "http://localhost:8787", TEST_NOW: "next tuesday", ALLOW_TEST_CLOCK: "true" })).toThrow(
      "TEST_NOW: must be an ISO 8601 instant (2031-03-10T10:00:00Z)",
    );
  });

  it("leaves a Worker without it on the real clock", () => {
    expect(parseConfig({ ...base, PUBLIC_ORIGIN: "https://calendar.example.org" }).TEST_NOW).toBeUndefined();
  });
});
