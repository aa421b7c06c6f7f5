import { validation } from './errors';

const ISO = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?)?(Z|[+-]\d{2}:?\d{2})?$/;
/** Epoch values below this are seconds, above are milliseconds (1e11 s is the year 5138). */
const SECONDS_LIMIT = 1e11;
const MIN_MS = Date.UTC(2000, 0, 1);
const MAX_MS = Date.UTC(2100, 0, 1);

/**
 * Accepts what users put in flows: ISO 8601 strings, epoch seconds or milliseconds (number or
 * digit string) and Date objects. Anything else, or a time outside 2000–2100, is refused.
 * A string without an offset such as "2024-05-01 14:00" is read in `timeZone`.
 */
export function toDate(value: unknown, field: string, timeZone = 'UTC'): Date {
  let ms: number;
  if (value instanceof Date) {
    ms = value.getTime();
  } else if (typeof value === 'number' || (typeof value === 'string' && /^\d{9,13}$/.test(value.trim()))) {
    const n = Number(value);
    ms = n < SECONDS_LIMIT ? n * 1000 : n;
  } else if (typeof value === 'string' && ISO.test(value.trim())) {
    const s = value.trim();
    ms = /(Z|[+-]\d{2}:?\d{2})$/.test(s) ? Date.parse(s.replace(' ', 'T')) : parseLocal(s, timeZone);
  } else {
    throw validation('badTime', { name: field });
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
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
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

/** Offset of `timeZone` from UTC at `ms`, in ms. */
function offsetAt(ms: number, timeZone: string): number {
  const p = wallClock(new Date(ms), timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000;
}

/** Reads `yyyy-MM-dd[ HH:mm[:ss]]` as a wall clock in `timeZone`; NaN when malformed. */
export function parseLocal(text: string, timeZone: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?$/.exec(text.trim());
  if (!m) return NaN;
  const [y, mo, d, h = '0', mi = '0', s = '0', frac = '0'] = m.slice(1);
  const asUtc = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, Number(frac.padEnd(3, '0')));
  // Two passes settle the offset even next to a daylight-saving change.
  let ms = asUtc - offsetAt(asUtc, timeZone);
  ms = asUtc - offsetAt(ms, timeZone);
  return ms;
}
