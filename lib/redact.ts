import type { Operation } from './catalog';
import { LockError, say } from './errors';
import type { WireParams } from './operation';

export const REDACTED = '[redacted]';

/** The wire parameters as they may be shown in msg.smartlock.request: secret fields masked, in list elements too. */
export function redactWire(op: Pick<Operation, 'params'>, wire: WireParams): WireParams {
  const out: WireParams = { ...wire };
  for (const p of op.params) {
    if (!Object.prototype.hasOwnProperty.call(out, p.wire)) continue;
    if (p.secret) out[p.wire] = REDACTED;
    else if (p.item && Array.isArray(out[p.wire])) {
      const item = { params: p.item };
      out[p.wire] = (out[p.wire] as WireParams[]).map((el) => redactWire(item, el));
    }
  }
  return out;
}

/** Replaces every occurrence of the given secret values in a text. Short values are ignored. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (s.length >= 4 && out.includes(s)) out = out.split(s).join(REDACTED);
  }
  return out;
}

/** The same error with secret values removed from its texts. */
export function scrubError(err: LockError, secrets: readonly string[]): LockError {
  const message = scrub(err.message, secrets);
  const vendorMessage = err.vendorMessage === undefined ? undefined : scrub(err.vendorMessage, secrets);
  if (message === err.message && vendorMessage === err.vendorMessage) return err;
  const params = Object.fromEntries(Object.entries(err.params ?? {}).map(([k, v]) => [k, typeof v === 'string' ? scrub(v, secrets) : v]));
  return new LockError(err.code, err.key ? say(err.key, params) : message, {
    vendorCode: err.vendorCode, vendorMessage, retryable: err.retryable, sent: err.sent, retryAfterMs: err.retryAfterMs,
  });
}
