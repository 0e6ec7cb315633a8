/** Fails when the Worker bundle from `wrangler deploy --dry-run` exceeds its gzip budget. */
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const BUDGET_BYTES = 1024 * 1024;
const size = gzipSync(readFileSync(".data/dry-run/worker.js")).length;
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
if (size > BUDGET_BYTES) {
  console.error(`Worker bundle is ${kib(size)} gzip, over the ${kib(BUDGET_BYTES)} budget.`);
  process.exit(1);
}
console.log(`Worker bundle: ${kib(size)} gzip (budget ${kib(BUDGET_BYTES)}).`);
