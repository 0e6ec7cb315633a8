/** The MIME both transports send, parsed back by mailparser. */
import { simpleParser } from "mailparser";
import { describe, expect, it } from "vitest";
import { buildMime, oneLine } from "../../functions/mail/message.ts";

const from = { name: "Calendar — Kalender", address: "calendar@example.org" };
const opts = { messageId: "m1@example.org", date: new Date("2030-03-04T06:00:00Z") };

describe("buildMime", () => {
  it("sends text and HTML alternatives with an attachment, non-ASCII intact", async () => {
    const raw = buildMime(
      {
        to: "reader@example.org",
        subject: "Семинар в Риге — Jämställdhet",
        text: `Привет, Ülle! Line one.\n.dot line\n${"long ".repeat(100)}`,
        html: "<p>Привет, <b>Ülle</b>!</p>",
        attachments: [{ filename: "events.ics", contentType: "text/calendar", content: "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n" }],
        headers: { "List-Unsubscribe": "<https://calendar.example.org/u/abc>" },
      },
      from,
      opts,
    );
    expect(raw.split("\r\n").every((line) => line.length <= 998)).toBe(true);
    expect(raw).toMatch(/^Subject: =\?utf-8\?B\?/m);
    const mail = await simpleParser(raw);
    expect(mail.subject).toBe("Семинар в Риге — Jämställdhet");
    expect(mail.from?.value[0]).toEqual({ name: "Calendar — Kalender", address: "calendar@example.org" });
    expect(mail.text).toContain("Привет, Ülle! Line one.\n.dot line");
    expect(mail.html).toContain("<b>Ülle</b>");
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]).toMatchObject({ filename: "events.ics", contentType: "text/calendar" });
    expect(mail.attachments[0].content.toString()).toContain("BEGIN:VCALENDAR");
    expect(mail.headers.get("list")).toMatchObject({ unsubscribe: { url: "https://calendar.example.org/u/abc" } });
    expect(mail.messageId).toBe("<m1@example.org>");
  });

  it("folds CR and LF in any header value to one line", async () => {
    const raw = buildMime(
      { to: "reader@example.org", subject: "a\r\nBcc: x@example.org", text: "t", headers: { "X-Event": "y\r\nBcc: z@example.org" } },
      { name: "Evil\r\nBcc: w@example.org", address: "calendar@example.org" },
      opts,
    );
    const head = raw.split("\r\n\r\n")[0];
    expect(head).not.toMatch(/^Bcc:/im);
    expect((await simpleParser(raw)).bcc).toBeUndefined();
    expect(oneLine("a\r\n\tb")).toBe("a b");
  });

  it("refuses addresses that could smuggle recipients", () => {
    expect(() => buildMime({ to: "a@example.org, b@example.org", subject: "s", text: "t" }, from, opts)).toThrow(/Recipient/);
    expect(() => buildMime({ to: "a@example.org\r\nBcc: b@example.org", subject: "s", text: "t" }, from, opts)).toThrow(/Recipient/);
    expect(() => buildMime({ to: "a@example.org", subject: "s", text: "t", headers: { "Bad Name:": "v" } }, from, opts)).toThrow(/header name/);
  });
});
