import { format, type MessageKey, type MessageParams } from './messages';

/** The error codes of the message contract (DESIGN.md › Messages). */
export type ErrorCode = 'VALIDATION' | 'NOT_SUPPORTED' | 'AUTH' | 'NOT_FOUND' | 'VENDOR' | 'RATE_LIMIT' | 'TIMEOUT' | 'NETWORK' | 'QUEUE_FULL' | 'PARTIAL';

export interface LockErrorDetails {
  vendorCode?: string | number;
  vendorMessage?: string;
  retryable?: boolean;
  /** false when the request certainly never reached the vendor (safe to resend anything). */
  sent?: boolean;
  /** Delay asked for by the vendor (Retry-After), in ms. */
  retryAfterMs?: number;
  /** PARTIAL: what the steps that succeeded created, and which step failed; the node's msg.payload. */
  partial?: Record<string, unknown>;
}

/** Shared by every copy of the package in a process (Symbol.for), unlike the class itself. */
const BRAND = Symbol.for('@lockflow/node-red-smartlock:LockError');

/**
 * Every failure a node reports is a LockError. Node-RED copies `code` and `cause` onto the
 * Catch node's msg.error; `cause` therefore carries the rest of the contract's fields.
 */
export class LockError extends Error {
  /**
   * The brand by which a LockError is known across two installed copies of this package (npm nests
   * one when versions differ): `instanceof` and `isLockError` read it, not the class's identity.
   */
  get [BRAND](): true {
    return true;
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return isLockError(value);
  }

  readonly code: ErrorCode;
  readonly vendorCode?: string | number;
  readonly vendorMessage?: string;
  readonly retryable: boolean;
  override readonly cause: { code: ErrorCode; vendorCode?: string | number; vendorMessage?: string; retryable: boolean };
  sent: boolean;
  retryAfterMs?: number;
  partial?: Record<string, unknown>;
  /** the message's key in lib/messages.ts and its values, for saying it in another language */
  key?: MessageKey;
  params?: MessageParams;

  constructor(code: ErrorCode, message: string | ErrorText, details: LockErrorDetails = {}) {
    super(typeof message === 'string' ? message : format(message.key, message.params));
    this.name = 'LockError';
    this.code = code;
    this.retryable = details.retryable ?? false;
    this.sent = details.sent ?? true;
    if (details.vendorCode !== undefined) this.vendorCode = details.vendorCode;
    if (details.vendorMessage !== undefined) this.vendorMessage = details.vendorMessage;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
    this.cause = { code, vendorCode: this.vendorCode, vendorMessage: this.vendorMessage, retryable: this.retryable };
    // Internal bookkeeping stays off the enumerable surface that ends up in msg.error.
    Object.defineProperty(this, 'sent', { enumerable: false, writable: true, value: this.sent });
    Object.defineProperty(this, 'retryAfterMs', { enumerable: false, writable: true, value: this.retryAfterMs });
    if (details.partial !== undefined) Object.defineProperty(this, 'partial', { enumerable: false, writable: true, value: details.partial });
    if (typeof message !== 'string') {
      Object.defineProperty(this, 'key', { enumerable: false, value: message.key });
      Object.defineProperty(this, 'params', { enumerable: false, writable: true, value: message.params ?? {} });
    }
  }

  /**
   * Names the value that failed, once the call's input is known: a vendor's refusal knows which
   * parameter it is about (`subject`), not the value the msg gave.
   */
  nameValue(values: Record<string, unknown>): void {
    const subject = this.params?.subject;
    if (!this.key || typeof subject !== 'string' || this.params?.value) return;
    const value = values[subject];
    if (value === undefined || value === null || typeof value === 'object') return;
    this.params = { ...this.params, value: String(value) };
    this.message = format(this.key, this.params);
  }

  /** Says the message in another language; `translate` answers undefined for an unknown key. */
  localize(translate: (key: MessageKey, params: MessageParams) => string | undefined): void {
    if (!this.key) return;
    const text = translate(this.key, this.params ?? {});
    if (text) this.message = text;
  }

  /** Node-RED uses toString() for msg.error.message: keep it free of the "LockError:" prefix. */
  override toString(): string {
    return this.message;
  }

  /** The contract's msg.error shape. */
  toJSON(): { message: string; code: ErrorCode; vendorCode?: string | number; vendorMessage?: string; retryable: boolean } {
    return { message: this.message, ...this.cause };
  }
}

/** Every code of ErrorCode, once: a missing or extra one is a compile error here. */
const CODES: Record<ErrorCode, true> = {
  VALIDATION: true,
  NOT_SUPPORTED: true,
  AUTH: true,
  NOT_FOUND: true,
  VENDOR: true,
  RATE_LIMIT: true,
  TIMEOUT: true,
  NETWORK: true,
  QUEUE_FULL: true,
  PARTIAL: true,
};
export const ERROR_CODES = Object.keys(CODES) as readonly ErrorCode[];

/** A LockError of this copy of the package or of any other: it carries the brand and a known code. */
export function isLockError(err: unknown): err is LockError {
  return typeof err === 'object' && err !== null && (err as Record<symbol, unknown>)[BRAND] === true && Object.hasOwn(CODES, (err as LockError).code);
}

/** A message by key, with its values. */
export interface ErrorText {
  key: MessageKey;
  params?: MessageParams;
}

export const errorText = (key: MessageKey, params?: MessageParams): ErrorText => ({ key, params });

/** Any failure as a LockError: a foreign one becomes VENDOR "unexpected failure". */
export function asLockError(e: unknown): LockError {
  return isLockError(e) ? e : new LockError('VENDOR', errorText('unexpected', { reason: String((e as Error)?.message ?? e) }));
}

export const validation = (key: MessageKey, params?: MessageParams): LockError => new LockError('VALIDATION', errorText(key, params), { sent: false });
export const notSupported = (key: MessageKey, params?: MessageParams): LockError => new LockError('NOT_SUPPORTED', errorText(key, params), { sent: false });

/**
 * What one answer code of a lock system means in the contract: a row of the system's table
 * (lib/vendors/<id>/errors.ts). The vendor's own text stays in `vendorMessage`.
 */
export interface CodeMeaning {
  code: ErrorCode;
  /** the text people read (lib/messages.ts); `__value__` is the failed parameter's value, `__reason__` the vendor's text */
  says: MessageKey;
  /** the neutral parameter the code is about (deviceId, userId…), named with its value */
  subject?: string;
  retryable?: boolean;
  /** the service refused before acting: safe to resend */
  unsent?: boolean;
  /** where the code and its meaning are published */
  source: string;
}

/** A system's answer codes (as the vendor writes them, e.g. `"1106"`) and their meanings. */
export type CodeTable = Readonly<Record<string, CodeMeaning>>;

/**
 * A vendor's refusal as the contract's error: the table's meaning of its code (or of `row`, where
 * the code alone does not tell), else VENDOR with the vendor's own text (`refused`).
 */
export function refusal(table: CodeTable, vendor: string, vendorCode: string | number, vendorMessage: string | undefined, key = String(vendorCode)): LockError {
  const row = Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
  const reason = vendorMessage ?? `code ${String(vendorCode)}`;
  if (!row) return new LockError('VENDOR', errorText('refused', { vendor, reason }), { vendorCode, vendorMessage });
  // `value` stays empty until the client names it (nameValue); the text reads without it too.
  const params: MessageParams = { vendor, reason, value: '', ...(row.subject ? { subject: row.subject } : {}) };
  return new LockError(row.code, errorText(row.says, params), { vendorCode, vendorMessage, retryable: row.retryable ?? false, sent: !row.unsent });
}
