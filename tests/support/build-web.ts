import { build } from "vite";

/** Builds the web app once, before any Worker starts, so every test Worker serves the same assets. */
export default async function setup() {
  await build({ configFile: new URL("../../web/vite.config.ts", import.meta.url).pathname, logLevel: "warn" });
}
