/** An access token as a vendor's token endpoint hands it out. */
export interface AccessToken {
  accessToken: string;
  refreshToken: string;
  /** epoch ms; NaN when the answer gave no usable lifetime (TokenKeeper then assumes TOKEN_LIFETIME.defaultMs) */
  expiresAt: number;
  uid?: string;
}

export interface TokenLifetimeLimits {
  floorMs: number;
  defaultMs: number;
  ceilingMs: number;
}

/**
 * What TokenKeeper believes of a token's lifetime, whatever the answer says. Without these, a
 * lifetime of 0, negative or unreadable put the renewal time in the past, so every call fetched a
 * new token (and for Alibaba each fetch also voids the token other calls are using).
 * - floorMs: a positive lifetime below it is raised to it. Low, because a real short-lived token
 *   is honoured (refreshed ahead of expiry, as the Tuya simulator's 1 s tokens are in the tests);
 *   it only stops sub-second nonsense from renewing more than about once a second.
 * - defaultMs: a lifetime missing, not a number, 0 or negative is no lifetime at all: assume 10
 *   minutes, short beside every documented lifetime (Tuya 7200 s, Alibaba 7200000 ms) yet a
 *   handful of token requests an hour.
 * - ceilingMs: 30 days at most, so a lifetime in the wrong unit is not trusted for ever.
 * Any of these may be too optimistic: a token the service refuses is invalidated at once (the
 * vendors' send paths) and a new one fetched, so a wrong guess costs one refused call.
 */
export const TOKEN_LIFETIME: Readonly<TokenLifetimeLimits> = { floorMs: 1_000, defaultMs: 10 * 60_000, ceilingMs: 30 * 24 * 3600_000 };

/**
 * A lifetime field of a token answer in ms: NaN unless it is a number or a numeric string
 * (null, '', true and the like are not lifetimes, though Number() would read them as 0 or 1).
 */
export function lifetimeMs(value: unknown, unitMs: number): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return n * unitMs;
}

/** A lifetime (ms, as answered) as TokenKeeper uses it: see TOKEN_LIFETIME. */
export function usableLifetime(ms: number, limits: Readonly<TokenLifetimeLimits> = TOKEN_LIFETIME): number {
  if (!Number.isFinite(ms) || ms <= 0) return limits.defaultMs;
  return Math.min(limits.ceilingMs, Math.max(limits.floorMs, ms));
}

/**
 * Token lifecycle for one config (Tuya's access token, Aliyun's cloud token): fetched on first use, refreshed ahead of expiry with the
 * refresh token (a new token if that fails), one request in flight however many calls wait.
 */
export class TokenKeeper {
  private current: AccessToken | undefined;
  private renewAt = 0;
  private pending: Promise<AccessToken> | undefined;

  constructor(
    private readonly fetch: () => Promise<AccessToken>,
    private readonly refresh: (refreshToken: string) => Promise<AccessToken>,
    /** renew this long before expiry */
    private readonly aheadMs = 60_000,
    private readonly limits: Readonly<TokenLifetimeLimits> = TOKEN_LIFETIME,
  ) {}

  async get(): Promise<string> {
    if (this.current && Date.now() < this.renewAt) return this.current.accessToken;
    this.pending ??= this.renew().finally(() => {
      this.pending = undefined;
    });
    return (await this.pending).accessToken;
  }

  /** Starts from a token the user gave (valid until the service says otherwise). */
  seed(token: AccessToken): void {
    this.current = token;
    this.renewAt = token.expiresAt;
  }

  /**
   * Runs `send`, whose requests take their token from `token()`. If the service refuses the token
   * it was given (`refused`), that token is forgotten and `send` runs once more with a new one:
   * one renewal path for every vendor.
   */
  async retryOnRefusal<T>(refused: (e: unknown) => boolean, send: (token: () => Promise<string>) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let used = '';
      try {
        return await send(async () => (used = await this.get()));
      } catch (e) {
        if (attempt > 1 || !refused(e)) throw e;
        this.invalidate(used);
      }
    }
  }

  /** Forget a token the service refused, so the next call gets a new one. */
  invalidate(accessToken: string): void {
    if (this.current?.accessToken === accessToken) this.current = undefined;
  }

  /** Token values, for scrubbing from errors. */
  secrets(): string[] {
    return this.current ? [this.current.accessToken, this.current.refreshToken] : [];
  }

  private async renew(): Promise<AccessToken> {
    const old = this.current;
    let next: AccessToken | undefined;
    if (old?.refreshToken && Date.now() < old.expiresAt) {
      // A refresh token works once; if it fails, fall back to a new token.
      next = await this.refresh(old.refreshToken).catch(() => undefined);
    }
    next ??= await this.fetch();
    const now = Date.now();
    const lifetime = usableLifetime(next.expiresAt - now, this.limits);
    // Keep the believed expiry, so the next renewal tries the refresh token rather than a new token.
    next = { ...next, expiresAt: now + lifetime };
    this.renewAt = now + lifetime - Math.min(this.aheadMs, lifetime * 0.2);
    this.current = next;
    return next;
  }
}
