import { findAction, findOperation, type Catalog, type Family, type Operation } from './catalog';
import { qrPng } from './qr';
import { LockError, asLockError, notSupported, errorText } from './errors';
import { actionLabel } from './families';
import { normalize, prepare, valueAt, type PreparedCall, type TimeContext, type WireParams } from './operation';
import { maskFields, redactWire, scrubError, scrubValue } from './redact';

/** What a msg may carry besides its parameters: a user session for the user's own APIs. */
export interface CallContext {
  iotToken?: string;
}

/** What a vendor provides: signing, envelope and transport for one prepared call. */
export interface VendorTransport {
  /** Sends the call; resolves with the vendor's raw (successful) response body. */
  send(call: PreparedCall, context?: CallContext): Promise<unknown>;
  /** Secret values this transport knows (credentials, tokens), scrubbed from every error. */
  secrets(): string[];
  close(): void;
}

export interface CallResult {
  vendor: string;
  operation: string;
  payload: Record<string, unknown>;
  /** wire parameters with secrets masked */
  request: WireParams;
  /** the vendor's raw body */
  response: unknown;
  durationMs: number;
}

/** A vendor-neutral client: the catalog plus that vendor's transport. */
export class LockClient {
  constructor(
    readonly catalog: Catalog,
    private readonly transport: VendorTransport,
    private readonly ctx: TimeContext,
    /** which service and account this client speaks to (its URL and, where one, project): what a log cursor belongs to */
    readonly endpoint = '',
  ) {}

  get vendor(): string {
    return this.catalog.vendor;
  }

  /** The config's IANA zone: times without an offset are read in it, and every output time is written in it. */
  get timeZone(): string {
    return this.ctx.timeZone;
  }

  /** An operation by its documented name. */
  operation(name: string): Operation {
    const op = findOperation(this.catalog, name);
    if (!op) throw notSupported('noSuchOperation', { vendor: this.catalog.title, operation: name });
    return op;
  }

  /** The operation behind a palette node's action. */
  action(family: Family, action: string): Operation {
    const op = findAction(this.catalog, family, action);
    if (!op) throw notSupported('notSupported', { vendor: this.catalog.title, operation: actionLabel(family, action) });
    return op;
  }

  /**
   * One call, as named steps: validate and encode the input (`prepare`); check the follow-up
   * before anything is sent; send (the vendor's transport signs, sends and decodes its
   * envelope; a list longer than the vendor takes goes in `chunks`, the answers `merge`d);
   * `normalize`; run the follow-up; answer with secrets masked. A failure at any step is
   * scrubbed of every secret the call knows.
   */
  async call(op: Operation, input: Record<string, unknown>, context: CallContext = {}): Promise<CallResult> {
    const started = Date.now();
    let call: PreparedCall | undefined;
    const secrets = (): string[] => [...this.transport.secrets(), ...(call ? secretInputs(call) : []), ...(context.iotToken ? [context.iotToken] : [])];
    try {
      call = prepare(this.catalog, op, input, this.ctx);
      const next = this.followUp(op, call, input);
      const { response, requests } = await this.send(call, context);
      let payload = normalize(this.catalog, call, response, this.ctx);
      // A QR code is also a picture people can scan: the debug sidebar and a dashboard show it.
      if (typeof payload.qrCode === 'string' && payload.qrCode) payload.qrImage = qrPng(payload.qrCode);
      if (op.params.some((p) => p.chunk)) payload.requests = requests;
      if (next) payload = { ...payload, ...(await this.runFollowUp(op, next, payload, input, context)) };
      return {
        vendor: this.catalog.vendor,
        operation: op.name,
        payload,
        request: redactWire(op, call.wire),
        response: maskFields(scrubValue(response, secrets()), this.catalog.secretFields),
        durationMs: Date.now() - started,
      };
    } catch (e) {
      const err = asLockError(e);
      if (call) err.nameValue(call.values);
      throw scrubError(err, secrets());
    }
  }

  /** Sends a prepared call, in chunks where its list is longer than the vendor takes at once. */
  private async send(call: PreparedCall, context: CallContext): Promise<{ response: unknown; requests: number }> {
    const calls = chunks(call);
    const bodies: unknown[] = [];
    for (const part of calls) bodies.push(await this.transport.send(part, context));
    return { response: bodies.length === 1 ? bodies[0] : merge(call.operation, bodies), requests: calls.length };
  }

  /**
   * The operation's follow-up call, if the input asks for it, checked now: a chain whose later
   * step would be refused must not start (it would create something and then fail).
   */
  private followUp(op: Operation, call: PreparedCall, input: Record<string, unknown>): Operation | undefined {
    const then = op.then;
    if (!then || !then.when.some((n) => call.values[n] !== undefined)) return undefined;
    const next = this.operation(then.operation);
    prepare(this.catalog, next, input, this.ctx, Object.keys(then.input));
    return next;
  }

  /**
   * Runs the follow-up with fields of the first step's result. When it fails after a first step
   * that is not idempotent, the failure is PARTIAL and carries what was created: a plain error
   * would invite a retry that creates it twice.
   */
  private async runFollowUp(
    op: Operation,
    next: Operation,
    payload: Record<string, unknown>,
    input: Record<string, unknown>,
    context: CallContext,
  ): Promise<Record<string, unknown>> {
    const from = op.then?.input ?? {};
    const extra = Object.fromEntries(Object.entries(from).map(([k, field]) => [k, payload[field]]));
    try {
      return (await this.call(next, { ...input, ...extra }, context)).payload;
    } catch (e) {
      const err = asLockError(e);
      if (op.idempotent) throw err;
      const failed = { operation: next.name, code: err.code, message: err.message, vendorCode: err.vendorCode, vendorMessage: err.vendorMessage };
      throw new LockError('PARTIAL', errorText('partial', { operation: op.title, step: next.title, reason: err.message }), {
        vendorCode: err.vendorCode,
        vendorMessage: err.vendorMessage,
        retryable: false,
        partial: { ...payload, failedStep: next.name, failure: failed },
      });
    }
  }

  /** A body the system pushed, read as `operation`'s answer would be: its result mapping, this config's zone. */
  read(operation: string, body: unknown): Record<string, unknown> {
    return normalize(this.catalog, { operation: this.operation(operation), wire: {}, values: {} }, body, this.ctx);
  }

  close(): void {
    this.transport.close();
  }
}

/**
 * The secret parameters a call was given, as sent: they are scrubbed like credentials. A
 * biometric image is not: it is masked by replacement in msg.smartlock.request, and no vendor
 * echoes a body of hundreds of KB in an error, while its encoded forms cost ~1 s of CPU for 400 KB.
 */
function secretInputs(call: PreparedCall): string[] {
  return call.operation.params.filter((p) => p.secret && p.type !== 'image' && call.values[p.name] !== undefined).map((p) => String(call.wire[p.wire]));
}

/** A call whose list exceeds its `chunk` size, as calls of at most that many elements. */
export function chunks(call: PreparedCall): PreparedCall[] {
  const p = call.operation.params.find((q) => q.chunk && Array.isArray(call.wire[q.wire]));
  const list = p ? (call.wire[p.wire] as unknown[]) : [];
  if (!p?.chunk || list.length <= p.chunk) return [call];
  const size = p.chunk;
  return Array.from({ length: Math.ceil(list.length / size) }, (_, i) => ({
    ...call,
    wire: { ...call.wire, [p.wire]: list.slice(i * size, (i + 1) * size) as WireParams[] },
  }));
}

/** The answers of chunked calls as one: the first answer, its result list that of every call, concatenated. */
export function merge(op: Operation, bodies: unknown[]): unknown {
  const path = op.result.list?.from.split('|')[0];
  if (!path) return bodies[bodies.length - 1];
  const keys = path.split('.');
  const merged = structuredClone(bodies[0]) as Record<string, unknown>;
  let target = merged;
  for (const k of keys.slice(0, -1)) target = (target[k] ??= {}) as Record<string, unknown>;
  target[keys[keys.length - 1]] = bodies.flatMap((b) => {
    const list = valueAt(b, path);
    return Array.isArray(list) ? list : [];
  });
  return merged;
}
