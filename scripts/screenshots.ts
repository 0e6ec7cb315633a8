/**
 * `npm run screenshots`: pictures of the main pages for the README, in docs/screenshots/.
 * Builds the web app, starts the stack the tests use (a libSQL server with the demo data around a
 * fixed day and two partners' submissions awaiting review, the real Worker with its clock pinned to that day) and Debian's Chromium, then takes
 * each page at 1366×900 and 390×844, light and dark. Only the viewport is taken, so the files stay
 * small; when `pngquant` is on the PATH (Debian's package) they are quantised as well.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { build } from "vite";
import { SAMPLE } from "../tests/support/api.ts";
import { launchBrowser, openPage } from "../tests/support/browser.ts";
import { startDatabase } from "../tests/support/database.ts";
import { createEvent } from "../tests/support/factories.ts";
import { pinnedNow } from "../tests/support/stack.ts";
import { startWorker } from "../tests/support/worker.ts";

const TODAY = "2030-03-04";
const OUT = "docs/screenshots";

/** name, path, who is signed in (none: a visitor). */
const PAGES: [string, string, string | undefined][] = [
  ["month", "/month/2030-03", undefined],
  ["event", "/events/sample-task-force-meeting", undefined],
  ["list", "/list/2030-03", undefined],
  ["directory", "/organisations", undefined],
  ["event-form", "/events/new", SAMPLE.partnerMarta],
  ["review", "/review", SAMPLE.coordinator],
];
const SIZES = [
  ["desktop", { width: 1366, height: 900 }],
  ["mobile", { width: 390, height: 844 }],
] as const;
const SCHEMES = ["light", "dark"] as const;

process.env.WRANGLER_SEND_METRICS = "false";
process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";
await build({ configFile: new URL("../web/vite.config.ts", import.meta.url).pathname, logLevel: "warn" });
const now = pinnedNow(TODAY);
const db = await startDatabase({ seedToday: TODAY });
// Something in the coordinator's review queue: two partners' submissions.
for (const [title, startsAt, endsAt, organiser, submittedBy] of [
  ["Round table: safe housing for identified victims", "2030-04-08T10:00", "2030-04-08T15:00", "marta", SAMPLE.partnerMarta],
  ["Policewomen's network: spring training on interviews", "2030-04-22T09:00", "2030-04-23T16:00", "nbpn", SAMPLE.partnerNbpn],
]) {
  await createEvent(db.client, {
    title,
    startsAt,
    endsAt,
    timeZone: "Europe/Riga",
    country: "LV",
    moderation: "pending",
    organisers: [organiser],
    submittedBy,
  });
}
const worker = await startWorker({ LIBSQL_URL: db.url, TEST_NOW: now.toISOString() });
const browser = await launchBrowser();
const quantise = spawnSync("pngquant", ["--version"]).status === 0;
mkdirSync(OUT, { recursive: true });
try {
  for (const [name, path, userId] of PAGES) {
    for (const [size, viewport] of SIZES) {
      for (const colorScheme of SCHEMES) {
        const page = await openPage(browser, db.client, worker.baseUrl, { userId, viewport, timezoneId: "Europe/Tallinn", now });
        await page.emulateMedia({ colorScheme });
        await page.goto(`${worker.baseUrl}${path}`);
        await page.locator("main h1").first().waitFor({ timeout: 15_000 });
        await page.waitForLoadState("networkidle");
        const file = `${OUT}/${name}-${size}-${colorScheme}.png`;
        await page.screenshot({ path: file, animations: "disabled", caret: "hide" });
        await page.context().close();
        if (quantise) spawnSync("pngquant", ["--force", "--skip-if-larger", "--quality=70-95", "--speed=1", "--strip", "--ext", ".png", file]);
        console.log(file);
      }
    }
  }
} finally {
  await browser.close();
  await worker.dispose();
  await db.close();
}
