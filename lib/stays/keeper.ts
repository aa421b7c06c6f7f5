import { randomInt } from 'node:crypto';
import type { LockClient } from '../client';
import { asLockError } from '../errors';
import { formatLocal } from '../time';
import type { Store } from '../store';
import { contentOf, plan, type Action, type Credential, type DoorAbility, type Observed, type Remembered } from './planner';
import type { Door, Stay, Window } from './stay';

/**
 * The stays reconciler's executor: applies the planner's actions through the vendor-neutral
 * clients, one stay at a time under the store's lock, the intent written before each vendor
 * call and the outcome after — so a crash between the two is settled at the next start, never
 * repeated blindly.
 */

/** A door as the executor uses it: its settings, its lock and the client of its configuration. */
export interface BoundDoor extends Door {
  lockId: string;
  client: LockClient;
  /** digits of a code the package chooses */
  codeLength: number;
}

/** What a door gave (or could not give) a stay's guest. */
export interface DoorOutcome {
  door: string;
  state: Credential['state'];
  passwordId?: string;
  code?: string;
  from?: string;
  until?: string;
  reason?: string;
}

export interface StayOutcome {
  id: string;
  guest: Stay['guest'];
  status: Stay['status'];
  /** `active` every door holds its credential; `partial` some refused (why per door); `revoked` none left */
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

/** The name the package gives what it makes: a reconcile tells its own credentials by it. */
export const tagOf = (stay: string): string => `stay:${stay}`;
const TAGGED = /^stay:(.+)$/;

const KEY = (prefix: string, stay: string): string => `${prefix}/stay/${stay}`;

export class StayKeeper {
  private readonly doors: Map<string, BoundDoor>;
  private readonly abilities: Record<string, DoorAbility>;

  constructor(
    private readonly store: Store,
    /** keys of this node's stays: one node's stays never mix with another's */
    private readonly prefix: string,
    doors: readonly BoundDoor[],
  ) {
    this.doors = new Map(doors.map((d) => [d.name, d]));
    this.abilities = Object.fromEntries(doors.map((d) => [d.name, { change: supports(d.client, 'modify'), list: supports(d.client, 'list') }])) as Record<
      string,
      DoorAbility
    >;
  }

  /** The doors, as a stay is read against them. */
  get doorList(): BoundDoor[] {
    return [...this.doors.values()];
  }

  /** How many stays are live, and how many of them lack a door's credential. */
  async summary(): Promise<{ stays: number; partial: number }> {
    const live = (await this.store.list<Remembered>(`${this.prefix}/stay/`)).map((e) => e.value).filter((r) => r.live);
    return { stays: live.length, partial: live.filter((r) => r.credentials.some((c) => c.state === 'refused')).length };
  }

  /** Applies stays read from a msg; resolves with one outcome per stay, in order. */
  async apply(stays: readonly Stay[]): Promise<StayOutcome[]> {
    const outcomes: StayOutcome[] = [];
    for (const stay of stays) outcomes.push(await this.store.lock(KEY(this.prefix, stay.id), () => this.applyOne(stay)));
    return outcomes;
  }

  private async applyOne(stay: Stay): Promise<StayOutcome> {
    const entry = await this.store.get<Remembered>(KEY(this.prefix, stay.id));
    const remembered = new Map(entry ? [[stay.id, entry.value]] : []);
    const actions = plan({ wanted: [stay], remembered, abilities: this.abilities });
    const record: Remembered = entry?.value ?? { id: stay.id, content: '', live: true, credentials: [] };
    let requests = 0;
    for (const action of actions) requests += await this.run(record, action);
    record.content = contentOf(stay);
    record.live = stay.status === 'confirmed';
    if (!record.live && record.credentials.every((c) => !c.id)) record.credentials = [];
    await this.save(record);
    return this.outcome(stay, record, requests);
  }

  /**
   * A reconcile: every door that can list is read once; what is missing is made again, what the
   * package made for no live stay is revoked, the doors that refused are tried again.
   */
  async reconcile(): Promise<Repair[]> {
    const observed = new Map<string, Observed>();
    const repairs: Repair[] = [];
    for (const door of this.doors.values()) {
      if (!this.abilities[door.name].list) continue;
      try {
        observed.set(door.name, await this.list(door));
      } catch (e) {
        repairs.push({ stay: '', door: door.name, did: 'settle', why: 'list', ok: false, reason: asLockError(e).message });
      }
    }
    const all = await this.store.list<Remembered>(`${this.prefix}/stay/`);
    const remembered = new Map(all.map((e) => [e.value.id, e.value]));
    for (const action of plan({ wanted: [], remembered, abilities: this.abilities, observed, retry: true })) {
      const key = KEY(this.prefix, action.stay);
      await this.store.lock(key, async () => {
        const entry = await this.store.get<Remembered>(key);
        // An orphan's stay is not remembered: a record of its own only for the revoke.
        const record = entry?.value ?? { id: action.stay, content: '', live: false, credentials: [] };
        await this.run(record, action, observed.get(action.door));
        const c = record.credentials.find((x) => x.door === action.door);
        repairs.push({
          stay: action.stay,
          door: action.door,
          did: action.do,
          why: 'why' in action ? action.why : (c?.state ?? ''),
          ok: c?.state !== 'refused',
          ...(c?.reason ? { reason: c.reason } : {}),
        });
        if (!record.live && record.credentials.every((x) => !x.id)) await this.store.delete(key);
        else if (entry) await this.save(record);
      });
    }
    return repairs;
  }

  /** Runs one action, storing the intent first and the outcome after; resolves with the vendor requests it made. */
  private async run(record: Remembered, action: Action, observed?: Observed): Promise<number> {
    const door = this.doors.get(action.door);
    const at = record.credentials.findIndex((c) => c.door === action.door);
    const put = async (c: Credential | undefined): Promise<void> => {
      const i = record.credentials.findIndex((x) => x.door === action.door);
      if (c && i >= 0) record.credentials[i] = c;
      else if (c) record.credentials.push(c);
      else if (i >= 0) record.credentials.splice(i, 1);
      await this.save(record);
    };
    if (!door) {
      // A door taken out of the node: its credentials stay remembered, said, never lost silently.
      return 0;
    }
    const held = at >= 0 ? record.credentials[at] : undefined;
    switch (action.do) {
      case 'create': {
        const code = action.code ?? this.code(door);
        await put({ door: door.name, state: 'creating', window: action.window, code, ...(action.replaces ? { replaces: action.replaces } : {}) });
        try {
          const { payload } = await door.client.call(door.client.action('password', 'create'), this.createInput(door, record.id, code, action.window));
          await put({
            door: door.name,
            state: 'active',
            id: String(payload.passwordId),
            window: action.window,
            code,
            ...(action.replaces ? { replaces: action.replaces } : {}),
          });
        } catch (e) {
          const err = asLockError(e);
          // Sent and never answered: maybe made, so left `creating` and settled from the lock's list.
          // Refused (an answer, or never sent): surely not made; tried again at the next reconcile.
          const state = err.sent && (err.code === 'TIMEOUT' || err.code === 'NETWORK') ? 'creating' : 'refused';
          await put({ door: door.name, state, window: action.window, code, reason: err.message, ...(action.replaces ? { replaces: action.replaces } : {}) });
          return 1;
        }
        if (action.replaces) return 1 + (await this.revoke(door, record, action.replaces, put));
        return 1;
      }
      case 'change': {
        if (!held) return 0;
        await put({ ...held, state: 'changing', window: action.window });
        try {
          await door.client.call(door.client.action('password', 'modify'), {
            ...this.createInput(door, record.id, held.code, action.window),
            passwordId: action.id,
          });
          await put({ ...held, state: 'active', window: action.window, reason: undefined });
        } catch (e) {
          // The old window still holds: the guest keeps a working code; the change is tried again.
          await put({ ...held, state: 'active', reason: asLockError(e).message, window: held.window });
          record.content = '';
        }
        return 1;
      }
      case 'revoke':
        return this.revoke(door, record, action.id, put);
      case 'settle':
        return this.settle(door, record, action.credential, put, observed);
    }
  }

  /** Revokes `id` at the door: the stay's own credential there, the one it replaced, or one it no longer owns. */
  private async revoke(door: BoundDoor, record: Remembered, id: string, put: (c: Credential | undefined) => Promise<void>): Promise<number> {
    const held = record.credentials.find((c) => c.door === door.name);
    const mine = held?.id === id ? held : undefined;
    const replaced = !mine && held?.replaces === id ? held : undefined;
    if (mine) await put({ ...mine, state: 'revoking' });
    try {
      await door.client.call(door.client.action('password', 'delete'), { deviceId: door.lockId, passwordId: id });
    } catch (e) {
      const err = asLockError(e);
      // Gone already is what was wanted; anything else is tried again (the intent stays stored).
      if (err.code !== 'NOT_FOUND') {
        if (mine) await put({ ...mine, state: 'revoking', reason: err.message });
        if (replaced) await put({ ...replaced, reason: err.message });
        return 1;
      }
    }
    if (mine) await put(undefined);
    if (replaced) {
      const { replaces: _done, reason: _reason, ...rest } = replaced;
      await put(rest);
    }
    return 1;
  }

  /** An intent found without its outcome (a crash): looked up in the lock's list, or repeated where repeating is safe. */
  private async settle(
    door: BoundDoor,
    record: Remembered,
    c: Credential,
    put: (c: Credential | undefined) => Promise<void>,
    observed?: Observed,
  ): Promise<number> {
    let requests = 0;
    if (c.state === 'creating') {
      if (!this.abilities[door.name].list) {
        await put({ ...c, state: 'refused', reason: c.reason ?? 'not known whether the lock took it' });
        return 0;
      }
      const seen = observed ?? (requests++, await this.list(door).catch(() => undefined));
      if (!seen) return requests;
      const made = [...seen.tagged].find(([id, stay]) => stay === record.id && id !== c.replaces)?.[0];
      if (made) {
        await put({
          door: c.door,
          state: 'active',
          id: made,
          window: c.window,
          ...(c.code ? { code: c.code } : {}),
          ...(c.replaces ? { replaces: c.replaces } : {}),
        });
        if (c.replaces) requests += await this.revoke(door, record, c.replaces, put);
      } else {
        // Never made: made now, with the code the guest may already have been given.
        await put({ ...c, state: 'refused' });
        requests += await this.run(record, {
          do: 'create',
          stay: record.id,
          door: c.door,
          window: c.window,
          why: 'retry',
          ...(c.code ? { code: c.code } : {}),
          ...(c.replaces ? { replaces: c.replaces } : {}),
        });
      }
      return requests;
    }
    if (c.state === 'changing' && c.id) return this.run(record, { do: 'change', stay: record.id, door: c.door, id: c.id, window: c.window });
    if (c.state === 'revoking' && c.id) return this.revoke(door, record, c.id, put);
    return 0;
  }

  private async list(door: BoundDoor): Promise<Observed> {
    const op = door.client.action('password', 'list');
    // One request a door: the largest page the system gives (TTLock: 200), where it pages.
    const max = op.params.find((p) => p.name === 'pageSize')?.max;
    const { payload } = await door.client.call(op, { deviceId: door.lockId, ...(max ? { pageSize: max } : {}) });
    const items = Array.isArray(payload.passwords) ? (payload.passwords as Array<Record<string, unknown>>) : [];
    const ids = new Set<string>();
    const tagged = new Map<string, string>();
    for (const p of items) {
      const id = p.passwordId === undefined || p.passwordId === null ? '' : String(p.passwordId);
      if (!id) continue;
      ids.add(id);
      const m = typeof p.name === 'string' ? TAGGED.exec(p.name) : null;
      if (m) tagged.set(id, m[1]);
    }
    return { ids, tagged };
  }

  private createInput(door: BoundDoor, stay: string, code: string | undefined, window: Window): Record<string, unknown> {
    return { deviceId: door.lockId, name: tagOf(stay), ...(code ? { password: code } : {}), validFrom: window.from, validUntil: window.until };
  }

  /** A code no one can guess from the stay: random digits, never a leading zero. */
  private code(door: BoundDoor): string {
    let code = String(randomInt(1, 10));
    while (code.length < door.codeLength) code += String(randomInt(0, 10));
    return code;
  }

  private async save(record: Remembered): Promise<void> {
    await this.store.put(KEY(this.prefix, record.id), record);
  }

  private outcome(stay: Stay, record: Remembered, requests: number): StayOutcome {
    const doors: DoorOutcome[] = record.credentials.map((c) => {
      const zone = this.doors.get(c.door)?.timeZone ?? 'UTC';
      return {
        door: c.door,
        state: c.state,
        ...(c.id ? { passwordId: c.id } : {}),
        ...(c.code && record.live ? { code: c.code } : {}),
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
        : doors.some((d) => d.state !== 'active')
          ? 'pending'
          : 'active';
    const text = record.live
      ? `${stay.guest.name ? `${stay.guest.name}: ` : ''}${doors
          .filter((d) => d.code)
          .map((d) => `${d.door} code ${d.code}, ${d.from} to ${d.until}`)
          .join('; ')}${refused.length ? ` (not yet: ${refused.map((d) => d.door).join(', ')})` : ''}`
      : `stay ${stay.id}: every code revoked`;
    return { id: stay.id, guest: stay.guest, status: stay.status, state, doors, text, requests };
  }
}

/** What the stay gives a create: a system whose create needs more (the hotel's slot) cannot keep a stay's code. */
export const STAY_CREATE_INPUT = ['deviceId', 'name', 'password', 'validFrom', 'validUntil'];

/** Whether a door's system keeps a guest's code with its own window: creates one from what a stay gives, and deletes it. */
export function keepsCodes(client: LockClient): boolean {
  if (!supports(client, 'create') || !supports(client, 'delete')) return false;
  return client.action('password', 'create').params.every((p) => !p.required || STAY_CREATE_INPUT.includes(p.name));
}

/** Whether the door's system has the password action (create, modify, delete, list). */
export function supports(client: LockClient, action: string): boolean {
  try {
    client.action('password', action);
    return true;
  } catch {
    return false;
  }
}

/** `2026-12-20 15:00` in the door's zone: what a guest reads. */
const local = (ms: number, timeZone: string): string => formatLocal(new Date(ms), timeZone).slice(0, 16);
