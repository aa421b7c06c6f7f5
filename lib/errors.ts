/** The error codes of the message contract (DESIGN.md › Messages). */
export type ErrorCode =
  | 'VALIDATION'
  | 'NOT_SUPPORTED'
  | 'AUTH'
  | 'VENDOR'
  | 'RATE_LIMIT'
  | 'TIMEOUT'
  | 'NETWORK'
  | 'QUEUE_FULL';

export interface LockErrorDetails {
  vendorCode?: string | number;
  vendorMessage?: string;
  retryable?: boolean;
  /** false when the request certainly never reached the vendor (safe to resend anything). */
  sent?: boolean;
  /** Delay asked for by the vendor (Retry-After), in ms. */
  retryAfterMs?: number;
}

/**
 * Every failure a node reports is a LockError. Node-RED copies `code` and `cause` onto the
 * Catch node's msg.error; `cause` therefore carries the rest of the contract's fields.
 */
export class LockError extends Error {
  readonly code: ErrorCode;
  readonly vendorCode?: string | number;
  readonly vendorMessage?: string;
  readonly retryable: boolean;
  override readonly cause: { code: ErrorCode; vendorCode?: string | number; vendorMessage?: string; retryable: boolean };
  sent: boolean;
  retryAfterMs?: number;

  constructor(code: ErrorCode, message: string, details: LockErrorDetails = {}) {
    super(message);
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

export function isLockError(err: unknown): err is LockError {
  return err instanceof LockError;
}

export const validation = (message: string): LockError => new LockError('VALIDATION', message, { sent: false });
export const notSupported = (message: string): LockError => new LockError('NOT_SUPPORTED', message, { sent: false });
