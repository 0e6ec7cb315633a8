/**
 * No module-level collection that can grow with input. An isolate serves many requests, so a Map,
 * Set, array or object made empty at module level and filled later is a cache that only grows
 * unless it goes through functions/lib/bounded-cache.ts (a bound and least-recently-used
 * eviction). Constant tables (`new Set([...literal values])`) and weak maps are fine. The few
 * others are listed here with the reason their size cannot follow visitors' input; a new one
 * fails until it is bounded or listed.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const walk = (dir: string): string[] =>
  readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : /\.tsx?$/.test(e.name) && !e.name.endsWith(".d.ts") ? [join(dir, e.name)] : [],
  );

/** `file: name` → why it stays small. */
const ALLOWED: Record<string, string> = {
  "web/src/app.tsx: localizedCache": "keyed by the app's own page components, a fixed set (browser)",
  "web/src/lib/i18n.ts: listeners": "subscribers, each removed when its component unmounts (browser)",
  "web/src/lib/follows.ts: listeners": "subscribers, each removed when its component unmounts (browser)",
  "web/src/lib/offline.ts: listeners": "subscribers, each removed when its component unmounts (browser)",
  "web/src/lib/i18n.ts: messages": "the current language's texts, one catalogue, replaced on a change (browser)",
};

// Declared at the top level (column 0) and made empty: `new Map()`, `new Set<T>()`, `[]`, `{}`.
const EMPTY_COLLECTION = /^(?:export\s+)?(?:const|let|var)\s+(\w+)\s*(?::[^=]+)?=\s*(?:new\s+(?:Map|Set|Array)\s*(?:<.*>)?\s*\(\s*\)|\[\s*\]|\{\s*\})/gm;

function growingCollections(): string[] {
  const found: string[] = [];
  for (const file of ["functions", "web/src"].flatMap(walk)) {
    const text = readFileSync(join(root, file), "utf8");
    for (const [, name] of text.matchAll(EMPTY_COLLECTION)) found.push(`${relative(root, join(root, file))}: ${name}`);
  }
  return found;
}

describe("module-level caches", () => {
  it("every module-level collection filled at run time is bounded (functions/lib/bounded-cache.ts) or listed with its reason", () => {
    expect(growingCollections().filter((f) => !(f in ALLOWED))).toEqual([]);
  });

  it("the list names only collections that still exist", () => {
    const found = new Set(growingCollections());
    expect(Object.keys(ALLOWED).filter((f) => !found.has(f))).toEqual([]);
  });
});
