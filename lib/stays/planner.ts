import type { Stay, Window } from './stay';

/**
 * The stays reconciler's pure half: (the stays wanted, what the store says was made, what the
 * locks list) → the actions that make the locks hold exactly the live stays' credentials. The
 * same planner serves a new stay, a change, a cancellation, a restart and the scheduled
 * reconcile; the executor applies its actions, writing the intent before each vendor call.
 */

/** What the package remembers of one credential it made (or is making) at a door. */
export interface Credential {
  door: string;
  /**
   * `creating` / `changing` / `revoking`: the intent was stored, the outcome not (a crash between
   * the two leaves it so); `active`: the lock holds it; `refused`: the door refused it (why in `reason`);
   * `scheduled`: chosen, not yet sent, because the door's system would let it work from when it is sent.
   */
  state: 'creating' | 'changing' | 'revoking' | 'active' | 'refused' | 'scheduled';
  /** the vendor's id, once known */
  id?: string;
  /** the window the lock holds (or is being given) */
  window: Window;
  /** the guest's code (digits, or a QR code's text): the same code goes out again on a re-creation */
  code?: string;
  /** the numbered slot it holds, where the door's system keeps codes in slots */
  slot?: number;
  /** the lock's id: an event of this credential at this lock names the stay */
  lock?: string;
  reason?: string;
  /** `creating` a credential that replaces this id (the door's system cannot change a window) */
  replaces?: string;
}

export interface Remembered {
  id: string;
  /** what the stay said when it was last applied: the same stay again changes nothing */
  content: string;
  live: boolean;
  credentials: Credential[];
  /** the guest's name, for the events of the stay's credentials */
  guest?: string;
  /** when the guest first unlocked a door (ISO): the stay's first entry is flagged once */
  entered?: string;
}

/** What a door's system can do for a stay. */
export interface DoorAbility {
  /** change a credential's window in place (the guest's code stays the same) */
  change: boolean;
  /** list the credentials on the lock (reconcile) */
  list: boolean;
}

/** One door's list at a reconcile: every credential id on the lock, and which stay made those tagged by the package. */
export interface Observed {
  ids: ReadonlySet<string>;
  /** credential id → stay id, for the credentials named with the package's tag */
  tagged: ReadonlyMap<string, string>;
}

export type Action =
  | { do: 'create'; stay: string; door: string; window: Window; replaces?: string; code?: string; why: 'new' | 'retry' | 'missing' | 'replace' | 'door added' }
  | { do: 'change'; stay: string; door: string; id: string; window: Window }
  | { do: 'revoke'; stay: string; door: string; id: string; why: 'cancelled' | 'door removed' | 'replaced' | 'not a stay' | 'ended' }
  | { do: 'settle'; stay: string; door: string; credential: Credential };

export interface PlanInput {
  /** the stays to apply now (a msg's stays; at a reconcile, none: the remembered ones stand) */
  wanted: readonly Stay[];
  remembered: ReadonlyMap<string, Remembered>;
  abilities: Readonly<Record<string, DoorAbility>>;
  /** door → its list, at a reconcile */
  observed?: ReadonlyMap<string, Observed>;
  /** retry doors that refused (a reconcile), not only those whose stay changed */
  retry?: boolean;
  /** the time now: a `scheduled` credential whose window has begun is due to be sent */
  now?: number;
  /** stays other stay nodes keep (on the same store): their tagged codes on a shared lock are theirs, not orphans */
  othersKeep?: ReadonlySet<string>;
}

/** What a stay says, as a string: equal strings, nothing to do. */
export function contentOf(stay: Stay): string {
  const doors = Object.keys(stay.windows).sort();
  return JSON.stringify([
    stay.status,
    stay.guest.name,
    stay.guest.phone ?? '',
    stay.guest.email ?? '',
    doors.map((d) => [d, stay.windows[d].from, stay.windows[d].until, ...(stay.windows[d].weekly ? [stay.windows[d].weekly] : [])]),
  ]);
}

const same = (a: Window, b: Window): boolean => a.from === b.from && a.until === b.until && JSON.stringify(a.weekly) === JSON.stringify(b.weekly);
const PENDING = new Set<Credential['state']>(['creating', 'changing', 'revoking']);

export function plan(input: PlanInput): Action[] {
  const actions: Action[] = [];
  const wanted = new Map(input.wanted.map((s) => [s.id, s]));
  for (const stay of input.wanted) planStay(stay, input.remembered.get(stay.id), input, actions);
  // Remembered stays no msg names now: only their unfinished intents, refusals (at a reconcile) and what the locks lost.
  for (const [id, r] of input.remembered) if (!wanted.has(id)) planStanding(r, input, actions);
  if (input.observed) planOrphans(input, actions);
  return actions;
}

function planStay(stay: Stay, r: Remembered | undefined, input: PlanInput, out: Action[]): void {
  const live = stay.status === 'confirmed';
  const content = contentOf(stay);
  if (r && r.content === content && !r.credentials.some((c) => PENDING.has(c.state) || c.replaces || (input.retry && c.state === 'refused'))) {
    // The same stay again: nothing, unless a reconcile finds a credential gone from its lock.
    if (live) planMissing(r, input, out);
    return;
  }
  const held = new Map((r?.credentials ?? []).map((c) => [c.door, c]));
  for (const c of held.values()) {
    if (PENDING.has(c.state)) {
      out.push({ do: 'settle', stay: stay.id, door: c.door, credential: c });
      continue;
    }
    if (c.replaces) out.push({ do: 'revoke', stay: stay.id, door: c.door, id: c.replaces, why: 'replaced' });
    const window = live ? stay.windows[c.door] : undefined;
    if (!window) {
      if (c.id) out.push({ do: 'revoke', stay: stay.id, door: c.door, id: c.id, why: live ? 'door removed' : 'cancelled' });
      continue;
    }
    if (c.state === 'refused' || !c.id) {
      out.push({ do: 'create', stay: stay.id, door: c.door, window, why: 'retry', ...(c.code ? { code: c.code } : {}) });
    } else if (!same(c.window, window)) {
      out.push(
        input.abilities[c.door]?.change
          ? { do: 'change', stay: stay.id, door: c.door, id: c.id, window }
          : { do: 'create', stay: stay.id, door: c.door, window, replaces: c.id, why: 'replace' },
      );
    }
  }
  if (!live) return;
  for (const door of Object.keys(stay.windows)) {
    if (!held.has(door)) out.push({ do: 'create', stay: stay.id, door, window: stay.windows[door], why: r ? 'door added' : 'new' });
  }
}

function planStanding(r: Remembered, input: PlanInput, out: Action[]): void {
  // A stay whose every window has ended: its codes no longer open anything; revoked (they fill a lock's storage) and the stay forgotten.
  if (
    r.live &&
    input.retry &&
    input.now !== undefined &&
    r.credentials.length &&
    r.credentials.every((c) => c.window.until <= input.now! && !PENDING.has(c.state))
  ) {
    for (const c of r.credentials) if (c.id) out.push({ do: 'revoke', stay: r.id, door: c.door, id: c.id, why: 'ended' });
    return;
  }
  for (const c of r.credentials) {
    if (c.replaces && !PENDING.has(c.state)) out.push({ do: 'revoke', stay: r.id, door: c.door, id: c.replaces, why: 'replaced' });
    if (PENDING.has(c.state)) out.push({ do: 'settle', stay: r.id, door: c.door, credential: c });
    else if (!r.live && c.id) out.push({ do: 'revoke', stay: r.id, door: c.door, id: c.id, why: 'cancelled' });
    else if (r.live && ((input.retry && c.state === 'refused') || (c.state === 'scheduled' && input.now !== undefined && c.window.from <= input.now))) {
      out.push({ do: 'create', stay: r.id, door: c.door, window: c.window, why: 'retry', ...(c.code ? { code: c.code } : {}) });
    }
  }
  if (r.live) planMissing(r, input, out);
}

/** A reconcile: an active credential its lock no longer lists (deleted in the app or at the lock) is made again. */
function planMissing(r: Remembered, input: PlanInput, out: Action[]): void {
  if (!input.observed) return;
  for (const c of r.credentials) {
    const seen = input.observed.get(c.door);
    if (!seen || !input.abilities[c.door]?.list || c.state !== 'active' || !c.id || seen.ids.has(c.id)) continue;
    // An ended code drops out of some systems' lists (Tuya's): gone because it ended, not deleted.
    if (input.now !== undefined && c.window.until <= input.now) continue;
    out.push({ do: 'create', stay: r.id, door: c.door, window: c.window, why: 'missing', ...(c.code ? { code: c.code } : {}) });
  }
}

/** A reconcile: what the package made (tagged) for no live stay is revoked; what it did not make is never touched. */
function planOrphans(input: PlanInput, out: Action[]): void {
  const kept = new Set<string>();
  // A create whose answer was lost is settled from this same list: what it made is not an orphan.
  const settling = new Set<string>();
  for (const r of input.remembered.values()) {
    for (const c of r.credentials) {
      if (c.id && (r.live || c.state !== 'active')) kept.add(`${c.door}\u0000${c.id}`);
      if (c.state === 'creating') settling.add(`${c.door}\u0000${r.id}`);
    }
  }
  const revoking = new Set(out.filter((a) => a.do === 'revoke').map((a) => `${a.door}\u0000${a.id}`));
  for (const [door, seen] of input.observed ?? []) {
    if (!input.abilities[door]?.list) continue;
    for (const [id, stay] of seen.tagged) {
      const key = `${door}\u0000${id}`;
      if (kept.has(key) || revoking.has(key) || settling.has(`${door}\u0000${stay}`) || input.othersKeep?.has(stay)) continue;
      out.push({ do: 'revoke', stay, door, id, why: 'not a stay' });
    }
  }
}
