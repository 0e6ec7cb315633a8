/** Time-zone arithmetic: wall-clock times in IANA zones to UTC instants. Plain dates: dates.ts. */
import { TZDate } from "@date-fns/tz";

/** True when `zone` is an IANA time-zone name this runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

/** `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS]` read as wall-clock time in `zone`, as epoch ms. */
export function zonedToUtc(local: string, zone: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(local);
  if (!m) throw new RangeError(`Not a local date-time: ${local}`);
  const [, y, mo, d, h = "0", mi = "0", s = "0"] = m;
  return new TZDate(+y, +mo - 1, +d, +h, +mi, +s, zone).getTime();
}
