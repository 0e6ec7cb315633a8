/**
 * The design system's colour tokens (the custom properties at the top of web/src/styles.css) meet
 * WCAG 2.1 AA in the light and the dark scheme, computed from their values: text 4.5:1 on every
 * ground it is used on, input borders and the focus ring 3:1 (non-text contrast). And the style
 * sheets use the tokens: every var() they name is defined, no colour is written outside a token,
 * and the digest pages' sheet carries the same values as the app's.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8").replace(/\/\*[\s\S]*?\*\//g, "");
const SHEETS = ["web/src/styles.css", "web/src/timeline.css", "web/public/digest.css"];
const styles = read("web/src/styles.css");

type Tokens = Record<string, string>;

/** The custom properties declared in a block's body (not in nested blocks). */
function declarations(body: string): Tokens {
  return Object.fromEntries([...body.matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)].map((m) => [m[1], m[2].trim()]));
}

/** The body of the first `{ … }` after `at`, braces balanced. */
function blockAfter(css: string, at: number): string {
  const open = css.indexOf("{", at);
  let depth = 0;
  for (let i = open; i < css.length; i++) {
    if (css[i] === "{") depth++;
    else if (css[i] === "}" && --depth === 0) return css.slice(open + 1, i);
  }
  throw new Error("unbalanced braces");
}

/** The tokens in force in each scheme: the top-level :root, and the dark scheme's :root over it. */
function schemes(css: string): { light: Tokens; dark: Tokens } {
  const rootAt = css.search(/(^|\})\s*:root\s*\{/);
  const light = declarations(blockAfter(css, rootAt));
  const media = css.search(/@media\s*\(prefers-color-scheme:\s*dark\)\s*\{\s*:root\s*\{/);
  expect(media, "a dark scheme block `@media (prefers-color-scheme: dark) { :root { … } }`").toBeGreaterThan(-1);
  const dark = { ...light, ...declarations(blockAfter(blockAfter(css, media), 0)) };
  return { light, dark };
}

function resolve(tokens: Tokens, value: string, seen: string[] = []): string {
  return value.replace(/var\((--[\w-]+)\)/g, (_, name: string) => {
    if (seen.includes(name)) throw new Error(`${name} refers to itself`);
    if (!(name in tokens)) throw new Error(`${name} is not defined`);
    return resolve(tokens, tokens[name], [...seen, name]);
  });
}

function luminance(hex: string): number {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!m) throw new Error(`${hex} is not a #rrggbb colour`);
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = Number.parseInt(m[1].slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2.1 contrast ratio of two colours. */
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

const GROUNDS = ["bg", "surface", "surface-raised"];
/** [what is drawn, the grounds it is drawn on, the least ratio]. */
const PAIRS: [string, string[], number][] = [
  ["text", [...GROUNDS, "accent-subtle", "today", "outside", "info-bg", "success-bg", "warning-bg", "danger-bg"], 4.5],
  ["text-muted", [...GROUNDS, "accent-subtle", "today", "outside"], 4.5],
  ["link", [...GROUNDS, "accent-subtle", "info-bg", "today"], 4.5],
  ["link-visited", GROUNDS, 4.5],
  ["link-hover", GROUNDS, 4.5],
  // A primary button's label; a secondary button is the primary colour on the page.
  ["on-primary", ["primary", "primary-hover"], 4.5],
  ["primary", [...GROUNDS, "accent-subtle"], 4.5],
  ["info", [...GROUNDS, "info-bg"], 4.5],
  ["success", [...GROUNDS, "success-bg"], 4.5],
  ["warning", [...GROUNDS, "warning-bg", "accent-subtle"], 4.5],
  ["danger", [...GROUNDS, "danger-bg", "accent-subtle"], 4.5],
  ["on-heat-low", ["heat-1", "heat-2"], 4.5],
  ["on-heat-high", ["heat-3", "heat-4"], 4.5],
  // Non-text contrast (WCAG 1.4.11): what shows where a control is and where focus is.
  ["border-input", GROUNDS, 3],
  ["focus", [...GROUNDS, "accent-subtle", "today"], 3],
];

describe("colour tokens meet WCAG 2.1 AA", () => {
  it("computes contrast as WCAG defines it", () => {
    expect(contrast("#000000", "#ffffff")).toBe(21);
    // #767676 is the lightest grey that passes 4.5:1 on white.
    expect(contrast("#767676", "#ffffff")).toBeCloseTo(4.54, 2);
    expect(contrast("#ffffff", "#777777")).toBeLessThan(4.5);
  });

  const both = schemes(styles);
  for (const scheme of ["light", "dark"] as const) {
    it(`in the ${scheme} scheme`, () => {
      const tokens = both[scheme];
      const colour = (name: string) => resolve(tokens, `var(--color-${name})`);
      const failing = PAIRS.flatMap(([fg, grounds, least]) =>
        grounds.flatMap((bg) => {
          const ratio = contrast(colour(fg), colour(bg));
          return ratio < least ? [`--color-${fg} on --color-${bg}: ${ratio.toFixed(2)}:1, needs ${least}:1`] : [];
        }),
      );
      expect(failing).toEqual([]);
    });
  }

  it("the dark scheme changes every colour the light one sets", () => {
    const { light, dark } = schemes(styles);
    const unchanged = Object.keys(light).filter((k) => k.startsWith("--color-") && !k.startsWith("--color-heat") && light[k] === dark[k]);
    expect(unchanged).toEqual([]);
  });
});

describe("the style sheets use the tokens", () => {
  const defined = new Set(SHEETS.flatMap((s) => [...read(s).matchAll(/(--[\w-]+)\s*:/g)].map((m) => m[1])));

  it("every var() names a defined token", () => {
    const missing = SHEETS.flatMap((s) => [...read(s).matchAll(/var\((--[\w-]+)\s*\)/g)].filter((m) => !defined.has(m[1])).map((m) => `${s}: ${m[1]}`));
    expect(missing).toEqual([]);
  });

  it("no colour is written outside a token", () => {
    const literal = /#[0-9a-f]{3,8}\b|\b(?:rgba?|hsla?)\(/i;
    const found = SHEETS.flatMap((s) =>
      read(s)
        .split(/[;{}]/)
        .map((d) => d.trim())
        .filter((d) => !d.startsWith("--") && literal.test(d))
        .map((d) => `${s}: ${d}`),
    );
    expect(found).toEqual([]);
  });

  it("the digest pages' sheet has the app's token values", () => {
    const app = schemes(styles);
    const digest = schemes(read("web/public/digest.css"));
    for (const scheme of ["light", "dark"] as const) {
      const differing = Object.entries(digest[scheme]).filter(([k, v]) => app[scheme][k] !== v);
      expect(differing, scheme).toEqual([]);
    }
  });
});
