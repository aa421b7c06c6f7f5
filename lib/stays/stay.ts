import { validation } from '../errors';
import { parseLocal, toDate } from '../time';

/** What a guest gets at a door: what the door's system offers. */
export type Grant = 'code' | 'card' | 'ekey' | 'qr';

/** A door of a stay node: a lock of one configuration, what guests get there, and when. */
export interface Door {
  name: string;
  /** the door's time zone: dates are read with its check-in/check-out times there */
  timeZone: string;
  grant: Grant;
  /** `HH:mm`, local to the door */
  checkIn: string;
  checkOut: string;
  /** minutes before `from` and after `until` the credential already/still works */
  bufferMinutes: number;
  /** false where the door's system cannot repeat a credential weekly (a stay with `weekly` is refused there), and its name */
  repeatsWeekly?: boolean;
  system?: string;
}

export type StayStatus = 'confirmed' | 'cancelled' | 'checked-out';

export interface Guest {
  name: string;
  phone?: string;
  email?: string;
}

/** A stay as the node reads it from msg.payload. */
export interface Stay {
  id: string;
  guest: Guest;
  status: StayStatus;
  /** door name → the window its credential works in (epoch ms, buffer included) */
  windows: Record<string, Window>;
}

export interface Window {
  from: number;
  until: number;
  /** within the window, only these hours of these weekdays (a cleaner every Tuesday 10:00-12:00), in the door's zone */
  weekly?: Weekly[];
}

/** A weekly time range: `days` 0 Sunday … 6 Saturday, `from`/`until` minutes of the day. */
export interface Weekly {
  days: number[];
  from: number;
  until: number;
}

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;
const STATUSES: readonly StayStatus[] = ['confirmed', 'cancelled', 'checked-out'];
const MINUTE = 60_000;

/** A time of a stay: an instant, or a date read with the door's clock time in its zone. */
function instant(value: unknown, field: string, clock: string, timeZone: string): number {
  if (typeof value === 'string' && DATE.test(value.trim())) {
    const ms = parseLocal(`${value.trim()} ${clock}`, timeZone);
    if (Number.isNaN(ms)) throw validation('badTime', { name: field });
    return ms;
  }
  return toDate(value, field, timeZone).getTime();
}

/** Checks a door's settings as the editor saves them; throws VALIDATION naming the one that is wrong. */
export function checkDoor(door: Door): Door {
  if (typeof door.name !== 'string' || !door.name.trim()) throw validation('stayDoor', { name: 'name', value: String(door.name) });
  for (const k of ['checkIn', 'checkOut'] as const) if (!CLOCK.test(door[k])) throw validation('stayDoor', { name: k, value: String(door[k]) });
  if (!Number.isInteger(door.bufferMinutes) || door.bufferMinutes < 0 || door.bufferMinutes > 24 * 60) {
    throw validation('stayDoor', { name: 'bufferMinutes', value: String(door.bufferMinutes) });
  }
  return door;
}

/**
 * A stay from msg.payload: `{id, guest, from, until, doors?, status?}`. `from`/`until` are ISO
 * times or dates (2026-12-20, read with each door's check-in/check-out time in its zone);
 * `doors` defaults to every door. Each door's window is widened by its buffer.
 */
export function readStay(input: unknown, doors: readonly Door[]): Stay {
  if (!input || typeof input !== 'object' || Array.isArray(input)) throw validation('stayShape', {});
  const s = input as Record<string, unknown>;
  const id = typeof s.id === 'number' ? String(s.id) : s.id;
  if (typeof id !== 'string' || !id.trim() || id.length > 200) throw validation('stayField', { name: 'id' });
  const status = (s.status ?? 'confirmed') as StayStatus;
  if (!STATUSES.includes(status)) throw validation('stayField', { name: 'status' });
  const guest = readGuest(s.guest, status);
  const names = s.doors === undefined ? doors.map((d) => d.name) : s.doors;
  if (!Array.isArray(names) || names.some((n) => typeof n !== 'string')) throw validation('stayField', { name: 'doors' });
  const weekly = s.weekly === undefined ? undefined : readWeekly(s.weekly);
  const windows: Record<string, Window> = {};
  for (const name of new Set(names as string[])) {
    const door = doors.find((d) => d.name === name);
    if (!door) throw validation('stayUnknownDoor', { name, doors: doors.map((d) => d.name).join(', ') });
    if (weekly && door.repeatsWeekly === false) throw validation('stayWeeklyCannot', { name, vendor: door.system ?? '' });
    if (status !== 'confirmed') {
      windows[name] = { from: 0, until: 0 };
      continue;
    }
    const from = instant(s.from, 'from', door.checkIn, door.timeZone);
    const until = instant(s.until, 'until', door.checkOut, door.timeZone);
    if (until <= from) throw validation('stayEmpty', { from: String(s.from), until: String(s.until) });
    windows[name] = { from: from - door.bufferMinutes * MINUTE, until: until + door.bufferMinutes * MINUTE, ...(weekly ? { weekly } : {}) };
  }
  return { id: id.trim(), guest, status, windows };
}

/** `[{days: ['tue'], from: '10:00', until: '12:00'}, …]`: weekdays by name (mon … sun) or number (0 Sunday), times HH:mm the same day. */
function readWeekly(value: unknown): Weekly[] {
  const bad = (): never => {
    throw validation('stayWeekly', {});
  };
  if (!Array.isArray(value) || !value.length || value.length > 7) return bad();
  return (value as unknown[]).map((v) => {
    const w = (v && typeof v === 'object' ? v : {}) as { days?: unknown; from?: unknown; until?: unknown };
    if (!Array.isArray(w.days) || !w.days.length || typeof w.from !== 'string' || typeof w.until !== 'string') return bad();
    const days = [...new Set((w.days as unknown[]).map((d) => (typeof d === 'number' ? d : DAYS.indexOf(String(d).trim().toLowerCase().slice(0, 3)))))].sort();
    if (days.some((d) => !Number.isInteger(d) || d < 0 || d > 6) || !CLOCK.test(w.from) || !CLOCK.test(w.until)) return bad();
    const minutes = (t: string): number => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
    const from = minutes(w.from);
    const until = minutes(w.until);
    // Over midnight is two ranges: said, not guessed.
    if (until <= from) return bad();
    return { days, from, until };
  });
}

function readGuest(value: unknown, status: StayStatus): Guest {
  if (typeof value === 'string' && value.trim()) return { name: value.trim().slice(0, 100) };
  if (value && typeof value === 'object' && typeof (value as Guest).name === 'string' && (value as Guest).name.trim()) {
    const g = value as Guest;
    return {
      name: g.name.trim().slice(0, 100),
      ...(typeof g.phone === 'string' ? { phone: g.phone } : {}),
      ...(typeof g.email === 'string' ? { email: g.email } : {}),
    };
  }
  // A cancellation names the stay, not always its guest.
  if (status !== 'confirmed' && value === undefined) return { name: '' };
  throw validation('stayField', { name: 'guest' });
}
