import type { LockClient } from '../lib/client';
import { validation, type LockError } from '../lib/errors';
import { readCalendar } from '../lib/stays/calendar';
import { FeedPoller, type FeedSettings } from '../lib/stays/feed';
import { waysOf } from '../lib/stays/grants';
import { STAY_NODES } from '../lib/stays/guests';
import { StayKeeper, type BoundDoor, type Repair, type StayOutcome } from '../lib/stays/keeper';
import { checkDoor, readStay, type Grant, type Stay } from '../lib/stays/stay';
import { clock, failedStatus, failure, fit, oneLineErrors } from './shared/failure';
import type { LockConfigNode } from './shared/lock-config';
import type { Node, NodeAPI, NodeDef, NodeMessage } from './shared/node-red';
import { prepareRuntime } from './shared/setup';
import { storeOf } from './shared/store';

/** A door as the dialog saves it. */
interface SavedDoor {
  name?: unknown;
  vendor?: unknown;
  config?: unknown;
  lockId?: unknown;
  grant?: unknown;
  checkIn?: unknown;
  checkOut?: unknown;
  buffer?: unknown;
  /** `from-to`: the slots a door whose system keeps codes in numbered slots may give stays */
  slots?: unknown;
}

const HOUR = 3_600_000;
/** Node's timers hold at most 2^31-1 ms (~24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** Slots a stay may take where the door does not say: the rest are left to the lock's other codes. */
const SLOTS = '1-20';

/**
 * Keeps the credentials of stays true on their doors: a stay in (one or a list), the keys out;
 * changed, revoked and reconciled against the locks' own lists (DESIGN.md › Stays).
 * Output 1: one msg per stay, what to give the guest. Output 2: one msg per repair a reconcile made.
 */
export = function (RED: NodeAPI): void {
  prepareRuntime(RED);
  RED.nodes.registerType(
    'smartlock-stay',
    function (this: Node, def: NodeDef) {
      RED.nodes.createNode(this, def);
      oneLineErrors(this);
      keep(RED, this, def);
    },
    { credentials: { feedUrl: { type: 'password' } } as Record<string, { type: 'password' }> },
  );
};

/** The node's life: its doors bound once, stays applied per msg, reconciles on a timer or when asked. */
function keep(RED: NodeAPI, node: Node, def: NodeDef): void {
  let keeper: Promise<StayKeeper>;
  try {
    keeper = bind(RED, node, def);
  } catch (e) {
    keeper = Promise.reject(e);
  }
  keeper.catch((e: unknown) => {
    const err = failure(RED, e);
    node.status(failedStatus(err, false));
    node.error(err.message);
  });
  const counts = { stays: 0, partial: 0 };
  const shown = (): void =>
    node.status({
      fill: counts.partial ? 'yellow' : 'green',
      shape: 'dot',
      text: fit(`${counts.stays} stay${counts.stays === 1 ? '' : 's'} · ${counts.partial} partial · ${clock().slice(0, 5)}`),
    });
  /** The next scheduled credential's start: a code that works from when it is sent is sent then. */
  let due: NodeJS.Timeout | undefined;
  let closed = false;
  const tally = async (k: StayKeeper): Promise<void> => {
    const all = await k.summary();
    counts.stays = all.stays;
    counts.partial = all.partial;
    shown();
    clearTimeout(due);
    if (all.nextDue !== undefined && !closed) due = setTimeout(() => void reconcile(false), Math.min(Math.max(all.nextDue - Date.now(), 0), MAX_TIMER_MS));
  };
  /**
   * One reconcile at a time; a msg asking meanwhile joins the one running. A scheduled start's
   * pass (no lists) is covered by a full reconcile, and a full one asked during it runs after it.
   */
  let reconciling: { run: Promise<void>; lists: boolean } | undefined;
  const reconcile = (lists = true): Promise<void> => {
    if (reconciling && (reconciling.lists || !lists)) return reconciling.run;
    const run: Promise<void> = (reconciling?.run ?? Promise.resolve())
      .then(() => keeper)
      .then(async (k) => {
        if (lists) node.status({ fill: 'blue', shape: 'ring', text: 'reconciling' });
        const repairs = await k.reconcile(lists);
        for (const r of repairs) node.send([null, repairMsg(r)]);
        await tally(k);
      })
      .catch((e: unknown) => {
        const err = failure(RED, e);
        node.status(failedStatus(err));
        node.error(err.message);
      })
      .finally(() => {
        if (reconciling?.run === run) reconciling = undefined;
      });
    reconciling = { run, lists };
    return run;
  };
  const hours = Number(def.reconcileHours ?? 6);
  const every = Number.isFinite(hours) && hours > 0 ? Math.min(hours * HOUR, MAX_TIMER_MS) : 0;
  // At start (what a crash left half done is settled) and every N hours; 0: only when a msg asks.
  const timers = every ? [setTimeout(() => void reconcile(), 1000), setInterval(() => void reconcile(), every)] : [];
  const feed = watchFeed(RED, node, def, keeper, tally);
  void keeper
    .then(async (k) => {
      for (const o of await applyStaff(def, k)) node.send([{ topic: o.id, payload: o } as NodeMessage, null]);
      await tally(k);
    })
    .catch((e: unknown) => {
      const err = failure(RED, e);
      node.status(failedStatus(err));
      node.error(err.message);
    });
  node.on('input', (msg: NodeMessage, send: (m: Array<NodeMessage | null>) => void, done: (e?: Error) => void) => {
    void (async () => {
      const k = await keeper;
      if (msg.topic === 'reconcile') {
        await reconcile();
        return done();
      }
      if (msg.topic === 'feed' && feed) {
        await feed.poll();
        return done();
      }
      // Every stay read before any door is asked: one that cannot be read refuses the msg whole.
      const items = Array.isArray(msg.payload) ? msg.payload : [msg.payload];
      const stays: Stay[] = items.map((s) => readStay(s, k.doorList));
      node.status({ fill: 'blue', shape: 'ring', text: `${stays.length} stay${stays.length === 1 ? '' : 's'}…` });
      const outcomes = await k.apply(stays);
      for (const o of outcomes) send([stayMsg(msg, o), null]);
      await tally(k);
      done();
    })().catch((e: unknown) => {
      const err: LockError = failure(RED, e);
      node.status(failedStatus(err));
      msg.error = { message: err.message, code: err.code };
      done(err);
    });
  });
  node.on('close', (_removed: boolean, done: () => void) => {
    closed = true;
    for (const t of [...timers, due]) clearTimeout(t);
    feed?.close();
    done();
  });
  void keeper.then(tally, () => undefined);
}

/**
 * The node's booking feed (its calendar address, a credential: feed URLs carry a token): polled
 * every N minutes, its changes applied as a msg's stays are, sent on the first output. A feed
 * that fails changes nothing and says why once (again only when the reason changes).
 */
function watchFeed(
  RED: NodeAPI,
  node: Node,
  def: NodeDef,
  keeper: Promise<StayKeeper>,
  tally: (k: StayKeeper) => Promise<void>,
): { poll(): Promise<void>; close(): void } | undefined {
  const url = (node as Node & { credentials?: { feedUrl?: unknown } }).credentials?.feedUrl;
  if (typeof url !== 'string' || !url.trim()) return undefined;
  const minutes = Number(def.feedMinutes ?? 10);
  const every = (Number.isFinite(minutes) && minutes >= 1 ? Math.min(minutes, 24 * 60) : 10) * 60_000;
  const settings: FeedSettings = {
    missedPolls: Math.max(1, Math.min(100, Math.round(Number(def.missedPolls ?? 3)) || 3)),
    blockedAreStays: def.blockedAreStays === true,
    closedAreStays: def.closedAreStays === true,
  };
  const poller = Promise.all([keeper, storeOf(RED)]).then(
    ([k, store]) => new FeedPoller(store, `feed/${node.id}`, url.trim(), settings, k.doorList[0].timeZone, readCalendar),
  );
  let said = '';
  let polling: Promise<void> | undefined;
  const poll = (): Promise<void> =>
    (polling ??= Promise.all([keeper, poller])
      .then(async ([k, p]) => {
        node.status({ fill: 'blue', shape: 'ring', text: 'feed…' });
        const out = await p.poll();
        if (out.error) {
          const why = failure(RED, out.error).message;
          if (why !== said) node.warn((said = why));
          node.status({ fill: 'yellow', shape: 'dot', text: fit(`feed: ${out.error.code} · ${clock().slice(0, 5)}`) });
          return;
        }
        said = '';
        const stays: Stay[] = [];
        for (const c of out.changes) {
          try {
            stays.push(readStay(c, k.doorList));
          } catch (e) {
            node.warn(`booking ${c.id}: ${failure(RED, e).message}`);
          }
        }
        for (const o of stays.length ? await k.apply(stays) : []) node.send([{ topic: o.id, payload: o } as NodeMessage, null]);
        await p.save(out.state);
        await tally(k);
      })
      .catch((e: unknown) => {
        const err = failure(RED, e);
        node.status(failedStatus(err));
        node.error(err.message);
      })
      .finally(() => (polling = undefined)));
  const timers = [setTimeout(() => void poll(), 2000), setInterval(() => void poll(), every)];
  return {
    poll,
    close: () => {
      for (const t of timers) clearTimeout(t);
      void poller.then(
        (p) => p.close(),
        () => undefined,
      );
    },
  };
}

/** A staff row as the dialog saves it. */
interface SavedStaff {
  name?: unknown;
  days?: unknown;
  from?: unknown;
  until?: unknown;
  since?: unknown;
  till?: unknown;
}

/**
 * The dialog's staff (a cleaner every Tuesday 10:00-12:00) as stays `staff:<name>` on every door,
 * whole days from `since` to `till` repeating weekly: applied at each deploy (the same again asks
 * nothing); a row taken out since the last deploy is cancelled.
 */
async function applyStaff(def: NodeDef, k: StayKeeper): Promise<StayOutcome[]> {
  const rows = Array.isArray(def.staff) ? (def.staff as SavedStaff[]) : [];
  // The staff stays this node keeps now: the `staff:` ids are the dialog's, so the rows taken out are read from the store.
  const before = await k.liveIds('staff:');
  if (!rows.length && !before.length) return [];
  const stays: Stay[] = rows.map((r) =>
    readStay(
      {
        id: `staff:${String(r.name ?? '').trim()}`,
        guest: r.name,
        from: `${String(r.since)}T00:00:00`,
        until: `${String(r.till)}T23:59:00`,
        weekly: [{ days: r.days, from: r.from, until: r.until }],
      },
      k.doorList,
    ),
  );
  const now = new Set(stays.map((st) => st.id));
  for (const id of before) if (!now.has(id)) stays.push(readStay({ id, status: 'cancelled' }, k.doorList));
  return k.apply(stays);
}

function stayMsg(input: NodeMessage, o: StayOutcome): NodeMessage {
  const { _msgid: _id, payload: _payload, ...rest } = input;
  return { ...rest, topic: o.id, payload: o } as NodeMessage;
}

const repairMsg = (r: Repair): NodeMessage => ({ topic: r.stay, payload: r }) as NodeMessage;

/** The doors of the dialog, each bound to its configuration's client; refused whole, naming the door, when one is not usable. */
function bind(RED: NodeAPI, node: Node, def: NodeDef): Promise<StayKeeper> {
  const saved = Array.isArray(def.doors) ? (def.doors as SavedDoor[]) : [];
  if (!saved.length) throw validation('stayDoor', { name: 'doors', value: 'none' });
  const doors: BoundDoor[] = saved.map((d) => {
    const name = typeof d.name === 'string' ? d.name.trim() : '';
    const config = typeof d.config === 'string' ? (RED.nodes.getNode(d.config) as LockConfigNode | null) : null;
    if (!config?.client) throw config?.configError ?? validation('stayDoorConfig', { name });
    const client: LockClient = config.client;
    const grant = String(d.grant ?? 'code') as Grant;
    const ways = waysOf(client.catalog);
    const way = Object.prototype.hasOwnProperty.call(ways, grant) ? ways[grant] : undefined;
    if (!way) throw validation('stayDoorCannot', { name, vendor: client.catalog.title, grant });
    const lockId = typeof d.lockId === 'string' || typeof d.lockId === 'number' ? String(d.lockId).trim() : '';
    if (!lockId) throw validation('stayDoor', { name: 'lockId', value: `${name}: empty` });
    const range = /^\s*(\d{1,4})\s*-\s*(\d{1,4})\s*$/.exec(String(d.slots || SLOTS));
    if (!range || Number(range[1]) < 1 || Number(range[2]) < Number(range[1]))
      throw validation('stayDoor', { name: 'slots', value: `${name}: ${String(d.slots)}` });
    return {
      ...checkDoor({
        name,
        timeZone: client.timeZone,
        grant,
        checkIn: String(d.checkIn ?? '15:00'),
        checkOut: String(d.checkOut ?? '11:00'),
        bufferMinutes: Number(d.buffer ?? 0),
      }),
      repeatsWeekly: way.weekly,
      system: client.catalog.title,
      lockId,
      client,
      way,
      slots: { from: Number(range[1]), to: Number(range[2]) },
    };
  });
  const names = new Set(doors.map((d) => d.name));
  if (names.size !== doors.length) throw validation('stayDoor', { name: 'name', value: 'two doors share a name' });
  return storeOf(RED).then((store) => new StayKeeper(store, `${STAY_NODES}${node.id}`, doors));
}
