import { defineConfig } from "vite";

// /embed.js for partners' websites: one classic script (an IIFE, so a host page needs no CORS for
// a module script and `document.currentScript` names the calendar's origin), written into web/dist
// beside the app after the app's own build (which empties the folder).
export default defineConfig({
  root: new URL(".", import.meta.url).pathname,
  publicDir: false,
  build: {
    outDir: "dist",
    emptyOutDir: false,
    target: "es2022",
    lib: { entry: new URL("./src/embed/nd-calendar.ts", import.meta.url).pathname, formats: ["iife"], name: "ndCalendar", fileName: () => "embed.js" },
  },
});
