/** Time-zone arithmetic: wall-clock times in IANA zones to UTC instants. Plain dates: dates.ts. */
import { TZDate } from "@date-fns/tz";
import { BoundedCache } from "./bounded-cache.ts";

/**
 * Answers of `isTimeZone` (both kinds): building an Intl formatter to try a zone costs more CPU
 * than the rest of a small request, and every list, feed and form names one. Bounded: made-up
 * names evict each other, not the real zones in use.
 */
const zoneChecks = new BoundedCache<string, boolean>(512);

/**
 * True when `zone` is an IANA time-zone name this runtime knows, written as IANA writes it. Intl
 * also takes UTC offsets ("+02:00") and names in any letter case ("europe/riga"): a feed would
 * then say TZID=+02:00 or TZID=europe/riga, which no calendar matches to a zone. So a name must
 * start each part with a capital letter (every IANA name does), and one that Intl knows by another
 * case is refused; links (Europe/Kyiv, GMT) stay valid.
 */
export function isTimeZone(zone: string): boolean {
  if (zone.length === 0 || zone.length > 100) return false;
  return zoneChecks.getOrSet(zone, () => {
    if (!/^[A-Z][A-Za-z0-9_+-]*(?:\/[A-Z][A-Za-z0-9_+-]*)*$/.test(zone)) return false;
    try {
      const known = new Intl.DateTimeFormat("en", { timeZone: zone }).resolvedOptions().timeZone;
      return known === zone || known.toLowerCase() !== zone.toLowerCase();
    } catch {
      return false;
    }
  });
}

/**
 * Answers of `zonedToUtc`: a TZDate asks Intl for the zone's offset several times, and a list
 * converts its range's ends and every occurrence of its series, the same ones for every reader of
 * the same month. A pure function of its input, so cached answers are the same answers; bounded.
 */
const instants = new BoundedCache<string, number>(4096);

/** `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS]` read as wall-clock time in `zone`, as epoch ms. */
export function zonedToUtc(local: string, zone: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(local);
  if (!m) throw new RangeError(`Not a local date-time: ${local}`);
  const key = `${zone} ${local}`;
  const known = instants.get(key);
  if (known !== undefined) return known;
  const [, y, mo, d, h = "0", mi = "0", s = "0"] = m;
  const instant = new TZDate(+y, +mo - 1, +d, +h, +mi, +s, zone).getTime();
  instants.set(key, instant);
  return instant;
}

/** `wallClock`'s formatters, one per zone (building one costs far more than using it); bounded. */
const wallClockFormats = new BoundedCache<string, Intl.DateTimeFormat>(64);
/** `wallClock`'s answers: a feed writes the same events' times for every reader; pure, so cached; bounded. */
const wallClocks = new BoundedCache<string, string>(4096);

/** The wall-clock time (`YYYY-MM-DDTHH:MM:SS`) an instant (epoch ms) is in `zone`, as `zonedToUtc` reads it back. */
export function wallClock(ms: number, zone: string): string {
  const key = `${zone} ${ms}`;
  return wallClocks.getOrSet(key, () => {
    const format = wallClockFormats.getOrSet(
      zone,
      () =>
        new Intl.DateTimeFormat("en-US", {
          timeZone: zone,
          hourCycle: "h23",
          year: "numeric",
          month: "2-digit",
          day: "2-digit",
          hour: "2-digit",
          minute: "2-digit",
          second: "2-digit",
        }),
    );
    const part: Record<string, string> = {};
    for (const p of format.formatToParts(ms)) part[p.type] = p.value;
    return `${part.year.padStart(4, "0")}-${part.month}-${part.day}T${part.hour}:${part.minute}:${part.second}`;
  });
}
