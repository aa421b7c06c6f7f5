import crypto from 'node:crypto';
import { findOperation, withOverrides, type Catalog, type Operation, type OperationOverride } from '../../catalog';
import { LockClient, type VendorTransport } from '../../client';
import { LockError, isLockError, errorText, refusal, validation } from '../../errors';

export { withOverrides };
import type { PreparedCall, WireParams } from '../../operation';
import { encodedQuery, restRequest, type RestRequest } from '../../rest';
import { HttpTransport, parseJsonBody, type RawResponse, type TransportOptions } from '../../transport';
import { tuyaCatalog, type TuyaOperation } from './catalog';
import { TUYA_CODES, TUYA_TOKEN_CODES } from './errors';
import { tuyaSign } from './sign';
import { timeZoneOf } from '../../config';
import { encryptPin, ticketKey } from './ticket';
import { TokenKeeper, lifetimeMs, type AccessToken } from '../../token';

export const TUYA_REGIONS: Record<string, string> = {
  cn: 'https://openapi.tuyacn.com',
  us: 'https://openapi.tuyaus.com',
  'us-e': 'https://openapi-ueaz.tuyaus.com',
  eu: 'https://openapi.tuyaeu.com',
  'eu-w': 'https://openapi-weaz.tuyaeu.com',
  in: 'https://openapi.tuyain.com',
};

/** Tuya locks are everywhere: times without an offset are this machine's unless the config names a zone. */
export const TUYA_TIME_ZONE = 'host';

/** PIN length of a temporary password by lock type (the doc: 7 for Wi-Fi, 6 for Zigbee and Bluetooth). */
export const PIN_LENGTH = { wifi: 7, zigbee: 6, ble: 6 } as const;

export type OperationOverrides = Record<string, OperationOverride>;

export interface TuyaOptions extends Omit<TransportOptions, 'baseURL'> {
  baseUrl: string;
  accessId: string;
  accessSecret: string;
  projectId?: string;
  lockType?: keyof typeof PIN_LENGTH;
  /** a user's corrections of method, path or fixed fields, by operation name */
  overrides?: OperationOverrides;
  timeZone?: string;
}

/** Tuya's envelope: `{success: true, result}` or `{success: false, code, msg}`, read by the code table. */
export function interpretTuya(res: RawResponse): unknown {
  const body = parseJsonBody(res) as { success?: unknown; code?: unknown; msg?: unknown };
  if (body.success === true) return body;
  const code = typeof body.code === 'number' ? body.code : Number(body.code);
  const vendorMessage = typeof body.msg === 'string' && body.msg ? body.msg : undefined;
  return fail(refusal(TUYA_CODES, tuyaCatalog.title, Number.isFinite(code) ? code : 'MISSING', vendorMessage));
}

function fail(err: LockError): never {
  throw err;
}

class TuyaTransport implements VendorTransport {
  private readonly http: HttpTransport;
  private readonly tokens: TokenKeeper;
  /** the Access Secret as an HMAC key, prepared once */
  private readonly key: crypto.KeyObject;

  constructor(
    private readonly opts: TuyaOptions,
    private readonly catalog: Catalog,
  ) {
    this.http = new HttpTransport({ ...opts, baseURL: opts.baseUrl.replace(/\/+$/, '') });
    this.key = crypto.createSecretKey(Buffer.from(opts.accessSecret, 'utf8'));
    this.tokens = new TokenKeeper(
      () => this.token('/v1.0/token?grant_type=1'),
      (refreshToken) => this.token(`/v1.0/token/${encodeURIComponent(refreshToken)}`),
    );
  }

  async send(call: PreparedCall): Promise<unknown> {
    const op = call.operation as TuyaOperation;
    const wire: WireParams = { ...call.wire };
    const context = { project_id: this.opts.projectId };
    // The catalog allows 6-7 digits where the lock type decides; a fixed length it checks itself.
    if (op.ticket === 'encrypt') {
      const pinParam = op.params.find((p) => p.wire === 'password');
      if (pinParam && pinParam.minLength !== pinParam.maxLength) this.checkPin(String(wire.password));
    }
    // Built before any ticket is fetched: a missing path value is refused without a request.
    const req = restRequest(op, wire, context);
    if (!op.ticket) return this.call(op, req);
    // The ticket's id (and the encrypted PIN) join the fields: the request is built again.
    const ticketOp = this.operation('doorLock.passwordTicket');
    const ticket = (await this.call(ticketOp, restRequest(ticketOp, { device_id: wire.device_id }, context))) as {
      result?: { ticket_id?: string; ticket_key?: string };
    };
    const { ticket_id: ticketId, ticket_key: key } = ticket.result ?? {};
    if (!ticketId || (op.ticket === 'encrypt' && !key)) throw new LockError('VENDOR', errorText('noTicket'), { vendorCode: 'MALFORMED' });
    wire.ticket_id = ticketId;
    if (op.ticket === 'encrypt') {
      wire.password = encryptPin(String(wire.password), ticketKey(String(key), this.opts.accessSecret));
      wire.password_type = 'ticket';
    }
    return this.call(op, restRequest(op, wire, context));
  }

  secrets(): string[] {
    return [this.opts.accessSecret, ...this.tokens.secrets()];
  }

  close(): void {
    this.http.close();
  }

  private operation(name: string): Operation {
    return findOperation(this.catalog, name) as Operation;
  }

  private checkPin(pin: string): void {
    const length = PIN_LENGTH[this.opts.lockType ?? 'wifi'];
    if (pin.length !== length) throw validation('pinLength', { length, lockType: this.opts.lockType ?? 'wifi' });
  }

  /** One signed call with the current token; a token the service calls expired is replaced once. */
  private call(op: Operation, req: RestRequest): Promise<unknown> {
    return this.tokens.retryOnRefusal(
      (e) => isLockError(e) && TUYA_TOKEN_CODES.has(Number(e.vendorCode)),
      (token) => this.http.request(op.idempotent, async () => this.signed(req, await token()), interpretTuya),
    );
  }

  private signed(req: RestRequest, accessToken?: string): { method: string; url: string; data?: string; headers: Record<string, string> } {
    const body = req.body === undefined ? '' : JSON.stringify(req.body);
    const t = String(Date.now());
    const nonce = crypto.randomUUID().replace(/-/g, '');
    const rawQuery = req.query.length ? `?${req.query.map(([k, v]) => `${k}=${v}`).join('&')}` : '';
    const sign = tuyaSign({
      clientId: this.opts.accessId,
      secret: this.key,
      accessToken,
      t,
      nonce,
      method: req.method,
      url: req.path + rawQuery,
      body,
    });
    const headers: Record<string, string> = { client_id: this.opts.accessId, sign, sign_method: 'HMAC-SHA256', t, nonce };
    if (accessToken) headers.access_token = accessToken;
    if (body) headers['Content-Type'] = 'application/json';
    return { method: req.method, url: req.path + encodedQuery(req.query), data: body || undefined, headers };
  }

  private async token(path: string): Promise<AccessToken> {
    const [p, q] = path.split('?');
    const req: RestRequest = { method: 'GET', path: p, query: q ? q.split('&').map((kv) => kv.split('=') as [string, string]) : [], body: undefined };
    const body = (await this.http.request(true, () => this.signed(req), interpretTuya, { limited: false })) as { result?: Record<string, unknown> };
    const r = body.result ?? {};
    if (typeof r.access_token !== 'string' || r.access_token.trim() === '')
      throw new LockError('AUTH', errorText('noToken', { vendor: tuyaCatalog.title, token: 'access token' }), { vendorCode: 'MALFORMED' });
    // expire_time in seconds (some answers errorText `expire`); an unusable one is TokenKeeper's to bound.
    const expiresAt = Date.now() + lifetimeMs(r.expire_time ?? r.expire, 1000);
    return { accessToken: r.access_token, refreshToken: String(r.refresh_token ?? ''), expiresAt, uid: r.uid as string | undefined };
  }
}

export function createTuyaClient(opts: TuyaOptions): LockClient {
  const catalog = withOverrides(tuyaCatalog, opts.overrides);
  return new LockClient(
    catalog,
    new TuyaTransport(opts, catalog),
    { timeZone: timeZoneOf(opts.timeZone, TUYA_TIME_ZONE) },
    `${opts.baseUrl} ${opts.projectId ?? ''}`.trim(),
  );
}
