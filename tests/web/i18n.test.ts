import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { audienceRows, topicRows } from "../../scripts/seed/demo-data.ts";
import { EVENT_STATUSES, EVENT_TYPES } from "../../db/schema.ts";
import { en } from "../../web/src/locales/en.ts";
import { more } from "../../web/src/locales/more/en.ts";

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

/**
 * The modules of the first load: web/src/main.tsx and what it imports statically (not `import()`,
 * not `import type`), transitively, within web/src.
 */
function firstLoadModules(): Map<string, string> {
  const modules = new Map<string, string>();
  const pending = [resolve("web/src/main.tsx")];
  while (pending.length) {
    const file = pending.pop()!;
    if (modules.has(file)) continue;
    const source = readFileSync(file, "utf8");
    modules.set(file, source);
    for (const m of source.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^"';]*?\sfrom\s+)?["'](\.[^"']+)["']/gm)) {
      const target = resolve(dirname(file), m[1]);
      if (target.startsWith(resolve("web/src")) && existsSync(target) && !target.includes(`${sep}locales${sep}`)) pending.push(target);
    }
  }
  return modules;
}

describe("the two halves of the catalogue", () => {
  it("keep every text the first load uses in the first half, so no page shows a key while the rest loads", () => {
    const later = Object.keys(more);
    const misplaced: string[] = [];
    for (const [file, source] of firstLoadModules()) {
      for (const m of source.matchAll(/["'`]([a-z][A-Za-z0-9]*(?:\.[A-Za-z0-9_-]+)+)["'`]/g)) if (m[1] in more) misplaced.push(`${file}: ${m[1]}`);
      // Keys made at run time (t(`event.type.${type}`)) must not reach into the second half either.
      for (const m of source.matchAll(/`([a-z][A-Za-z0-9.]*)\.\$\{/g)) {
        const prefix = `${m[1]}.`;
        misplaced.push(...later.filter((k) => k.startsWith(prefix)).map((k) => `${file}: ${k} (as ${prefix}…)`));
      }
    }
    expect(misplaced).toEqual([]);
    // The check sees the first load: the header and the month view are in it.
    expect([...firstLoadModules().keys()].map((f) => f.split(sep).pop())).toEqual(expect.arrayContaining(["SiteHeader.tsx", "MonthRoute.tsx", "i18n.ts"]));
  });
});
