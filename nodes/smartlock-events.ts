import type { Operation } from '../lib/catalog';
import type { LockClient } from '../lib/client';
import { type LockError, isLockError, validation } from '../lib/errors';
import { clock, failedStatus, failure, oneLineErrors, translate } from './shared/failure';
import { kindsOf, passes, readLog, type Cursor, type EventFilter, type LockEvent, type LogPage, type Window } from '../lib/events';
import type { PushState } from '../lib/push';
import type { EventMapping } from '../lib/vendor';
import { migrateConfig } from '../lib/migrations';
import { VENDORS } from '../lib/vendors';
import { prepareRuntime, resolve, setupFailed, vendorOf } from './shared/setup';
import { openedStore } from './shared/store';
import type { Store } from '../lib/store';
import { stayIndexOf } from '../lib/stays/guests';
import type { Node, NodeAPI, NodeDef, NodeMessage } from './shared/node-red';

const MIN_INTERVAL_S = 5;
/** Node's timers hold at most 2^31-1 ms; a longer delay fires after 1 ms instead. */
const MAX_INTERVAL_S = Math.floor((2 ** 31 - 1) / 1000);
/**
 * Cursors by node id for this process: Node-RED drops a node's in-memory context when the node
 * closes, so a redeploy without a configured context store would otherwise forget them.
 */
const lastCursors = new Map<string, Record<string, Cursor>>();
const PAGE_SIZE = 50;
/** A client no registered system owns (built by hand): records known by content only. */
const NO_MAPPING: EventMapping = { method: [], user: [], id: [] };
/** Pages read per device and poll; a longer backlog continues on the next poll. */
const MAX_PAGES = 20;

/**
 * Emits each new lock event once, as its own msg: from the system's push stream (shared by every
 * events node on the config), or by polling the logs of one or more locks. The poll cursor per
 * device survives a redeploy, and a restart too with a persistent context store.
 */
export = function (RED: NodeAPI): void {
  prepareRuntime(RED);
  RED.nodes.registerType('smartlock-events', function (this: Node, def: NodeDef) {
    RED.nodes.createNode(this, def);
    oneLineErrors(this);
    if (sourceOf(def) !== 'push' || !listen(RED, this, def)) watch(RED, this, def);
  });
};

/**
 * push or poll. A node saved before push existed polls (lib/migrations.ts); one without a source
 * (made by hand) pushes where its system can. An unreadable config polls, and says why there.
 */
function sourceOf(def: NodeDef): 'push' | 'poll' {
  let source: unknown;
  try {
    source = migrateConfig(def.type, def).source;
  } catch {
    return 'poll';
  }
  if (source === 'push' || source === 'poll') return source;
  const vendor = typeof def.vendor === 'string' ? VENDORS[def.vendor]?.module : undefined;
  return vendor?.push ? 'push' : 'poll';
}

const list = (value: unknown): string[] =>
  String(value ?? '')
    .split(',')
    .map((d) => d.trim())
    .filter(Boolean);

/** The node's kinds, methods and who (a node saved before methods and who passes every one). */
const filterOf = (def: NodeDef): EventFilter => ({
  // A node saved before `state` became `door` still filters on it.
  kinds: kindsOf(list(def.kinds)),
  methods: new Set(list(def.methods)),
  who: new Set(list(def.who)),
});

// Node-RED draws each msg's id from eight random numbers (0.7 µs); a stream of thousands of events a
// second numbers its msgs instead: a random half and a counter, 16 hex digits as Node-RED's.
const msgIdHead = Math.floor(Math.random() * 2 ** 32)
  .toString(16)
  .padStart(8, '0');
let msgCount = 0;
/** An event as a msg; one of a stay's credentials names the stay and its guest (and its first entry). */
function eventMsg(stores: () => Store | undefined, e: LockEvent): NodeMessage {
  const store = stores();
  const stay = store && stayIndexOf(store).named(e);
  return {
    _msgid: msgIdHead + (msgCount = (msgCount + 1) & 0x7fffffff).toString(16).padStart(8, '0'),
    topic: `${e.deviceId}/${e.kind}`,
    payload: stay ? { ...e, ...stay } : e,
  } as NodeMessage;
}

/**
 * Push: subscribes to the config's stream; the devices, kinds, methods and who listed (none: all) reach the
 * output. Returns false when the config's system pushes but the config is not set up for it (a
 * callback system without its key) and the node lists locks: it polls them instead, and says so.
 */
function listen(RED: NodeAPI, node: Node, saved: NodeDef): boolean {
  let leave: (() => void) | undefined;
  const stores = openedStore(RED);
  try {
    // No operation: the stream is the config's, not a log query's.
    const { config, def } = resolve(RED, { ...saved, operation: '' }, null);
    const devices = new Set(list(def.devices));
    const filter = filterOf(def);
    let hub: ReturnType<typeof config.pushHub>;
    try {
      hub = config.pushHub();
    } catch (e) {
      // Only a system that pushes but is not set up to (no callback key) falls back; one without push says to poll.
      if (!isLockError(e) || e.key === 'noPush' || e.code !== 'NOT_SUPPORTED' || devices.size === 0) throw e;
      node.warn(translate(RED, 'smartlock.errors.pollingInstead', { reason: failure(RED, e).message }) ?? failure(RED, e).message);
      return false;
    }
    // A failing stream is said in the log once per new reason, not on every retry; what the stream warned of is said already.
    let said = '';
    const warned = new WeakSet<object>();
    leave = hub.subscribe({
      wants: (e: LockEvent) => (devices.size === 0 || devices.has(e.deviceId)) && passes(e, filter),
      deliver: (e: LockEvent) => node.send(eventMsg(stores, e)),
      state: (s: PushState) => {
        node.status(pushStatus(RED, s));
        if (s.state === 'connected') said = '';
        if (s.state !== 'reconnecting' || warned.has(s.error)) return;
        const err = failure(RED, s.error);
        const why = `${err.code}: ${err.message}`;
        if (why !== said) node.error((said = why));
      },
      warn: (said) => {
        warned.add(said);
        node.warn(failure(RED, said).message);
      },
    });
  } catch (e) {
    // No msg will ever carry this: the log and the debug sidebar say it.
    setupFailed(RED, node, e, true);
  }
  // Events come from the stream; an input msg has nothing to ask for.
  node.on('input', (_msg: NodeMessage, _send, done) => done());
  node.on('close', (_removed: boolean, done: () => void) => {
    leave?.();
    done();
  });
  return true;
}

function pushStatus(RED: NodeAPI, s: PushState): { fill: 'green' | 'yellow' | 'red' | 'grey'; shape: 'dot' | 'ring'; text: string } {
  const say = (key: string, params?: Record<string, unknown>): string => translate(RED, `smartlock-events.status.${key}`, params) ?? key;
  if (s.state === 'connected')
    return { fill: 'green', shape: 'dot', text: s.lastEvent ? say('lastEvent', { time: clock(new Date(s.lastEvent)) }) : say('connected') };
  if (s.state === 'reconnecting') {
    const err = failure(RED, s.error);
    if (err.code === 'AUTH') return failedStatus(err);
    return { fill: 'yellow', shape: 'ring', text: say('reconnecting', { seconds: Math.ceil(s.inMs / 1000) }) };
  }
  if (s.state === 'closed') return { fill: 'grey', shape: 'ring', text: say('closed') };
  return { fill: 'yellow', shape: 'ring', text: say('connecting') };
}

/** Resolves the logs operation, then polls on a timer and on each input msg. */
function watch(RED: NodeAPI, node: Node, saved: NodeDef): void {
  const stores = openedStore(RED);
  let devices: string[] = [];
  let filter: EventFilter | undefined;
  let seconds = 60;
  let client: LockClient | undefined;
  let op: Operation | undefined;
  let setupError: LockError | undefined;
  try {
    const { config, op: logs, def } = resolve(RED, saved, 'logs');
    client = config.client;
    op = logs;
    devices = list(def.devices);
    filter = filterOf(def);
    seconds = Math.min(MAX_INTERVAL_S, Math.max(MIN_INTERVAL_S, Number(def.interval) || 60));
    if (devices.length === 0) throw validation('noDevices');
  } catch (e) {
    setupError = setupFailed(RED, node, e);
  }

  let pages: ReturnType<typeof pager> | undefined;
  let running: Promise<number> | undefined;
  const poll = (): Promise<number> => {
    running ??= pollOnce().finally(() => {
      running = undefined;
    });
    return running;
  };

  async function pollOnce(): Promise<number> {
    if (setupError || !client || !op || !filter) throw setupError;
    const f = filter;
    const cursors = { ...lastCursors.get(node.id), ...(node.context().get('cursors') as Record<string, Cursor> | undefined) };
    const fetchPage = (pages ??= pager(client, op));
    const mapping = vendorOf(client)?.events ?? NO_MAPPING;
    let emitted = 0;
    for (const deviceId of devices) {
      const named = mapping.named;
      const read = async (w: Window): Promise<LogPage> => {
        const page = await fetchPage(deviceId, w);
        return named ? { ...page, records: await named(client, deviceId, page.records) } : page;
      };
      const { fresh, cursor } = await readLog(deviceId, cursors[deviceId], read, {
        now: Date.now(),
        maxPages: MAX_PAGES,
        endpoint: client.endpoint,
        mapping,
        timeZone: client.timeZone,
      });
      // Filtered after the cursor took them: what is left out is not read again.
      const wanted = fresh.filter((e) => passes(e, f));
      for (const e of wanted) node.send(eventMsg(stores, e));
      emitted += wanted.length;
      cursors[deviceId] = cursor;
      lastCursors.set(node.id, cursors);
      node.context().set('cursors', cursors);
    }
    const time = clock();
    node.status({ fill: 'green', shape: 'dot', text: translate(RED, 'smartlock-events.status.polled', { time, count: emitted }) ?? `${time}: ${emitted} new` });
    return emitted;
  }

  const report = (e: unknown): void => {
    const err = failure(RED, e, op);
    node.status(failedStatus(err));
    node.error(err);
  };

  const timer = setupError ? undefined : setInterval(() => poll().catch(report), seconds * 1000);
  // Any input polls at once; its errors go to a Catch node with the msg.
  node.on('input', (_msg: NodeMessage, _send, done) => {
    poll().then(
      () => done(),
      (e: unknown) => {
        const err = failure(RED, e, op);
        node.status(failedStatus(err));
        done(err);
      },
    );
  });
  node.on('close', (removed: boolean, done: () => void) => {
    clearInterval(timer);
    if (removed) lastCursors.delete(node.id);
    void Promise.resolve(running)
      .catch(() => undefined)
      .then(() => done());
  });
}

/**
 * Reads one page of a device's log: by page number, or by the vendor's cursor where the
 * operation pages that way. The next page exists when the vendor says so (a flag or a total),
 * or, where it says neither, when this page was full.
 */
function pager(client: LockClient, op: Operation): (deviceId: string, w: Window) => Promise<LogPage> {
  const has = (name: string): boolean => op.params.some((p) => p.name === name);
  const paging = has('page') ? 'page' : has('cursor') ? 'cursor' : undefined;
  const vendorCounts = Boolean(op.result.fields && ('hasMore' in op.result.fields || 'total' in op.result.fields));
  return async (deviceId, w) => {
    const position = paging === 'page' ? { page: w.position } : paging === 'cursor' && typeof w.position === 'string' ? { cursor: w.position } : {};
    const { payload } = await client.call(op, { deviceId, since: w.from, until: w.until, pageSize: PAGE_SIZE, ...position });
    const records = Array.isArray(payload.records) ? (payload.records as Array<Record<string, unknown>>) : [];
    const more = vendorCounts ? payload.hasMore === true : records.length >= PAGE_SIZE;
    if (!more) return { records };
    if (paging === 'page') return { records, next: Number(w.position) + 1 };
    return paging === 'cursor' && typeof payload.cursor === 'string' && payload.cursor ? { records, next: payload.cursor } : { records };
  };
}
