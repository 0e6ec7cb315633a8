import { defineConfig } from "vitest/config";
import { sqlAsText } from "./tests/support/sql-as-text.ts";

// `npm test`: everything but the browser tests (tests/browser has its own config).
export default defineConfig({
  plugins: [sqlAsText()],
  // Lets Node import the app to list its routes; the Worker itself runs in workerd with the real modules.
  resolve: {
    alias: {
      "cloudflare:sockets": new URL("./tests/support/stubs/cloudflare-sockets.ts", import.meta.url).pathname,
      "cloudflare:email": new URL("./tests/support/stubs/cloudflare-email.ts", import.meta.url).pathname,
    },
  },
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: ["tests/browser/**", "node_modules/**"],
    globalSetup: ["tests/support/build-web.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file starts its own database server and Worker; two at a time suits a 2-core machine.
    maxWorkers: 2,
  },
});
