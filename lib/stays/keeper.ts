import type { LockClient } from '../client';
import { asLockError, validation } from '../errors';
import { qrPng } from '../qr';
import { formatLocal } from '../time';
import type { Store } from '../store';
import { listed, type Call, type GrantWay } from './grants';
import { STAY_NODES, stayIndexOf } from './guests';
import { contentOf, plan, type Action, type Credential, type DoorAbility, type Observed, type Remembered } from './planner';
import type { Door, Stay } from './stay';

/**
 * The stays reconciler's executor: applies the planner's actions through the vendor-neutral
 * clients, one stay at a time under the store's lock, the intent written before each vendor
 * call and the outcome after — so a crash between the two is settled at the next start, never
 * repeated blindly.
 */

/** A door as the executor uses it: its settings, its lock, the client of its configuration and how it keeps a guest's credential. */
export interface BoundDoor extends Door {
  lockId: string;
  client: LockClient;
  way: GrantWay;
  /** the slots the package may use, where the door's system keeps codes in numbered slots */
  slots: { from: number; to: number };
}

/** What a door gave (or could not give) a stay's guest. */
export interface DoorOutcome {
  door: string;
  state: Credential['state'];
  passwordId?: string;
  /** the guest's code: digits, or the text of a QR code (`qrImage` shows it) */
  code?: string;
  /** an app key's account (the guest's email or phone) */
  account?: string;
  qrImage?: string;
  slot?: number;
  from?: string;
  until?: string;
  reason?: string;
}

export interface StayOutcome {
  id: string;
  guest: Stay['guest'];
  status: Stay['status'];
  /** `active` every door holds its credential (or will from its start); `partial` some refused (why per door); `revoked` none left */
  state: 'active' | 'partial' | 'revoked' | 'pending';
  doors: DoorOutcome[];
  /** one line a flow can send as an SMS or a mail */
  text: string;
  /** vendor requests this apply made */
  requests: number;
}

/** A repair a reconcile made: what it found and what it did. */
export interface Repair {
  stay: string;
  door: string;
  did: Action['do'];
  why: string;
  ok: boolean;
  reason?: string;
}

const KEY = (prefix: string, stay: string): string => `${prefix}/stay/${stay}`;
/** Stays of one msg applied at once: the transports' own concurrency (4 by default) is the real limit. */
const APPLY_AT_ONCE = 4;

export class StayKeeper {
  private readonly doors: Map<string, BoundDoor>;
  private readonly abilities: Record<string, DoorAbility>;
  /** door → the slots this node's stays hold there; read from the store once, then kept here (one writer) */
  private slotsHeld?: Promise<Map<string, Set<number>>>;

  constructor(
    private readonly store: Store,
    /** keys of this node's stays: one node's stays never mix with another's */
    private readonly prefix: string,
    doors: readonly BoundDoor[],
    /** the clock, for sending a `scheduled` credential when its window begins */
    private readonly now: () => number = Date.now,
  ) {
    this.doors = new Map(doors.map((d) => [d.name, d]));
    this.abilities = Object.fromEntries(doors.map((d) => [d.name, { change: d.way.change, list: d.way.list }])) as Record<string, DoorAbility>;
  }

  /** The doors, as a stay is read against them. */
  get doorList(): BoundDoor[] {
    return [...this.doors.values()];
  }

  private async remembered(): Promise<Remembered[]> {
    return (await this.store.list<Remembered>(`${this.prefix}/stay/`)).map((e) => e.value);
  }

  /** The live stays whose id starts with `start` (the dialog's staff rows are `staff:<name>`). */
  async liveIds(start: string): Promise<string[]> {
    return (await this.remembered()).filter((r) => r.live && r.id.startsWith(start)).map((r) => r.id);
  }

  /** How many stays are live, how many of them lack a door's credential, and when the next scheduled one is due. */
  async summary(): Promise<{ stays: number; partial: number; nextDue?: number }> {
    const live = (await this.remembered()).filter((r) => r.live);
    const due = live.flatMap((r) => r.credentials.filter((c) => c.state === 'scheduled').map((c) => c.window.from));
    return {
      stays: live.length,
      partial: live.filter((r) => r.credentials.some((c) => c.state === 'refused')).length,
      ...(due.length ? { nextDue: Math.min(...due) } : {}),
    };
  }

  /**
   * Applies stays read from a msg; resolves with one outcome per stay, in order. A few stays at a
   * time (each under its own lock): a thousand bookings do not wait for one round trip each in
   * turn, and the configs' own limits still hold the pace at the vendor.
   */
  async apply(stays: readonly Stay[]): Promise<StayOutcome[]> {
    const outcomes: StayOutcome[] = new Array(stays.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < stays.length) {
        const i = next++;
        outcomes[i] = await this.store.lock(KEY(this.prefix, stays[i].id), () => this.applyOne(stays[i]));
      }
    };
    await Promise.all(Array.from({ length: Math.min(APPLY_AT_ONCE, stays.length) }, worker));
    return outcomes;
  }

  private async applyOne(stay: Stay): Promise<StayOutcome> {
    const entry = await this.store.get<Remembered>(KEY(this.prefix, stay.id));
    const remembered = new Map(entry ? [[stay.id, entry.value]] : []);
    const actions = plan({ wanted: [stay], remembered, abilities: this.abilities });
    const record: Remembered = entry?.value ?? { id: stay.id, content: '', live: true, credentials: [] };
    // The same stay again: nothing asked, nothing written.
    if (entry && !actions.length && record.content === contentOf(stay)) return this.outcome(stay, record, 0);
    if (stay.guest.name) record.guest = stay.guest.name;
    const count = { requests: 0 };
    for (const action of actions) await this.run(record, action, count, stay);
    record.content = contentOf(stay);
    record.live = stay.status === 'confirmed';
    if (!record.live && record.credentials.every((c) => !c.id)) await this.forget(record);
    else await this.save(record);
    return this.outcome(stay, record, count.requests);
  }

  /**
   * A reconcile: every door that can list is read once; what is missing is made again, what the
   * package made for no live stay is revoked, the doors that refused are tried again, the
   * scheduled credentials whose window has begun are sent. `lists: false` does only the last
   * (the node's timer at a scheduled start): no list request.
   */
  async reconcile(lists = true): Promise<Repair[]> {
    // The store is read before the locks' lists, each stay's version kept: a stay an apply touches
    // after this read (its intent is stored before any vendor call) may have changed at its lock
    // after the list too, so this plan is stale for it — left to that apply. (Found by the crash
    // test: a flow re-sending after a restart while the start-up reconcile ran; a `creating`
    // settled from a list taken before its create dropped the code the apply had made, or made it twice.)
    const all = await this.store.list<Remembered>(`${this.prefix}/stay/`);
    const remembered = new Map(all.map((e) => [e.value.id, e.value]));
    const versions = new Map(all.map((e) => [e.value.id, e.version]));
    // Two stay nodes may share a lock (a building door): the other's tagged codes are not this one's orphans.
    const othersKeep = new Set(
      (await this.store.list<Remembered>(STAY_NODES)).filter((e) => !e.key.startsWith(`${this.prefix}/`) && e.key.includes('/stay/')).map((e) => e.value.id),
    );
    const observed = new Map<string, Observed>();
    const repairs: Repair[] = [];
    const count = { requests: 0 };
    if (lists) {
      for (const door of this.doors.values()) {
        if (!door.way.list) continue;
        try {
          observed.set(door.name, await listed(this.caller(door, count), door.lockId, door.client.catalog));
        } catch (e) {
          repairs.push({ stay: '', door: door.name, did: 'settle', why: 'list', ok: false, reason: asLockError(e).message });
        }
      }
    }
    // A stay's actions under one hold of its lock: its version checked once, no apply between them.
    const byStay = new Map<string, Action[]>();
    for (const action of plan({ wanted: [], remembered, abilities: this.abilities, observed, retry: lists, now: this.now(), othersKeep })) {
      byStay.set(action.stay, [...(byStay.get(action.stay) ?? []), action]);
    }
    for (const [stay, actions] of byStay) {
      const key = KEY(this.prefix, stay);
      await this.store.lock(key, async () => {
        const entry = await this.store.get<Remembered>(key);
        // Changed since the read above: the apply that changed it settled it; the next reconcile looks again.
        if ((entry?.version ?? 0) !== (versions.get(stay) ?? 0)) return;
        // An orphan's stay is not remembered: a record of its own only for the revoke.
        const record = entry?.value ?? { id: stay, content: '', live: false, credentials: [] };
        for (const action of actions) {
          await this.run(record, action, count, undefined, observed.get(action.door));
          if (action.do === 'revoke' && action.why === 'ended') record.live = false;
          const c = record.credentials.find((x) => x.door === action.door);
          repairs.push({
            stay,
            door: action.door,
            did: action.do,
            why: 'why' in action ? action.why : (c?.state ?? ''),
            ok: c?.state !== 'refused',
            ...(c?.reason ? { reason: c.reason } : {}),
          });
        }
        if (!record.live && record.credentials.every((x) => !x.id)) await this.forget(record);
        else if (entry) await this.save(record);
      });
    }
    return repairs;
  }

  /** A vendor request through the door's client, counted. */
  private caller(door: BoundDoor, count: { requests: number }): Call {
    return async (family, action, input) => {
      count.requests++;
      return (await door.client.call(door.client.action(family, action), input)).payload;
    };
  }

  /** Runs one action, storing the intent first and the outcome after; counts the vendor requests it makes. */
  private async run(record: Remembered, action: Action, count: { requests: number }, stay?: Stay, observed?: Observed): Promise<void> {
    const door = this.doors.get(action.door);
    // A door taken out of the node: its credentials stay remembered, said, never lost silently.
    if (!door) return;
    const call = this.caller(door, count);
    const put = async (c: Credential | undefined): Promise<void> => {
      if (c) c.lock = door.lockId;
      const i = record.credentials.findIndex((x) => x.door === action.door);
      if (c && i >= 0) record.credentials[i] = c;
      else if (c) record.credentials.push(c);
      else if (i >= 0) record.credentials.splice(i, 1);
      await this.save(record);
    };
    const held = record.credentials.find((c) => c.door === action.door);
    const guest = stay?.guest ?? { name: '' };
    switch (action.do) {
      case 'create': {
        const base = { door: door.name, window: action.window, ...(action.replaces ? { replaces: action.replaces } : {}) };
        let code = action.code;
        let slot = held?.slot;
        try {
          code ??= await door.way.newCode(call, { stay: record.id, guest, window: action.window, timeZone: door.timeZone });
          if (door.way.slots) slot ??= await this.freeSlot(door);
        } catch (e) {
          await put({ ...base, state: 'refused', ...(code ? { code } : {}), reason: asLockError(e).message });
          return;
        }
        const made = { ...base, code, ...(slot !== undefined ? { slot } : {}) };
        // A code that works from when it is sent waits for its window.
        if (door.way.startsWhenMade && action.window.from > this.now()) return put({ ...made, state: 'scheduled' });
        await put({ ...made, state: 'creating' });
        try {
          const id = await door.way.create(call, door.lockId, {
            stay: record.id,
            guest,
            code,
            window: action.window,
            timeZone: door.timeZone,
            ...(slot !== undefined ? { slot } : {}),
          });
          await put({ ...made, state: 'active', id });
        } catch (e) {
          const err = asLockError(e);
          // Sent and never answered: maybe made, so left `creating` and settled (from the lock's list, or sent again).
          // Refused (an answer, or never sent): surely not made; tried again at the next reconcile.
          const state = err.sent && (err.code === 'TIMEOUT' || err.code === 'NETWORK') ? 'creating' : 'refused';
          return put({ ...made, state, reason: err.message });
        }
        if (action.replaces) await this.revoke(door, record, action.replaces, put, call);
        return;
      }
      case 'change': {
        if (!held?.code) return;
        await put({ ...held, state: 'changing', window: action.window });
        try {
          await door.way.modify(call, door.lockId, action.id, {
            stay: record.id,
            guest,
            code: held.code,
            window: action.window,
            timeZone: door.timeZone,
            ...(held.slot !== undefined ? { slot: held.slot } : {}),
          });
          await put({ ...held, state: 'active', window: action.window, reason: undefined });
        } catch (e) {
          // The old window still holds: the guest keeps a working code; the change is tried again.
          await put({ ...held, state: 'active', reason: asLockError(e).message, window: held.window });
          record.content = '';
        }
        return;
      }
      case 'revoke':
        return this.revoke(door, record, action.id, put, call);
      case 'settle':
        return this.settle(door, record, action.credential, put, count, observed);
    }
  }

  /** Revokes `id` at the door: the stay's own credential there, the one it replaced, or one it no longer owns. */
  private async revoke(door: BoundDoor, record: Remembered, id: string, put: (c: Credential | undefined) => Promise<void>, call: Call): Promise<void> {
    const held = record.credentials.find((c) => c.door === door.name);
    const mine = held?.id === id ? held : undefined;
    const replaced = !mine && held?.replaces === id ? held : undefined;
    if (mine) await put({ ...mine, state: 'revoking' });
    try {
      await door.way.revoke(call, door.lockId, id, record.id);
    } catch (e) {
      const err = asLockError(e);
      // Gone already is what was wanted; anything else is tried again (the intent stays stored).
      if (err.code !== 'NOT_FOUND') {
        if (mine) await put({ ...mine, state: 'revoking', reason: err.message });
        if (replaced) await put({ ...replaced, reason: err.message });
        return;
      }
    }
    if (mine) {
      await put(undefined);
      if (mine.slot !== undefined) (await this.slotMap()).get(door.name)?.delete(mine.slot);
    }
    if (replaced) {
      const { replaces: _done, reason: _reason, ...rest } = replaced;
      await put(rest);
    }
  }

  /** An intent found without its outcome (a crash): looked up in the lock's list, or sent again (a slot or a QR grant takes the same again). */
  private async settle(
    door: BoundDoor,
    record: Remembered,
    c: Credential,
    put: (c: Credential | undefined) => Promise<void>,
    count: { requests: number },
    observed?: Observed,
  ): Promise<void> {
    const call = this.caller(door, count);
    const again = (): Promise<void> =>
      this.run(
        record,
        {
          do: 'create',
          stay: record.id,
          door: c.door,
          window: c.window,
          why: 'retry',
          ...(c.code ? { code: c.code } : {}),
          ...(c.replaces ? { replaces: c.replaces } : {}),
        },
        count,
      );
    if (c.state === 'creating') {
      if (!door.way.list) {
        await put({ ...c, state: 'refused' });
        return again();
      }
      const seen = observed ?? (await listed(call, door.lockId, door.client.catalog).catch(() => undefined));
      if (!seen) return;
      const made = [...seen.tagged].find(([id, stay]) => stay === record.id && id !== c.replaces)?.[0];
      if (made) {
        await put({ ...c, state: 'active', id: made, reason: undefined });
        if (c.replaces) await this.revoke(door, record, c.replaces, put, call);
      } else {
        // Never made: made now, with the code the guest may already have been given.
        await put({ ...c, state: 'refused' });
        await again();
      }
      return;
    }
    if (c.state === 'changing' && c.id) return this.run(record, { do: 'change', stay: record.id, door: c.door, id: c.id, window: c.window }, count);
    if (c.state === 'revoking' && c.id) return this.revoke(door, record, c.id, put, call);
  }

  /** door → slots held there by this node's stays. */
  private slotMap(): Promise<Map<string, Set<number>>> {
    this.slotsHeld ??= this.remembered().then((all) => {
      const map = new Map<string, Set<number>>();
      for (const r of all) for (const c of r.credentials) if (c.slot !== undefined) (map.get(c.door) ?? map.set(c.door, new Set()).get(c.door))!.add(c.slot);
      return map;
    });
    return this.slotsHeld;
  }

  /** The lowest slot of the door's range no stay holds: taken at once (no await between the look and the take). */
  private async freeSlot(door: BoundDoor): Promise<number> {
    const map = await this.slotMap();
    const held = map.get(door.name) ?? map.set(door.name, new Set()).get(door.name)!;
    for (let n = door.slots.from; n <= door.slots.to; n++) {
      if (held.has(n)) continue;
      held.add(n);
      return n;
    }
    throw validation('staySlotsFull', { name: door.name, from: door.slots.from, to: door.slots.to });
  }

  private async save(record: Remembered): Promise<void> {
    const key = KEY(this.prefix, record.id);
    await this.store.put(key, record);
    stayIndexOf(this.store).update(key, record);
  }

  /** A stay with nothing left at any door: its record goes, and the slots it held are free again. */
  private async forget(record: Remembered): Promise<void> {
    const map = await this.slotMap();
    for (const c of record.credentials) if (c.slot !== undefined) map.get(c.door)?.delete(c.slot);
    record.credentials = [];
    await this.store.delete(KEY(this.prefix, record.id));
    stayIndexOf(this.store).update(KEY(this.prefix, record.id), undefined);
  }

  private outcome(stay: Stay, record: Remembered, requests: number): StayOutcome {
    const doors: DoorOutcome[] = record.credentials.map((c) => {
      const door = this.doors.get(c.door);
      const zone = door?.timeZone ?? 'UTC';
      const shown = c.code && record.live;
      return {
        door: c.door,
        state: c.state,
        ...(c.id ? { passwordId: c.id } : {}),
        ...(shown ? (door?.grant === 'ekey' ? { account: c.code } : { code: c.code }) : {}),
        ...(shown && door?.grant === 'qr' ? { qrImage: qrPng(c.code!) } : {}),
        ...(c.slot !== undefined ? { slot: c.slot } : {}),
        ...(record.live ? { from: local(c.window.from, zone), until: local(c.window.until, zone) } : {}),
        ...(c.reason ? { reason: c.reason } : {}),
      };
    });
    const refused = doors.filter((d) => d.state === 'refused');
    const state: StayOutcome['state'] = !record.live
      ? doors.length
        ? 'pending'
        : 'revoked'
      : refused.length
        ? 'partial'
        : doors.some((d) => d.state !== 'active' && d.state !== 'scheduled')
          ? 'pending'
          : 'active';
    const text = record.live
      ? `${stay.guest.name ? `${stay.guest.name}: ` : ''}${doors
          .filter((d) => d.code || d.account)
          .map(
            (d) =>
              `${d.door} ${d.account ? `app key for ${d.account}` : `${this.doors.get(d.door)?.grant === 'qr' ? 'QR code' : 'code'} ${d.code}`}, ${d.from} to ${d.until}`,
          )
          .join('; ')}${refused.length ? ` (not yet: ${refused.map((d) => d.door).join(', ')})` : ''}`
      : `stay ${stay.id}: every code revoked`;
    return { id: stay.id, guest: stay.guest, status: stay.status, state, doors, text, requests };
  }
}

/** `2026-12-20 15:00` in the door's zone: what a guest reads. */
const local = (ms: number, timeZone: string): string => formatLocal(new Date(ms), timeZone).slice(0, 16);
