/** Public holidays of the region's countries, offline (date-holidays rules, see holidays-data.json). */
import HolidaysParser from "date-holidays-parser";
import { BoundedCache } from "../lib/bounded-cache.ts";
import { addDays, utcMidnight } from "../lib/dates.ts";
import data from "./holidays-data.json" with { type: "json" };

export interface Holiday {
  date: string;
  country: string;
  name: string;
}

/**
 * Bounded caches (functions/lib/bounded-cache.ts). A parser memoises every year it has worked out
 * inside its rules, where no bound reaches: 301 years (the accepted date range) of the region's
 * countries grew the heap by ~20 MB. So a parser is retired, and a fresh one made, once it has
 * computed `YEARS_PER_PARSER` years; the years' lists are kept apart, least recently used evicted.
 */
const YEARS_PER_PARSER = 8;
const parsers = new BoundedCache<string, { parser: HolidaysParser; years: number }>(32);
const byYear = new BoundedCache<string, Holiday[]>(256);

function parserFor(country: string): HolidaysParser | null {
  if (!(country in data.holidays)) return null;
  let entry = parsers.get(country);
  if (!entry || entry.years >= YEARS_PER_PARSER) {
    entry = { parser: new HolidaysParser(data as never, country, { languages: ["en"], types: ["public"] }), years: 0 };
    parsers.set(country, entry);
  }
  entry.years++;
  return entry.parser;
}

function holidaysOf(country: string, year: number): Holiday[] {
  return byYear.getOrSet(`${country}:${year}`, () => {
    const parser = parserFor(country);
    return parser
      ? (parser.getHolidays(year) as { date: string; name: string; type: string }[])
          .filter((h) => h.type === "public")
          .map((h) => ({ date: h.date.slice(0, 10), country, name: h.name }))
      : [];
  });
}

/** Public holidays on the dates from–to (inclusive, YYYY-MM-DD) in any of the countries. */
export function holidaysBetween(countries: string[], from: string, to: string): Holiday[] {
  const years = new Set<number>();
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) years.add(y);
  return [...new Set(countries)]
    .flatMap((c) => [...years].flatMap((y) => holidaysOf(c, y)))
    .filter((h) => h.date >= from && h.date <= to)
    .sort((a, b) => a.date.localeCompare(b.date) || a.country.localeCompare(b.country));
}

/** Saturdays and Sundays among the dates from–to. */
export function weekendsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) {
    const day = new Date(utcMidnight(date)).getUTCDay();
    if (day === 0 || day === 6) out.push(date);
  }
  return out;
}
