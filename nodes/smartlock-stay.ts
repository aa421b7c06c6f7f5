import type { LockClient } from '../lib/client';
import { validation, type LockError } from '../lib/errors';
import { StayKeeper, keepsCodes, type BoundDoor, type Repair, type StayOutcome } from '../lib/stays/keeper';
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
  codeLength?: unknown;
}

const HOUR = 3_600_000;
/** Node's timers hold at most 2^31-1 ms (~24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** A code's digits where the door does not say: the longest its system takes, at most this. */
const CODE_LENGTH = 7;

/**
 * Keeps the credentials of stays true on their doors: a stay in (one or a list), the keys out;
 * changed, revoked and reconciled against the locks' own lists (DESIGN.md › Stays).
 * Output 1: one msg per stay, what to give the guest. Output 2: one msg per repair a reconcile made.
 */
export = function (RED: NodeAPI): void {
  prepareRuntime(RED);
  RED.nodes.registerType('smartlock-stay', function (this: Node, def: NodeDef) {
    RED.nodes.createNode(this, def);
    oneLineErrors(this);
    keep(RED, this, def);
  });
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
  const tally = async (k: StayKeeper): Promise<void> => {
    const all = await k.summary();
    counts.stays = all.stays;
    counts.partial = all.partial;
    shown();
  };
  /** One reconcile at a time; a msg asking meanwhile waits for the next. */
  let reconciling: Promise<void> | undefined;
  const reconcile = (): Promise<void> =>
    (reconciling ??= keeper
      .then(async (k) => {
        node.status({ fill: 'blue', shape: 'ring', text: 'reconciling' });
        const repairs = await k.reconcile();
        for (const r of repairs) node.send([null, repairMsg(r)]);
        await tally(k);
      })
      .catch((e: unknown) => {
        const err = failure(RED, e);
        node.status(failedStatus(err));
        node.error(err.message);
      })
      .finally(() => (reconciling = undefined)));
  const hours = Number(def.reconcileHours ?? 6);
  const every = Number.isFinite(hours) && hours > 0 ? Math.min(hours * HOUR, MAX_TIMER_MS) : 0;
  // At start (what a crash left half done is settled) and every N hours; 0: only when a msg asks.
  const timers = every ? [setTimeout(() => void reconcile(), 1000), setInterval(() => void reconcile(), every)] : [];
  node.on('input', (msg: NodeMessage, send: (m: Array<NodeMessage | null>) => void, done: (e?: Error) => void) => {
    void (async () => {
      const k = await keeper;
      if (msg.topic === 'reconcile') {
        await reconcile();
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
    for (const t of timers) clearTimeout(t);
    done();
  });
  void keeper.then(tally, () => undefined);
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
    if (!keepsCodes(client)) throw validation('stayDoorCannot', { name, vendor: client.catalog.title, grant: String(d.grant ?? 'code') });
    const lockId = typeof d.lockId === 'string' || typeof d.lockId === 'number' ? String(d.lockId).trim() : '';
    if (!lockId) throw validation('stayDoor', { name: 'lockId', value: `${name}: empty` });
    const password = client.action('password', 'create').params.find((p) => p.name === 'password');
    const length = Number(d.codeLength ?? Math.min(password?.maxLength ?? CODE_LENGTH, CODE_LENGTH));
    return {
      ...checkDoor({
        name,
        timeZone: client.timeZone,
        grant: (d.grant ?? 'code') as Grant,
        checkIn: String(d.checkIn ?? '15:00'),
        checkOut: String(d.checkOut ?? '11:00'),
        bufferMinutes: Number(d.buffer ?? 0),
      }),
      lockId,
      client,
      codeLength: Number.isInteger(length) && length >= 4 && length <= 10 ? length : 6,
    };
  });
  const names = new Set(doors.map((d) => d.name));
  if (names.size !== doors.length) throw validation('stayDoor', { name: 'name', value: 'two doors share a name' });
  return storeOf(RED).then((store) => new StayKeeper(store, `stay-node/${node.id}`, doors));
}
