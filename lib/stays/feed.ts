import { asLockError, validation, type LockError } from '../errors';
import { formatLocal } from '../time';
import { HttpTransport } from '../transport';
import type { Store } from '../store';
import type { FeedEvent } from './calendar';
/**
 * What a booking feed's polls mean for stays: the pure half of the calendar node. Feeds flap
 * (Airbnb answers an empty calendar for a few minutes, a stay's UID changes when it is extended),
 * so a booking gone from the feed is cancelled only after it has been missing K polls in a row,
 * a failed poll changes nothing, and a new UID that carries a vanished booking's reservation code
 * is that booking, changed — the guest keeps the stay id, and with it the code.
 */

export interface FeedSettings {
  /** polls a booking must be missing in a row before it is cancelled */
  missedPolls: number;
  /** the host's blocked dates become stays too (default: they make none) */
  blockedAreStays: boolean;
  /** Booking.com's `CLOSED - Not available`, which its export writes for bookings and closures alike: stays or not */
  closedAreStays: boolean;
}

/** What the tracker remembers of a booking it has passed on as a stay. */
interface Known {
  /** the stay id: the first UID the booking had */
  id: string;
  uid: string;
  content: string;
  from: string;
  until: string;
  guest?: string;
  reservation?: string;
  missing: number;
}

/** The tracker's state, as the store keeps it (plain JSON). */
export interface FeedState {
  known: Known[];
}

/** A stay as the stay node reads it. */
export interface StayChange {
  id: string;
  guest?: string;
  from?: string;
  until?: string;
  status: 'confirmed' | 'cancelled';
}

export interface PollOutcome {
  changes: StayChange[];
  /** bookings in the feed passed on (or kept) as stays */
  bookings: number;
  state: FeedState;
}

const wanted = (e: FeedEvent, s: FeedSettings): boolean =>
  e.kind === 'booking' || (e.kind === 'blocked' && s.blockedAreStays) || (e.kind === 'closed' && s.closedAreStays);

/** Airbnb names no guest: the reservation code, or the phone's last digits, is what a host knows the booking by. */
const guestOf = (e: FeedEvent): string => e.guest ?? (e.reservation ? `guest ${e.reservation}` : e.phoneLast4 ? `guest …${e.phoneLast4}` : 'guest');

const contentOf = (e: FeedEvent): string => JSON.stringify([e.from, e.until, e.guest ?? '']);
const overlap = (a: { from: string; until: string }, b: { from: string; until: string }): boolean => a.from < b.until && b.from < a.until;
/** A date or an instant, as comparable text: both are ISO, and a date sorts before any time that day. */
const ended = (k: { until: string }, today: string): boolean => k.until.slice(0, 10) < today;

/**
 * One poll of the feed: its read (or undefined when the poll failed: nothing changes), the state
 * the last poll left, and today's date in the property's zone ('YYYY-MM-DD': a booking that
 * ended before it and left the feed is forgotten, not cancelled — its credential has run out).
 */
export function track(read: { events: readonly FeedEvent[] } | undefined, state: FeedState, settings: FeedSettings, today: string): PollOutcome {
  const known = new Map(state.known.map((k) => [k.uid, { ...k }]));
  if (!read) return { changes: [], bookings: known.size, state: { known: [...known.values()] } };
  // A booking that has ended makes no code (a feed lists months of past stays): not wanted, and forgotten if known.
  const events = read.events.filter((e) => wanted(e, settings) && !ended(e, today));
  const seen = new Set(events.map((e) => e.uid));
  for (const e of read.events) if (ended(e, today)) known.delete(e.uid);
  const vanished = [...known.values()].filter((k) => !seen.has(k.uid));
  const changes: StayChange[] = [];
  const next = new Map<string, Known>();
  for (const e of events) {
    let k = known.get(e.uid);
    if (!k) {
      // A new UID for a booking that vanished in this same poll: the same reservation, or (no codes) the same guest over the same nights.
      const i = vanished.findIndex((v) =>
        e.reservation || v.reservation ? e.reservation === v.reservation : !!e.guest && e.guest === v.guest && overlap(v, e),
      );
      if (i >= 0) [k] = vanished.splice(i, 1);
    }
    const content = contentOf(e);
    if (!k || k.content !== content) {
      changes.push({ id: k?.id ?? e.uid, guest: guestOf(e), from: e.from, until: e.until, status: 'confirmed' });
    }
    next.set(e.uid, {
      id: k?.id ?? e.uid,
      uid: e.uid,
      content,
      from: e.from,
      until: e.until,
      ...(e.guest ? { guest: e.guest } : {}),
      ...(e.reservation ? { reservation: e.reservation } : {}),
      missing: 0,
    });
  }
  for (const k of vanished) {
    if (ended(k, today)) continue;
    if (k.missing + 1 >= settings.missedPolls) changes.push({ id: k.id, status: 'cancelled' });
    else next.set(k.uid, { ...k, missing: k.missing + 1 });
  }
  return { changes, bookings: events.length, state: { known: [...next.values()] } };
}

/** The most events a feed may hold: more changes nothing and says why. */
const MAX_BOOKINGS = 5000;

/** A feed's answer is read into events by the calendar reader (lib/stays/calendar.ts). */
export type FeedReader = (text: string, options: { timeZone: string }) => { events: readonly FeedEvent[] };

/**
 * Polls one booking feed: fetch (one deadline for the whole answer; a body over the transport's
 * cap refused), read, track. The caller applies the changes, then `save`s the state: a crash
 * between the two repeats the changes at the next poll (stays are idempotent), never loses them.
 */
export class FeedPoller {
  private readonly transport: HttpTransport;
  private readonly path: string;

  constructor(
    private readonly store: Store,
    private readonly key: string,
    url: string,
    private readonly settings: FeedSettings,
    private readonly timeZone: string,
    private readonly read: FeedReader,
  ) {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      throw validation('feedUrl', {});
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw validation('feedUrl', {});
    this.path = `${u.pathname}${u.search}`;
    // Idempotent GETs, tried twice; the URL's token (Airbnb's feeds carry one) never reaches an error: only the origin is named.
    this.transport = new HttpTransport({ baseURL: u.origin, timeoutMs: 30_000, maxTries: 2, maxConcurrent: 1 });
  }

  /** One poll: the stays that changed, and why the feed could not be read (then nothing changed). */
  async poll(): Promise<{ changes: StayChange[]; bookings: number; state: FeedState; error?: LockError }> {
    let read: { events: readonly FeedEvent[] } | undefined;
    let error: LockError | undefined;
    try {
      const text = await this.transport.request(
        true,
        () => ({ method: 'GET', url: this.path, headers: { Accept: 'text/calendar' } }),
        (res) => res.data,
      );
      const got = this.read(text, { timeZone: this.timeZone });
      // A listing has tens of bookings ahead, a property a few hundred: thousands is a feed gone wrong, not a stay each.
      if (got.events.length > MAX_BOOKINGS) throw validation('feedTooMany', { count: got.events.length, max: MAX_BOOKINGS });
      read = got;
    } catch (e) {
      error = asLockError(e);
    }
    const saved = await this.store.get<FeedState>(this.key);
    const today = formatLocal(new Date(), this.timeZone).slice(0, 10);
    return { ...track(read, saved?.value ?? { known: [] }, this.settings, today), ...(error ? { error } : {}) };
  }

  async save(state: FeedState): Promise<void> {
    await this.store.put(this.key, state);
  }

  close(): void {
    this.transport.close();
  }
}
