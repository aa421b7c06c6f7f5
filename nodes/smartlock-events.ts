import type { Operation } from '../lib/catalog';
import type { LockClient } from '../lib/client';
import { type LockError, validation } from '../lib/errors';
import { failedStatus, failure, translate } from './shared/failure';
import { readLog, type Cursor, type LogPage, type Window } from '../lib/events';
import type { EventMapping } from '../lib/vendor';
import { prepareRuntime, resolve, setupFailed, vendorOf } from './shared/setup';
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
 * Polls the logs of one or more locks and emits each new record once, as its own msg. The
 * cursor per device survives a redeploy, and a restart too with a persistent context store.
 */
export = function (RED: NodeAPI): void {
  prepareRuntime(RED);
  RED.nodes.registerType('smartlock-events', function (this: Node, def: NodeDef) {
    RED.nodes.createNode(this, def);
    watch(RED, this, def);
  });
};

/** Resolves the logs operation, then polls on a timer and on each input msg. */
function watch(RED: NodeAPI, node: Node, saved: NodeDef): void {
  let devices: string[] = [];
  let seconds = 60;
  let client: LockClient | undefined;
  let op: Operation | undefined;
  let setupError: LockError | undefined;
  try {
    const { config, op: logs, def } = resolve(RED, saved, 'logs');
    client = config.client;
    op = logs;
    devices = String(def.devices ?? '')
      .split(',')
      .map((d) => d.trim())
      .filter(Boolean);
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
    if (setupError || !client || !op) throw setupError;
    const cursors = { ...lastCursors.get(node.id), ...(node.context().get('cursors') as Record<string, Cursor> | undefined) };
    const fetchPage = (pages ??= pager(client, op));
    const mapping = vendorOf(client)?.events ?? NO_MAPPING;
    let emitted = 0;
    for (const deviceId of devices) {
      const { fresh, cursor } = await readLog(deviceId, cursors[deviceId], (w) => fetchPage(deviceId, w), {
        now: Date.now(),
        maxPages: MAX_PAGES,
        endpoint: client.endpoint,
        mapping,
      });
      for (const e of fresh) node.send({ topic: `${deviceId}/${e.kind}`, payload: e });
      emitted += fresh.length;
      cursors[deviceId] = cursor;
      lastCursors.set(node.id, cursors);
      node.context().set('cursors', cursors);
    }
    const time = new Date().toTimeString().slice(0, 8);
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
