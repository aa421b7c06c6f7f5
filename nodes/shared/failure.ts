import type { Operation } from '../../lib/catalog';
import { asLockError, type LockError } from '../../lib/errors';
import type { NodeAPI } from './node-red';

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
 * (locales/<lang>/smartlock.json › errors); the operation it names by its palette label.
 */
export function failure(RED: NodeAPI, e: unknown, op?: Operation): LockError {
  const err = asLockError(e);
  err.localize((key, params) => {
    const named: Record<string, unknown> = { ...params };
    if (op && params.operation === op.title) named.operation = label(RED, op);
    if (typeof params.vendor === 'string') named.vendor = translate(RED, `smartlock.vendors.${params.vendor}`) ?? params.vendor;
    return translate(RED, `smartlock.errors.${key}`, named);
  });
  return err;
}

/** The one red status of a failure: a ring with the code and the reason, cut to fit under a node. */
export function failedStatus(err: LockError, withCode = true): { fill: 'red'; shape: 'ring'; text: string } {
  const text = withCode ? `${err.code}: ${err.message}` : err.message;
  const max = withCode ? 48 : 40;
  return { fill: 'red', shape: 'ring', text: text.length > max ? `${text.slice(0, max - 1)}…` : text };
}
