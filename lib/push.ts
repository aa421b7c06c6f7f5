import { LockError, asLockError, errorText } from './errors';
import type { LockEvent } from './events';

// A lock cloud's push stream, shared by every events node on one config: one connection,
// reconnected with backoff, each message emitted once and acknowledged after it left.

/** One message of a vendor's push stream: the events in it and how to tell the vendor it is handled. */
export interface PushMessage {
  /** the vendor's message id: a redelivery carries the same one */
  id: string;
  events: LockEvent[];
  ack(): void;
}

/** What a vendor's connection tells the hub once it is open. */
export interface PushHandlers {
  message(m: PushMessage): void;
  /** a message that cannot be read: acknowledged (it would come back forever) and said; `acked` false when nothing could be acknowledged (no id) */
  unreadable(id: string, reason: string, acked?: boolean): void;
  /** the connection ended (the server, the network, a missed heartbeat) */
  closed(reason: LockError): void;
  /** something the user should know that is neither an event nor an unreadable message */
  warn?(said: LockError): void;
}

/**
 * Node-RED's own HTTP server, for systems that push by calling a URL of the integrator (TTLock's
 * callback): POSTs to `<httpNodeRoot>/smartlock/<vendor>/<key>` reach every listener of that key,
 * answered `success` once all have handled it.
 */
export interface CallbackServer {
  /** `handle` says whether the request was this listener's (one of its locks). Returns how to stop listening. */
  listen(vendor: string, key: string, handle: (form: URLSearchParams) => Promise<boolean>): () => void;
}

/** A vendor's push service. `connect` resolves once subscribed; rejects with AUTH when the credentials are refused. */
export interface PushTransport {
  connect(handlers: PushHandlers): Promise<{ close(): void }>;
}

export type PushState =
  { state: 'connecting' } | { state: 'connected'; lastEvent?: string } | { state: 'reconnecting'; inMs: number; error: LockError } | { state: 'closed' };

/** An events node on the stream: which events it wants, where they go, what it shows. */
export interface PushSubscriber {
  wants(e: LockEvent): boolean;
  deliver(e: LockEvent): void;
  state(s: PushState): void;
  /** something the user should know that is no event (an unreadable message) */
  warn(said: LockError): void;
}

/** Where the ids of emitted messages are kept, so a redelivery after a restart is still known. */
export interface SeenStore {
  load(): string[] | undefined;
  save(ids: string[]): void;
}

export interface PushOptions {
  store?: SeenStore;
  /** message ids remembered (default 10 000) */
  window?: number;
  /** first reconnect delay, doubled per failure up to maxDelayMs (defaults 1 s, 60 s) */
  minDelayMs?: number;
  maxDelayMs?: number;
  /** a connection that lived this long resets the backoff (default 30 s) */
  stableMs?: number;
  random?: () => number;
}

const SAVE_EVERY_MS = 1000;

/** One connection try: `connecting` until subscribed, `open`, then `closed` for good (a new try is a new Attempt). */
interface Attempt {
  state: 'connecting' | 'open' | 'closed';
  conn?: { close(): void };
  openedAt?: number;
}

/**
 * One push connection for a config node: opened while some events node listens, closed when
 * none does (so the other instance of an HA pair takes the stream over). Backoff with jitter on
 * every failure; refused credentials wait the longest delay, so a wrong secret never storms.
 */
export class PushHub {
  private readonly subs = new Set<PushSubscriber>();
  /** the current try: connecting or open; a closed one is let go */
  private attempt: Attempt | undefined;
  private failuresInRow = 0;
  private timer: NodeJS.Timeout | undefined;
  private saveTimer: NodeJS.Timeout | undefined;
  private ended = false;
  private now: PushState = { state: 'connecting' };
  private shownSecond = 0;
  private readonly seen: Set<string>;
  /** the same ids oldest first, as a ring: the oldest is found by index, not by a Set iterator that walks the holes deletes leave (7 µs a message at 10 000) */
  private readonly ring: string[];
  private oldest = 0;
  private readonly o: Required<Omit<PushOptions, 'store'>> & { store?: SeenStore };
  /** what happened, for tests and the status: messages emitted, redeliveries dropped, connections made */
  readonly counts = { messages: 0, duplicates: 0, unreadable: 0, connects: 0, failures: 0 };

  constructor(
    private readonly transport: PushTransport,
    options: PushOptions = {},
  ) {
    this.o = { window: 10_000, minDelayMs: 1000, maxDelayMs: 60_000, stableMs: 30_000, random: Math.random, ...options };
    this.seen = new Set(this.o.store?.load()?.slice(-this.o.window) ?? []);
    this.ring = [...this.seen];
  }

  /** Adds an events node; the first one opens the connection. Returns how to leave. */
  subscribe(sub: PushSubscriber): () => void {
    this.subs.add(sub);
    sub.state(this.now);
    if (!this.ended) this.open();
    return () => {
      this.subs.delete(sub);
      if (this.subs.size === 0) this.disconnect();
    };
  }

  /** The config node closed: no reconnect, the window saved. */
  close(): void {
    this.ended = true;
    this.disconnect();
    this.setState({ state: 'closed' });
  }

  private disconnect(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const mine = this.attempt;
    this.attempt = undefined;
    if (mine && mine.state !== 'closed') {
      mine.state = 'closed';
      mine.conn?.close(); // one still connecting is closed when it resolves
    }
    this.flush();
  }

  private setState(s: PushState): void {
    if (s.state !== 'connected' || !s.lastEvent) this.shownSecond = 0; // the next event shows at once
    this.now = s;
    for (const sub of this.subs) sub.state(s);
  }

  private open(): void {
    if (this.attempt || this.timer || this.ended || this.subs.size === 0) return;
    // Each try owns its life: the transport may say `closed` before `connect` resolved (both in one socket read).
    const mine: Attempt = { state: 'connecting' };
    this.attempt = mine;
    this.setState({ state: 'connecting' });
    const end = (reason: LockError): void => {
      const was = mine.state;
      if (was === 'closed') return;
      mine.state = 'closed';
      mine.conn?.close();
      if (this.attempt === mine) this.attempt = undefined;
      if (was === 'open' && Date.now() - (mine.openedAt ?? 0) >= this.o.stableMs) this.failuresInRow = 0;
      this.retry(reason);
    };
    const handlers: PushHandlers = {
      message: (m) => mine.state !== 'closed' && this.onMessage(m),
      unreadable: (id, reason, acked = true) => {
        this.counts.unreadable++;
        const said = new LockError('VENDOR', acked ? errorText('pushUnreadable', { id, reason }) : errorText('pushIgnored', { reason }));
        for (const sub of this.subs) sub.warn(said);
      },
      closed: end,
      warn: (said) => {
        for (const sub of this.subs) sub.warn(said);
      },
    };
    this.transport.connect(handlers).then(
      (conn) => {
        mine.conn = conn;
        if (mine.state === 'closed' || this.ended || this.subs.size === 0) {
          mine.state = 'closed';
          return conn.close();
        }
        mine.state = 'open';
        mine.openedAt = Date.now();
        this.counts.connects++;
        this.setState({ state: 'connected' });
      },
      (e: unknown) => end(asLockError(e)),
    );
  }

  private retry(error: LockError): void {
    this.counts.failures++;
    if (this.ended || this.subs.size === 0) return;
    const base = error.code === 'AUTH' ? this.o.maxDelayMs : Math.min(this.o.maxDelayMs, this.o.minDelayMs * 2 ** this.failuresInRow);
    this.failuresInRow++;
    // Half fixed, half random: instances that lost the same server do not come back together.
    const inMs = Math.round(base / 2 + (this.o.random() * base) / 2);
    this.setState({ state: 'reconnecting', inMs, error });
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.open();
    }, inMs);
  }

  private onMessage(m: PushMessage): void {
    if (this.ended || this.subs.size === 0) return; // not ours any more: unacknowledged, it goes to the next consumer
    if (this.seen.has(m.id)) {
      this.counts.duplicates++;
      m.ack();
      return;
    }
    // Sent first, acknowledged after: a crash in between means a redelivery, never a loss.
    for (const e of m.events) for (const sub of this.subs) if (sub.wants(e)) sub.deliver(e);
    this.remember(m.id);
    this.counts.messages++;
    m.ack();
    // The status shows the last event to the second: nodes are told when that second changes, not per message.
    const second = Math.floor(Date.now() / 1000);
    if (m.events.length && second !== this.shownSecond) {
      this.shownSecond = second;
      this.setState({ state: 'connected', lastEvent: new Date(second * 1000).toISOString() });
    }
  }

  private remember(id: string): void {
    this.seen.add(id);
    if (this.ring.length < this.o.window) this.ring.push(id);
    else if (this.ring.length === 0)
      this.seen.delete(id); // a window of 0 keeps nothing
    else {
      this.seen.delete(this.ring[this.oldest]);
      this.ring[this.oldest] = id;
      this.oldest = (this.oldest + 1) % this.o.window;
    }
    this.saveTimer ??= setTimeout(() => this.flush(), SAVE_EVERY_MS);
  }

  private flush(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    this.o.store?.save([...this.seen]);
  }
}

/** A push connection refused for its credentials. */
export const pushAuthFailed = (status: number): LockError => new LockError('AUTH', errorText('pushRefused', { status }), { retryable: false });
