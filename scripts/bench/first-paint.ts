/**
 * First-paint bench: how long after navigation the month view shows its events, in Debian's
 * Chromium (playwright-core, the tests' flags) against the real Worker in the local Workers
 * runtime over the HTTP bench's 10,000 events. Measured in the page: the instant (from the
 * navigation's start, `performance.now()`) at which the first event link appears in the grid.
 * A first visit (fresh browser profile, nothing in the browser's cache; the page from the edge
 * cache, as another reader of the month left it), a return visit (same profile), and, without a
 * target, the first reader after a change (the page rendered for them, streamed: a new address
 * each time, which the edge cache has never seen).
 */
import type { Browser } from "playwright-core";
import { launchBrowser } from "../../tests/support/browser.ts";
import { startWorker } from "../../tests/support/worker.ts";
import { seedDemo } from "../seed/seed.ts";
import { benchDatabase } from "./database.ts";
import { generateEvents } from "./generate.ts";
import { DEFAULT_FRESHNESS_MS } from "../../functions/cache/freshness.ts";

const EVENTS = 10_000;
const RUNS = 7;
const TARGET_MS = 300;
const PATH = "/month/2027-03";

/** Records, inside the page, when the first event link shows in the month grid. */
function watchForEvents() {
  const w = window as unknown as { eventsVisibleAt?: number };
  const check = () => {
    if (w.eventsVisibleAt === undefined && document.querySelector('table.month-grid a[href*="/events/"]')) w.eventsVisibleAt = performance.now();
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
}

async function visit(browser: Browser, baseUrl: string, returning: boolean, path = () => PATH): Promise<number[]> {
  const times: number[] = [];
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, timezoneId: "Europe/Riga", locale: "en-GB" });
  await context.addInitScript(watchForEvents);
  try {
    const page = await context.newPage();
    if (returning) await page.goto(`${baseUrl}${path()}`); // fills the HTTP cache and the service worker
    for (let i = 0; i < (returning ? RUNS : 1); i++) {
      await page.goto(`${baseUrl}${path()}`, { waitUntil: "commit" });
      await page.waitForFunction(() => (window as unknown as { eventsVisibleAt?: number }).eventsVisibleAt !== undefined, null, { timeout: 30_000 });
      times.push(await page.evaluate(() => (window as unknown as { eventsVisibleAt: number }).eventsVisibleAt));
    }
  } finally {
    await context.close();
  }
  return times;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function benchFirstPaint(): Promise<void> {
  const { server, client } = await benchDatabase(`.data/bench-http-${EVENTS}.db`, async (client) => {
    await seedDemo(client, "2027-01-04");
    await generateEvents(client, EVENTS, "2026-03-01", 2, 23);
  });
  const worker = await startWorker({ LIBSQL_URL: server.url, EDGE_FRESHNESS_MS: String(DEFAULT_FRESHNESS_MS) });
  const browser = await launchBrowser();
  try {
    await (await fetch(`${worker.baseUrl}${PATH}`)).arrayBuffer(); // the isolate's first request checks the migrations
    const first: number[] = [];
    for (let i = 0; i < RUNS; i++) first.push(...(await visit(browser, worker.baseUrl, false)));
    const again = await visit(browser, worker.baseUrl, true);
    let n = 0;
    const uncached: number[] = [];
    for (let i = 0; i < RUNS; i++) uncached.push(...(await visit(browser, worker.baseUrl, false, () => `${PATH}?bench=${++n}`)));
    console.log(`\nfirst paint in Chromium: ${PATH} over ${EVENTS} events (about 600 in the month), events visible after navigation, median of ${RUNS}:`);
    for (const [name, xs] of [
      ["first visit (empty browser)", first],
      ["return visit", again],
    ] as const) {
      const ms = median(xs);
      console.log(`  ${name.padEnd(30)} ${ms.toFixed(0).padStart(5)} ms (target ≤ ${TARGET_MS} ms) — ${ms <= TARGET_MS ? "within target" : "OVER TARGET"}`);
    }
    console.log(`  ${"first reader after a change".padEnd(30)} ${median(uncached).toFixed(0).padStart(5)} ms (the page rendered for them, no edge copy yet)`);
  } finally {
    await browser.close();
    await worker.dispose();
    client.close();
    await server.close();
  }
}
