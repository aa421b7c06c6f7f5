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
  /** a message that cannot be read: acknowledged (it would come back forever) and said */
  unreadable(id: string, reason: string): void;
  /** the connection ended (the server, the network, a missed heartbeat) */
  closed(reason: LockError): void;
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

/**
 * One push connection for a config node: opened while some events node listens, closed when
 * none does (so the other instance of an HA pair takes the stream over). Backoff with jitter on
 * every failure; refused credentials wait the longest delay, so a wrong secret never storms.
 */
export class PushHub {
  private readonly subs = new Set<PushSubscriber>();
  private conn: { close(): void } | undefined;
  private connecting = false;
  private connectedAt = 0;
  private attempt = 0;
  private timer: NodeJS.Timeout | undefined;
  private saveTimer: NodeJS.Timeout | undefined;
  private ended = false;
  private now: PushState = { state: 'connecting' };
  private shownSecond = 0;
  private readonly seen: Set<string>;
  private readonly o: Required<Omit<PushOptions, 'store'>> & { store?: SeenStore };
  /** what happened, for tests and the status: messages emitted, redeliveries dropped, connections made */
  readonly counts = { messages: 0, duplicates: 0, unreadable: 0, connects: 0, failures: 0 };

  constructor(
    private readonly transport: PushTransport,
    options: PushOptions = {},
  ) {
    this.o = { window: 10_000, minDelayMs: 1000, maxDelayMs: 60_000, stableMs: 30_000, random: Math.random, ...options };
    this.seen = new Set(this.o.store?.load()?.slice(-this.o.window) ?? []);
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
    const conn = this.conn;
    this.conn = undefined;
    conn?.close();
    this.flush();
  }

  private setState(s: PushState): void {
    if (s.state !== 'connected' || !s.lastEvent) this.shownSecond = 0; // the next event shows at once
    this.now = s;
    for (const sub of this.subs) sub.state(s);
  }

  private open(): void {
    if (this.conn || this.connecting || this.timer || this.ended || this.subs.size === 0) return;
    this.connecting = true;
    this.setState({ state: 'connecting' });
    let mine: { close(): void } | undefined;
    const handlers: PushHandlers = {
      message: (m) => this.onMessage(m),
      unreadable: (id, reason) => {
        this.counts.unreadable++;
        const said = new LockError('VENDOR', errorText('pushUnreadable', { id, reason }));
        for (const sub of this.subs) sub.warn(said);
      },
      closed: (reason) => {
        if (this.conn !== mine) return; // one we already let go
        this.conn = undefined;
        if (Date.now() - this.connectedAt >= this.o.stableMs) this.attempt = 0;
        this.retry(reason);
      },
    };
    this.transport.connect(handlers).then(
      (conn) => {
        this.connecting = false;
        if (this.ended || this.subs.size === 0) return conn.close();
        mine = conn;
        this.conn = conn;
        this.connectedAt = Date.now();
        this.counts.connects++;
        this.setState({ state: 'connected' });
      },
      (e: unknown) => {
        this.connecting = false;
        this.retry(asLockError(e));
      },
    );
  }

  private retry(error: LockError): void {
    this.counts.failures++;
    if (this.ended || this.subs.size === 0) return;
    const base = error.code === 'AUTH' ? this.o.maxDelayMs : Math.min(this.o.maxDelayMs, this.o.minDelayMs * 2 ** this.attempt);
    this.attempt++;
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
    if (this.seen.size > this.o.window) this.seen.delete(this.seen.values().next().value as string);
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
