import crypto from 'node:crypto';
import { formatIso } from './time';
import { validation } from './errors';
import type { EventMapping } from './vendor';

/** One log record or pushed report as the events node emits it, the same for every vendor and source. */
export interface LockEvent {
  deviceId: string;
  /** ISO 8601 in the config's zone (formatIso); when the record's own time is unreadable, the time it was read (see `timeFlag`) */
  time: string;
  /** the same instant in epoch ms, where the vendor gave its time as an epoch stamp (as a result's `…Ms` twin) */
  timeMs?: number;
  kind: EventKind;
  /** how: one of METHODS where the vendor says, else the vendor's own word */
  method?: string;
  user?: string;
  /** what opened (or was refused), in the vendor's identity: a passcode id, a card number, a lock-side user number, never a code's digits */
  credential?: Credential;
  /** `door`: the sensor's new state */
  state?: 'open' | 'closed';
  /** `alarm`: which one (tamper, duress, door open, system locked, low battery, …) */
  alarm?: string;
  /** the vendor's code and text of the record, where its table has them (always for `operation`) */
  code?: string;
  text?: string;
  /** the record's identity: the vendor's record id, or a digest of the record */
  id: string;
  /** set when the record's time cannot be trusted: unreadable, after now (+ skew) or before 2000 */
  timeFlag?: 'unreadable' | 'future' | 'past';
  raw: Record<string, unknown>;
}

export interface Credential {
  kind: string;
  id?: string;
}

/**
 * `failed`: a refused attempt (wrong or expired code, finger, card, face); `door`: a door
 * sensor (`state`); `request`: someone at the lock asks for a remote unlock; `operation`:
 * anything no rule names, with the vendor's `code` and `text` (never guessed to be an unlock).
 */
export type EventKind = 'unlock' | 'lock' | 'failed' | 'door' | 'alarm' | 'request' | 'doorbell' | 'battery' | 'operation';
export const EVENT_KINDS: readonly EventKind[] = ['unlock', 'lock', 'failed', 'door', 'alarm', 'request', 'doorbell', 'battery', 'operation'];
/** The ways a lock is opened or closed, as every system's table names them. */
export const METHODS = ['password', 'card', 'fingerprint', 'face', 'app', 'remote', 'key', 'button', 'auto'] as const;
/** Kinds a saved filter may still name: `state` was the door sensor's before 0.2. */
const FORMER_KINDS: Readonly<Record<string, EventKind>> = { state: 'door' };

/** A filter's kinds as they are now (a former name read as its new one); throws on one that never was. */
export function kindsOf(names: string[]): Set<EventKind> {
  const out = new Set<EventKind>();
  for (const k of names) {
    const kind = FORMER_KINDS[k] ?? (EVENT_KINDS as readonly string[]).find((e) => e === k);
    if (!kind) throw validation('badKind', { kind: k, kinds: EVENT_KINDS.join(', ') });
    out.add(kind as EventKind);
  }
  return out;
}

/** What an events node passes on: each list empty passes all; `who` names a credential id or a user. */
export interface EventFilter {
  kinds: Set<string>;
  methods: Set<string>;
  who: Set<string>;
}

/** Whether an event passes a node's filter (push and poll alike). */
export function passes(e: LockEvent, f: EventFilter): boolean {
  if (f.kinds.size > 0 && !f.kinds.has(e.kind)) return false;
  if (f.methods.size > 0 && !(e.method !== undefined && f.methods.has(e.method))) return false;
  return f.who.size === 0 || (e.credential?.id !== undefined && f.who.has(e.credential.id)) || (e.user !== undefined && f.who.has(e.user));
}

/** What a vendor's table says of a record (one row), with the source the row was read from. */
export interface EventRule {
  kind: EventKind;
  method?: string;
  alarm?: string;
  state?: 'open' | 'closed';
  /** the vendor's text for the code */
  text?: string;
  source?: string;
}

/** Fields that may hold a code's digits (TTLock's keyboardPwd, a password, a living-link lock's TemporaryPassword property): never in an event's raw. */
const SECRET_KEYS = /^(keyboardPwd|password|newPassword|pwd|passcode|passCode|password_value|temp_password|TemporaryPassword)$/i;

/** A record without the fields that may hold a code's digits, at any depth. */
export function withoutCodes(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutCodes);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (!SECRET_KEYS.test(k)) out[k] = withoutCodes(x);
  return out;
}

/** A lock clock this far ahead of ours is still believed (and moves the cursor). */
export const SKEW_MS = 5 * 60_000;
const EARLIEST = Date.UTC(2000, 0, 1);

/** A time as formatIso writes it: in the zone of the config, so its text changes with the zone. */
const ZONED = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{3})?[+-]\d\d:\d\d$/;

/**
 * A record's content as its identity sees it: each time written in a zone is taken as its
 * instant (in UTC, as it was written before times had the config's zone), so another zone in
 * the config or an upgrade does not make the records near the cursor new again.
 */
function canonical(r: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) {
    const ms = typeof v === 'string' && ZONED.test(v) ? Date.parse(v) : NaN;
    out[k] = Number.isFinite(ms) ? new Date(ms).toISOString() : v;
  }
  return out;
}

function contentId(r: Record<string, unknown>, twins?: Map<string, number>): string {
  const id = crypto
    .createHash('sha1')
    .update(JSON.stringify(canonical(r)))
    .digest('base64')
    .slice(0, 16);
  if (!twins) return id;
  const n = (twins.get(id) ?? 0) + 1;
  twins.set(id, n);
  return n === 1 ? id : `${id}.${n}`;
}

const present = (v: unknown): boolean => v !== undefined && v !== null && v !== '';

/** The unlock method a record names, by the vendor's declared mapping. */
function methodOf(r: Record<string, unknown>, mapping: EventMapping): string | undefined {
  for (const rule of mapping.method) {
    if (typeof rule === 'string') {
      if (present(r[rule])) return String(r[rule]);
    } else if ('firstKeyOf' in rule) {
      const list = r[rule.firstKeyOf];
      const first = Array.isArray(list) && list[0] && typeof list[0] === 'object' ? Object.keys(list[0] as object)[0] : undefined;
      if (first) return first;
    } else if (present(r[rule.field])) {
      const name = rule.names[String(r[rule.field])];
      if (name) return name;
    }
  }
  return undefined;
}

/**
 * Reads a normalized log record (a `records` entry of a logs operation) as an event, by the
 * vendor's declared mapping; its time checked against `now` and written in `timeZone` (the
 * record's `timeMs`, where it has one, is the event's). A record without a vendor id is known
 * by its content; `twins` counts identical ones within a read (two unlocks by the same finger
 * in the same second are two).
 */
export function toEvent(
  deviceId: string,
  r: Record<string, unknown>,
  mapping: EventMapping,
  now = Date.now(),
  twins?: Map<string, number>,
  timeZone = 'UTC',
): LockEvent {
  const code = mapping.code?.(r) ?? mapping.codes?.fields.map((f) => r[f]).find(present);
  const table = mapping.codes?.table;
  // (own rows only: a record's code "constructor" is no row)
  const row = code !== undefined && table && Object.prototype.hasOwnProperty.call(table, String(code)) ? table[String(code)] : undefined;
  const coded: EventRule | undefined = row?.kind === 'state' ? { ...row, kind: 'operation' } : (row as EventRule | undefined);
  const rule = mapping.read?.(r) ?? coded ?? ruleOf(r, mapping);
  const method = rule.method ?? methodOf(r, mapping);
  // A refused attempt keeps what was tried (method, credential); a door, an alarm or a bell cannot be refused.
  const refused = mapping.failed !== undefined && FAILS.has(rule.kind) && mapping.failed.values.includes(r[mapping.failed.field] as never);
  const credential = mapping.credential?.(r, { ...rule, method });
  const user = mapping.user.map((f) => r[f]).find(present);
  const vendorId = mapping.id.map((f) => r[f]).find((v) => typeof v === 'string' || typeof v === 'number');
  return {
    deviceId,
    ...recordTime(r, now, timeZone),
    kind: refused ? 'failed' : rule.kind,
    ...(method ? { method } : {}),
    ...(user !== undefined ? { user: String(user) } : {}),
    ...(credential ? { credential } : {}),
    ...(rule.state ? { state: rule.state } : {}),
    ...(rule.alarm ? { alarm: rule.alarm } : {}),
    ...(rule.kind === 'operation' || rule.text ? codeOf(code, rule) : {}),
    id: vendorId === undefined ? contentId(r, twins) : String(vendorId),
    raw: withoutCodes(r) as Record<string, unknown>,
  };
}

/** Kinds a vendor's failure flag turns into `failed`. */
const FAILS = new Set<EventKind>(['unlock', 'lock', 'request', 'operation']);

const codeOf = (code: unknown, rule: EventRule): Pick<LockEvent, 'code' | 'text'> => ({
  ...(present(code) ? { code: String(code) } : {}),
  ...(rule.text ? { text: rule.text } : {}),
});

/** A record no table row names: an alarm by its text, else an operation (never an unlock). */
function ruleOf(r: Record<string, unknown>, mapping: EventMapping): EventRule {
  const alarm = mapping.alarm && new RegExp(mapping.alarm.pattern, 'i');
  const said = alarm && mapping.alarm?.fields.map((f) => r[f]).find((v) => present(v) && alarm.test(String(v)));
  if (said !== undefined) return { kind: 'alarm', alarm: String(said) };
  const text = mapping.text?.map((f) => r[f]).find(present);
  return { kind: 'operation', ...(text !== undefined ? { text: String(text) } : {}) };
}

/** A record's time: its exact `timeMs` twin where the catalog gave one, else its ISO `time` read. */
function recordTime(r: Record<string, unknown>, now: number, timeZone: string): Pick<LockEvent, 'time' | 'timeMs' | 'timeFlag'> {
  if (typeof r.timeMs === 'number' && typeof r.time === 'string' && Date.parse(r.time) === r.timeMs) return timed(r.timeMs, now, timeZone, true);
  return timed(typeof r.time === 'string' ? Date.parse(r.time) : NaN, now, timeZone);
}

/**
 * An event's time as it is emitted, ISO 8601 in `timeZone` (formatIso), with its epoch-ms twin
 * when `epoch` (the vendor gave an epoch stamp): a lock clock out of range is flagged, an
 * unreadable one replaced by now (and no twin).
 */
export function timed(ms: number, now = Date.now(), timeZone = 'UTC', epoch = false): Pick<LockEvent, 'time' | 'timeMs' | 'timeFlag'> {
  // A Date holds ±8.64e15 ms (years to 275 760); beyond, as for NaN, the time is unreadable.
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return { time: formatIso(now, timeZone), timeFlag: 'unreadable' };
  const timeFlag = ms > now + SKEW_MS ? 'future' : ms < EARLIEST ? 'past' : undefined;
  return { time: formatIso(ms, timeZone), ...(epoch ? { timeMs: ms } : {}), ...(timeFlag ? { timeFlag } : {}) };
}

/** An event's instant in epoch ms, for comparing and sorting (its ISO texts may have different offsets). */
const instant = (e: LockEvent): number => e.timeMs ?? Date.parse(e.time);

/** Where a read of the log stands: the query window and the page (number or vendor cursor) to read next. */
export interface Window {
  from: number;
  until: number;
  position: number | string;
}

/**
 * What is already emitted for a device: the newest trusted record time (never past now + skew),
 * the identities of the records near it (vendors stamp to the second and may list a record
 * late), those of records with untrusted times, and a window still being read page by page.
 */
export interface Cursor {
  /** the service and account whose log this is (LockClient.endpoint): another one starts afresh */
  endpoint?: string;
  since: number;
  seen: Array<[id: string, time: number]>;
  odd?: string[];
  resume?: Window;
}

export const LAG_MS = 120_000;
/** A query reaches this far past now: a lock clock slightly ahead still lands in it. */
const AHEAD_MS = 60_000;
const MAX_SEEN = 10_000;
const MAX_ODD = 500;

/** The window a poll reads: the one being read, or from a little before the newest record seen. */
export function windowFor(cursor: Cursor, now: number): Window {
  return cursor.resume ?? { from: Math.max(cursor.since - LAG_MS, EARLIEST), until: now + AHEAD_MS, position: 1 };
}

/**
 * The events of `events` not emitted yet, oldest first, and the cursor after them. `floor` is
 * the start of the window they were read from; `prime` (a device's first poll) records what is
 * there without emitting it. A record with an untrusted time is emitted once, flagged, and moves
 * nothing.
 */
export function newEvents(
  events: LockEvent[],
  cursor: Cursor,
  opts: { now: number; floor: number; prime?: boolean; resuming?: boolean },
): { fresh: LockEvent[]; cursor: Cursor } {
  const seen = new Map(cursor.seen);
  const odd = new Set(cursor.odd ?? []);
  const fresh: LockEvent[] = [];
  let since = cursor.since;
  for (const e of events) {
    if (e.timeFlag) {
      if (!odd.has(e.id) && !opts.prime) fresh.push(e);
      odd.add(e.id);
      continue;
    }
    const t = instant(e);
    if (t < opts.floor || seen.has(e.id)) continue;
    seen.set(e.id, t);
    since = Math.max(since, t);
    if (!opts.prime) fresh.push(e);
  }
  fresh.sort((a, b) => (a.timeFlag ? 1 : 0) - (b.timeFlag ? 1 : 0) || instant(a) - instant(b));
  // While a window is read across polls, every identity in it is kept; after, those near `since`.
  const keepFrom = opts.resuming ? Math.min(opts.floor, since - LAG_MS) : since - LAG_MS;
  const kept = [...seen].filter(([, t]) => t >= keepFrom).slice(-MAX_SEEN);
  return { fresh, cursor: { since: Math.min(since, opts.now + SKEW_MS), seen: kept, odd: [...odd].slice(-MAX_ODD) } };
}

/** One page of a log: its records (normalized) and where the next page is, if there is one. */
export interface LogPage {
  records: Array<Record<string, unknown>>;
  next?: number | string;
}

/**
 * Reads a device's log from its cursor until caught up, at most `maxPages` pages; a longer
 * backlog is continued by the next poll from where this one stopped (`resume`), so nothing is
 * skipped however long Node-RED was away.
 */
export async function readLog(
  deviceId: string,
  cursor: Cursor | undefined,
  fetchPage: (window: Window) => Promise<LogPage>,
  opts: { now: number; maxPages: number; endpoint?: string; mapping: EventMapping; timeZone?: string },
): Promise<{ fresh: LockEvent[]; cursor: Cursor }> {
  // A cursor of another service or account (the config now points elsewhere) says nothing here.
  const mine = cursor && (cursor.endpoint ?? '') === (opts.endpoint ?? '') ? cursor : undefined;
  const prime = mine === undefined;
  const start: Cursor = mine ?? { since: opts.now, seen: [] };
  const window = windowFor(start, opts.now);
  const events: LockEvent[] = [];
  const twins = new Map<string, number>();
  let position: number | string | undefined = window.position;
  for (let read = 0; position !== undefined && read < opts.maxPages; read++) {
    const page = await fetchPage({ ...window, position });
    for (const r of page.records) events.push(toEvent(deviceId, r, opts.mapping, opts.now, twins, opts.timeZone));
    position = page.records.length > 0 ? page.next : undefined;
  }
  const resuming = position !== undefined && !prime;
  const { fresh, cursor: next } = newEvents(events, start, { now: opts.now, floor: window.from, prime, resuming });
  if (resuming && position !== undefined) next.resume = { ...window, position };
  if (opts.endpoint) next.endpoint = opts.endpoint;
  return { fresh, cursor: next };
}
