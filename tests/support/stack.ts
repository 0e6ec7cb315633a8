/**
 * The whole stack for a test file: a libSQL server (seeded with the demo data around `today`, or
 * `seedToday`), the real Worker on it, and when asked an SMTP server on loopback and Chromium.
 * Started before the file's tests, stopped after them; the returned object's fields are filled in
 * by then.
 *
 * `today` also pins the Worker's clock: every request takes `${today}T10:00:00Z` as "now"
 * (`stack.now`), so what a file tests does not change with the day it runs on. The cron is run at a
 * chosen time with `stack.cron(expr, at)` and the browser's clock with `openPage(..., { now })`.
 * `seedToday` only seeds; the Worker then keeps the real clock.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchBrowser } from "./browser.ts";
import { startDatabase, type TestDatabase } from "./database.ts";
import { startSmtp, type TestSmtp } from "./smtp.ts";
import { startWorker, type TestWorker, type WorkerVars } from "./worker.ts";

export interface Stack {
  db: TestDatabase;
  worker: TestWorker;
  /** Present when `smtp: true` was asked for. */
  smtp: TestSmtp;
  /** Present when `browser: true` was asked for. */
  browser: Browser;
  /** The Worker's pinned "now" when `today` was given (10:00 UTC that day). */
  now: Date;
  /**
   * Runs the cron `expr` at `at` (default: the pinned now, else the real time), as Cloudflare
   * would. Miniflare's own trigger (`/cdn-cgi/local/scheduled`) is used: wrangler's `/__scheduled`
   * ignores `time`.
   */
  cron(expr: string, at?: Date): Promise<string>;
}

type StackOptions = ({ today: string; seedToday?: never } | { seedToday: string; today?: never }) & {
  smtp?: boolean;
  browser?: boolean;
  vars?: Omit<WorkerVars, "LIBSQL_URL" | "smtpPort" | "TEST_NOW">;
};

/** `today` as 10:00 UTC: the instant a file that pins its clock runs at. */
export function pinnedNow(today: string): Date {
  return new Date(`${today}T10:00:00Z`);
}

/** The date `n` days from `today` (YYYY-MM-DD), for events and filters around a pinned day. */
export function dayFrom(today: string, n: number): string {
  return new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

export function useStack(options: StackOptions): Stack {
  const stack = {} as Stack;
  const seedToday = options.today ?? options.seedToday;
  if (options.today) stack.now = pinnedNow(options.today);
  stack.cron = async (expr, at = stack.now) => {
    const time = at ? `&time=${at.getTime()}` : "";
    const res = await fetch(`${stack.worker.baseUrl}/cdn-cgi/local/scheduled?cron=${encodeURIComponent(expr)}${time}`);
    const text = await res.text();
    if (!res.ok) throw new Error(`The cron ${expr} answered ${res.status}: ${text}`);
    return text;
  };
  beforeAll(async () => {
    stack.db = await startDatabase({ seedToday });
    if (options.smtp) stack.smtp = await startSmtp();
    stack.worker = await startWorker({
      LIBSQL_URL: stack.db.url,
      smtpPort: stack.smtp?.port,
      ...options.vars,
      ...(options.today ? { TEST_NOW: stack.now.toISOString() } : {}),
    });
    if (options.browser) stack.browser = await launchBrowser();
  });
  afterAll(async () => {
    await stack.browser?.close();
    await stack.worker?.dispose();
    await stack.smtp?.close();
    await stack.db?.close();
  });
  return stack;
}
