import type { LockClient } from '../../client';
import { LockError, asLockError, errorText, notSupported, validation } from '../../errors';
import { toEvent } from '../../events';
import type { CallbackServer, PushHandlers, PushMessage, PushTransport } from '../../push';
import type { EventMapping } from '../../vendor';

/** Part of the callback URL, the only secret TTLock's callback allows (its pages sign nothing). */
const KEY = /^[A-Za-z0-9_-]{16,128}$/;
/** Lock list pages read to know the account's locks (1000 each: TTLock's page maximum). */
const MAX_LOCK_PAGES = 20;
/** A lock id this account did not list makes it list again at most this often (a lock added since). */
const RELIST_MS = 5_000;
/** Lock ids remembered as not this account's, so a stranger's records do not make it list each time. */
const MAX_FOREIGN = 1_000;
/**
 * Records read from one callback. TTLock's notify page gives no batch size; its user guide says a
 * lock keeps at most 500 records (docs/evidence/ttlock.md), so no upload carries more. Without a
 * cap one 1 MiB post would be 100 000 events.
 */
const MAX_RECORDS = 500;
/** Records emitted between two turns of the event loop, so other requests are not held up. */
const EMIT_CHUNK = 25;
/** The answer to a callback refused for its records: TTLock's post is at fault, not us. */
const REFUSED_WITH: Partial<Record<string, number>> = { callbackUnreadable: 400, callbackTooMany: 413 };

export interface TtlockCallbackOptions {
  key: string;
  callbacks: CallbackServer | undefined;
  client: LockClient;
  mapping: EventMapping;
}

/**
 * TTLock's "lock records notify": TTLock posts `notifyType=1`, `lockId`, `lockMac` and `records`
 * (a JSON array as text) to the callback URL of the app, form-encoded, and wants `success` back
 * (euopen.ttlock.com/document-pages/en/cloud/lockRecord/notify). One URL serves every account that
 * authorized the app: a record is this config's when its lock is in the account's lock list
 * (read at connect, which also proves the credentials). Each record is one message, known by
 * its content: a repeated callback is dropped by the hub's window.
 */
export function ttlockCallbacks(o: TtlockCallbackOptions): PushTransport {
  if (!o.key) throw notSupported('noCallbackKey', { vendor: 'TTLock' });
  if (!KEY.test(o.key)) throw validation('badCallbackKey');
  return {
    async connect(handlers: PushHandlers) {
      if (!o.callbacks) throw notSupported('noCallbackServer');
      let locks = await listLocks(o.client);
      let listedAt = Date.now();
      const foreign = new Set<string>();
      const said = new Set<string>();
      const sayOnce = (what: string, error: LockError): void => {
        if (said.has(what)) return;
        if (said.size >= MAX_FOREIGN) said.clear();
        said.add(what);
        handlers.warn?.(error);
      };
      const mine = async (lockId: string): Promise<boolean> => {
        if (locks.has(lockId)) return true;
        if (foreign.has(lockId) || Date.now() - listedAt < RELIST_MS) return false;
        locks = await listLocks(o.client);
        listedAt = Date.now();
        if (locks.has(lockId)) return true;
        if (foreign.size >= MAX_FOREIGN) foreign.clear();
        foreign.add(lockId);
        return false;
      };
      const handle = async (form: URLSearchParams): Promise<boolean> => {
        const type = form.get('notifyType') ?? '';
        const lockId = form.get('lockId') ?? '';
        if (type !== '1') {
          sayOnce(`type ${type}`, new LockError('VENDOR', errorText('callbackIgnored', { type })));
          return false;
        }
        const records = recordsOf(lockId, form.get('records'));
        if (!(await mine(lockId))) {
          sayOnce(`lock ${lockId}`, new LockError('VENDOR', errorText('callbackForeignLock', { lockId })));
          return false;
        }
        const messages = await messagesOf(o, lockId, records);
        for (let i = 0; i < messages.length; i += EMIT_CHUNK) {
          if (i > 0) await new Promise((r) => setImmediate(r));
          for (const m of messages.slice(i, i + EMIT_CHUNK)) handlers.message(m);
        }
        return true;
      };
      const stop = o.callbacks.listen('ttlock', o.key, async (form) => {
        try {
          return await handle(form);
        } catch (e) {
          // Refused (TTLock may send it again) and said in the log, never a secret in it: 400 for
          // records that cannot be read, 413 for too many, 503 when the lock list could not be read.
          const err = asLockError(e);
          handlers.warn?.(err);
          throw Object.assign(new Error(err.message), { status: (err.key && REFUSED_WITH[err.key]) ?? 503 });
        }
      });
      return { close: stop };
    },
  };
}

/** The account's lock ids, page by page (AUTH when the credentials are refused). */
async function listLocks(client: LockClient): Promise<Set<string>> {
  const op = client.operation('lock/list');
  const ids = new Set<string>();
  for (let page = 1; page <= MAX_LOCK_PAGES; page++) {
    const { payload } = await client.call(op, { page, pageSize: 1000 });
    const devices = Array.isArray(payload.devices) ? (payload.devices as Array<Record<string, unknown>>) : [];
    for (const d of devices) if (d.deviceId !== undefined) ids.add(String(d.deviceId));
    if (payload.hasMore !== true || devices.length === 0) break;
  }
  return ids;
}

/** A whole number, as TTLock writes its stamps (ms) and codes: a JSON number or its digits. */
const whole = (v: unknown): boolean => (typeof v === 'number' && Number.isSafeInteger(v)) || (typeof v === 'string' && /^-?\d{1,15}$/.test(v));
const readable = (r: unknown): boolean =>
  r !== null &&
  typeof r === 'object' &&
  !Array.isArray(r) &&
  whole((r as Record<string, unknown>).lockDate) &&
  whole((r as Record<string, unknown>).recordType);

/**
 * The callback's records, all or none: a JSON array of at most MAX_RECORDS objects, each with
 * the lock's time (lockDate, epoch ms) and a recordType, as TTLock's notify page lists them.
 */
function recordsOf(lockId: string, text: string | null): Array<Record<string, unknown>> {
  let records: unknown;
  try {
    records = JSON.parse(text ?? '');
  } catch {
    records = undefined;
  }
  const unreadable = (reason: string): LockError => new LockError('VENDOR', errorText('callbackUnreadable', { lockId, reason }));
  if (!Array.isArray(records)) throw unreadable('records is not a JSON array');
  if (records.length > MAX_RECORDS) throw new LockError('VENDOR', errorText('callbackTooMany', { lockId, count: records.length, max: MAX_RECORDS }));
  const bad = records.findIndex((r) => !readable(r));
  if (bad >= 0) throw unreadable(`record ${bad} is not an object with lockDate and recordType`);
  return records as Array<Record<string, unknown>>;
}

/** The callback's records, each normalized as the record list's items are, as one message each. */
async function messagesOf(o: TtlockCallbackOptions, lockId: string, records: Array<Record<string, unknown>>): Promise<PushMessage[]> {
  const { records: listed } = o.client.read('lockRecord/list', { list: records }) as { records: Array<Record<string, unknown>> };
  const read = o.mapping.named ? await o.mapping.named(o.client, lockId, listed) : listed;
  const now = Date.now();
  const twins = new Map<string, number>();
  return read.map((r) => {
    const event = toEvent(lockId, { ...r, deviceId: lockId }, o.mapping, now, twins, o.client.timeZone); // in the config's zone, as polled ones
    return { id: `${lockId}:${event.id}`, events: [event], ack: () => undefined };
  });
}
