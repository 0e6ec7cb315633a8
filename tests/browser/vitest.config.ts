import { defineConfig } from "vitest/config";
import { sqlAsText } from "../support/sql-as-text.ts";

// `npm run test:browser`: real Chromium (Debian's /usr/bin/chromium) through playwright-core.
export default defineConfig({
  plugins: [sqlAsText()],
  test: {
    root: new URL("../..", import.meta.url).pathname,
    include: ["tests/browser/**/*.test.ts"],
    globalSetup: ["tests/support/build-web.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    maxWorkers: 1,
  },
});
