import type { LockClient } from '../../client';
import { TTLOCK_RECORD_TABLE } from './records';

/** A digit string not in the list makes it list again at most this often per lock (a passcode added since). */
const RELIST_MS = 60_000;
/** Pages of 200 (the list page's maximum) read per listing. */
const MAX_PAGES = 20;
const PAGE_SIZE = 200;

interface Listing {
  /** digits → keyboardPwdId; held in memory only, for this lookup */
  ids: Map<string, string>;
  at: number;
  pending?: Promise<void>;
}

/** Per config client, per lock: a client is dropped with its config, and its listings with it. */
const listings = new WeakMap<LockClient, Map<string, Listing>>();

async function list(client: LockClient, lockId: string): Promise<Map<string, string>> {
  const op = client.operation('lock/listKeyboardPwd');
  const ids = new Map<string, string>();
  for (let page = 1; page <= MAX_PAGES; page++) {
    const { payload } = await client.call(op, { deviceId: lockId, page, pageSize: PAGE_SIZE });
    const items = Array.isArray(payload.passwords) ? (payload.passwords as Array<Record<string, unknown>>) : [];
    for (const p of items) if (typeof p.password === 'string' && p.password && p.passwordId !== undefined) ids.set(p.password, String(p.passwordId));
    if (items.length < PAGE_SIZE) break;
  }
  return ids;
}

/** Lists the lock's passcodes when it never was, or when a digit string is missing and the last listing is a minute old. */
async function listed(client: LockClient, lockId: string, missing: boolean): Promise<Listing> {
  let byLock = listings.get(client);
  if (!byLock) listings.set(client, (byLock = new Map()));
  let l = byLock.get(lockId);
  const stale = !l || (missing && Date.now() - l.at >= RELIST_MS);
  if (!l) byLock.set(lockId, (l = { ids: new Map(), at: 0 }));
  if (stale && !l.pending) {
    const entry = l;
    entry.at = Date.now();
    entry.pending = list(client, lockId)
      .then((ids) => void (entry.ids = ids))
      // Unlisted (no network, no right to list): the event goes out without the id, never held up.
      .catch(() => undefined)
      .finally(() => (entry.pending = undefined));
  }
  await l.pending;
  return l;
}

const isPasscode = (r: Record<string, unknown>): boolean => TTLOCK_RECORD_TABLE[String(r.recordType)]?.method === 'password';

/**
 * A passcode record carries the code's digits (keyboardPwd), not its id: the lock's passcode
 * list names them by the keyboardPwdId the password node returns, which the record gets as
 * `keyboardPwdId` (the events' credential id). Digits never leave this lookup.
 */
export async function namePasscodes(client: LockClient, lockId: string, records: Array<Record<string, unknown>>): Promise<Array<Record<string, unknown>>> {
  const digits = (r: Record<string, unknown>): string =>
    isPasscode(r) && (typeof r.keyboardPwd === 'string' || typeof r.keyboardPwd === 'number') ? String(r.keyboardPwd) : '';
  if (!records.some((r) => digits(r))) return records;
  let l = await listed(client, lockId, false);
  if (records.some((r) => digits(r) && !l.ids.has(digits(r)))) l = await listed(client, lockId, true);
  return records.map((r) => {
    const id = digits(r) ? l.ids.get(digits(r)) : undefined;
    return id === undefined ? r : { ...r, keyboardPwdId: id };
  });
}
