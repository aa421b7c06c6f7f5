import crypto from 'node:crypto';

/** One log record as the events node emits it, the same for every vendor. */
export interface LockEvent {
  deviceId: string;
  time: string;
  kind: 'unlock' | 'alarm' | 'operation';
  method?: string;
  user?: string;
  raw: Record<string, unknown>;
}

const KEY_TYPES: Record<string, string> = { 1: 'fingerprint', 2: 'password', 3: 'card', 4: 'key' };

/** Reads a normalized log record (a `records` entry of a logs operation) as an event. */
export function toEvent(deviceId: string, r: Record<string, unknown>): LockEvent | undefined {
  if (typeof r.time !== 'string') return undefined;
  const what = `${String(r.kind ?? '')} ${String(r.event ?? '')} ${String(r.alarm ?? '')}`;
  const kind = /alarm|hijack/i.test(what) ? 'alarm' : r.category !== undefined ? 'operation' : 'unlock';
  const dps = Array.isArray(r.dps) && r.dps[0] && typeof r.dps[0] === 'object' ? Object.keys(r.dps[0] as object)[0] : undefined;
  const method = dps ?? (r.keyType !== undefined ? KEY_TYPES[String(r.keyType)] : undefined) ?? (r.method as string | undefined) ?? (r.event as string | undefined);
  const user = [r.user, r.userId, r.keyId].find((u) => u !== undefined && u !== null && u !== '');
  return { deviceId, time: r.time, kind, ...(method ? { method } : {}), ...(user !== undefined ? { user: String(user) } : {}), raw: r };
}

/**
 * What is already emitted for a device: the newest record time seen, and the records of the
 * last `LAG_MS` before it (vendors stamp to the second and may list a record late).
 */
export interface Cursor {
  since: number;
  seen: Array<[key: string, time: number]>;
}

export const LAG_MS = 120_000;

export const eventKey = (e: LockEvent): string => crypto.createHash('sha1').update(JSON.stringify(e.raw)).digest('base64').slice(0, 16);

/** Where the next query starts: a little before the newest record seen. */
export const queryFrom = (cursor: Cursor): number => cursor.since - LAG_MS;

/**
 * The events not emitted yet, oldest first, and the cursor after them. `prime` (the first
 * poll of a device) records what is there without emitting it.
 */
export function newEvents(events: LockEvent[], cursor: Cursor, prime = false): { fresh: LockEvent[]; cursor: Cursor } {
  const time = (e: LockEvent): number => Date.parse(e.time);
  const floor = queryFrom(cursor);
  const seen = new Set(cursor.seen.map(([k]) => k));
  const inWindow = events.filter((e) => time(e) >= floor);
  const fresh = prime ? [] : inWindow.filter((e) => !seen.has(eventKey(e))).sort((a, b) => time(a) - time(b));
  const since = Math.max(cursor.since, ...inWindow.map(time));
  const keep = new Map<string, number>(cursor.seen.filter(([, t]) => t >= since - LAG_MS));
  for (const e of inWindow) if (time(e) >= since - LAG_MS) keep.set(eventKey(e), time(e));
  return { fresh, cursor: { since, seen: [...keep] } };
}
