/** The guarded fetcher's address rule (functions/import/safe-fetch.ts), as written in a link. */
import { describe, expect, it } from "vitest";
import { refusalOf } from "../../functions/import/safe-fetch.ts";

const refused = (url: string, allowLoopback = false) => refusalOf(new URL(url), allowLoopback);

describe("refusalOf", () => {
  it("lets public https addresses through", () => {
    for (const url of ["https://calendar.example.org/feed.ics", "https://93.184.216.34/x.ics", "https://[2606:4700::6810:85e5]/x.ics"]) {
      expect(refused(url), url).toBeNull();
    }
  });

  it("refuses anything but https", () => {
    expect(refused("http://calendar.example.org/feed.ics")).toBe("the address must start with https://");
    expect(refused("ftp://calendar.example.org/feed.ics")).toBe("the address must start with https://");
  });

  it("refuses private, loopback, link-local, unique-local and special-use addresses, however written", () => {
    for (const url of [
      "https://127.0.0.1/x",
      "https://0x7f.1/x", // WHATWG URL reads it as 127.0.0.1
      "https://2130706433/x",
      "https://10.0.0.1/x",
      "https://172.16.5.4/x",
      "https://192.168.1.1/x",
      "https://169.254.169.254/latest/meta-data/",
      "https://100.64.0.1/x",
      "https://0.0.0.0/x",
      "https://224.0.0.1/x",
      "https://[::1]/x",
      "https://[::]/x",
      "https://[::ffff:127.0.0.1]/x",
      "https://[::ffff:10.0.0.1]/x",
      "https://[64:ff9b::a00:1]/x",
      "https://[fd00::1]/x",
      "https://[fe80::1]/x",
      "https://[ff02::1]/x",
      "https://[2001:db8::1]/x",
      "https://[2002:7f00:1::]/x",
      "https://localhost/x",
      "https://api.localhost/x",
      "https://printer.local/x",
      "https://metadata.google.internal/x",
      "https://intranet/x",
    ]) {
      expect(refused(url), url).toContain("private or local network");
    }
  });

  it("with the test switch, lets loopback feeds through and nothing else", () => {
    expect(refused("http://127.0.0.1:8123/feed.ics", true)).toBeNull();
    expect(refused("http://localhost:8123/feed.ics", true)).toBeNull();
    expect(refused("http://[::1]:8123/feed.ics", true)).toContain("private or local network");
    expect(refused("http://10.0.0.1/feed.ics", true)).toContain("private or local network");
    expect(refused("https://169.254.169.254/", true)).toContain("private or local network");
    expect(refused("http://calendar.example.org/feed.ics", true)).toBe("the address must start with https://");
  });
});
