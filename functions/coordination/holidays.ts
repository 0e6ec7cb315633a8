/** Public holidays of the region's countries, offline (date-holidays rules, see holidays-data.json). */
import HolidaysParser from "date-holidays-parser";
import { addDays, utcMidnight } from "../lib/dates.ts";
import data from "./holidays-data.json" with { type: "json" };

export interface Holiday {
  date: string;
  country: string;
  name: string;
}

const parsers = new Map<string, HolidaysParser>();
const byYear = new Map<string, Holiday[]>();

function parserFor(country: string): HolidaysParser | null {
  if (!(country in data.holidays)) return null;
  let parser = parsers.get(country);
  if (!parser) {
    parser = new HolidaysParser(data as never, country, { languages: ["en"], types: ["public"] });
    parsers.set(country, parser);
  }
  return parser;
}

function holidaysOf(country: string, year: number): Holiday[] {
  const key = `${country}:${year}`;
  let list = byYear.get(key);
  if (!list) {
    const parser = parserFor(country);
    list = parser
      ? (parser.getHolidays(year) as { date: string; name: string; type: string }[])
          .filter((h) => h.type === "public")
          .map((h) => ({ date: h.date.slice(0, 10), country, name: h.name }))
      : [];
    byYear.set(key, list);
  }
  return list;
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
