import type { Operation } from '../../lib/catalog';
import { LockError, isLockError, say } from '../../lib/errors';
import type { NodeAPI } from './node-red';

/** An operation's name in the runtime's language: the palette's label for a family action. */
export function label(RED: NodeAPI, op: Operation): string {
  if (!op.family || !op.action || !RED._) return op.title;
  const key = `smartlock.actions.${op.family}.${op.action}`;
  const text = RED._(key);
  return text && text !== key ? text : op.title;
}

/**
 * Any failure as the contract's LockError, its message in the runtime's language
 * (locales/<lang>/smartlock.json › errors); the operation it names by its palette label.
 */
export function failure(RED: NodeAPI, e: unknown, op?: Operation): LockError {
  const err = isLockError(e) ? e : new LockError('VENDOR', say('unexpected', { reason: String((e as Error)?.message ?? e) }));
  const translate = RED._;
  if (!translate) return err;
  err.localize((key, params) => {
    const named = { ...params };
    if (op && params.operation === op.title) named.operation = label(RED, op);
    if (typeof params.vendor === 'string') {
      const vendor = translate(`smartlock.vendors.${params.vendor}`);
      if (vendor && !vendor.startsWith('smartlock.')) named.vendor = vendor;
    }
    const k = `smartlock.errors.${key}`;
    const text = translate(k, named);
    return text && text !== k ? text : undefined;
  });
  return err;
}
