import { build } from "vite";

/** Builds the web app (and /embed.js) once, before any Worker starts, so every test Worker serves the same assets. */
export default async function setup() {
  await build({ configFile: new URL("../../web/vite.config.ts", import.meta.url).pathname, logLevel: "warn" });
  // /embed.js, built on its own into the same folder (web/embed.vite.config.ts).
  await build({ configFile: new URL("../../web/embed.vite.config.ts", import.meta.url).pathname, logLevel: "warn" });
}
