import { allParams, type Family, type Operation } from '../../lib/catalog';
import { LockError, validation } from '../../lib/errors';
import { clock, failedStatus, failure, label, oneLineErrors, translate } from './failure';
import { prepareRuntime, resolve, setupFailed } from './setup';
import { isEmpty } from '../../lib/operation';
import type { LockClient } from '../../lib/client';
import type { LockConfigNode } from './lock-config';
import type { Node, NodeAPI, NodeDef, NodeMessage } from './node-red';

/** A TypedInput field as the editor stores it. */
interface Field {
  v?: unknown;
  t?: string;
}

const own = (obj: object, key: string): boolean => Object.prototype.hasOwnProperty.call(obj, key);

function fieldIsSet(field: Field | undefined): field is Field {
  if (!field || typeof field.t !== 'string') return false;
  return field.t === 'date' || !(field.v === undefined || field.v === null || field.v === '');
}

function evaluate(RED: NodeAPI, node: Node, field: Field, msg: NodeMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    RED.util.evaluateNodeProperty(field.v as string, field.t as string, node, msg, (err, value) =>
      err ? reject(validation('fieldUnreadable', { reason: err.message })) : resolve(value),
    );
  });
}

/** A msg.payload whose fields are parameters: a plain object, never a Buffer, typed array or Date. */
function fieldsOf(payload: unknown): Record<string, unknown> {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return {};
  if (Buffer.isBuffer(payload) || ArrayBuffer.isView(payload) || payload instanceof ArrayBuffer || payload instanceof Date) return {};
  return payload as Record<string, unknown>;
}

/** Every name a msg.payload field may use for an operation (and its follow-up), computed once. */
const namesByOp = new WeakMap<Operation, string[]>();
function inputNames(client: LockClient, op: Operation): string[] {
  let names = namesByOp.get(op);
  if (!names) {
    const params = [...allParams(op), ...(op.then ? allParams(client.operation(op.then.operation)) : [])];
    names = [...new Set(params.flatMap((p) => [p.name, p.wire, ...(p.aliases ?? [])]))];
    namesByOp.set(op, names);
  }
  return names;
}

/**
 * The operation's input: the declared parameters found in `msg.payload` (neutral or vendor
 * names), with each node field that is set taking precedence. Only declared names are read, so
 * the cost does not depend on what else the payload holds (a 20 MB Buffer is one value).
 */
async function collectInput(
  RED: NodeAPI,
  node: Node,
  client: LockClient,
  op: Operation,
  fields: Record<string, Field>,
  msg: NodeMessage,
): Promise<Record<string, unknown>> {
  const payload = fieldsOf(msg.payload);
  const input: Record<string, unknown> = {};
  for (const name of inputNames(client, op)) if (own(payload, name)) input[name] = payload[name];
  for (const p of allParams(op)) {
    const field = own(fields, p.name) ? fields[p.name] : undefined;
    if (!fieldIsSet(field)) continue;
    const value = await evaluate(RED, node, field, msg);
    if (!isEmpty(value)) input[p.name] = value;
  }
  return input;
}

/**
 * A node's status under load: busy while calls are in flight, the outcome once they drain, an
 * error at once. Each change is an event to every open editor, so one per msg would cost more
 * than the msg's own work.
 */
function statusKeeper(RED: NodeAPI, node: Node) {
  const titles = new Map<Operation, string>();
  const named = (op: Operation): string => titles.get(op) ?? (titles.set(op, label(RED, op)).get(op) as string);
  // The label already names the operation: the status says how it ended, and when.
  const done = translate(RED, 'smartlock.status.done') ?? 'done';
  let inFlight = 0;
  let shown = '';
  const show = (fill: 'blue' | 'green' | 'red', shape: 'ring' | 'dot', text: string): void => {
    const key = `${fill}${shape}${text}`;
    if (key === shown) return;
    shown = key;
    node.status({ fill, shape, text });
  };
  return {
    busy(op: Operation): void {
      if (inFlight++ === 0) show('blue', 'ring', `${named(op)}…`);
    },
    ok(): void {
      if (--inFlight === 0) show('green', 'dot', `${done} · ${clock()}`);
    },
    failed(err: LockError, started: boolean): void {
      if (started) inFlight--;
      const red = failedStatus(err);
      show(red.fill, red.shape, red.text);
    },
  };
}

/**
 * Registers one palette node. `family` nodes offer that family's actions; the api node
 * (`family` null) offers every operation of the vendor by its documented name.
 */
export function registerActionNode(RED: NodeAPI, type: string, family: Family | null): void {
  prepareRuntime(RED);
  RED.nodes.registerType(type, function (this: Node, def: NodeDef) {
    RED.nodes.createNode(this, def);
    oneLineErrors(this);
    start(RED, this, def, family);
  });
}

/** Resolves the configuration and operation at deploy, then serves each input msg. */
function start(RED: NodeAPI, node: Node, saved: NodeDef, family: Family | null): void {
  let fields: Record<string, Field> = {};
  let config: LockConfigNode | undefined;
  let fixed: Operation | undefined;
  let setupError: LockError | undefined;
  try {
    const r = resolve(RED, saved, family);
    ({ config, op: fixed } = r);
    fields = (r.def.params !== null && typeof r.def.params === 'object' ? r.def.params : {}) as Record<string, Field>;
  } catch (e) {
    setupError = setupFailed(RED, node, e);
  }

  const status = statusKeeper(RED, node);
  node.on('input', (msg, send, done) => {
    let op = fixed;
    let started = false;
    const run = async (): Promise<NodeMessage> => {
      if (setupError || !config?.client) throw setupError;
      const client = config.client;
      if (!op) {
        if (typeof msg.operation !== 'string' || msg.operation === '') throw validation('noOperation');
        op = client.operation(msg.operation);
      }
      status.busy(op);
      started = true;
      const context = typeof msg.iotToken === 'string' && msg.iotToken ? { iotToken: msg.iotToken } : {};
      const result = await client.call(op, await collectInput(RED, node, client, op, fields, msg), context);
      status.ok();
      msg.payload = result.payload;
      msg.smartlock = {
        vendor: result.vendor,
        operation: result.operation,
        request: result.request,
        response: result.response,
        durationMs: result.durationMs,
      };
      return msg;
    };
    run().then(
      (out) => {
        send(out);
        done();
      },
      (e: unknown) => {
        const err = failure(RED, e, op);
        // A chain that created something before it failed says what, where flows look for results.
        if (err.partial) msg.payload = err.partial;
        status.failed(err, started);
        done(err);
      },
    );
  });
}
