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
        // Each language's texts are a chunk of their own, named so the budget check can find them;
        // the second half of each (loaded with the later pages) apart from the first.
        chunkFileNames: (chunk) => {
          const id = chunk.facadeModuleId ?? "";
          if (/\/src\/locales\/[a-z]{2}\.ts$/.test(id)) return "assets/locale-[name]-[hash].js";
          if (/\/src\/locales\/more\/[a-z]{2}\.ts$/.test(id)) return "assets/more-texts-[name]-[hash].js";
          return "assets/[name]-[hash].js";
        },
      },
    },
  },
});
