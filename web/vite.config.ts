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
    rolldownOptions: {
      output: {
        // Each language's texts are a chunk of their own, named so the budget check can find them.
        chunkFileNames: (chunk) =>
          /\/src\/locales\/[a-z]{2}\.ts$/.test(chunk.facadeModuleId ?? "") ? "assets/locale-[name]-[hash].js" : "assets/[name]-[hash].js",
      },
    },
  },
});
