import type { LockEvent } from '../events';
import type { Store } from '../store';
import type { Remembered } from './planner';

/**
 * Whose stay a lock's credential is: (lock, credential id) → the stay, for naming the guest on
 * an event and flagging the stay's first entry. One index per store, kept in memory: built once
 * from the store, then updated by the stay nodes as they save (they are the only writers of stay
 * records in this process), so looking up an event is a map read on its path, never a store scan.
 */

/** What an event of a stay's credential carries. */
export interface StayOfEvent {
  stay: { id: string; guest: string };
  /** the stay's first unlock: the guest has arrived */
  firstEntry?: true;
}

/** Where every stay node keeps its stays: `stay-node/<node id>/stay/<stay id>`. */
export const STAY_NODES = 'stay-node/';
const at = (lock: string, id: string): string => `${lock}\u0000${id}`;

export class StayIndex {
  /** lock + credential id → the record's store key */
  private readonly byCredential = new Map<string, string>();
  /** store key → the stay's id, guest and whether it has been entered */
  private readonly stays = new Map<string, { id: string; guest: string; entered: boolean; credentials: string[] }>();
  /** built from the store: until then an event names no stay */
  private built = false;

  constructor(private readonly store: Store) {
    void store
      .list<Remembered>(STAY_NODES)
      .then((all) => {
        // A record saved while the list was read is already here, and newer.
        for (const e of all) if (!this.stays.has(e.key)) this.update(e.key, e.value);
        this.built = true;
      })
      .catch(() => undefined);
  }

  /** A stay record as its node has just saved it (undefined: deleted). */
  update(key: string, record: Remembered | undefined): void {
    for (const c of this.stays.get(key)?.credentials ?? []) if (this.byCredential.get(c) === key) this.byCredential.delete(c);
    if (!record) {
      this.stays.delete(key);
      return;
    }
    const credentials = record.credentials.filter((c) => c.lock && c.id).map((c) => at(c.lock!, c.id!));
    for (const c of credentials) this.byCredential.set(c, key);
    this.stays.set(key, { id: record.id, guest: record.guest ?? '', entered: !!record.entered, credentials });
  }

  /**
   * The stay an event's credential belongs to; on its first unlock, `firstEntry`, remembered in
   * the store (written after the event goes: a crash before the write may flag a later unlock too,
   * never none).
   */
  named(e: LockEvent): StayOfEvent | undefined {
    if (!this.built || e.credential?.id === undefined) return undefined;
    const key = this.byCredential.get(at(e.deviceId, e.credential.id));
    const s = key === undefined ? undefined : this.stays.get(key);
    if (!key || !s) return undefined;
    const first = e.kind === 'unlock' && !s.entered;
    if (first) {
      s.entered = true;
      void this.store
        .lock(key, async () => {
          const entry = await this.store.get<Remembered>(key);
          if (entry && !entry.value.entered) await this.store.put(key, { ...entry.value, entered: e.time });
        })
        .catch(() => undefined);
    }
    return { stay: { id: s.id, guest: s.guest }, ...(first ? { firstEntry: true as const } : {}) };
  }
}

const indexes = new WeakMap<Store, StayIndex>();

/** The store's stay index, built on first use. */
export function stayIndexOf(store: Store): StayIndex {
  let index = indexes.get(store);
  if (!index) indexes.set(store, (index = new StayIndex(store)));
  return index;
}
