import { validation } from './errors';

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?(?:(Z)|([+-])(\d{2}):?(\d{2}))?$/;
const DAY_MS = 864e5;
/** Epoch values below this are seconds, above are milliseconds (1e11 s is the year 5138). */
const SECONDS_LIMIT = 1e11;
const MIN_MS = Date.UTC(2000, 0, 1);
const MAX_MS = Date.UTC(2100, 0, 1);

/**
 * Accepts what users put in flows: ISO 8601 strings, epoch seconds or milliseconds (number or
 * digit string) and Date objects. Anything else, an impossible date or clock reading (2026-02-30,
 * 25:00) or a time outside 2000–2100, is refused.
 * A string without an offset such as "2024-05-01 14:00" is read in `timeZone`.
 */
export function toDate(value: unknown, field: string, timeZone = 'UTC'): Date {
  let ms: number;
  if (value instanceof Date) {
    ms = value.getTime();
  } else if (typeof value === 'number' || (typeof value === 'string' && /^\d{9,13}$/.test(value.trim()))) {
    const n = Number(value);
    ms = n < SECONDS_LIMIT ? n * 1000 : n;
  } else {
    const parsed = typeof value === 'string' ? readIso(value) : undefined;
    if (!parsed) throw validation('badTime', { name: field });
    ms = parsed.offset === undefined ? zonedToUtc(parsed.wall, timeZone) : parsed.wall - parsed.offset;
  }
  if (!Number.isFinite(ms) || ms < MIN_MS || ms > MAX_MS) {
    throw validation('timeOutOfRange', { name: field });
  }
  return new Date(ms);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Throws VALIDATION for a name that is not an IANA time zone. */
export function checkTimeZone(timeZone: string): void {
  try {
    formatter(timeZone);
  } catch {
    throw validation('unknownTimeZone', { zone: timeZone });
  }
}

function wallClock(date: Date, timeZone: string): Record<string, number> {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(date)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return parts;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** `yyyy-MM-dd HH:mm:ss` as a wall clock in `timeZone`. */
export function formatLocal(date: Date, timeZone: string): string {
  const p = wallClock(date, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}

/** The largest offset ISO 8601 and RFC 3339 write (±18:00; IANA zones stay within ±14:00). */
const MAX_OFFSET_MS = 18 * 3600e3;

/**
 * THE format of every time this package outputs (result fields of `type: 'time'`, their
 * inputs echoed back, events' `time`): ISO 8601 / RFC 3339 as the wall clock of `timeZone` with
 * its offset at that instant, `yyyy-MM-ddTHH:mm:ss±HH:mm` — e.g. `2026-12-20T14:00:00+08:00`
 * (Asia/Shanghai), `2026-07-04T12:00:00+02:00` / `2026-01-15T12:00:00+01:00` (Europe/Berlin in
 * summer and winter), `2026-12-20T11:45:00+05:45` (Asia/Kathmandu).
 * - Seconds precision; `.sss` only when the instant has milliseconds (a vendor's ms stamp).
 * - Always a numeric offset, never `Z`: UTC is `+00:00`.
 * - The offset is in whole minutes (a historic seconds offset, local mean time, is rounded and
 *   the wall clock written for the rounded offset), so `Date.parse` of the text is always `time`.
 * - A time the zone rules cannot place (before year 100, or at the very ends of a Date's range)
 *   is written in UTC (`+00:00`), still exact.
 * Comparing such texts as strings does not order them (offsets differ): compare `Date.parse` or
 * the `…Ms` twin.
 */
export function formatIso(time: number | Date, timeZone: string): string {
  const ms = typeof time === 'number' ? time : time.getTime();
  if (!(ms >= WHOLE_MINUTES_FROM && ms < FOUR_DIGIT_YEARS_UNTIL)) return writeIso(ms, offsetAt(ms, timeZone));
  // A burst of pushed events shares its seconds: the text is built once a second, Intl asked once a minute.
  const second = Math.floor(ms / 1000);
  let last = lastSecond.get(timeZone);
  if (last?.second !== second) {
    const minute = Math.floor(second / 60);
    const offset = last?.minute === minute ? last.offset : offsetAt(ms, timeZone);
    const text = writeIso(second * 1000, offset);
    last = { second, minute, offset, head: text.slice(0, 19), tail: text.slice(19) };
    lastSecond.set(timeZone, last);
  }
  const frac = Math.floor(ms) - second * 1000;
  return frac === 0 ? last.head + last.tail : `${last.head}.${String(frac).padStart(3, '0')}${last.tail}`;
}

function writeIso(ms: number, zoneOffset: number): string {
  let offset = Math.round(zoneOffset / 60e3) * 60e3;
  if (!Number.isFinite(offset) || Math.abs(offset) > MAX_OFFSET_MS || Math.abs(ms + offset) > 8.64e15) offset = 0;
  const wall = new Date(ms + offset).toISOString(); // the wall clock, written as if UTC
  const text = ms % 1000 === 0 ? wall.replace(/\.\d{3}Z$/, '') : wall.slice(0, -1);
  const a = Math.abs(offset) / 60e3;
  return `${text}${offset < 0 ? '-' : '+'}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

/** Since 1973 every zone changes its offset on a whole minute (Monrovia's −0:44:30 ended in 1972). */
const WHOLE_MINUTES_FROM = Date.UTC(1973, 0, 1);
/** Until then the text is `yyyy-…` (19 characters before the fraction); later years are written `+yyyyyy-…`. */
const FOUR_DIGIT_YEARS_UNTIL = Date.UTC(9999, 0, 1);
/** Per zone, the last second written: its text before and after the fraction, and its minute's offset. */
const lastSecond = new Map<string, { second: number; minute: number; offset: number; head: string; tail: string }>();

/** Offset of `timeZone` from UTC at `ms`, in ms. */
function offsetAt(ms: number, timeZone: string): number {
  const p = wallClock(new Date(ms), timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000;
}

/**
 * An ISO string's wall clock read as if UTC (`wall`) and its offset in ms, if it has one;
 * undefined when malformed or not a real calendar time (2026-02-30, 24:00, 10:60, +25:00).
 */
function readIso(text: string): { wall: number; offset?: number } | undefined {
  const m = ISO.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, sec] = m.slice(1, 7).map((v) => Number(v ?? 0));
  const [frac = '0', z, sign, oh = '0', om = '0'] = m.slice(7);
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const days = mo === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(mo) ? 30 : 31;
  if (mo < 1 || mo > 12 || d < 1 || d > days || h > 23 || mi > 59 || sec > 59 || +oh > 23 || +om > 59) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d); // unlike Date.UTC, keeps years 0000–0099 as they are
  const wall = date.setUTCHours(h, mi, sec, Number(frac.padEnd(3, '0')));
  if (z) return { wall, offset: 0 };
  if (sign) return { wall, offset: (sign === '-' ? -1 : 1) * (+oh * 3600e3 + +om * 60e3) };
  return { wall };
}

/** The instant at which `timeZone` shows the wall clock `wall` (read as if UTC). */
function zonedToUtc(wall: number, timeZone: string): number {
  const before = wall - offsetAt(wall - DAY_MS, timeZone);
  const after = wall - offsetAt(wall + DAY_MS, timeZone);
  const valid = [before, after].filter((ms) => ms + offsetAt(ms, timeZone) === wall);
  // None valid: the wall clock is in a gap; the offset before the change moves it forward.
  return valid.length ? Math.min(...valid) : before;
}

/**
 * Reads `yyyy-MM-dd[ HH:mm[:ss]]` as a wall clock in `timeZone`; NaN when malformed or impossible.
 * Like RFC 5545 and Temporal's 'compatible': a time skipped by daylight saving moves forward by
 * the gap, a repeated one is the earlier instant — one rule for every zone.
 */
export function parseLocal(text: string, timeZone: string): number {
  const parsed = readIso(text);
  return parsed && parsed.offset === undefined ? zonedToUtc(parsed.wall, timeZone) : NaN;
}
