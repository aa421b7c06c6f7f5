import ICAL from 'ical.js';
import { validation } from '../errors';
import { checkTimeZone, parseLocal } from '../time';

/**
 * Reads a booking calendar (an iCal feed exported by Airbnb, Booking.com, Vrbo or any other
 * system) into its events, classified as a guest's booking, dates the host blocked, or
 * Booking.com's 'closed'. Pure: no network, no store, no clock; the node that polls a feed
 * and turns its events into stays is built on it. What each platform's export looks like, and
 * where that is known from: docs/evidence/calendar-feeds.md.
 *
 * RFC 5545's syntax (line folding, CRLF or LF, escapes, parameters, several VCALENDARs) and its
 * VTIMEZONE rules are Mozilla's ical.js; this module reads the values of the few properties a
 * booking needs, and never through the machine's own time zone.
 */

export interface FeedEvent {
  uid: string;
  /** 'YYYY-MM-DD' for an all-day date (VALUE=DATE: what Airbnb, Booking.com and Vrbo export) — read from its year/month/day, never through a local-midnight Date; otherwise the instant as an ISO string in UTC ('2026-12-20T14:00:00.000Z') */
  from: string;
  /** like `from`; an all-day end is exclusive (the check-out day), as RFC 5545 has it */
  until: string;
  /** the guest's name where the platform gives one (Vrbo 'Reserved - <name>'; a generic feed's SUMMARY) */
  guest?: string;
  /** the platform's reservation code where given (Airbnb: the HM… code from the reservation URL in DESCRIPTION) — used to recognise a booking whose UID changed */
  reservation?: string;
  /** Airbnb: last 4 digits of the guest's phone from DESCRIPTION */
  phoneLast4?: string;
  /** 'booking' a guest's stay; 'blocked' dates the host closed (Airbnb 'Airbnb (Not available)', Vrbo 'Blocked'); 'closed' Booking.com's 'CLOSED - Not available', which its export uses for bookings and closures alike */
  kind: 'booking' | 'blocked' | 'closed';
  summary: string;
}

export type Platform = 'airbnb' | 'booking.com' | 'vrbo' | 'other';

export interface CalendarRead {
  /** from PRODID: '-//Airbnb Inc//Hosting Calendar …//EN', '-//admin.booking.com, b.v.//NONSGML v1.0//EN', '-//HomeAway.com, Inc.//EN' */
  platform: Platform;
  prodId: string;
  events: FeedEvent[];
  /**
   * Events left out, by why. A caller that cancels a stay when its booking is gone from the feed
   * can tell "gone" from "there, but not readable here" (invalid), and say so.
   * - cancelled: STATUS:CANCELLED.
   * - recurring: an RRULE, RDATE or RECURRENCE-ID. No booking platform exports one (a stay is
   *   one date range, with its own UID); such a feed is a personal calendar, whose repetitions
   *   are not stays, and expanding them would cost time without bound. Left out and counted.
   * - invalid: no UID, no DTSTART, a date that is not one (2026-02-30), an end before the start,
   *   a start and end of different value types, or a DURATION that is not one.
   */
  skipped: { cancelled: number; recurring: number; invalid: number };
}

/** The most text read: a booking calendar is a few kB to a few hundred (a busy listing, two years ahead); the caller caps what it downloads, this is the second fence. */
export const MAX_CALENDAR_BYTES = 10 * 1024 * 1024;
/** Distinct VTIMEZONEs a feed may have converted by their own rules (real feeds have 0 to 3); further ones are read as a TZID without VTIMEZONE, so a feed of many costly rule sets costs no more than its size. */
const MAX_ZONES = 16;
/** Years a date may have: a booking feed holds the last weeks and the next two years; anything else is not a stay (and would have zone rules expanded that far). */
const MIN_YEAR = 1900;
const MAX_YEAR = 2200;

type JCalProperty = [string, Record<string, unknown>, string, ...unknown[]];
type JCalComponent = [string, JCalProperty[], JCalComponent[]];

/** Throws a VALIDATION LockError, saying why in one line, when the text is not an iCalendar feed. */
export function readCalendar(text: string, options: { timeZone: string }): CalendarRead {
  if (typeof text !== 'string') throw validation('notString', { name: 'the calendar feed', given: text === null ? 'null' : typeof text });
  const timeZone = options?.timeZone;
  // Never the machine's zone: Intl would take a missing one for it.
  if (typeof timeZone !== 'string' || !timeZone) throw validation('required', { name: 'the time zone to read the calendar in' });
  checkTimeZone(timeZone);
  // Refused before anything else is done with it: the length alone says a 20 MB text is too big.
  if (text.length > MAX_CALENDAR_BYTES || Buffer.byteLength(text, 'utf8') > MAX_CALENDAR_BYTES) {
    throw validation('calendarTooLarge', { size: (Buffer.byteLength(text, 'utf8') / 1048576).toFixed(1), max: MAX_CALENDAR_BYTES / 1048576 });
  }
  // A BOM, and old Mac CR-only line ends, are the two things ical.js does not read itself.
  const body = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const trimmed = body.trim();
  if (!trimmed) throw validation('calendarEmpty');
  if (!/^BEGIN:VCALENDAR[ \t]*(\n|$)/i.test(trimmed)) throw validation('calendarNotIcal', { value: trimmed.slice(0, 40).split('\n')[0] });
  // A feed cut short by a dropped connection would read as bookings gone: refused, not half-read.
  if (!/(^|\n)END:VCALENDAR$/i.test(trimmed)) throw validation('calendarCut');
  let parsed: unknown;
  try {
    parsed = ICAL.parse(trimmed);
  } catch (err) {
    throw validation('calendarUnreadable', { reason: err instanceof Error ? err.message : String(err) });
  }
  const calendars = (isComponent(parsed) ? [parsed] : Array.isArray(parsed) ? parsed.filter(isComponent) : []).filter((c) => c[0] === 'vcalendar');
  if (!calendars.length) throw validation('calendarUnreadable', { reason: 'no VCALENDAR in it' });

  const prodId = textOf(calendars[0][1], 'prodid') ?? '';
  const platform = platformOf(prodId);
  const read: CalendarRead = { platform, prodId, events: [], skipped: { cancelled: 0, recurring: 0, invalid: 0 } };
  const clock = new Clock(timeZone);
  for (const calendar of calendars) {
    clock.addZones(calendar[2]);
    for (const component of calendar[2]) {
      if (component[0] !== 'vevent') continue;
      const outcome = readEvent(component, platform, clock);
      if (typeof outcome === 'string') read.skipped[outcome]++;
      else read.events.push(outcome);
    }
  }
  return read;
}

function isComponent(value: unknown): value is JCalComponent {
  return Array.isArray(value) && typeof value[0] === 'string' && Array.isArray(value[1]) && Array.isArray(value[2]);
}

function property(props: JCalProperty[], name: string): JCalProperty | undefined {
  return props.find((p) => p[0] === name);
}

function textOf(props: JCalProperty[], name: string): string | undefined {
  const p = property(props, name);
  return p === undefined || p[3] === undefined || p[3] === null ? undefined : String(p[3]);
}

/** The platform that wrote the feed, by its PRODID (sources: docs/evidence/calendar-feeds.md). */
export function platformOf(prodId: string): Platform {
  if (/airbnb/i.test(prodId)) return 'airbnb';
  if (/booking\.com/i.test(prodId)) return 'booking.com';
  if (/homeaway|vrbo/i.test(prodId)) return 'vrbo';
  return 'other';
}

type Skip = keyof CalendarRead['skipped'];

function readEvent(event: JCalComponent, platform: Platform, clock: Clock): FeedEvent | Skip {
  const props = event[1];
  if (/^cancelled$/i.test(textOf(props, 'status')?.trim() ?? '')) return 'cancelled';
  if (property(props, 'rrule') || property(props, 'rdate') || property(props, 'recurrence-id')) return 'recurring';
  const uid = textOf(props, 'uid')?.trim();
  const startProp = property(props, 'dtstart');
  if (!uid || !startProp) return 'invalid';
  const start = clock.read(startProp);
  if (!start) return 'invalid';
  const endProp = property(props, 'dtend');
  const durationProp = endProp ? undefined : property(props, 'duration');
  let end: Moment | undefined;
  if (endProp) end = clock.read(endProp);
  else if (durationProp) end = clock.after(start, String(durationProp[3] ?? ''));
  // RFC 5545 3.6.1: without DTEND or DURATION an all-day event lasts its one day, a timed one no time.
  else end = start.date ? { date: addDays(start.date, 1) } : start;
  if (!end || !start.date !== !end.date) return 'invalid';
  const from = start.date ? dateText(start.date) : new Date(start.ms).toISOString();
  const until = end.date ? dateText(end.date) : new Date(end.ms).toISOString();
  if (until < from) return 'invalid';
  const summary = textOf(props, 'summary') ?? '';
  return { uid, from, until, ...classify(platform, summary.trim(), textOf(props, 'description') ?? ''), summary };
}

/** A date's or an instant's reading: `date` for VALUE=DATE, else `ms` (epoch) and the wall clock and zone it was read from (for DURATION's days). */
type Moment = { date: Ymd; ms?: undefined } | { date?: undefined; ms: number; wall: Wall; zone: Zone };
interface Ymd {
  year: number;
  month: number;
  day: number;
}
interface Wall extends Ymd {
  hour: number;
  minute: number;
  second: number;
}
/** How a wall clock becomes an instant: UTC ('Z'), a VTIMEZONE's rules (ical.js), or an IANA zone (Intl, through lib/time.ts). */
type Zone = { utc: true } | { vtimezone: ICAL.Timezone } | { iana: string };

/** Reads DTSTART/DTEND values in the zones the feed defines, and the configured zone where it defines none. */
class Clock {
  /** VTIMEZONE components by TZID, and those already turned into ical.js zones */
  private readonly definitions = new Map<string, JCalComponent>();
  private readonly zones = new Map<string, ICAL.Timezone | null>();
  private built = 0;
  /** TZIDs Intl knows (true) or not (false), asked once each */
  private readonly iana = new Map<string, boolean>();

  constructor(private readonly timeZone: string) {}

  addZones(components: JCalComponent[]): void {
    for (const c of components) {
      const tzid = c[0] === 'vtimezone' ? textOf(c[1], 'tzid') : undefined;
      if (tzid && !this.definitions.has(tzid)) this.definitions.set(tzid, c);
    }
  }

  /**
   * A DTSTART/DTEND value. The value's text is read here, not by ical.js's Time: ical.js reads
   * '20261201' without VALUE=DATE as a broken date-time, accepts 2026-02-30, and looks an
   * undefined TZID up by walking every component of the calendar — for each value, so a feed
   * of n events whose TZID has no VTIMEZONE would take n² steps.
   */
  read(prop: JCalProperty): Moment | undefined {
    // ical.js turned '20261201T150000Z' into '2026-12-01T15:00:00Z'; taking its separators out gives RFC 5545's form back, which is checked strictly.
    const m = /^(\d{4})(\d{2})(\d{2})(?:T(?:(\d{2})(\d{2})(\d{2})(Z?))?)?$/.exec(String(prop[3] ?? '').replace(/[-:]/g, ''));
    if (!m) return undefined;
    const [year, month, day] = [m[1], m[2], m[3]].map(Number);
    if (!realDate(year, month, day)) return undefined;
    if (m[4] === undefined || prop[2] === 'date') return { date: { year, month, day } };
    const wall = { year, month, day, hour: Number(m[4]), minute: Number(m[5]), second: Number(m[6]) };
    if (wall.hour > 23 || wall.minute > 59 || wall.second > 59) return undefined;
    const tzid = typeof prop[1].tzid === 'string' ? prop[1].tzid : undefined;
    const zone: Zone = m[7] ? { utc: true } : this.zoneOf(tzid);
    const ms = this.instant(wall, zone);
    return Number.isFinite(ms) ? { ms, wall, zone } : undefined;
  }

  /** The end of an event that gives a DURATION: its days and weeks on the wall clock (a day over a DST change is a calendar day), its hours, minutes and seconds exact (RFC 5545 3.3.6). */
  after(start: Moment, text: string): Moment | undefined {
    const m = /^\+?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(text.trim());
    if (!m || text.trim().replace(/^\+/, '') === 'P' || /T$/.test(text.trim())) return undefined;
    const [weeks, days, hours, minutes, seconds] = m.slice(1).map((v) => Number(v ?? 0));
    const nominal = weeks * 7 + days;
    const exact = (hours * 3600 + minutes * 60 + seconds) * 1000;
    if (start.date) return exact ? undefined : { date: addDays(start.date, nominal) };
    const wall = { ...addDays(start.wall, nominal), hour: start.wall.hour, minute: start.wall.minute, second: start.wall.second };
    const ms = this.instant(wall, start.zone) + exact;
    return Number.isFinite(ms) ? { ms, wall, zone: start.zone } : undefined;
  }

  /**
   * The zone a TZID names: the feed's own VTIMEZONE where it has one (converted by ical.js);
   * without one (common in real feeds), the IANA zone of that name if Intl knows it; else, and
   * for a floating time (no Z, no TZID), the configured zone. Never the machine's zone.
   */
  private zoneOf(tzid: string | undefined): Zone {
    if (tzid === undefined) return { iana: this.timeZone };
    const vtimezone = this.vtimezone(tzid);
    if (vtimezone) return { vtimezone };
    let known = this.iana.get(tzid);
    if (known === undefined) {
      try {
        checkTimeZone(tzid);
        known = true;
      } catch {
        known = false;
      }
      this.iana.set(tzid, known);
    }
    return { iana: known ? tzid : this.timeZone };
  }

  private vtimezone(tzid: string): ICAL.Timezone | undefined {
    const known = this.zones.get(tzid);
    if (known !== undefined) return known ?? undefined;
    const definition = this.definitions.get(tzid);
    let zone: ICAL.Timezone | null = null;
    if (definition && this.built < MAX_ZONES && yearlyRules(definition)) {
      this.built++;
      try {
        zone = new ICAL.Timezone({ component: new ICAL.Component(definition), tzid });
        zone.utcOffset(ICAL.Time.fromData({ year: 2026, month: 1, day: 1, hour: 0, minute: 0, second: 0, isDate: false }));
      } catch {
        zone = null; // rules ical.js cannot read: as if the feed had none
      }
    }
    this.zones.set(tzid, zone);
    return zone ?? undefined;
  }

  private instant(wall: Wall, zone: Zone): number {
    if (wall.year < MIN_YEAR || wall.year > MAX_YEAR) return NaN;
    const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
    if ('utc' in zone) return asUtc;
    if ('vtimezone' in zone) return asUtc - zone.vtimezone.utcOffset(ICAL.Time.fromData({ ...wall, isDate: false })) * 1000;
    return parseLocal(`${dateText(wall)} ${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}`, zone.iana);
  }
}

/** Zone rules ical.js expands year by year from their DTSTART: only yearly rules from 1900 on, as real zones have; anything else would cost time the feed's size does not bound. */
function yearlyRules(vtimezone: JCalComponent): boolean {
  return vtimezone[2].every((rule) =>
    rule[1].every((p) => {
      if (p[0] === 'rrule') return typeof p[3] === 'object' && p[3] !== null && String((p[3] as { freq?: unknown }).freq).toUpperCase() === 'YEARLY';
      if (p[0] === 'dtstart') return Number(String(p[3]).slice(0, 4)) >= MIN_YEAR;
      return true;
    }),
  );
}

function realDate(year: number, month: number, day: number): boolean {
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `days` later, on the calendar alone (UTC arithmetic on the date's numbers: no zone is involved). */
function addDays(date: Ymd, days: number): Ymd {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

const pad = (n: number): string => String(n).padStart(2, '0');
const dateText = (d: Ymd): string => `${d.year}-${pad(d.month)}-${pad(d.day)}`;

/** How a SUMMARY reads when it is not a guest: dates the host (or the platform) closed. */
const BLOCK = /\b(not available|unavailable|blocked|closed|indisponible)\b/i;

type Classified = Pick<FeedEvent, 'kind' | 'guest' | 'reservation' | 'phoneLast4'>;

/** What an event is, by the platform's words (docs/evidence/calendar-feeds.md). */
function classify(platform: Platform, summary: string, description: string): Classified {
  switch (platform) {
    case 'airbnb': {
      // 'Reserved' with the reservation URL and phone digits in DESCRIPTION; 'Airbnb (Not available)' for blocks and the booking window's edge.
      const details = airbnbDetails(description);
      if (/^reserved$/i.test(summary)) return { kind: 'booking', ...details };
      if (BLOCK.test(summary)) return { kind: 'blocked' };
      // Older exports named the guest: 'Name (HMXXXXXXXX)'.
      const named = /^(.*?)\s*\((HM[A-Z0-9]+)\)$/i.exec(summary);
      if (named) return withGuest({ kind: 'booking', reservation: named[2], ...details }, named[1]);
      return withGuest({ kind: 'booking', ...details }, summary);
    }
    case 'booking.com': {
      // 'CLOSED - Not available' for every sold or closed night; older exports put the guest's name after the dash.
      const closed = /^closed\b\s*(?:-\s*(.*))?$/i.exec(summary);
      if (closed) return withGuest({ kind: 'closed' }, closed[1] && !BLOCK.test(closed[1]) ? closed[1] : '');
      return generic(summary);
    }
    case 'vrbo': {
      // 'Reserved - <name>' (Abritel, its French twin: 'Réservée - <name>'), 'Blocked'.
      const reserved = /^(?:reserved|réservée)(?:\s*-\s*(.*))?$/i.exec(summary);
      if (reserved) return withGuest({ kind: 'booking' }, reserved[1] ?? '');
      return generic(summary);
    }
    default:
      return generic(summary);
  }
}

/** A feed of any other system: its SUMMARY is the guest's name ('Reserved - <name>' is read too), unless it reads like a block. */
function generic(summary: string): Classified {
  if (BLOCK.test(summary)) return { kind: 'blocked' };
  const reserved = /^reserved(?:\s*[-:]\s*(.*))?$/i.exec(summary);
  return withGuest({ kind: 'booking' }, reserved ? (reserved[1] ?? '') : summary);
}

function withGuest(event: Classified, guest: string): Classified {
  const name = guest.trim();
  return name ? { ...event, guest: name } : event;
}

function airbnbDetails(description: string): Pick<FeedEvent, 'reservation' | 'phoneLast4'> {
  // 'Reservation URL: https://www.airbnb.com/hosting/reservations/details/HM…' (older: '…/reservation/itinerary?code=HM…').
  const reservation = /\/reservations\/details\/([A-Za-z0-9]+)|[?&]code=([A-Za-z0-9]+)/.exec(description);
  const phone = /Phone Number \(Last 4 Digits\):\s*(\d{4})\b/i.exec(description);
  return {
    ...(reservation ? { reservation: reservation[1] ?? reservation[2] } : {}),
    ...(phone ? { phoneLast4: phone[1] } : {}),
  };
}
