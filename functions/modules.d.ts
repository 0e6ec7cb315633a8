// SQL migrations are bundled into the Worker as text modules (see [[rules]] in wrangler.toml).
declare module "*.sql" {
  const text: string;
  export default text;
}

// date-holidays-parser ships its types outside its "exports" map; declare what we use.
declare module "date-holidays-parser" {
  export default class HolidaysParser {
    constructor(data: unknown, country: string, opts?: { languages?: string[]; types?: string[] });
    getHolidays(year: number): { date: string; name: string; type: string }[];
  }
}
