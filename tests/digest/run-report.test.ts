/** The coordinators' digest report: which Mondays' runs are missing (functions/digest/run-report.ts). */
import { describe, expect, it } from "vitest";
import { missingWeeks } from "../../functions/digest/run-report.ts";

describe("missingWeeks", () => {
  // Tuesday 2030-03-12: the Monday run of 2030-03-11 was due at 07:00 UTC.
  const now = new Date("2030-03-12T09:00:00Z");

  it("names the Mondays since the first run whose run never came", () => {
    expect(missingWeeks(["2030-03-11", "2030-02-25", "2030-02-11"], now)).toEqual(["2030-03-04", "2030-02-18"]);
  });

  it("does not count this Monday before its run was due, nor weeks before the first run", () => {
    const mondayMorning = new Date("2030-03-11T06:30:00Z");
    expect(missingWeeks(["2030-03-04"], mondayMorning)).toEqual([]);
    expect(missingWeeks(["2030-03-04"], now)).toEqual(["2030-03-11"]);
  });

  it("on a calendar that never ran a digest, names only this week's run; looks back eight Mondays at most", () => {
    expect(missingWeeks([], now)).toEqual(["2030-03-11"]);
    expect(missingWeeks(["2029-01-07"], now)).toHaveLength(8);
  });

  it("on a fresh install warns about no Monday whose run fell due before the calendar was installed", () => {
    // Installed on Tuesday morning, after Monday's 07:00 deadline: nothing was missed yet.
    expect(missingWeeks([], now, new Date("2030-03-12T08:00:00Z"))).toEqual([]);
    // Installed three weeks ago and never run since: the Mondays after the install are missing.
    expect(missingWeeks([], now, new Date("2030-02-20T12:00:00Z"))).toEqual(["2030-03-11", "2030-03-04", "2030-02-25"]);
  });
});
