import { defineConfig, type Plugin } from "vite";

/**
 * Writes `locale-chunks.json` (language → its texts' chunk), so the Worker can preload the reader's
 * language on the pages it serves (functions/pages/month-page.ts) without waiting for the app's
 * script to ask for it.
 */
function localeChunkMap(): Plugin {
  return {
    name: "locale-chunk-map",
    generateBundle(_, bundle) {
      const map: Record<string, string> = {};
      for (const file of Object.values(bundle)) {
        const m = file.type === "chunk" ? /\/src\/locales\/([a-z]{2})\.ts$/.exec(file.facadeModuleId ?? "") : null;
        if (m) map[m[1]] = `/${file.fileName}`;
      }
      this.emitFile({ type: "asset", fileName: "locale-chunks.json", source: JSON.stringify(map) });
    },
  };
}

// The web app is built into web/dist, which wrangler serves as static assets.
export default defineConfig({
  root: new URL(".", import.meta.url).pathname,
  plugins: [localeChunkMap()],
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
