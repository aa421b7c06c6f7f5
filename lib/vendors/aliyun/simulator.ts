import crypto from 'node:crypto';
import { SimServer, type SimRequest, type SimResponse } from '../../sim/server';
import { formatLocal } from '../../time';
import { contentMd5, gatewaySign, gatewayStringToSign } from './sign';

export interface AliyunSimOptions {
  appKey: string;
  appSecret: string;
  projectId: string;
  /** the app's key pair for client APIs (defaults to the cloud pair) */
  userAppKey?: string;
  userAppSecret?: string;
  /** a signed-in user's session the simulator accepts */
  iotToken?: string;
  refreshToken?: string;
  identityId?: string;
  cloudTokenExpireMs?: number;
  /** what the cloud-token answer says as its lifetime when it should differ from the real one (tests of odd answers; undefined omits it) */
  tokenLifetime?: unknown;
  /** the answer's name for that lifetime: the doc's table says `expireIn`, its sample `expiresIn` (the default) */
  tokenLifetimeField?: 'expireIn' | 'expiresIn';
  maxSkewMs?: number;
  timeZone?: string;
}

interface Key {
  iotId: string;
  lockUserId: string;
  lockUserType: number;
  lockUserPermType: number;
  userId?: string;
}
interface Card {
  identityId: string;
  iotId: string;
  cardId: string;
  expiryTime: string;
}

class Refusal extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}
const refuse = (code: number, message: string): never => {
  throw new Refusal(code, message);
};
const need = (cond: unknown, message = 'request parameter error', code = 460): void => {
  if (!cond) refuse(code, message);
};
const TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

type Params = Record<string, unknown>;

/**
 * Alibaba Cloud IoT's API gateway and the lock / entrance services behind it: signature,
 * Content-MD5, timestamp and nonce checks; cloud tokens and user iotTokens; persons, card
 * permissions, QR codes, passwords, keep-open, key bindings, nicknames and event history.
 */
export class AliyunSimulator extends SimServer {
  readonly opts: Required<Omit<AliyunSimOptions, 'tokenLifetime'>>;
  private readonly answered: { lifetime: unknown } | undefined;
  readonly persons = new Map<string, { identityId: string; name: string; extInfo?: unknown }>();
  readonly cards: Card[] = [];
  readonly qrCodes = new Map<
    string,
    { identityId: string; grants: Map<string, { effectiveTime: string; expiryTime: string; maxScanTimes: number; maxScanScope: string }> }
  >();
  readonly passwords = new Map<string, { identityId: string; iotId: string; password: string; number?: number; expiredDate: string }>();
  readonly keepOpen = new Map<string, boolean>();
  readonly devices = new Set(['dev-door-1', 'dev-door-2', 'lock-1']);
  readonly nicknames = new Map<string, string>();
  readonly keys: Key[] = [
    { iotId: 'lock-1', lockUserId: '10', lockUserType: 1, lockUserPermType: 2 },
    { iotId: 'lock-1', lockUserId: '12', lockUserType: 2, lockUserPermType: 1 },
    { iotId: 'lock-1', lockUserId: '13', lockUserType: 3, lockUserPermType: 1 },
  ];
  readonly virtualUsers = new Map([
    ['vu-1', [{ attrKey: 'name', attrValue: '小明' }]],
    ['vu-2', [{ attrKey: 'name', attrValue: '妈妈' }]],
  ]);
  readonly events: Array<Record<string, unknown>> = [];
  readonly cloudTokens = new Map<string, number>();
  readonly iotTokens = new Map<string, number>();
  private readonly nonces = new Set<string>();
  private refreshToken: string;

  constructor(options: AliyunSimOptions) {
    super();
    this.opts = {
      userAppKey: options.appKey,
      userAppSecret: options.appSecret,
      iotToken: 'sim-iot-token',
      refreshToken: 'sim-refresh-token',
      identityId: 'sim-identity',
      cloudTokenExpireMs: 7_200_000,
      tokenLifetimeField: 'expiresIn',
      maxSkewMs: 15 * 60_000,
      timeZone: 'Asia/Shanghai',
      ...options,
    };
    if ('tokenLifetime' in options) this.answered = { lifetime: options.tokenLifetime };
    this.iotTokens.set(this.opts.iotToken, Date.now() + 72 * 3600e3);
    this.persons.set('visitor-1', { identityId: 'visitor-1', name: 'Visitor' });
    this.refreshToken = this.opts.refreshToken;
  }

  expireTokens(): void {
    for (const k of this.cloudTokens.keys()) this.cloudTokens.set(k, Date.now() - 1);
    for (const k of this.iotTokens.keys()) this.iotTokens.set(k, Date.now() - 1);
  }

  protected operationOf(req: SimRequest): string {
    return req.path;
  }

  protected fieldsOf(req: SimRequest): string[] {
    try {
      const params = (JSON.parse(req.rawBody) as { params?: unknown }).params;
      return params && typeof params === 'object' ? Object.keys(params) : [];
    } catch {
      return [];
    }
  }

  protected handle(req: SimRequest): SimResponse {
    const refused = this.gateway(req);
    if (refused) return refused;
    let id: unknown;
    try {
      let env: { id?: unknown; version?: unknown; request?: Record<string, unknown>; params?: Params };
      try {
        env = JSON.parse(req.rawBody) as typeof env;
      } catch {
        return refuse(400, 'request body is not JSON');
      }
      id = env.id;
      need(typeof env.id === 'string' && env.id && env.version === '1.0' && env.request && typeof env.request.apiVer === 'string', 'envelope is illegal', 400);
      const handler = this.routes[req.path];
      if (!handler) refuse(404, 'api not found');
      const [apiVer, auth] = handler[0];
      need(env.request?.apiVer === apiVer, `apiVer ${String(env.request?.apiVer)} is not ${apiVer}`, 400);
      try {
        this.checkToken(auth, env.request as Record<string, unknown>, req);
      } catch (e) {
        if (e instanceof Refusal) this.countTokenRefusal(req.path);
        throw e;
      }
      const data = handler[1](env.params ?? {});
      return { body: { id, code: 200, message: 'success', localizedMsg: null, data: data ?? null } };
    } catch (e) {
      if (e instanceof Refusal) return { body: { id, code: e.code, message: e.message, localizedMsg: null } };
      throw e;
    }
  }

  /** What the API gateway checks before the service sees anything. */
  private gateway(req: SimRequest): SimResponse | undefined {
    const h = (n: string): string => String(req.headers[n] ?? '');
    const fail = (why: string): SimResponse => ({ status: 400, body: { code: 400, message: why }, headers: { 'X-Ca-Error-Message': why } });
    const key = h('x-ca-key');
    const secret = key === this.opts.appKey ? this.opts.appSecret : key === this.opts.userAppKey ? this.opts.userAppSecret : undefined;
    if (!secret) return fail('Invalid AppKey');
    if (req.method !== 'POST') return fail('Invalid Method');
    if (h('content-md5') !== contentMd5(req.rawBody)) return fail('Invalid Content-MD5');
    const t = Number(h('x-ca-timestamp'));
    if (!Number.isFinite(t) || Math.abs(Date.now() - t) > this.opts.maxSkewMs) return fail('Invalid Timestamp');
    const nonce = h('x-ca-nonce');
    if (!nonce || this.nonces.has(nonce)) return fail('Nonce Used');
    const listed = h('x-ca-signature-headers').split(',').filter(Boolean);
    const headers: Record<string, string> = {};
    for (const n of ['accept', 'content-md5', 'content-type', 'date', ...listed]) if (req.headers[n] !== undefined) headers[n] = h(n);
    const expected = gatewaySign({ method: req.method, path: req.path, params: Object.fromEntries(req.query), headers }, secret).signature;
    if (h('x-ca-signature') !== expected) {
      return fail(
        `Invalid Signature, Server StringToSign:${gatewayStringToSign({ method: req.method, path: req.path, params: Object.fromEntries(req.query), headers }).replace(/\n/g, '#')}`,
      );
    }
    this.nonces.add(nonce);
    return undefined;
  }

  private checkToken(auth: 'cloud' | 'user' | 'none', request: Record<string, unknown>, req: SimRequest): void {
    if (auth === 'cloud') {
      const exp = this.cloudTokens.get(String(request.cloudToken ?? ''));
      if (exp === undefined || exp < Date.now()) refuse(401, 'cloudToken invalid or expired');
    }
    if (auth === 'user') {
      need(String(req.headers['x-ca-key']) === this.opts.userAppKey, 'client APIs need the app key', 403);
      const exp = this.iotTokens.get(String(request.iotToken ?? ''));
      if (exp === undefined || exp < Date.now()) refuse(460, 'iotToken is empty or expired');
    }
  }

  private device(id: unknown): string {
    need(this.devices.has(String(id)), 'device not exist', 28560);
    return String(id);
  }

  private now(): string {
    return formatLocal(new Date(), this.opts.timeZone);
  }

  private key(p: Params): Key {
    const k = this.keys.find((x) => x.iotId === this.device(p.iotId) && x.lockUserId === String(p.lockUserId) && x.lockUserType === p.lockUserType);
    need(k, 'lock user not exist', 28527);
    return k as Key;
  }

  private page<T>(items: T[], p: Params, max: number): { pageNo: number; pageSize: number; total: number; data: T[] } {
    const pageSize = Number(p.pageSize);
    const pageNo = Number(p.pageNo);
    need(Number.isInteger(pageSize) && pageSize >= 1 && pageSize <= max && Number.isInteger(pageNo) && pageNo >= 1, `pageSize must be 1-${max}, pageNo from 1`);
    return { pageNo, pageSize, total: items.length, data: items.slice((pageNo - 1) * pageSize, pageNo * pageSize) };
  }

  private issueCloudToken(): Params {
    const token = crypto.randomBytes(16).toString('hex');
    this.cloudTokens.set(token, Date.now() + this.opts.cloudTokenExpireMs);
    this.count('/cloud/token');
    return { cloudToken: token, [this.opts.tokenLifetimeField]: this.answered ? this.answered.lifetime : this.opts.cloudTokenExpireMs };
  }

  private readonly routes: Record<string, [[string, 'cloud' | 'user' | 'none'], (p: Params) => unknown]> = {
    '/cloud/token': [
      ['1.0.0', 'none'],
      (p) => {
        need(p.grantType === 'project' && p.res === this.opts.projectId, 'project invalid', 403);
        return this.issueCloudToken();
      },
    ],
    '/cloud/token/refresh': [
      ['1.0.0', 'none'],
      (p) => {
        need(this.cloudTokens.has(String(p.cloudToken)), 'cloudToken invalid', 401);
        this.cloudTokens.set(String(p.cloudToken), Date.now() + 5 * 60_000); // the old one lives 5 more minutes
        return this.issueCloudToken();
      },
    ],
    '/account/checkOrRefreshSession': [
      ['1.0.4', 'none'],
      (p) => {
        need(p.refreshToken === this.refreshToken && p.identityId === this.opts.identityId, 'refreshToken invalid', 2401);
        const iotToken = crypto.randomBytes(16).toString('hex');
        this.iotTokens.set(iotToken, Date.now() + 7200e3);
        this.refreshToken = crypto.randomBytes(16).toString('hex');
        this.count('/account/checkOrRefreshSession');
        return { iotToken, iotTokenExpire: 7200, refreshToken: this.refreshToken, refreshTokenExpire: 2592000, identityId: this.opts.identityId };
      },
    ],

    '/lock/key/user/bind': [
      ['1.0.0', 'user'],
      (p) => {
        need(
          this.virtualUsers.has(String(p.virtualUserId)) && [1, 2, 3].includes(p.lockUserPermType as number),
          'virtualUserId or lockUserPermType is illegal',
        );
        const k = this.key(p);
        if (k.userId && k.userId !== p.virtualUserId) refuse(28530, 'lock user has been bound to other virtual user.');
        k.userId = String(p.virtualUserId);
        k.lockUserPermType = p.lockUserPermType as number;
        this.count('/lock/key/user/bind');
      },
    ],
    '/lock/key/user/unbind': [
      ['1.0.0', 'user'],
      (p) => {
        const k = this.key(p);
        need(k.userId === p.virtualUserId, 'user not bind with lock.', 28527);
        delete k.userId;
      },
    ],
    '/lock/key/users/bindinfo/get': [
      ['1.0.0', 'user'],
      (p) => {
        need(Array.isArray(p.originalLockUsers), 'originalLockUsers is required');
        return (p.originalLockUsers as Params[])
          .map((o) => this.keys.find((k) => k.iotId === o.iotId && k.lockUserId === String(o.lockUserId) && k.lockUserType === o.lockUserType))
          .filter((k) => k && k.userId === p.virtualUserId)
          .map((k) => this.bindingOf(k as Key));
      },
    ],
    '/lock/key/user/bindinfo/get': [
      ['1.0.0', 'user'],
      (p) => {
        const k = this.key(p);
        return k.userId === p.virtualUserId ? this.bindingOf(k) : null;
      },
    ],
    '/lock/key/user/unbind/filter': [
      ['1.0.0', 'user'],
      (p) => {
        need(Array.isArray(p.originalLockUsers), 'originalLockUsers is required');
        return (p.originalLockUsers as Params[]).filter(
          (o) => !this.keys.find((k) => k.iotId === o.iotId && k.lockUserId === String(o.lockUserId) && k.lockUserType === o.lockUserType)?.userId,
        );
      },
    ],
    '/lock/key/user/bindlist/get': [
      ['1.0.0', 'user'],
      (p) => {
        need(this.virtualUsers.has(String(p.virtualUserId)), 'virtual user not exist');
        return this.keys
          .filter(
            (k) =>
              k.userId === p.virtualUserId &&
              (p.lockUserType === undefined || k.lockUserType === p.lockUserType) &&
              (p.lockUserPermType === undefined || k.lockUserPermType === p.lockUserPermType),
          )
          .map((k) => this.bindingOf(k));
      },
    ],
    '/lock/dev/virtual/user/get': [
      ['1.0.0', 'user'],
      (p) => {
        const iotId = this.device(p.iotId);
        const users = [...new Set(this.keys.filter((k) => k.iotId === iotId && k.userId).map((k) => k.userId as string))];
        return users.map((userId) => ({ userId, attrList: this.virtualUsers.get(userId) }));
      },
    ],
    '/lock/key/user/delete': [
      ['1.0.0', 'user'],
      (p) => {
        const k = this.key(p);
        this.keys.splice(this.keys.indexOf(k), 1);
      },
    ],
    '/lock/key/virtual/user/get': [
      ['1.0.0', 'user'],
      (p) => {
        const k = this.key(p);
        need(k.userId, 'user not bind with lock.', 28527);
        return { userId: k.userId, attrList: this.virtualUsers.get(k.userId as string) };
      },
    ],
    '/lock/nickname/set': [
      ['1.0.0', 'user'],
      (p) => {
        need(typeof p.nickName === 'string' && p.nickName, 'nickName is required');
        this.nicknames.set(this.device(p.iotId), String(p.nickName));
      },
    ],
    '/lock/event/history/query': [
      ['1.0.0', 'user'],
      (p) => {
        const iotId = this.device(p.iotId);
        need(Number.isInteger(p.start) && Number.isInteger(p.end) && (p.end as number) > (p.start as number), 'start and end are required (ms)');
        const events = Array.isArray(p.events) ? (p.events as string[]) : undefined;
        const rows = this.events
          .filter(
            (e) =>
              e.iot_id === iotId &&
              (!events || events.includes(String(e.event_code))) &&
              (e.ms as number) >= (p.start as number) &&
              (e.ms as number) <= (p.end as number),
          )
          .map(({ ms: _ms, ...e }) => e);
        return this.page(rows, p, 50);
      },
    ],

    '/entrance/paas/user/modify': [
      ['1.0.0', 'cloud'],
      (p) => {
        need(p.identityId, 'identityId is required');
        const old = this.persons.get(String(p.identityId));
        need(old || p.name, 'name is required to create a person');
        this.persons.set(String(p.identityId), { identityId: String(p.identityId), name: String(p.name ?? old?.name), extInfo: p.extInfo ?? old?.extInfo });
      },
    ],
    '/entrance/paas/user/delete': [
      ['1.0.0', 'cloud'],
      (p) => {
        need(this.persons.delete(String(p.identityId)), 'person not exist', 460);
      },
    ],
    '/entrance/paas/user/get': [
      ['1.0.0', 'cloud'],
      (p) => {
        const person = this.persons.get(String(p.identityId));
        need(person, 'person not exist');
        return person;
      },
    ],
    '/entrance/paas/user/query': [['1.0.0', 'cloud'], (p) => this.page([...this.persons.values()], p, 100)],
    '/entrance/paas/perm/card/batchmodify': [
      ['1.0.2', 'cloud'],
      (p) => {
        need(Array.isArray(p.cards) && (p.cards as unknown[]).length <= 1000, 'cards must be a list of at most 1000');
        const failed: Params[] = [];
        for (const c of p.cards as Card[]) {
          if (!this.devices.has(c.iotId) || !this.persons.has(c.identityId) || !c.cardId || !TIME.test(c.expiryTime)) {
            failed.push({ identityId: c.identityId, iotId: c.iotId, cardId: c.cardId });
            continue;
          }
          const old = this.cards.find((x) => x.iotId === c.iotId && x.identityId === c.identityId && x.cardId === c.cardId);
          if (old) old.expiryTime = c.expiryTime;
          else this.cards.push({ identityId: c.identityId, iotId: c.iotId, cardId: c.cardId, expiryTime: c.expiryTime });
        }
        this.count('/entrance/paas/perm/card/batchmodify');
        return failed;
      },
    ],
    '/entrance/paas/perm/card/batchdelete': [
      ['1.0.1', 'cloud'],
      (p) => {
        need(Array.isArray(p.list), 'list is required');
        const failed: Params[] = [];
        for (const c of p.list as Card[]) {
          const i = this.cards.findIndex((x) => x.iotId === c.iotId && x.identityId === c.identityId && x.cardId === c.cardId);
          if (i < 0) failed.push({ identityId: c.identityId, iotId: c.iotId, cardId: c.cardId });
          else this.cards.splice(i, 1);
        }
        return failed;
      },
    ],
    '/entrance/paas/user/perm/query': [
      ['1.0.0', 'cloud'],
      (p) => {
        need(Array.isArray(p.iotIds) && (p.iotIds as unknown[]).length <= 100, 'iotIds must be a list of at most 100');
        need(this.persons.has(String(p.identityId)), 'person not exist');
        return { identityId: p.identityId, data: this.cards.filter((c) => c.identityId === p.identityId && (p.iotIds as string[]).includes(c.iotId)) };
      },
    ],
    '/entrance/paas/device/perm/query': [
      ['1.0.0', 'cloud'],
      (p) =>
        this.page(
          this.cards.filter((c) => c.iotId === this.device(p.iotId)),
          p,
          100,
        ),
    ],
    '/entrance/paas/keepopen/get': [['1.0.0', 'cloud'], (p) => this.keepOpen.get(this.device(p.iotId)) ?? false],
    '/entrance/paas/keepopen/set': [
      ['1.0.0', 'cloud'],
      (p) => {
        need(typeof p.keepOpen === 'boolean', 'keepOpen must be true or false');
        this.keepOpen.set(this.device(p.iotId), p.keepOpen as boolean);
      },
    ],
    '/homelink/common/qrcode/generate': [
      ['1.0.1', 'cloud'],
      (p) => {
        need(this.persons.has(String(p.identityId)), 'person not exist');
        const code = crypto
          .randomBytes(16)
          .toString('hex')
          .toUpperCase()
          .slice(0, Number(p.codeLength ?? 16));
        this.qrCodes.set(code, { identityId: String(p.identityId), grants: new Map() });
        this.count('/homelink/common/qrcode/generate');
        return code;
      },
    ],
    '/entrance/paas/perm/qrcode/config': [
      ['1.0.1', 'cloud'],
      (p) => {
        const qr = this.qrCodes.get(String(p.qrCode));
        need(qr && qr.identityId === p.identityId, 'qrCode not exist');
        need(
          TIME.test(String(p.expiryTime)) && (p.effectiveTime === undefined || TIME.test(String(p.effectiveTime))),
          'time format must be yyyy-MM-dd HH:mm:ss',
        );
        need(p.maxScanScope === undefined || ['SHARE', 'DEVICE'].includes(String(p.maxScanScope)), 'maxScanScope must be SHARE or DEVICE');
        need(Array.isArray(p.iotIds), 'iotIds is required');
        return (p.iotIds as string[]).map((iotId) => {
          if (!this.devices.has(iotId)) return { iotId, code: '28560', message: 'device not exist' };
          qr?.grants.set(iotId, {
            effectiveTime: String(p.effectiveTime ?? this.now()),
            expiryTime: String(p.expiryTime),
            maxScanTimes: Number(p.maxScanTimes ?? -1),
            maxScanScope: String(p.maxScanScope ?? 'DEVICE'),
          });
          return { iotId, code: '200' };
        });
      },
    ],
    '/entrance/paas/perm/qrcode/remove': [
      ['1.0.1', 'cloud'],
      (p) => {
        const qr = this.qrCodes.get(String(p.qrCode));
        need(qr && qr.identityId === p.identityId, 'qrCode not exist');
        return (p.iotIds as string[]).map((iotId) =>
          qr?.grants.delete(iotId) ? { iotId, code: '200' } : { iotId, code: '460', message: 'no permission on this device' },
        );
      },
    ],
    '/entrance/paas/perm/qrcode/generate': [
      ['1.0.1', 'cloud'],
      (p) => {
        need(Array.isArray(p.iotIds) && (p.iotIds as unknown[]).length <= 500, 'iotIds must be a list of at most 500');
        need(this.persons.has(String(p.identityId)), 'person not exist');
        const start = String(p.effectiveTime ?? this.now());
        need(TIME.test(String(p.expiryTime)) && TIME.test(start), 'time format must be yyyy-MM-dd HH:mm:ss');
        const code = crypto.randomBytes(6).toString('hex').toUpperCase();
        this.qrCodes.set(code, {
          identityId: String(p.identityId),
          grants: new Map(
            (p.iotIds as string[]).map((iotId) => [
              iotId,
              { effectiveTime: start, expiryTime: String(p.expiryTime), maxScanTimes: -1, maxScanScope: 'DEVICE' },
            ]),
          ),
        });
        this.count('/entrance/paas/perm/qrcode/generate');
        return code;
      },
    ],
    '/entrance/paas/perm/passwd/modify': [
      ['1.0.0', 'cloud'],
      (p) => {
        need(Array.isArray(p.passwords) && (p.passwords as unknown[]).length <= 100, 'passwords must be a list of at most 100');
        const failed: Params[] = [];
        for (const w of p.passwords as Array<{ identityId: string; iotId: string; password: string; number?: number; expiredDate: string }>) {
          if (!this.devices.has(w.iotId) || !w.password || !TIME.test(String(w.expiredDate)) || (w.number !== undefined && !Number.isInteger(w.number))) {
            failed.push({ iotId: w.iotId });
            continue;
          }
          this.passwords.set(`${w.identityId}/${w.iotId}`, { ...w });
        }
        this.count('/entrance/paas/perm/passwd/modify');
        return failed;
      },
    ],
    '/cloud/thing/service/invoke': [
      ['1.0.1', 'cloud'],
      (p) => {
        const iotId = this.device(p.iotId);
        need(p.identifier === 'remoteOpen' && p.args && typeof p.args === 'object', 'identifier must be remoteOpen with args {}');
        const now = new Date();
        this.events.unshift({
          iot_id: iotId,
          event_code: 'RemoteUnlockNotification',
          service_date: formatLocal(now, this.opts.timeZone),
          client_date: formatLocal(now, this.opts.timeZone),
          ms: now.getTime(),
        });
        this.count('/cloud/thing/service/invoke');
      },
    ],
  };

  private bindingOf(k: Key): Params {
    return {
      iotId: k.iotId,
      lockUserId: k.lockUserId,
      lockUserType: k.lockUserType,
      lockUserPermType: k.lockUserPermType,
      userId: k.userId,
      identityId: this.opts.identityId,
      tenantId: 'sim-tenant',
      isolationId: 'sim-isolation',
    };
  }
}
