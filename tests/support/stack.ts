/**
 * The whole stack for a test file: a libSQL server (seeded with the demo data around `seedToday`),
 * the real Worker on it, and when asked an SMTP server on loopback and Chromium. Started before the
 * file's tests, stopped after them; the returned object's fields are filled in by then.
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
}

export function useStack(options: { seedToday: string; smtp?: boolean; browser?: boolean; vars?: Omit<WorkerVars, "LIBSQL_URL" | "smtpPort"> }): Stack {
  const stack = {} as Stack;
  beforeAll(async () => {
    stack.db = await startDatabase({ seedToday: options.seedToday });
    if (options.smtp) stack.smtp = await startSmtp();
    stack.worker = await startWorker({ LIBSQL_URL: stack.db.url, smtpPort: stack.smtp?.port, ...options.vars });
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
