import { defineConfig } from "vitest/config";

export default defineConfig({
  // Migrations are imported as text, as wrangler's Text rule bundles them into the Worker.
  plugins: [
    {
      name: "sql-as-text",
      transform(code, id) {
        return id.endsWith(".sql") ? { code: `export default ${JSON.stringify(code)};`, map: null } : undefined;
      },
    },
  ],
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: ["tests/browser/**"],
    globalSetup: ["tests/support/build-web.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file starts its own database server and Worker; two at a time suits a 2-core machine.
    maxWorkers: 2,
  },
});
