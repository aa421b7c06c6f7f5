import crypto from 'node:crypto';
import { SimServer, type SimRequest, type SimResponse } from '../../sim/server';
import { canonicalUrl, tuyaSign } from './sign';
import { decryptPin, newTicketKey } from './ticket';

export interface TuyaSimOptions {
  accessId: string;
  accessSecret: string;
  projectId?: string;
  /** token lifetime in seconds (Tuya: 7200) */
  tokenExpireSeconds?: number;
  /** what the token answer says as `expire_time` when it should differ from the real lifetime (tests of odd answers; undefined omits it) */
  tokenLifetime?: unknown;
  /** allowed clock skew of the `t` header, ms */
  maxSkewMs?: number;
}

interface TempPassword {
  password_id: number;
  name: string;
  pin: string;
  effective_time: number;
  invalid_time: number;
  phase: number;
  phone?: string;
  time_zone?: string;
  type?: number;
  schedule_list?: unknown;
  deleted?: boolean;
}

export interface TuyaDevice {
  id: string;
  name: string;
  /** the PIN accepted by open-with-password */
  adminPin: string;
  status: Array<{ code: string; value: unknown }>;
  remote: Record<string, boolean>;
  passwords: Map<number, TempPassword>;
  cards: Map<string, { card_id: string; begin_time: number; end_time: number; freeze_status: number }>;
  openLogs: Array<{ record_id: string; status: { code: string; value: string }; update_time: number; nick_name: string; user_id: string }>;
  alarms: Array<{ status: { code: string; value: string }; update_time: number; nick_name: string }>;
  operations: Array<{ log_id: string; log_category: string; log_type: string; time: number; user_id: string; user_name: string }>;
  users: Array<{ user_id: string; lock_user_id: number; nick_name: string; user_type: number; user_contact: string }>;
  unallocated: Array<{ dp_code: string; unlock_sn: number; unlock_name: string }>;
  allocated: Array<{ user_id: string; dp_code: string; unlock_sn: number; unlock_name: string; unlock_attr: number }>;
  offline: Set<string>;
  pendingOpenRequest: boolean;
}

/** A message service a lock reports its data points to (TuyaPushSimulator). */
export interface LockReports {
  report(devId: string, status: Array<{ code: string; value: unknown }>): unknown;
}

type Handler = (ctx: { device?: TuyaDevice; params: string[]; query: URLSearchParams; body: Record<string, unknown> }) => unknown;

class Refusal extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}
const refuse = (code: number, msg: string): never => {
  throw new Refusal(code, msg);
};
const need = (cond: unknown, msg: string, code = 1109): void => {
  if (!cond) refuse(code, msg);
};

/**
 * Tuya Cloud's OpenAPI as far as this package uses it: signature and token checks exactly as
 * the service does them, expiring tokens with single-use refresh tokens, and state for temp
 * passwords (decrypted with the ticket key it handed out), OSaaS cards, logs, remote-unlock
 * settings, users and unlock methods.
 */
export class TuyaSimulator extends SimServer {
  readonly devices = new Map<string, TuyaDevice>();
  readonly tokens = new Map<string, { expiresAt: number; refresh: string }>();
  private readonly refreshTokens = new Map<string, string>();
  private readonly tickets = new Map<string, { key: Buffer; device: string; expiresAt: number }>();
  private readonly sharings = new Map<string, { ticket: string; device: string; detail: Record<string, unknown>; cancelled: boolean }>();
  private nextId = 1000;
  /** Record ids are unique across simulator runs, as a real service's are across its history. */
  private readonly run = Math.random().toString(36).slice(2, 6);
  /** `device`: which path capture holds the device id (false: none) */
  private readonly routes: Array<{ name: string; method: string; pattern: RegExp; device: number | false; handler: Handler }> = [];
  readonly opts: Required<Omit<TuyaSimOptions, 'tokenLifetime'>>;
  private readonly answered: { lifetime: unknown } | undefined;

  constructor(options: TuyaSimOptions) {
    super();
    this.opts = { projectId: 'p-sim-1', tokenExpireSeconds: 7200, maxSkewMs: 5 * 60_000, ...options };
    if ('tokenLifetime' in options) this.answered = { lifetime: options.tokenLifetime };
    this.addDevice('lock-wifi-1', 'Front door');
    this.addDevice('lock-wifi-2', 'Back door');
    this.defineRoutes();
  }

  addDevice(id: string, name: string): TuyaDevice {
    const d: TuyaDevice = {
      id,
      name,
      adminPin: '123456',
      status: [
        { code: 'residual_electricity', value: 90 },
        { code: 'closed_opened', value: 'closed' },
      ],
      remote: { remoteUnlockWithoutPwd: true, remoteUnlockWithPwd: true },
      passwords: new Map(),
      cards: new Map(),
      openLogs: [],
      alarms: [],
      operations: [],
      users: [
        { user_id: '100', lock_user_id: 1, nick_name: 'Owner', user_type: 50, user_contact: '' },
        { user_id: '101', lock_user_id: 2, nick_name: 'Guest', user_type: 20, user_contact: '' },
      ],
      unallocated: [
        { dp_code: 'unlock_fingerprint', unlock_sn: 3, unlock_name: 'Fingerprint 3' },
        { dp_code: 'unlock_card', unlock_sn: 4, unlock_name: 'Card 4' },
      ],
      allocated: [],
      offline: new Set(),
      pendingOpenRequest: true,
    };
    this.devices.set(id, d);
    return d;
  }

  /** Makes every issued token expire now (as if time had passed). */
  expireTokens(): void {
    for (const t of this.tokens.values()) t.expiresAt = Date.now() - 1;
  }

  protected operationOf(req: SimRequest): string {
    return this.match(req)?.route.name ?? `${req.method} ${req.path}`;
  }

  protected fieldsOf(req: SimRequest): string[] {
    let body: unknown;
    try {
      body = req.rawBody ? JSON.parse(req.rawBody) : {};
    } catch {
      body = {};
    }
    return [...req.query.keys(), ...(body && typeof body === 'object' && !Array.isArray(body) ? Object.keys(body) : [])];
  }

  protected handle(req: SimRequest): SimResponse {
    try {
      const hit = this.match(req);
      this.verify(req, hit?.route.name === 'token' || hit?.route.name === 'token.refresh');
      if (!hit) refuse(1108, 'uri path invalid');
      const { route, params } = hit as NonNullable<typeof hit>;
      let body: Record<string, unknown> = {};
      if (req.rawBody) {
        try {
          body = JSON.parse(req.rawBody) as Record<string, unknown>;
        } catch {
          refuse(1109, 'param is illegal');
        }
      }
      let device: TuyaDevice | undefined;
      if (route.device !== false) {
        device = this.devices.get(decodeURIComponent(params[route.device]));
        need(device, 'permission deny', 1106);
      }
      const result = route.handler({ device, params: params.map(decodeURIComponent), query: req.query, body });
      return { body: { success: true, t: Date.now(), tid: crypto.randomBytes(8).toString('hex'), result } };
    } catch (e) {
      if (e instanceof Refusal && (e.code === 1010 || e.code === 1011)) this.countTokenRefusal(this.operationOf(req));
      if (e instanceof Refusal) return { body: { success: false, code: e.code, msg: e.message, t: Date.now() } };
      throw e;
    }
  }

  private match(req: SimRequest): { route: TuyaSimulator['routes'][number]; params: string[] } | undefined {
    for (const route of this.routes) {
      if (route.method !== req.method) continue;
      const m = route.pattern.exec(req.path);
      if (m) return { route, params: m.slice(1) };
    }
    return undefined;
  }

  /** client_id, t skew, sign (with Signature-Headers when sent) and the access token. */
  private verify(req: SimRequest, tokenRequest: boolean): void {
    const h = (name: string): string => String(req.headers[name] ?? '');
    if (h('client_id') !== this.opts.accessId) refuse(1005, 'clientId is invalid');
    if (h('sign_method') !== 'HMAC-SHA256') refuse(1004, 'sign invalid');
    const t = Number(h('t'));
    if (!/^\d{13}$/.test(h('t')) || Math.abs(Date.now() - t) > this.opts.maxSkewMs) refuse(1013, 'request time is invalid');
    const signedHeaders = h('signature-headers')
      .split(':')
      .filter(Boolean)
      .map((n): [string, string] => [n, h(n.toLowerCase())]);
    const rawQuery = [...req.query.entries()].map(([k, v]) => `${k}=${v}`).join('&');
    const accessToken = tokenRequest ? undefined : h('access_token');
    const expected = tuyaSign({
      clientId: this.opts.accessId,
      secret: this.opts.accessSecret,
      accessToken,
      t: h('t'),
      nonce: h('nonce'),
      method: req.method,
      url: canonicalUrl(req.path + (rawQuery ? `?${rawQuery}` : '')),
      body: req.rawBody,
      signedHeaders,
    });
    if (h('sign') !== expected) refuse(1004, 'sign invalid');
    if (tokenRequest) return;
    if (!accessToken) refuse(1002, 'access_token is null');
    const token = this.tokens.get(accessToken as string);
    if (!token) refuse(1011, 'token invalid');
    if ((token as { expiresAt: number }).expiresAt < Date.now()) refuse(1010, 'token expired');
  }

  private issueToken(): Record<string, unknown> {
    const access = crypto.randomBytes(16).toString('hex');
    const refresh = crypto.randomBytes(16).toString('hex');
    this.tokens.set(access, { expiresAt: Date.now() + this.opts.tokenExpireSeconds * 1000, refresh });
    this.refreshTokens.set(refresh, access);
    this.count('token');
    return {
      access_token: access,
      refresh_token: refresh,
      expire_time: this.answered ? this.answered.lifetime : this.opts.tokenExpireSeconds,
      uid: 'sim-uid-1',
    };
  }

  private ticket(device: TuyaDevice, ticketId: unknown): { key: Buffer } {
    const t = this.tickets.get(String(ticketId));
    need(t && t.device === device.id && t.expiresAt > Date.now(), 'ticket invalid');
    this.tickets.delete(String(ticketId)); // single use
    return t as { key: Buffer };
  }

  private pin(device: TuyaDevice, body: Record<string, unknown>, length: number[]): string {
    need(body.password_type === 'ticket', 'password_type must be ticket');
    const { key } = this.ticket(device, body.ticket_id);
    let pin = '';
    try {
      pin = decryptPin(String(body.password), key);
    } catch {
      refuse(1109, 'password decrypt failed');
    }
    need(/^\d+$/.test(pin) && length.includes(pin.length), 'password format error');
    return pin;
  }

  /** A door opened at the lock (as if by a key or finger): what the logs show afterwards. */
  recordOpen(deviceId: string, code = 'unlock_fingerprint', value = '1', user = 'Owner'): void {
    const device = this.devices.get(deviceId);
    if (device) this.log(device, code, value, user);
  }

  /** Where the locks' data points are pushed as they happen (the message service), when one is attached. */
  private pushed: LockReports | undefined;

  /** Every unlock logged from now on is also reported to this message service, as the lock does. */
  reportTo(push: LockReports): this {
    this.pushed = push;
    return this;
  }

  private log(device: TuyaDevice, code: string, value: string, user = 'Owner'): void {
    const now = Date.now();
    this.pushed?.report(device.id, [{ code, value: /^\d+$/.test(value) ? Number(value) : value }]);
    device.openLogs.unshift({
      record_id: `rec-${this.run}-${++this.nextId}`,
      status: { code, value },
      update_time: Math.floor(now / 1000),
      nick_name: user,
      user_id: '100',
    });
    device.operations.unshift({
      log_id: `${this.run}-${++this.nextId}`,
      log_category: 'unlock_record',
      log_type: code,
      time: now,
      user_id: '100',
      user_name: user,
    });
  }

  private defineRoutes(): void {
    const dev = '/v1\\.0/devices/([^/]+)';
    const lock = `${dev}/door-lock`;
    // Tuya's newer lock API, where it documents an action only there (the door-lock path answers 1108).
    const smart = '/v1\\.0/smart-lock/devices/([^/]+)';
    const cards = '/v1\\.0/osaas/projects/([^/]+)/card-issue-devices/lock-devices/([^/]+)/cards';
    const route = (name: string, method: string, pattern: string, handler: Handler, device: number | false = 0): void => {
      this.routes.push({ name, method, pattern: new RegExp(`^${pattern}$`), device, handler });
    };
    const page = <T>(items: T[], q: URLSearchParams): T[] => {
      const no = Math.max(1, Number(q.get('page_no') ?? 1));
      const size = Math.max(1, Number(q.get('page_size') ?? q.get('pageSize') ?? 20));
      return items.slice((no - 1) * size, no * size);
    };
    const project = (p: string): void => need(p === this.opts.projectId, 'permission deny', 1106);
    const card = (d: TuyaDevice, id: string) => {
      const c = d.cards.get(id);
      need(c, 'card not found');
      return c as NonNullable<typeof c>;
    };
    const cardOk = (id: string) => ({ lock_card_id: id, operate_id: String(++this.nextId), operate_result: true });
    const password = (d: TuyaDevice, id: string): TempPassword => {
      const p = d.passwords.get(Number(id));
      need(p && !p.deleted, 'password not found');
      return p as TempPassword;
    };
    const times = (b: Record<string, unknown>): [number, number] => {
      const [from, until] = [Number(b.effective_time), Number(b.invalid_time)];
      need(
        /^\d{10}$/.test(String(b.effective_time)) && /^\d{10}$/.test(String(b.invalid_time)) && until > from,
        'effective_time and invalid_time must be 10-digit and ordered',
      );
      return [from, until];
    };
    const pinLength = [7];

    route(
      'token',
      'GET',
      '/v1\\.0/token',
      (c) => {
        need(c.query.get('grant_type') === '1', 'grant_type must be 1');
        return this.issueToken();
      },
      false,
    );
    route(
      'token.refresh',
      'GET',
      '/v1\\.0/token/([^/]+)',
      (c) => {
        const access = this.refreshTokens.get(c.params[0]);
        need(access, 'refresh token invalid', 1011);
        this.refreshTokens.delete(c.params[0]);
        this.tokens.delete(access as string);
        return this.issueToken();
      },
      false,
    );

    // OSaaS cards: the project comes first in the path, the device second.
    route(
      'osaas.issueCard',
      'POST',
      cards,
      (c) => {
        project(c.params[0]);
        need(typeof c.body.card_id === 'string' && c.body.card_id, 'card_id is required');
        const id = String(++this.nextId);
        c.device?.cards.set(id, { card_id: String(c.body.card_id), begin_time: Date.now(), end_time: Date.now() + 86_400_000, freeze_status: 0 });
        this.count('osaas.issueCard');
        return cardOk(id);
      },
      1,
    );
    route(
      'osaas.deleteCard',
      'DELETE',
      `${cards}/([^/]+)`,
      (c) => {
        project(c.params[0]);
        card(c.device as TuyaDevice, c.params[2]);
        c.device?.cards.delete(c.params[2]);
        return cardOk(c.params[2]);
      },
      1,
    );
    route(
      'osaas.freezeCard',
      'PUT',
      `${cards}/([^/]+)/freeze-status`,
      (c) => {
        project(c.params[0]);
        need(c.body.freeze_status === 0 || c.body.freeze_status === 1, 'freeze_status is illegal');
        card(c.device as TuyaDevice, c.params[2]).freeze_status = Number(c.body.freeze_status);
        return cardOk(c.params[2]);
      },
      1,
    );
    route(
      'osaas.modifyCard',
      'PUT',
      `${cards}/([^/]+)`,
      (c) => {
        project(c.params[0]);
        const k = card(c.device as TuyaDevice, c.params[2]);
        for (const f of ['begin_time', 'end_time'] as const) {
          if (c.body[f] !== undefined) {
            need(/^\d{13}$/.test(String(c.body[f])), `${f} must be 13-digit`);
            k[f] = Number(c.body[f]);
          }
        }
        return cardOk(c.params[2]);
      },
      1,
    );
    route(
      'osaas.queryCard',
      'GET',
      '/v1\\.0/cloud/osaas/projects/([^/]+)/card-issue-devices/lock-devices/([^/]+)/cards/([^/]+)',
      (c) => {
        project(c.params[0]);
        const k = card(c.device as TuyaDevice, c.params[2]);
        return { lock_card_id: c.params[2], begin_time: k.begin_time, end_time: k.end_time, freeze_status: k.freeze_status };
      },
      1,
    );

    const ticket = (c: Parameters<Handler>[0]) => {
      const { key, ticketKeyHex } = newTicketKey(this.opts.accessSecret);
      const id = crypto.randomBytes(6).toString('base64url');
      this.tickets.set(id, { key, device: (c.device as TuyaDevice).id, expiresAt: Date.now() + 360_000 });
      return { ticket_id: id, ticket_key: ticketKeyHex, expire_time: 360 };
    };
    route('doorLock.passwordTicket', 'POST', `${lock}/password-ticket`, ticket);
    route('doorLock.passwordTicket', 'POST', `${smart}/password-ticket`, ticket);
    // The doc: time_zone "is required if you use the schedule feature".
    const scheduleNeedsZone = (body: Record<string, unknown>): void =>
      need(
        !Array.isArray(body.schedule_list) || !body.schedule_list.length || (typeof body.time_zone === 'string' && body.time_zone),
        'time_zone is required with schedule_list',
      );
    const createPassword = (name: string) => (c: Parameters<Handler>[0]) => {
      const d = c.device as TuyaDevice;
      scheduleNeedsZone(c.body);
      const pin = this.pin(d, c.body, pinLength);
      const [from, until] = times(c.body);
      const id = ++this.nextId;
      d.passwords.set(id, {
        password_id: id,
        name: String(c.body.name ?? ''),
        pin,
        effective_time: from,
        invalid_time: until,
        phase: 2,
        phone: c.body.phone as string,
        time_zone: c.body.time_zone as string,
        type: c.body.type as number,
        schedule_list: c.body.schedule_list,
      });
      this.count(name);
      return { id };
    };
    route('doorLock.createTemporaryPassword', 'POST', `${lock}/temp-password`, (c) => {
      need(typeof c.body.name === 'string' && c.body.name, 'name is required');
      return createPassword('doorLock.createTemporaryPassword')(c);
    });
    route(
      'doorLock.createTemporaryPasswordWithoutName',
      'POST',
      '/v2\\.0/devices/([^/]+)/door-lock/temp-password',
      createPassword('doorLock.createTemporaryPasswordWithoutName'),
    );
    route('doorLock.modifyTemporaryPassword', 'PUT', `${lock}/temp-passwords/([^/]+)/modify-password`, (c) => {
      const p = password(c.device as TuyaDevice, c.params[1]);
      if (c.body.password === undefined || c.body.password === '') {
        need(typeof c.body.name === 'string' && c.body.name, 'name is required');
        p.name = String(c.body.name);
        return true;
      }
      scheduleNeedsZone(c.body);
      p.pin = this.pin(c.device as TuyaDevice, c.body, pinLength);
      [p.effective_time, p.invalid_time] = times(c.body);
      if (c.body.name) p.name = String(c.body.name);
      if (c.body.schedule_list !== undefined) p.schedule_list = c.body.schedule_list;
      if (c.body.time_zone !== undefined) p.time_zone = c.body.time_zone as string;
      return true;
    });
    route('doorLock.deleteTemporaryPassword', 'DELETE', `${lock}/temp-passwords/([^/]+)`, (c) => {
      password(c.device as TuyaDevice, c.params[1]).deleted = true;
      return true;
    });
    route('doorLock.getTemporaryPassword', 'GET', `${lock}/temp-password/([^/]+)`, (c) => {
      const { pin: _pin, deleted: _d, ...rest } = password(c.device as TuyaDevice, c.params[1]);
      return { ...rest, delivery_status: 2 };
    });
    route('doorLock.getTemporaryPasswordList', 'GET', `${lock}/temp-passwords`, (c) => {
      const valid = c.query.get('valid') !== 'false';
      const now = Math.floor(Date.now() / 1000);
      return [...(c.device as TuyaDevice).passwords.values()]
        .filter((p) => !p.deleted && p.invalid_time > now === valid)
        .map(({ pin: _pin, deleted: _d, ...rest }) => ({ ...rest, delivery_status: 2 }));
    });
    route('doorLock.removalInvalidTempPasswords', 'DELETE', `${lock}/invalid-temp-passwords`, (c) => {
      const now = Math.floor(Date.now() / 1000);
      for (const p of (c.device as TuyaDevice).passwords.values()) if (p.invalid_time <= now) p.deleted = true;
      return true;
    });
    route('doorLock.getDynamicPassword', 'GET', `${lock}/dynamic-password`, () => ({ dynamic_password: String(crypto.randomInt(10_000_000, 99_999_999)) }));
    // No DELETE exists: clearing one offline password answers a code to type on the lock.
    route('doorLock.deleteOfflinePassword', 'POST', '/v1\\.1/devices/([^/]+)/door-lock/offline-temp-password', (c) => {
      need(c.body.type === 'clear_one' && c.body.password_id, 'type or password_id is illegal');
      need((c.device as TuyaDevice).offline.delete(String(c.body.password_id)), 'offline password not found');
      return {
        offline_temp_password_id: ++this.nextId,
        offline_temp_password: String(crypto.randomInt(1_000_000_000, 9_999_999_999)),
        offline_temp_password_name: String(c.body.name ?? ''),
      };
    });

    const freeOpen = (c: Parameters<Handler>[0]) => {
      const d = c.device as TuyaDevice;
      this.ticket(d, c.body.ticket_id);
      need(d.remote.remoteUnlockWithoutPwd, 'remote unlock is off', 2008);
      this.log(d, 'unlock_remote', '1');
      this.count('doorLock.passwordFreeOpen');
      return true;
    };
    route('doorLock.passwordFreeOpen', 'POST', `${lock}/password-free/open-door`, freeOpen);
    route('doorLock.passwordFreeOpen', 'POST', '/v1\\.1/devices/([^/]+)/door-lock/password-free/open-door', freeOpen);
    route('doorLock.passwordFreeOpen', 'POST', `${smart}/password-free/door-operate`, (c) => {
      need(typeof c.body.open === 'boolean', 'open is required');
      return freeOpen(c);
    });
    route('doorLock.openDoor', 'POST', `${lock}/open-door`, (c) => {
      const d = c.device as TuyaDevice;
      const pin = this.pin(d, c.body, [6]);
      need(d.remote.remoteUnlockWithPwd, 'remote unlock with password is off', 2008);
      if (pin !== d.adminPin) {
        d.alarms.unshift({ status: { code: 'alarm_lock', value: 'wrong_password' }, update_time: Math.floor(Date.now() / 1000), nick_name: '' });
        refuse(1109, 'password error');
      }
      this.log(d, 'unlock_remote', '2');
      this.count('doorLock.openDoor');
      return true;
    });
    route('doorLock.cancelPasswordFreeOpen', 'PUT', `${lock}/password-free/open-door/cancel`, (c) => {
      need(c.body.type === 1 || c.body.type === 2, 'type must be 1 or 2');
      (c.device as TuyaDevice).pendingOpenRequest = false;
      return true;
    });
    route('doorLock.remoteUnlocks', 'GET', `${lock}/remote-unlocks`, (c) =>
      Object.entries((c.device as TuyaDevice).remote).map(([type, open]) => ({ remote_unlock_type: type, open, device_id: (c.device as TuyaDevice).id })),
    );
    route('doorLock.remoteUnlockConfig', 'POST', `${lock}/remote-unlock/config`, (c) => {
      const type = String(c.body.remote_unlock_type);
      need(type in (c.device as TuyaDevice).remote && typeof c.body.open === 'boolean', 'remote_unlock_type or open is illegal');
      (c.device as TuyaDevice).remote[type] = c.body.open as boolean;
      return true;
    });

    route('doorLock.openingLogs', 'GET', `${lock}/open-logs`, (c) => {
      const d = c.device as TuyaDevice;
      const [from, to] = [Number(c.query.get('start_time') ?? 0), Number(c.query.get('end_time') ?? Date.now())];
      const logs = d.openLogs.filter((l) => l.update_time * 1000 >= from && l.update_time * 1000 <= to);
      return { total: logs.length, logs: page(logs, c.query) };
    });
    route('doorLock.alarmLogs', 'GET', `${lock}/alarm-logs`, (c) => {
      need(c.query.get('codes'), 'codes is required');
      const codes = String(c.query.get('codes')).split(',');
      const records = (c.device as TuyaDevice).alarms.filter((a) => codes.includes(a.status.code));
      return { total: records.length, records: page(records, c.query) };
    });
    route('doorLock.listRecords', 'GET', `${lock}/records`, (c) => {
      const records = (c.device as TuyaDevice).openLogs.map((l) => ({
        record_id: l.record_id,
        user_id: l.user_id,
        user_name: l.nick_name,
        unlock_name: '',
        gmt_create: l.update_time * 1000,
        dps: [{ [l.status.code]: l.status.value }],
        status: 1,
        record_type: 'normal',
        media_info_list: [],
      }));
      return { total: records.length, records: page(records, c.query) };
    });
    route('doorLock.operateRecords', 'GET', `${lock}/operate-records`, (c) => {
      const all = (c.device as TuyaDevice).operations;
      const start = c.query.get('lastRowKey') ? all.findIndex((r) => r.log_id === c.query.get('lastRowKey')) + 1 : 0;
      const size = Number(c.query.get('pageSize') ?? 20);
      const records = all.slice(start, start + size);
      return { records, hasMore: start + size < all.length, lastRowKey: records.length ? records[records.length - 1].log_id : '' };
    });
    route('doorLock.loglatest', 'GET', `${lock}/latest-log`, (c) => {
      const r = (c.device as TuyaDevice).operations[0];
      return r
        ? {
            exist: true,
            logId: r.log_id,
            logCategory: r.log_category,
            logType: r.log_type,
            time: r.time,
            userId: r.user_id,
            userName: r.user_name,
            unReadCount: 1,
          }
        : { exist: false };
    });
    route('doorLock.getMediaUrl', 'GET', `${lock}/latest/media/url`, (c) => {
      need(['1', '2'].includes(String(c.query.get('file_type'))), 'file_type must be 1 or 2');
      return { bucket: 'sim-bucket', file_key: 'k1', file_path: '/sim/latest.jpg', file_url: 'http://127.0.0.1/sim/latest.jpg' };
    });

    route('doorLock.listUsers', 'GET', `${smart}/users`, (c) => {
      need(c.query.get('codes'), 'codes is required');
      return {
        records: page((c.device as TuyaDevice).users, c.query).map((u) => ({
          ...u,
          unlock_detail: (c.device as TuyaDevice).allocated.filter((a) => a.user_id === u.user_id),
        })),
        has_more: false,
      };
    });
    route('doorLock.getUser', 'GET', `${dev}/users/([^/]+)`, (c) => {
      const id = c.params[1] === '0' ? '100' : c.params[1];
      const u = (c.device as TuyaDevice).users.find((x) => x.user_id === id);
      need(u, 'user not found');
      return u;
    });
    route('doorLock.listUserOpmodes', 'GET', `${smart}/opmodes/([^/]+)`, (c) => {
      // Tuya marks unlock_name required but empty allowed; the client leaves an empty one out.
      need(c.query.get('codes') !== null && c.query.get('page_no') && c.query.get('page_size'), 'codes, page_no and page_size are required');
      const codes = String(c.query.get('codes')).split(',').filter(Boolean);
      const records = (c.device as TuyaDevice).allocated.filter((a) => a.user_id === c.params[1] && (codes.length === 0 || codes.includes(a.dp_code)));
      return { total: records.length, records: page(records, c.query), has_more: false };
    });
    route('doorLock.listUnallocatedOpmodes', 'GET', `${lock}/opmodes/unallocated`, (c) =>
      page((c.device as TuyaDevice).unallocated, c.query).map((u) => ({ opmode: u.dp_code, standard_dp: u.dp_code, unlock_info: [u] })),
    );
    route('doorLock.allocateOpmode', 'POST', `${lock}/opmodes/actions/allocate`, (c) => {
      const d = c.device as TuyaDevice;
      need(d.users.some((u) => u.user_id === c.body.user_id) && Array.isArray(c.body.unlock_list), 'user_id or unlock_list is illegal');
      for (const item of c.body.unlock_list as Array<{ dp_code: string; unlock_sn: number }>) {
        const i = d.unallocated.findIndex((u) => u.dp_code === item.dp_code && u.unlock_sn === item.unlock_sn);
        need(i >= 0, 'unlock method not found');
        const [u] = d.unallocated.splice(i, 1);
        d.allocated.push({ ...u, user_id: String(c.body.user_id), unlock_attr: 0 });
      }
      return true;
    });
    route('doorLock.deallocateOpmode', 'POST', `${smart}/opmodes/actions/cancel-allocate`, (c) => {
      const d = c.device as TuyaDevice;
      need(c.body.user_id && Array.isArray(c.body.unlock_list) && c.body.unlock_list.length > 0, 'user_id or unlock_list is illegal');
      for (const item of c.body.unlock_list as Array<{ code: string; unlock_sn: number }>) {
        const i = d.allocated.findIndex((a) => a.user_id === c.body.user_id && a.dp_code === item.code && a.unlock_sn === item.unlock_sn);
        need(i >= 0, 'unlock method not allocated');
        const [{ user_id: _u, unlock_attr: _a, ...rest }] = d.allocated.splice(i, 1);
        d.unallocated.push(rest);
      }
      return true;
    });
    // On: door-lock path, type `fingerprint`; off: smart-lock path, type `unlock_fingerprint`.
    const hijack = (on: boolean) => (c: Parameters<Handler>[0]) => {
      const type = on ? `unlock_${c.params[1]}` : c.params[1];
      need(
        on ? ['fingerprint', 'password', 'card'].includes(c.params[1]) : /^unlock_(fingerprint|password|card|face)$/.test(c.params[1]),
        'unlock_type is illegal',
      );
      const a = (c.device as TuyaDevice).allocated.find((x) => x.dp_code === type && x.unlock_sn === Number(c.params[2]));
      need(a, 'unlock method not found');
      (a as { unlock_attr: number }).unlock_attr = on ? 1 : 0;
      return true;
    };
    route('doorLock.setHijack', 'PUT', `${lock}/unlock-types/([^/]+)/keys/([^/]+)/hijack`, hijack(true));
    route('doorLock.removeHijack', 'DELETE', `${smart}/unlock-types/([^/]+)/keys/([^/]+)/hijack`, hijack(false));
    route('doorLock.createPermissionSharing', 'POST', `${lock}/permission-sharings`, (c) => {
      need(c.body.sharer && typeof c.body.permission_detail === 'object', 'sharer and permission_detail are required');
      const id = String(++this.nextId);
      const ticket = crypto.randomBytes(16).toString('hex');
      this.sharings.set(id, { ticket, device: (c.device as TuyaDevice).id, detail: c.body.permission_detail as Record<string, unknown>, cancelled: false });
      return { sharing_id: id, sharing_ticket: ticket, expire_time: 300 };
    });
    const sharing = (id: string, ticket: unknown) => {
      const s = this.sharings.get(id);
      need(s && s.ticket === ticket && !s.cancelled, 'sharing invalid');
      return s as NonNullable<typeof s>;
    };
    route(
      'doorLock.verifyPermissionSharing',
      'POST',
      '/v1\\.0/door-lock/permission-sharings/actions/verify',
      (c) => {
        const entry = [...this.sharings.entries()].find(([, s]) => s.ticket === c.body.sharing_ticket && !s.cancelled);
        need(entry, 'sharing invalid');
        return { sharing_id: (entry as [string, unknown])[0], sharing_ticket: c.body.sharing_ticket, expire_time: 100 };
      },
      false,
    );
    route(
      'doorLock.confirmPermissionSharing',
      'POST',
      '/v1\\.0/door-lock/permission-sharings/([^/]+)/actions/confirm',
      (c) => {
        const s = sharing(c.params[0], c.body.sharing_ticket);
        need(c.body.receiver, 'receiver is required');
        return { permission_id: ++this.nextId, ...s.detail, effective_flag: 1 };
      },
      false,
    );
    route(
      'doorLock.cancelPermissionSharing',
      'POST',
      '/v1\\.0/door-lock/permission-sharings/([^/]+)/actions/cancel',
      (c) => {
        sharing(c.params[0], c.body.sharing_ticket).cancelled = true;
        return true;
      },
      false,
    );

    route('device.status', 'GET', `${dev}/status`, (c) => (c.device as TuyaDevice).status);
    route('device.control', 'POST', `${dev}/commands`, (c) => {
      need(Array.isArray(c.body.commands) && (c.body.commands as unknown[]).length > 0, 'commands is illegal');
      for (const cmd of c.body.commands as Array<{ code: string; value: unknown }>) {
        const s = (c.device as TuyaDevice).status.find((x) => x.code === cmd.code);
        need(s, 'command or value not support', 2008);
        (s as { value: unknown }).value = cmd.value;
      }
      this.count('device.control');
      return true;
    });
    route(
      'device.getListByIds',
      'GET',
      '/v1\\.0/devices',
      (c) => {
        const ids = String(c.query.get('device_ids') ?? '')
          .split(',')
          .filter(Boolean);
        need(ids.length > 0 && c.query.get('page_no') && c.query.get('page_size'), 'device_ids, page_no and page_size are required');
        return ids
          .map((id) => this.devices.get(id))
          .filter(Boolean)
          .map((d) => ({
            id: d?.id,
            name: d?.name,
            online: true,
            category: 'ms',
            product_id: 'sim',
            time_zone: '+08:00',
            active_time: 1622000424,
            status: d?.status,
          }));
      },
      false,
    );
    route('doorLock.getAvailableInstructions', 'GET', `${lock}/dp-instructions`, () => [
      { dp_code: 'unlock_password', dp_id: 12 },
      { dp_code: 'unlock_fingerprint', dp_id: 13 },
    ]);
    const instruction = (c: Parameters<Handler>[0]) => {
      need(Number.isInteger(c.body.bluetooth_sn) && c.body.device_random, 'bluetooth_sn and device_random are required');
      return { instruction: crypto.randomBytes(16).toString('hex'), next_sn: Number(c.body.bluetooth_sn) + 1 };
    };
    route('doorLock.unlockInstruction', 'POST', `${lock}/unlock-instruction`, instruction);
    route('doorLock.bleOpenInstruction', 'POST', `${lock}/ble-open-instruction`, instruction);
    route('doorLock.getIssuedConfig', 'GET', `${lock}/issued-config`, () => ({
      lock_random: { distributed: true, dp_id: 70, ins: '3532373737393530' },
      lock_record: { dpId: 56, distributed: true, ins: 'ffff' },
    }));
    route('doorLock.getSyncableOpmodeTypes', 'GET', `${lock}/syncable-opmode-types`, (c) => {
      need(c.query.get('target_standard_dp_codes'), 'target_standard_dp_codes is required');
      return { dp_id: 54, distributed: true, ins: '03' };
    });
    route(
      'device.pairingAuthKey',
      'GET',
      '/v1\\.0/devices/pairing-auth-key',
      (c) => {
        need(c.query.get('home_id') && c.query.get('uuid') && c.query.get('uid'), 'home_id, uuid and uid are required');
        return { encrypted_auth_key: crypto.randomBytes(8).toString('hex'), random: crypto.randomBytes(8).toString('hex') };
      },
      false,
    );
    route('timer.currentTime', 'GET', '/v1\\.0/iot-03/cloud/system-time', () => Date.now(), false);
  }
}
