import crypto from 'node:crypto';
import { withOverrides, type Catalog, type OperationOverride } from '../../catalog';
import { LockClient, type VendorTransport } from '../../client';
import { timeZoneOf } from '../../config';
import { LockError, errorText, isLockError, refusal } from '../../errors';
import type { PreparedCall, WireParams } from '../../operation';
import { TokenKeeper, lifetimeMs, type AccessToken } from '../../token';
import { HttpTransport, formBody, parseJsonBody, type OutgoingRequest, type RawResponse, type TransportOptions } from '../../transport';
import { ttlockCatalog } from './catalog';
import { TTLOCK_CODES, TTLOCK_TOKEN_CODES } from './errors';

/**
 * TTLock's API hosts: eu as its current pages print it; cn for mainland-China accounts (error
 * 30008 asks for the cn-prefixed host, public clients use this one); sciener as its older pages
 * print it (./evidence.ts, TTLOCK_HOSTS).
 */
export const TTLOCK_REGIONS: Record<string, string> = {
  eu: 'https://euapi.ttlock.com',
  cn: 'https://cnapi.ttlock.com',
  sciener: 'https://api.sciener.com',
};

/** Epoch-ms times everywhere: the zone only reads ISO inputs without an offset (this host's unless set). */
export const TTLOCK_TIME_ZONE = 'host';

export interface TtlockOptions extends Omit<TransportOptions, 'baseURL'> {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** the TTLock app account (not the developer account) */
  username: string;
  /** the account's password: as typed, or already md5 (`passwordIsMd5`) */
  password: string;
  passwordIsMd5?: boolean;
  overrides?: Record<string, OperationOverride>;
  timeZone?: string;
}

/** What /oauth2/token wants: md5 of the password, 32 lower-case hex characters. */
export function md5Password(password: string, alreadyMd5 = false): string {
  if (alreadyMd5) return password.trim().toLowerCase();
  return crypto.createHash('md5').update(password, 'utf8').digest('hex');
}

/** TTLock's envelope: a body with a non-zero `errcode` is a refusal, read by the code table; any other body is the answer. */
export function interpretTtlock(res: RawResponse): unknown {
  const body = parseJsonBody(res) as { errcode?: unknown; errmsg?: unknown; description?: unknown };
  if (body.errcode === undefined || body.errcode === null || Number(body.errcode) === 0) return body;
  const code = typeof body.errcode === 'number' ? body.errcode : Number(body.errcode);
  const vendorMessage = typeof body.errmsg === 'string' && body.errmsg !== '' ? body.errmsg : undefined;
  throw refusal(TTLOCK_CODES, ttlockCatalog.title, Number.isFinite(code) ? code : String(body.errcode), vendorMessage);
}

class TtlockTransport implements VendorTransport {
  private readonly http: HttpTransport;
  private readonly tokens: TokenKeeper;
  private readonly passwordMd5: string;

  constructor(private readonly opts: TtlockOptions) {
    this.http = new HttpTransport({ ...opts, baseURL: opts.baseUrl.replace(/\/+$/, '') });
    this.passwordMd5 = md5Password(opts.password, opts.passwordIsMd5);
    this.tokens = new TokenKeeper(
      () => this.token({ username: opts.username, password: this.passwordMd5 }),
      (refreshToken) => this.token({ grant_type: 'refresh_token', refresh_token: refreshToken }),
    );
  }

  /** One call with the current token; a token TTLock calls invalid or expired (10003, 10004) is replaced once. */
  send(call: PreparedCall): Promise<unknown> {
    const op = call.operation;
    return this.tokens.retryOnRefusal(
      (e) => isLockError(e) && TTLOCK_TOKEN_CODES.has(Number(e.vendorCode)),
      (token) => this.http.request(op.idempotent, async () => this.request(op.method, op.path, call.wire, await token()), interpretTtlock),
    );
  }

  secrets(): string[] {
    return [this.opts.clientSecret, this.opts.password, this.passwordMd5, ...this.tokens.secrets()];
  }

  close(): void {
    this.http.close();
  }

  /** The page's request: clientId, accessToken, the fields and date (ms), as form fields or, for a GET, the query. */
  private async request(method: string, path: string, wire: WireParams, accessToken: string): Promise<OutgoingRequest> {
    const fields = await formBody({ clientId: this.opts.clientId, accessToken, ...wire, date: Date.now() });
    if (method === 'GET') return { method, url: `${path}?${fields}`, headers: {} };
    return { method, url: path, data: fields, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } };
  }

  private async token(grant: Record<string, string>): Promise<AccessToken> {
    const data = await formBody({ clientId: this.opts.clientId, clientSecret: this.opts.clientSecret, ...grant });
    const body = (await this.http.request(
      true,
      () => ({ method: 'POST', url: '/oauth2/token', data, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }),
      interpretTtlock,
      { limited: false },
    )) as Record<string, unknown>;
    if (typeof body.access_token !== 'string' || body.access_token.trim() === '')
      throw new LockError('AUTH', errorText('noToken', { vendor: ttlockCatalog.title, token: 'access token' }), { vendorCode: 'MALFORMED' });
    // expires_in in seconds (90 days by default); an unusable one is TokenKeeper's to bound.
    return {
      accessToken: body.access_token,
      refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : '',
      expiresAt: Date.now() + lifetimeMs(body.expires_in, 1000),
      uid: body.uid === undefined ? undefined : String(body.uid),
    };
  }
}

export function createTtlockClient(opts: TtlockOptions): LockClient {
  const catalog: Catalog = withOverrides(ttlockCatalog, opts.overrides);
  return new LockClient(catalog, new TtlockTransport(opts), { timeZone: timeZoneOf(opts.timeZone, TTLOCK_TIME_ZONE) }, `${opts.baseUrl} ${opts.username}`);
}
