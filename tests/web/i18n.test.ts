import { describe, expect, it } from "vitest";
import { audienceRows, topicRows } from "../../scripts/seed/demo-data.ts";
import { EVENT_STATUSES, EVENT_TYPES } from "../../db/schema.ts";
import { en } from "../../web/src/locales/en.ts";

describe("English catalogue", () => {
  it("names every event type, status, topic and audience the data can hold", () => {
    const needed = [
      ...EVENT_TYPES.map((v) => `event.type.${v}`),
      ...EVENT_STATUSES.map((v) => `event.status.${v}`),
      ...topicRows.map((r) => `topic.${r.id}`),
      ...audienceRows.map((r) => `audience.${r.id}`),
    ];
    const missing = needed.filter((key) => !(key in en));
    expect(missing).toEqual([]);
  });
});
