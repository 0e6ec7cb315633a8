import { defineConfig } from "vite";

// The web app is built into web/dist, which wrangler serves as static assets.
export default defineConfig({
  root: new URL(".", import.meta.url).pathname,
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    assetsDir: "assets",
  },
});
