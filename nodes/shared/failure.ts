import type { Operation } from '../../lib/catalog';
import { asLockError, isLockError, type LockError } from '../../lib/errors';
import { cut, oneLine, shown } from '../../lib/messages';
import type { Node, NodeAPI, NodeMessage } from './node-red';

/** A message of this package's catalogs in the runtime's language; undefined when it has none. */
export function translate(RED: NodeAPI, key: string, params?: Record<string, unknown>): string | undefined {
  const text = RED._?.(key, params);
  return text && text !== key ? text : undefined;
}

/** An operation's name in the runtime's language: the palette's label for a family action. */
export function label(RED: NodeAPI, op: Operation): string {
  return (op.family && op.action && translate(RED, `smartlock.actions.${op.family}.${op.action}`)) || op.title;
}

/**
 * Any failure as the contract's LockError, its message in the runtime's language
 * (locales/<lang>/smartlock.json › errors); the operation it names by its palette label. Its
 * message is one line whatever a vendor put in it: it is what the log says.
 */
export function failure(RED: NodeAPI, e: unknown, op?: Operation): LockError {
  const err = asLockError(e);
  err.localize((key, params) => {
    const named: Record<string, unknown> = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? oneLine(v) : v]));
    if (op && params.operation === op.title) named.operation = label(RED, op);
    if (typeof params.vendor === 'string') named.vendor = translate(RED, `smartlock.vendors.${params.vendor}`) ?? params.vendor;
    return translate(RED, `smartlock.errors.${key}`, shown(named));
  });
  err.message = oneLine(err.message);
  return err;
}

/** Node-RED draws a status's whole text; a vendor's text can be a page long, so it is bounded here. */
export const STATUS_MAX = 120;

/** Text cut to fit under a node, with an ellipsis where it was cut. */
export const fit = (text: string, max = STATUS_MAX): string => cut(text, max);

/** The local time of day, as a status shows when something last happened. */
export const clock = (at = new Date()): string => at.toTimeString().slice(0, 8);

/** The one red status of a failure: a ring with the code and the reason, and when it happened. */
export function failedStatus(err: LockError, withCode = true): { fill: 'red'; shape: 'ring'; text: string } {
  const text = withCode ? `${err.code}: ${err.message}` : err.message;
  return { fill: 'red', shape: 'ring', text: `${fit(text, STATUS_MAX - 11)} · ${clock()}` };
}

type Flow = { handleError?: (node: Node, err: unknown, msg: NodeMessage) => boolean };

/**
 * A node's errors as people read them. Node-RED shows an Error in the debug sidebar as an
 * object with its server stack; core nodes show one line. A LockError reaches Catch nodes whole
 * (code, vendorCode… on msg.error, lifted by the error hook) and the log and debug sidebar as
 * its one line.
 */
export function oneLineErrors(node: Node): void {
  const report = node.error.bind(node) as (logMessage: unknown, msg?: NodeMessage) => void;
  (node as { error: (logMessage: unknown, msg?: NodeMessage) => void }).error = (logMessage, msg) => {
    const flow = (node as unknown as { _flow?: Flow })._flow;
    if (!isLockError(logMessage) || typeof flow?.handleError !== 'function') return report(logMessage, msg);
    if (msg && typeof msg === 'object' && flow.handleError(node, logMessage, msg)) return;
    report(logMessage.message);
  };
}
