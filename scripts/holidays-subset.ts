/**
 * Writes functions/coordination/holidays-data.json: the public-holiday rules of the region's
 * countries, taken from the date-holidays package (CC-BY-SA 3.0), so the Worker bundles 11
 * countries rather than 200. `npm run holidays:update` after upgrading date-holidays.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { REGION_COUNTRIES } from "../functions/coordination/region.ts";

const require = createRequire(import.meta.url);
const packageDir = dirname(require.resolve("date-holidays/package.json"));
const all = JSON.parse(readFileSync(join(packageDir, "data/holidays.json"), "utf8"));
const holidays = Object.fromEntries(REGION_COUNTRIES.map((c) => [c, all.holidays[c]]));
const names = all.names;
writeFileSync(
  new URL("../functions/coordination/holidays-data.json", import.meta.url),
  JSON.stringify({ version: all.version, license: all.license, holidays, names }),
);
console.log(`holidays-data.json: ${REGION_COUNTRIES.join(", ")} (data version ${all.version})`);
