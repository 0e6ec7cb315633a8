/**
 * Module-level caches stay bounded: the cache itself evicts the least recently used entry, and the
 * caches fed by visitors' input (holidays per country and year) keep the heap flat however varied
 * the input. Heap figures come from this Node process after full GCs;
 * the Worker's own heap under load is the memory bench's (`npm run bench:memory`).
 */
import { runInNewContext } from "node:vm";
import { setFlagsFromString } from "node:v8";
import { describe, expect, it } from "vitest";
import data from "../../functions/coordination/holidays-data.json" with { type: "json" };
import { holidaysBetween } from "../../functions/coordination/holidays.ts";
import { BoundedCache } from "../../functions/lib/bounded-cache.ts";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const heapMb = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1_048_576;
};

describe("BoundedCache", () => {
  it("keeps at most max entries, evicting the least recently used", () => {
    const cache = new BoundedCache<string, number>(3);
    cache.set("a", 1);
    cache.set("b", 2);
    cache.set("c", 3);
    expect(cache.get("a")).toBe(1); // a is now the most recently used
    cache.set("d", 4);
    expect(cache.size).toBe(3);
    expect(cache.get("b")).toBeUndefined();
    expect([cache.get("a"), cache.get("c"), cache.get("d")]).toEqual([1, 3, 4]);
  });

  it("makes a value once per key while it stays, and again after eviction", () => {
    const cache = new BoundedCache<number, string>(2);
    let made = 0;
    const make = (k: number) => cache.getOrSet(k, () => `v${k}-${++made}`);
    expect([make(1), make(1), make(2), make(3), make(1)]).toEqual(["v1-1", "v1-1", "v2-2", "v3-3", "v1-4"]);
    expect(cache.size).toBe(2);
  });

  it("refuses a bound that is not a positive whole number", () => {
    expect(() => new BoundedCache(0)).toThrow(RangeError);
    expect(() => new BoundedCache(1.5)).toThrow(RangeError);
  });
});

describe("caches fed by visitors' input", () => {
  it("holidays for a century and more of years leave the heap flat and the answers right", { timeout: 90_000 }, () => {
    const countries = ["EE", "LV", "FI"];
    const christmas2027 = holidaysBetween(countries, "2027-12-24", "2027-12-26");
    const before = heapMb();
    for (let year = 2030; year < 2150; year++) holidaysBetween(countries, `${year}-01-01`, `${year}-12-31`);
    const grown = heapMb() - before;
    // Unbounded, the parsers' per-year memos and the lists grew the heap by ~2 MB here (~20 MB
    // over all countries and the 301 accepted years); bounded, by a few hundred KB.
    expect(grown).toBeLessThan(1.2);
    // Evicted and computed again, the answer is the same.
    expect(holidaysBetween(countries, "2027-12-24", "2027-12-26")).toEqual(christmas2027);
    expect(christmas2027.some((h) => h.country === "EE" && h.date === "2027-12-24")).toBe(true);
    expect(Object.keys(data.holidays)).toEqual(expect.arrayContaining(countries));
  });
});
