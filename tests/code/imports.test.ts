/**
 * The import graph of the source tree: no cycles, and the layers depend one way (README, "Where
 * things are"). Reads the relative imports of every .ts/.tsx file under functions/, db/, web/src/
 * and scripts/; type-only imports count for cycles but not for the runtime layer rules.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const walk = (dir: string): string[] =>
  readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : /\.tsx?$/.test(e.name) && !e.name.endsWith(".d.ts") ? [join(dir, e.name)] : [],
  );
const files = ["functions", "db", "web/src", "scripts"].flatMap(walk);

interface Edge {
  to: string;
  typeOnly: boolean;
}
// A clause holds no quote or semicolon, so a match never runs on into the next statement.
const STATEMENT = /^\s*(import|export)\s+(type\s+)?(?:([^;"']*?)\s+from\s+)?["']([^"']+)["']/gm;
const DYNAMIC = /\bimport\(\s*["']([^"']+)["']\s*\)/g;

function edges(file: string): Edge[] {
  const text = readFileSync(join(root, file), "utf8");
  const found: Edge[] = [];
  const add = (spec: string, typeOnly: boolean) => {
    // Packages are kept by name (`pkg:rrule`), so the rules can say which ones a layer may use.
    if (!spec.startsWith("."))
      found.push({
        to: `pkg:${spec
          .split("/")
          .slice(0, spec.startsWith("@") ? 2 : 1)
          .join("/")}`,
        typeOnly,
      });
    else if (/\.tsx?$/.test(spec)) found.push({ to: relative(root, resolve(root, dirname(file), spec)), typeOnly });
  };
  for (const [, , type, clause, spec] of text.matchAll(STATEMENT)) {
    // `import { type A, type B } from` is erased like `import type`.
    const names = /^\{([\s\S]*)\}$/
      .exec(clause?.trim() ?? "")?.[1]
      .split(",")
      .map((n) => n.trim())
      .filter(Boolean);
    add(spec, Boolean(type) || (names !== undefined && names.length > 0 && names.every((n) => n.startsWith("type "))));
  }
  for (const [, spec] of text.matchAll(DYNAMIC)) add(spec, false);
  return found;
}
const graph = new Map(files.map((f) => [f, edges(f)]));

/** Cycles found by depth-first search (at least one through every tangle), each as a chain a → b → … → a. */
function cycles(): string[] {
  const found = new Set<string>();
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, "open");
    stack.push(f);
    for (const { to } of graph.get(f) ?? []) {
      if (state.get(to) === "open") found.add([...stack.slice(stack.indexOf(to)), to].join(" → "));
      else if (!state.has(to)) visit(to);
    }
    stack.pop();
    state.set(f, "done");
  };
  for (const f of files) if (!state.has(f)) visit(f);
  return [...found];
}

/** Packages the pure layer may use: computation only, no database, no HTTP, no Worker APIs. */
const PURE_PACKAGES = ["pkg:@date-fns/tz", "pkg:rrule"];

/** Where a runtime (not type-only) import from `from` to `to` breaks a layer rule, or null. */
function breaks(from: string, to: string): string | null {
  const inside = (f: string, dir: string) => f.startsWith(`${dir}/`);
  if (to.startsWith("pkg:")) return inside(from, "functions/lib") && !PURE_PACKAGES.includes(to) ? "functions/lib/ (pure code) uses only pure packages" : null;
  if (inside(from, "db") && !inside(to, "db")) return "db/ imports only db/";
  if (inside(from, "functions") && (inside(to, "web") || inside(to, "scripts"))) return "functions/ never imports web/ or scripts/";
  if (inside(from, "functions/lib") && !inside(to, "functions/lib")) return "functions/lib/ (pure code) imports only functions/lib/";
  const sharedWithWeb =
    inside(to, "web/src") || to === "db/enums.ts" || inside(to, "functions/lib") || to === "functions/i18n/locales.ts" || inside(to, "functions/i18n/terms");
  if (inside(from, "web/src") && !sharedWithWeb) return "web/src imports at run time only web/src, db/enums.ts, functions/lib/ and the i18n terms";
  return null;
}

describe("the import graph", () => {
  it("has no cycles", () => {
    expect(cycles()).toEqual([]);
  });

  it("keeps the layers one way", () => {
    const broken = [...graph].flatMap(([from, es]) =>
      es
        .filter((e) => !e.typeOnly || from.startsWith("db/"))
        .flatMap(({ to }) => {
          const rule = breaks(from, to);
          return rule ? [`${from} → ${to}: ${rule}`] : [];
        }),
    );
    expect(broken).toEqual([]);
  });

  it("reads the imports (the graph is not empty)", () => {
    expect(graph.get("functions/app.ts")?.length).toBeGreaterThan(10);
  });
});
