/** What one subscriber's digest says, composed from given data (no database, no mail). */
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { composeDigest } from "../../functions/digest/compose.ts";
import { MAX_LISTED } from "../../functions/digest/select.ts";
import { data, event, subscriber } from "../support/digest-data.ts";

const opts = {
  origin: "https://calendar.example.org",
  fromAddress: "calendar@example.org",
  manageUrl: "https://calendar.example.org/digest/preferences?token=m",
  unsubscribeUrl: "https://calendar.example.org/digest/unsubscribe?token=u",
};

describe("composeDigest", () => {
  it("lists only what matches every chosen filter, with times in the subscriber's zone", () => {
    const d = composeDigest(
      subscriber({ countries: ["LV"], topics: ["prevention"] }),
      data([event(1), event(2, { country: "EE" }), event(3, { topics: ["research"] })]),
      opts,
    )!;
    expect(d.eventCount).toBe(1);
    expect(d.text).toContain("Event 1");
    expect(d.text).not.toContain("Event 2");
    // 2027-03-02 07:00 UTC is 09:00 in Helsinki (EET).
    expect(d.text).toMatch(/Tue 2 Mar, 09:00–10:00/);
  });

  it("sends nothing for an empty week unless a note was asked for", () => {
    expect(composeDigest(subscriber({ countries: ["IS"] }), data([event(1)]), opts)).toBeNull();
    const note = composeDigest(subscriber({ countries: ["IS"], emptyNote: true }), data([event(1)]), opts)!;
    expect(note.subject).toBe("Northern Dimension calendar: nothing new this week");
    expect(note.ics).toBeNull();
    expect(note.text).toContain("Nothing in the coming weeks matches your interests.");
  });

  it("keeps a long digest readable: at most MAX_LISTED events, the rest one link away", () => {
    const many = Array.from({ length: MAX_LISTED + 10 }, (_, i) => event(i));
    const d = composeDigest(subscriber(), data(many), opts)!;
    expect(d.subject).toContain(`${MAX_LISTED + 10} events`);
    expect(d.text).toContain("10 more events in these weeks");
    const calendar = new ICAL.Component(ICAL.parse(d.ics!));
    expect(calendar.getAllSubcomponents("vevent")).toHaveLength(MAX_LISTED);
  });

  it("marks new, cancelled and postponed events, and reports a new high clash", () => {
    const fresh = { publishedAt: "2027-02-28T00:00:00Z" };
    const d = composeDigest(subscriber(), data([event(1, fresh), event(2, { status: "cancelled" }), event(3, { status: "postponed" }), event(4)]), opts)!;
    expect(d.text).toContain("[NEW] Event 1");
    expect(d.text).toContain("[CANCELLED] Event 2");
    expect(d.text).toContain("[POSTPONED] Event 3");
    expect(d.text).toContain("* Event 4");
    expect(d.text).toMatch(/Clashes to know about[\s\S]*Event 1 and Event 3/);
  });

  it("writes hostile titles as text in both parts of the mail", () => {
    const title = `Budget $& review $' </script><b>bold</b>`;
    const d = composeDigest(subscriber(), data([event(1, { title })]), opts)!;
    expect(d.text).toContain(`* ${title}`);
    expect(d.html).toContain(">Budget $&amp; review $&#39; &lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;</a>");
    expect(d.html).not.toContain("<b>bold</b>");
    expect(d.html).not.toContain("</script>");
    expect(d.html.match(/<\/html>/g)).toHaveLength(1);
  });
});
