/**
 * Size budgets, checked by `npm run check:deploy` (and so by CI):
 * - the Worker bundle from `wrangler deploy --dry-run`: at most 1 MiB gzip;
 * - the calendar's first load (web/dist/index.html with the scripts, module preloads and style
 *   sheets it names, plus the texts of one language, counted for the largest of them): at most
 *   60 KB gzip in all, of which at most 35 KB JavaScript;
 * - the embed for partners' websites (web/dist/embed.js, and the iframe pages' embed-frame.css):
 *   at most 15 KB gzip in all.
 */
import { readdirSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const WORKER_BUDGET = 1024 * 1024;
const FIRST_LOAD_BUDGET = 60_000;
const FIRST_LOAD_JS_BUDGET = 35_000;
const EMBED_BUDGET = 15_000;

const gz = (path: string) => gzipSync(readFileSync(path), { level: 9 }).length;
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
const kb = (n: number) => `${(n / 1000).toFixed(1)} KB`;
const problems: string[] = [];

const worker = gz(".data/dry-run/worker.js");
if (worker > WORKER_BUDGET) problems.push(`Worker bundle is ${kib(worker)} gzip, over the ${kib(WORKER_BUDGET)} budget.`);
console.log(`Worker bundle: ${kib(worker)} gzip (budget ${kib(WORKER_BUDGET)}).`);

const html = readFileSync("web/dist/index.html", "utf8");
const linked = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*\shref)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
// Every reader fetches one language's texts before the first render (web/src/lib/i18n.ts).
const locales = readdirSync("web/dist/assets").filter((f) => /^locale-[a-z]{2}-.*\.js$/.test(f));
if (locales.length !== 12) problems.push(`Expected 12 language chunks (assets/locale-xx-*.js), found ${locales.length}.`);
const [largest = "", largestSize = 0] = locales.map((f) => [f, gz(`web/dist/assets/${f}`)] as const).sort((a, b) => b[1] - a[1])[0] ?? [];
const js = linked.filter((p) => p.endsWith(".js")).reduce((sum, p) => sum + gz(`web/dist${p}`), 0) + largestSize;
const total = gz("web/dist/index.html") + linked.reduce((sum, p) => sum + gz(`web/dist${p}`), 0) + largestSize;
if (js > FIRST_LOAD_JS_BUDGET) problems.push(`First load has ${kb(js)} of JavaScript gzip, over the ${kb(FIRST_LOAD_JS_BUDGET)} budget.`);
if (total > FIRST_LOAD_BUDGET) problems.push(`First load is ${kb(total)} gzip, over the ${kb(FIRST_LOAD_BUDGET)} budget.`);
console.log(
  `Calendar first load: ${kb(total)} gzip, ${kb(js)} of it JavaScript (budgets ${kb(FIRST_LOAD_BUDGET)}, ${kb(FIRST_LOAD_JS_BUDGET)}; ${linked.length} files + ${largest}, the largest of the language chunks).`,
);

const embed = gz("web/dist/embed.js") + gz("web/dist/embed-frame.css");
if (embed > EMBED_BUDGET) problems.push(`The embed (embed.js, embed-frame.css) is ${kb(embed)} gzip, over the ${kb(EMBED_BUDGET)} budget.`);
console.log(`Embed for partners' websites: ${kb(embed)} gzip (budget ${kb(EMBED_BUDGET)}).`);

if (problems.length) {
  for (const p of problems) console.error(p);
  process.exit(1);
}
