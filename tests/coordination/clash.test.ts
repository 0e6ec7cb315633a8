/** What the clash scores mean: pinned, so that a change of weights is a decision, not an accident. */
import { describe, expect, it } from "vitest";
import { scoreClash, type ClashSubject } from "../../functions/coordination/clash.ts";
import { DEFAULT_MARGIN_DAYS } from "../../functions/coordination/weights.ts";

const DAY = 86_400_000;
const base = Date.parse("2030-05-06T00:00:00Z");
const subject = (o: Partial<ClashSubject> & { day?: number; days?: number } = {}): ClashSubject => ({
  startUtc: base + (o.day ?? 0) * DAY,
  endUtc: base + ((o.day ?? 0) + (o.days ?? 1)) * DAY,
  countries: [],
  city: null,
  topics: [],
  audiences: [],
  organisers: [],
  languages: [],
  ...o,
});
const score = (a: ClashSubject, b: ClashSubject) => scoreClash(a, b, DEFAULT_MARGIN_DAYS);

describe("scoreClash", () => {
  it("ranks the same audience in the same week above the same topic in another country", () => {
    const proposal = subject({ countries: ["EE"], audiences: ["police"], topics: ["victim-support"] });
    const sameAudienceSameWeek = score(proposal, subject({ day: 2, countries: ["LV"], audiences: ["police"] }))!;
    const sameTopicOtherCountry = score(proposal, subject({ countries: ["SE"], topics: ["victim-support"] }))!;
    expect(sameAudienceSameWeek.score).toBeGreaterThan(sameTopicOtherCountry.score);
  });

  it("calls a police seminar in Tallinn over a police conference in Riga a high clash, and says why", () => {
    const clash = score(
      subject({ days: 2, countries: ["EE"], city: "Tallinn", audiences: ["police", "border-guards"], topics: ["police-cooperation"] }),
      subject({ day: 1, days: 2, countries: ["LV"], city: "Riga", audiences: ["police"], topics: ["police-cooperation"] }),
    )!;
    expect(clash.severity).toBe("high");
    expect(clash.reasons).toEqual([
      { code: "overlap" },
      { code: "shared_audience", values: ["police"] },
      { code: "shared_topic", values: ["police-cooperation"] },
    ]);
  });

  it("counts events a few days apart less, and not at all beyond the travel margin", () => {
    const proposal = subject({ audiences: ["police"] });
    const overlap = score(proposal, subject({ audiences: ["police"] }))!;
    const twoDaysLater = score(proposal, subject({ day: 3, audiences: ["police"] }))!;
    expect(twoDaysLater.reasons[0]).toEqual({ code: "near", days: 2 });
    expect(twoDaysLater.score).toBeLessThan(overlap.score);
    expect(twoDaysLater.score).toBeGreaterThan(0);
    expect(score(proposal, subject({ day: 1 + DEFAULT_MARGIN_DAYS + 1, audiences: ["police"] }))).toBeNull();
  });

  it("grades severity: unrelated events on the same dates are a low clash, the same organiser and city medium or more", () => {
    expect(score(subject(), subject())!.severity).toBe("low");
    const sameOrgCity = score(subject({ organisers: ["ncm"], city: "Riga" }), subject({ organisers: ["ncm"], city: "riga" }))!;
    expect(sameOrgCity.severity).not.toBe("low");
    expect(sameOrgCity.reasons.map((r) => r.code)).toEqual(["overlap", "shared_organiser", "same_city"]);
  });
});
