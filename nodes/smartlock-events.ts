import type { Operation } from '../lib/catalog';
import type { LockClient } from '../lib/client';
import { type LockError, validation } from '../lib/errors';
import { failure, translate } from './shared/failure';
import { newEvents, queryFrom, toEvent, type Cursor, type LockEvent } from '../lib/events';
import { resolve, short } from './shared/action';
import { registerAdmin, registerErrorHook } from './shared/editor-api';
import type { Node, NodeAPI, NodeDef, NodeMessage } from './shared/node-red';

const MIN_INTERVAL_S = 5;
/**
 * Cursors by node id for this process: Node-RED drops a node's in-memory context when the node
 * closes, so a redeploy without a configured context store would otherwise forget them.
 */
const lastCursors = new Map<string, Record<string, Cursor>>();
const PAGE_SIZE = 50;
const MAX_PAGES = 20;

/**
 * Polls the logs of one or more locks and emits each new record once, as its own msg. The
 * cursor per device survives a redeploy, and a restart too with a persistent context store.
 */
export = function (RED: NodeAPI): void {
  registerAdmin(RED);
  registerErrorHook(RED);
  RED.nodes.registerType('smartlock-events', function (this: Node, def: NodeDef) {
    RED.nodes.createNode(this, def);
    watch(RED, this, def);
  });
};

/** Resolves the logs operation, then polls on a timer and on each input msg. */
function watch(RED: NodeAPI, node: Node, def: NodeDef): void {
  const devices = String(def.devices ?? '').split(',').map((d) => d.trim()).filter(Boolean);
  const seconds = Math.max(MIN_INTERVAL_S, Number(def.interval) || 60);
  let client: LockClient | undefined;
  let op: Operation | undefined;
  let setupError: LockError | undefined;
  try {
    const r = resolve(RED, def, 'logs');
    client = r.config.client;
    op = r.op;
    if (devices.length === 0) throw validation('noDevices');
  } catch (e) {
    setupError = failure(RED, e);
    node.status({ fill: 'red', shape: 'ring', text: short(setupError.message) });
  }

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
    const now = Date.now();
    let emitted = 0;
    for (const deviceId of devices) {
      const prime = !cursors[deviceId];
      const cursor = cursors[deviceId] ?? { since: now, seen: [] };
      const events: LockEvent[] = [];
      for (let page = 1; page <= MAX_PAGES; page++) {
        const { payload } = await client.call(op, { deviceId, since: Math.max(queryFrom(cursor), Date.UTC(2000, 0)), until: now + 60_000, page, pageSize: PAGE_SIZE });
        const records = Array.isArray(payload.records) ? (payload.records as Array<Record<string, unknown>>) : [];
        for (const r of records) {
          const e = toEvent(deviceId, r);
          if (e) events.push(e);
        }
        if (records.length < PAGE_SIZE || payload.hasMore === false) break;
      }
      const { fresh, cursor: next } = newEvents(events, cursor, prime);
      for (const e of fresh) node.send({ topic: `${deviceId}/${e.kind}`, payload: e });
      emitted += fresh.length;
      cursors[deviceId] = next;
      lastCursors.set(node.id, cursors);
      node.context().set('cursors', cursors);
    }
    const time = new Date().toTimeString().slice(0, 8);
    node.status({ fill: 'green', shape: 'dot', text: translate(RED, 'smartlock-events.status.polled', { time, count: emitted }) ?? `${time}: ${emitted} new` });
    return emitted;
  }

  const report = (e: unknown): void => {
    const err = failure(RED, e, op);
    node.status({ fill: 'red', shape: 'ring', text: short(`${err.code}: ${err.message}`, 48) });
    node.error(err);
  };

  const timer = setupError ? undefined : setInterval(() => poll().catch(report), seconds * 1000);
  // Any input polls at once; its errors go to a Catch node with the msg.
  node.on('input', (_msg: NodeMessage, _send, done) => {
    poll().then(() => done(), (e: unknown) => {
      const err = failure(RED, e, op);
      node.status({ fill: 'red', shape: 'ring', text: short(`${err.code}: ${err.message}`, 48) });
      done(err);
    });
  });
  node.on('close', (removed, done) => {
    clearInterval(timer);
    if (removed) lastCursors.delete(node.id);
    void Promise.resolve(running).catch(() => undefined).then(() => done());
  });
}
