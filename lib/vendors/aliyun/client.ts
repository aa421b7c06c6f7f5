import crypto from 'node:crypto';
import { withOverrides, type OperationOverride } from '../../catalog';
import { LockClient, type CallContext, type VendorTransport } from '../../client';
import { LockError, isLockError, errorText, refusal, validation, type ErrorCode } from '../../errors';
import type { PreparedCall, WireParams } from '../../operation';
import { TokenKeeper, lifetimeMs, type AccessToken } from '../../token';
import { HttpTransport, parseJsonBody, type RawResponse, type TransportOptions } from '../../transport';
import { ALIYUN_OPTIONS, aliyunCatalog, type AliyunOperation } from './catalog';
import { ALIYUN_CODES } from './errors';
import { contentMd5, gatewaySign } from './sign';

export const ALIYUN_HOSTS: Record<string, string> = {
  cn: 'https://api.link.aliyun.com',
  sg: 'https://ap-southeast-1.api-iot.aliyuncs.com',
  de: 'https://eu-central-1.api-iot.aliyuncs.com',
  us: 'https://us-east-1.api-iot.aliyuncs.com',
};

export interface AliyunOptions extends Omit<TransportOptions, 'baseURL'> {
  baseUrl: string;
  /** the project's cloud AppKey/AppSecret (cloud APIs, cloud token) */
  appKey: string;
  appSecret: string;
  projectId?: string;
  /** the app's AppKey/AppSecret for client APIs (the lock service); the cloud pair when absent */
  userAppKey?: string;
  userAppSecret?: string;
  /** the signed-in user's session: an iotToken, and what renews it */
  iotToken?: string;
  refreshToken?: string;
  identityId?: string;
  /** send the cloud token with entrance APIs (default when a project is set) */
  entranceCloudToken?: boolean;
  overrides?: Record<string, OperationOverride>;
  timeZone: string;
}

const TOKEN_VERSION = { cloud: '1.0.0', refresh: '1.0.0', session: '1.0.4' };
interface Envelope {
  code?: unknown;
  message?: unknown;
  localizedMsg?: unknown;
  data?: unknown;
}

/** A token the answer says is missing, invalid or expired. */
function tokenRefused(err: LockError): boolean {
  return (err.vendorCode === 401 || err.vendorCode === 460) && /token/i.test(err.vendorMessage ?? '');
}

/** The envelope's answer: success iff `code == 200`, else read by the code table; `localizedMsg` is preferred for the text. */
export function interpretAliyun(res: RawResponse): unknown {
  const body = parseJsonBody(res) as Envelope;
  const code = Number(body.code);
  if (code === 200) return body;
  const text = [body.localizedMsg, body.message].find((m) => typeof m === 'string' && m !== '') as string | undefined;
  const vendorCode = Number.isFinite(code) ? code : 'MISSING';
  throw refusal(ALIYUN_CODES, aliyunCatalog.title, vendorCode, text, code === 460 && /token/i.test(text ?? '') ? '460 token' : String(vendorCode));
}

/**
 * How an answer the API gateway wrote (it says why in X-Ca-Error-Message) reads; the first rule
 * that matches wins. Alibaba's gateway error tables list throttling ("Throttled by USER / APP / API
 * / DOMAIN Flow Control") as 403, some gateways answer 429: the gateway refused before the backend
 * acted, so it is RATE_LIMIT, unsent, and the transport's backoff applies. 5xx ("Backend service
 * not available" 503, "Backend service timeout" 504, 502, 500) is the backend failing: retryable,
 * but it may have acted, so only idempotent operations are resent. Signature, AppKey, timestamp,
 * nonce and Content-MD5 refusals, and any other 401/403, are the keys or the clock: AUTH, which no
 * retry mends. Anything else (an invalid URL or body, say) is VENDOR, not retried.
 */
const GATEWAY_RULES: ReadonlyArray<{ when: (status: number, why: string) => boolean; code: ErrorCode; retryable?: true; sent?: false }> = [
  { when: (status, why) => status === 429 || /throttled/i.test(why), code: 'RATE_LIMIT', retryable: true, sent: false },
  { when: (status) => status >= 500, code: 'VENDOR', retryable: true },
  { when: (status, why) => status === 401 || status === 403 || /signature|appkey|appsecret|timestamp|nonce|md5|unauthorized/i.test(why), code: 'AUTH' },
  { when: () => true, code: 'VENDOR' },
];

/** A refusal by the API gateway itself, read by GATEWAY_RULES; undefined for the backend's own answers. */
export function gatewayError(res: RawResponse): LockError | undefined {
  const why = res.headers['x-ca-error-message'];
  if (typeof why !== 'string' || !why) return undefined;
  const rule = GATEWAY_RULES.find((r) => r.when(res.status, why)) as (typeof GATEWAY_RULES)[number];
  return new LockError(rule.code, errorText('gatewayRefused', { reason: why.split(',')[0] }), {
    vendorCode: `HTTP ${res.status}`,
    vendorMessage: why,
    retryable: rule.retryable,
    sent: rule.sent,
  });
}

class AliyunTransport implements VendorTransport {
  private readonly http: HttpTransport;
  private readonly cloud: TokenKeeper | undefined;
  private readonly user: TokenKeeper | undefined;
  private refreshToken: string | undefined;

  constructor(private readonly opts: AliyunOptions) {
    this.http = new HttpTransport({ ...opts, baseURL: opts.baseUrl.replace(/\/+$/, '') });
    if (opts.projectId) {
      this.cloud = new TokenKeeper(
        () => this.token('/cloud/token', TOKEN_VERSION.cloud, { grantType: 'project', res: opts.projectId as string }),
        (cloudToken) => this.token('/cloud/token/refresh', TOKEN_VERSION.refresh, { cloudToken }),
      );
    }
    this.refreshToken = opts.refreshToken;
    if (opts.iotToken || (opts.refreshToken && opts.identityId)) {
      const renew = (): Promise<AccessToken> => this.session();
      this.user = new TokenKeeper(renew, renew);
      if (opts.iotToken) this.user.seed({ accessToken: opts.iotToken, refreshToken: opts.refreshToken ?? '', expiresAt: Number.MAX_SAFE_INTEGER });
    }
  }

  async send(call: PreparedCall, context: CallContext = {}): Promise<unknown> {
    const op = call.operation as AliyunOperation;
    const keeper = this.keeperFor(op, context);
    const send = (token?: () => Promise<string>): Promise<unknown> =>
      this.http.request(
        op.idempotent,
        async () => {
          const value = op.auth === 'user' && context.iotToken ? context.iotToken : await token?.();
          return this.signed(op, call.wire, value);
        },
        interpretAliyun,
        { httpError: gatewayError },
      );
    return keeper ? keeper.retryOnRefusal((e) => isLockError(e) && tokenRefused(e), send) : send();
  }

  secrets(): string[] {
    return [
      this.opts.appSecret,
      this.opts.userAppSecret ?? '',
      this.opts.iotToken ?? '',
      this.refreshToken ?? '',
      ...(this.cloud?.secrets() ?? []),
      ...(this.user?.secrets() ?? []),
    ].filter(Boolean);
  }

  close(): void {
    this.http.close();
  }

  /** Which token an operation sends; refused before sending when it needs one the config lacks. */
  private keeperFor(op: AliyunOperation, context: CallContext): TokenKeeper | undefined {
    if (op.auth === 'user') {
      if (!context.iotToken && !this.user) {
        throw validation('needsIotToken', { operation: op.title });
      }
      return context.iotToken ? undefined : this.user;
    }
    if (op.auth === 'cloud') {
      if (op.path.startsWith('/cloud/') && !this.cloud) throw validation('needsProject', { operation: op.title });
      return this.opts.entranceCloudToken === false && !op.path.startsWith('/cloud/') ? undefined : this.cloud;
    }
    return undefined;
  }

  private signed(
    op: Pick<AliyunOperation, 'path' | 'apiVer' | 'auth'>,
    params: WireParams,
    token?: string,
  ): { method: string; url: string; data: string; headers: Record<string, string> } {
    const request: Record<string, string> = { apiVer: op.apiVer ?? '1.0.0' };
    if (token) request[op.auth === 'user' ? 'iotToken' : 'cloudToken'] = token;
    const body = JSON.stringify({ id: crypto.randomUUID(), version: '1.0', request, params });
    const user = op.auth === 'user' && this.opts.userAppKey;
    const [key, secret] = user ? [this.opts.userAppKey as string, this.opts.userAppSecret ?? ''] : [this.opts.appKey, this.opts.appSecret];
    const headers: Record<string, string> = {
      accept: 'application/json',
      'content-type': 'application/json; charset=UTF-8',
      'content-md5': contentMd5(body),
      'x-ca-key': key,
      'x-ca-timestamp': String(Date.now()),
      'x-ca-nonce': crypto.randomUUID(),
      'x-ca-signature-method': 'HmacSHA256',
    };
    const { signature, signatureHeaders } = gatewaySign({ method: 'POST', path: op.path, headers }, secret);
    headers['x-ca-signature-headers'] = signatureHeaders;
    headers['x-ca-signature'] = signature;
    return { method: 'POST', url: op.path, data: body, headers };
  }

  private async token(path: string, apiVer: string, params: WireParams): Promise<AccessToken> {
    const body = (await this.http.request(true, () => this.signed({ path, apiVer, auth: 'cloud' }, params), interpretAliyun, {
      limited: false,
      httpError: gatewayError,
    })) as Envelope;
    const data = (body.data ?? {}) as Record<string, unknown>;
    if (typeof data.cloudToken !== 'string' || data.cloudToken.trim() === '')
      throw new LockError('AUTH', errorText('noToken', { vendor: aliyunCatalog.title, token: 'cloud token' }), { vendorCode: 'MALFORMED' });
    // The doc's table names the lifetime `expireIn` (ms); its sample, and the notes, errorText `expiresIn`.
    // An unusable lifetime is TokenKeeper's to bound (lib/token.ts TOKEN_LIFETIME).
    const expiresAt = Date.now() + lifetimeMs(data.expireIn ?? data.expiresIn, 1);
    return { accessToken: data.cloudToken, refreshToken: data.cloudToken, expiresAt };
  }

  /** Renews the user's session from refreshToken + identityId (UNCONFIRMED app flow, vendor-notes). */
  private async session(): Promise<AccessToken> {
    if (!this.refreshToken || !this.opts.identityId) {
      throw new LockError('AUTH', errorText('iotTokenNotRenewable'), { sent: false });
    }
    const body = (await this.http.request(
      true,
      () =>
        this.signed(
          { path: '/account/checkOrRefreshSession', apiVer: TOKEN_VERSION.session, auth: 'user' },
          { refreshToken: this.refreshToken as string, identityId: this.opts.identityId as string },
        ),
      interpretAliyun,
      { limited: false, httpError: gatewayError },
    )) as Envelope;
    const data = (body.data ?? {}) as Record<string, unknown>;
    if (typeof data.iotToken !== 'string' || data.iotToken.trim() === '')
      throw new LockError('AUTH', errorText('noToken', { vendor: aliyunCatalog.title, token: 'iotToken' }), { vendorCode: 'MALFORMED' });
    if (typeof data.refreshToken === 'string' && data.refreshToken) this.refreshToken = data.refreshToken;
    return { accessToken: data.iotToken, refreshToken: this.refreshToken ?? '', expiresAt: Date.now() + lifetimeMs(data.iotTokenExpire, 1000) };
  }
}

export function createAliyunClient(opts: AliyunOptions): LockClient {
  const catalog = withOverrides(aliyunCatalog, opts.overrides, ALIYUN_OPTIONS);
  return new LockClient(catalog, new AliyunTransport(opts), { timeZone: opts.timeZone }, `${opts.baseUrl} ${opts.projectId ?? ''}`.trim());
}
