/** An access token as a vendor's token endpoint hands it out. */
export interface AccessToken {
  accessToken: string;
  refreshToken: string;
  /** epoch ms */
  expiresAt: number;
  uid?: string;
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
    const lifetime = Math.max(0, next.expiresAt - now);
    this.renewAt = now + lifetime - Math.min(this.aheadMs, lifetime * 0.2);
    this.current = next;
    return next;
  }
}
