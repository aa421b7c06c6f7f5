import { randomInt } from 'node:crypto';
import { LockError, errorText, validation, type ErrorCode } from '../errors';
import { findAction, type Catalog, type Family, type Operation } from '../catalog';
import type { Observed } from './planner';
import type { Grant, Guest, Weekly, Window } from './stay';

/**
 * How a stay's credential is kept at a door, read from what the door's system offers (its
 * catalog's actions and their inputs, never its name). Three ways today:
 * - `code` with its own window (create with a start and an end; change in place where the system
 *   has modify; listed where it lists);
 * - `code` in a numbered slot with an end only (the code works from when it is sent, so it is sent
 *   no earlier than the window's start; sending the same slot again changes its end);
 * - `qr`: a person's QR code granted to the door with a window (granting the same code again
 *   changes the window; the guest keeps the code).
 */

/** What a way needs to know of the stay. */
export interface ForStay {
  stay: string;
  guest: Guest;
  /** the guest's code: digits, or the QR code's text */
  code: string;
  slot?: number;
  window: Window;
  /** the door's zone: a weekly schedule's hours are read there */
  timeZone: string;
}

/** Makes one vendor request, counted by the caller. */
export type Call = (family: Family, action: string, input: Record<string, unknown>) => Promise<Record<string, unknown>>;

export interface GrantWay {
  grant: Grant;
  /** changes a window in place: the guest keeps the same code */
  change: boolean;
  /** lists the credentials on the lock (reconcile) */
  list: boolean;
  /** the credential works from the moment it is made: made no earlier than its window's start */
  startsWhenMade: boolean;
  /** credentials sit in numbered slots the package chooses */
  slots: boolean;
  /** a credential can repeat weekly within its window (a stay's `weekly`) */
  weekly: boolean;
  /** the guest's code for a new credential (may ask the system: a QR code is generated) */
  newCode(call: Call, s: Omit<ForStay, 'code'>): Promise<string>;
  /** resolves with the vendor's id of what it made */
  create(call: Call, lockId: string, s: ForStay): Promise<string>;
  modify(call: Call, lockId: string, id: string, s: ForStay): Promise<void>;
  revoke(call: Call, lockId: string, id: string, stay: string): Promise<void>;
}

/** The name the package gives what it makes: a reconcile tells its own credentials by it. */
export const tagOf = (stay: string): string => `stay:${stay}`;

/** What the stay gives a timed code's create: a system whose create needs more cannot keep a stay's code that way. */
export const TIMED_CODE_INPUT = ['deviceId', 'name', 'password', 'validFrom', 'validUntil'];
const SLOT_CODE_INPUT = ['deviceId', 'slot', 'password', 'validUntil'];

/** Every required input is one the stay gives (a param answers to its name or one of its aliases). */
const takes = (op: Operation, given: readonly string[]): boolean =>
  op.params.every((p) => !p.required || given.includes(p.name) || (p.aliases ?? []).some((a) => given.includes(a)));
const has = (op: Operation, name: string): boolean => op.params.some((p) => p.name === name);

/** A weekly range as a schedule's element: minutes of the day and the days as bits (bit 0 Sunday). */
const scheduleItem = (w: Weekly): Record<string, number> => ({
  startMinute: w.from,
  endMinute: w.until,
  weekdays: w.days.reduce((bits, d) => bits | (1 << d), 0),
});

/** Random digits, never a leading zero: a code no one can guess from the stay. */
const digits = (length: number): string => {
  let code = String(randomInt(1, 10));
  while (code.length < length) code += String(randomInt(0, 10));
  return code;
};

/** The longest code the system takes, at most 7 digits (a guest types it), at least its minimum. */
function codeLength(create: Operation): number {
  const p = create.params.find((x) => x.name === 'password');
  return Math.max(p?.minLength ?? 4, Math.min(p?.maxLength ?? 7, 7));
}

/** The ways a door's system keeps a stay's credential, by what guests get there. */
export function waysOf(catalog: Catalog): Partial<Record<Grant, GrantWay>> {
  const find = (family: Family, action: string): Operation | undefined => findAction(catalog, family, action);
  const ways: Partial<Record<Grant, GrantWay>> = {};
  const create = find('password', 'create');
  const remove = find('password', 'delete');
  if (create && remove && takes(create, TIMED_CODE_INPUT) && has(create, 'validFrom')) {
    const length = codeLength(create);
    const modify = find('password', 'modify');
    const input = (lockId: string, s: ForStay): Record<string, unknown> => ({
      deviceId: lockId,
      name: tagOf(s.stay),
      password: s.code,
      validFrom: s.window.from,
      validUntil: s.window.until,
      ...(s.window.weekly ? { schedule: s.window.weekly.map(scheduleItem), timeZone: s.timeZone } : {}),
    });
    ways.code = {
      grant: 'code',
      change: !!modify,
      // The create's (and modify's) schedule in the zone of the door, where the system takes both.
      weekly: [create, ...(modify ? [modify] : [])].every((op) => has(op, 'schedule') && has(op, 'timeZone')),
      list: !!find('password', 'list'),
      startsWhenMade: false,
      slots: false,
      newCode: async () => digits(length),
      create: async (call, lockId, s) => String((await call('password', 'create', input(lockId, s))).passwordId),
      modify: async (call, lockId, id, s) => void (await call('password', 'modify', { ...input(lockId, s), passwordId: id })),
      revoke: async (call, lockId, id) => void (await call('password', 'delete', { deviceId: lockId, passwordId: id })),
    };
  } else if (create && remove && takes(create, SLOT_CODE_INPUT) && has(create, 'slot') && !has(create, 'validFrom') && takes(remove, ['deviceId', 'slot'])) {
    const length = codeLength(create);
    const send = async (call: Call, lockId: string, s: ForStay): Promise<string> => {
      await call('password', 'create', { deviceId: lockId, slot: s.slot, password: s.code, validUntil: s.window.until });
      return String(s.slot);
    };
    ways.code = {
      grant: 'code',
      // The same code sent to its slot again replaces it with the new end: a change in place.
      change: true,
      list: false,
      startsWhenMade: true,
      slots: true,
      weekly: false,
      newCode: async () => digits(length),
      create: send,
      modify: async (call, lockId, _id, s) => void (await send(call, lockId, s)),
      revoke: async (call, lockId, id) => void (await call('password', 'delete', { deviceId: lockId, slot: Number(id) })),
    };
  }
  const keySend = find('users', 'keySend');
  const keyDelete = find('users', 'keyDelete');
  if (keySend && keyDelete && takes(keySend, ['deviceId', 'receiver', 'name', 'validFrom', 'validUntil']) && has(keySend, 'validFrom')) {
    ways.ekey = {
      grant: 'ekey',
      // The system keeps one eKey per account and lock: sending again replaces it (a new id), so a new window is a new eKey.
      change: false,
      list: false,
      startsWhenMade: false,
      slots: false,
      weekly: false,
      // What the guest gets is an eKey in the system's app, on their own account: its email, else its phone.
      newCode: async (_call, s) => {
        const account = s.guest.email ?? s.guest.phone;
        if (!account) throw validation('stayNoAccount', { vendor: catalog.title });
        return account;
      },
      create: async (call, lockId, s) =>
        String(
          (await call('users', 'keySend', { deviceId: lockId, receiver: s.code, name: tagOf(s.stay), validFrom: s.window.from, validUntil: s.window.until }))
            .keyId,
        ),
      modify: async () => {
        throw validation('stayNoAccount', { vendor: catalog.title });
      },
      revoke: async (call, _lockId, id) => void (await call('users', 'keyDelete', { keyId: id })),
    };
  }
  const person = find('users', 'personSave');
  const generate = find('qrcode', 'generate');
  const grant = find('qrcode', 'grant');
  if (person && generate && grant && find('qrcode', 'revoke') && has(grant, 'validFrom')) {
    const config = (lockId: string, s: ForStay): Record<string, unknown> => ({
      qrCode: s.code,
      deviceIds: [lockId],
      personId: tagOf(s.stay),
      validFrom: s.window.from,
      validUntil: s.window.until,
    });
    /** The door's own line of an answer given per door: undefined when it took it (200). */
    const refusedAt = (answer: Record<string, unknown>, lockId: string, code: ErrorCode): LockError | undefined => {
      const mine = (Array.isArray(answer.results) ? (answer.results as Array<Record<string, unknown>>) : []).find((r) => r.deviceId === lockId);
      if (!mine || Number(mine.code) === 200) return undefined;
      const reason = `${lockId}: ${String(mine.message ?? mine.code)}`;
      return new LockError(code, errorText('refused', { vendor: catalog.title, reason }), { vendorCode: String(mine.code) });
    };
    const granted = async (call: Call, lockId: string, s: ForStay): Promise<string> => {
      const refused = refusedAt(await call('qrcode', 'grant', config(lockId, s)), lockId, 'VENDOR');
      if (refused) throw refused;
      return s.code;
    };
    ways.qr = {
      grant: 'qr',
      change: true,
      list: false,
      startsWhenMade: false,
      slots: false,
      weekly: false,
      newCode: async (call, s) => {
        await call('users', 'personSave', { personId: tagOf(s.stay), name: s.guest.name || tagOf(s.stay) });
        return String((await call('qrcode', 'generate', { personId: tagOf(s.stay) })).qrCode);
      },
      create: granted,
      modify: async (call, lockId, _id, s) => void (await granted(call, lockId, s)),
      revoke: async (call, lockId, id, stay) => {
        // The doc gives no codes for a door's line: a door that does not take the removal holds no grant of it
        // (read as gone; the grant's own end still stops it).
        const refused = refusedAt(await call('qrcode', 'revoke', { qrCode: id, personId: tagOf(stay), deviceIds: [lockId] }), lockId, 'NOT_FOUND');
        if (refused) throw refused;
      },
    };
  }
  return ways;
}

/** One door's list at a reconcile: every credential id on the lock, and which stay made those named with the package's tag. */
export async function listed(call: Call, lockId: string, catalog: Catalog): Promise<Observed> {
  const op = findAction(catalog, 'password', 'list');
  // The largest page the system gives (TTLock: 200), every page: a full lock's codes past the first page are not "missing".
  const max = op?.params.find((p) => p.name === 'pageSize')?.max;
  const pages = op?.params.some((p) => p.name === 'page') ?? false;
  const ids = new Set<string>();
  const tagged = new Map<string, string>();
  for (let page = 1; page <= MAX_PAGES; page++) {
    const payload = await call('password', 'list', { deviceId: lockId, ...(max ? { pageSize: max } : {}), ...(pages ? { page } : {}) });
    const items = Array.isArray(payload.passwords) ? (payload.passwords as Array<Record<string, unknown>>) : [];
    for (const p of items) {
      const id = p.passwordId === undefined || p.passwordId === null ? '' : String(p.passwordId);
      if (!id) continue;
      ids.add(id);
      const m = typeof p.name === 'string' ? /^stay:(.+)$/.exec(p.name) : null;
      if (m) tagged.set(id, m[1]);
    }
    if (!pages || payload.hasMore === false || (payload.hasMore !== true && (!max || items.length < max))) break;
  }
  return { ids, tagged };
}

/** A lock holds a few hundred codes (TTLock: 250): more pages than this is an answer gone wrong, not a lock. */
const MAX_PAGES = 20;
