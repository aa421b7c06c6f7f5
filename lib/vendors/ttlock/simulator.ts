import crypto from 'node:crypto';
import http from 'node:http';
import { SimServer, type SimRequest, type SimResponse } from '../../sim/server';
import { TTLOCK_EVIDENCE, TTLOCK_TOKEN_EVIDENCE } from './evidence';

export interface TtlockSimOptions {
  clientId: string;
  clientSecret: string;
  /** the TTLock app account the tokens are for */
  username: string;
  /** its password in clear: the token request must carry its md5 */
  password: string;
  /** token lifetime in seconds (TTLock: 90 days) */
  tokenExpireSeconds?: number;
  /** how far `date` may be from now, ms (TTLock: five minutes, else 80000) */
  maxSkewMs?: number;
  /** other TTLock accounts eKeys can be sent to */
  accounts?: string[];
}

interface Validity {
  startDate: number;
  endDate: number;
}
export interface SimPasscode extends Validity {
  keyboardPwdId: number;
  keyboardPwd: string;
  keyboardPwdName: string;
  keyboardPwdType: number;
  isCustom: 0 | 1;
  sendDate: number;
}
export interface SimCard extends Validity {
  cardId: number;
  cardNumber: string;
  cardName: string;
  createDate: number;
}
export interface SimFingerprint extends Validity {
  fingerprintId: number;
  fingerprintNumber: string;
  fingerprintName: string;
  createDate: number;
}
export interface SimKey extends Validity {
  keyId: number;
  username: string;
  keyName: string;
  keyStatus: string;
  keyRight: 0 | 1;
  remoteEnable: 1 | 2;
  remarks: string;
  date: number;
}
export interface SimRecord {
  recordId: number;
  lockId: number;
  recordType: number;
  recordTypeFromLock: number;
  success: 0 | 1;
  username: string;
  keyboardPwd: string;
  lockDate: number;
  serverDate: number;
}
export interface SimLock {
  lockId: number;
  lockAlias: string;
  lockName: string;
  lockMac: string;
  electricQuantity: number;
  /** reached through a gateway or Wi-Fi: remote operations need it */
  online: boolean;
  /** the app's "remote unlock" setting */
  remoteUnlock: boolean;
  /** 0 locked, 1 unlocked, 2 unknown */
  state: 0 | 1 | 2;
  passcodes: Map<number, SimPasscode>;
  cards: Map<number, SimCard>;
  fingerprints: Map<number, SimFingerprint>;
  keys: Map<number, SimKey>;
  records: SimRecord[];
}

class Refusal extends Error {
  constructor(
    readonly errcode: number,
    message: string,
  ) {
    super(message);
  }
}
const refuse = (errcode: number, errmsg: string): never => {
  throw new Refusal(errcode, errmsg);
};
const need = (cond: unknown, errmsg = 'Invalid Parameter.', errcode = -3): void => {
  if (!cond) refuse(errcode, errmsg);
};
const done = { errcode: 0, errmsg: 'none error message', description: '' };

// The envelope and credentials every request carries, not the operation's own fields.
const ENVELOPE = new Set(['clientId', 'clientSecret', 'accessToken', 'date']);
const DAY = 24 * 3600e3;

type Fields = Record<string, string>;
type Handler = (f: Fields, lock: SimLock | undefined) => unknown;

/**
 * TTLock's cloud API v3 as its pages describe it (./evidence.ts): `/oauth2/token` with the md5
 * of the account password, refresh tokens, tokens that expire; every other call carries clientId,
 * accessToken and a `date` within five minutes, answers `{errcode, errmsg}` when refused. Keeps
 * locks, passcodes, IC cards, fingerprints, eKeys and lock records.
 */
export class TtlockSimulator extends SimServer {
  readonly locks = new Map<number, SimLock>();
  /** access token → when it expires (ms) */
  readonly tokens = new Map<string, number>();
  readonly refreshTokens = new Set<string>();
  /** The app's callback URL: each new record is posted there as TTLock's cloud does (none: not posted). */
  callbackUrl: string | undefined;
  /** What each callback was answered */
  readonly callbacks: Array<{ status: number; body: string }> = [];
  private nextId = 1000;

  constructor(readonly opts: TtlockSimOptions) {
    super();
    const now = Date.now();
    this.addLock({ lockId: 163377, lockAlias: 'Apartment door', lockName: 'M201_c18c9c', lockMac: 'C5:40:E0:9C:8C:C1', online: true });
    this.addLock({ lockId: 163378, lockAlias: 'Storage room', lockName: 'S202_a0b1c2', lockMac: 'C5:40:E0:9C:8C:C2', online: false });
    const door = this.locks.get(163377) as SimLock;
    door.fingerprints.set(224242, {
      fingerprintId: 224242,
      fingerprintNumber: '44668054142981',
      fingerprintName: 'Owner thumb',
      startDate: 0,
      endDate: 0,
      createDate: now - 30 * DAY,
    });
    this.record(163377, 8, 'Owner thumb', now - 2 * 3600e3);
    this.record(163377, 4, 'Cleaner', now - 3600e3);
  }

  addLock(l: Pick<SimLock, 'lockId' | 'lockAlias' | 'lockName' | 'lockMac' | 'online'>): SimLock {
    const lock: SimLock = {
      ...l,
      electricQuantity: 87,
      remoteUnlock: true,
      state: 0,
      passcodes: new Map(),
      cards: new Map(),
      fingerprints: new Map(),
      keys: new Map(),
      records: [],
    };
    this.locks.set(l.lockId, lock);
    return lock;
  }

  /** What happened at a lock, as the lock uploads it (type as the record list names it). */
  record(lockId: number, recordType: number, username: string, at = Date.now(), extra: Partial<Pick<SimRecord, 'success' | 'keyboardPwd'>> = {}): SimRecord {
    const lock = this.locks.get(lockId) as SimLock;
    const r: SimRecord = {
      recordId: this.id(),
      lockId,
      recordType,
      recordTypeFromLock: recordType,
      success: 1,
      username,
      keyboardPwd: '',
      lockDate: at,
      serverDate: at + 1000,
      ...extra,
    };
    lock.records.push(r);
    void this.notify(lockId, [r]);
    return r;
  }

  /**
   * Posts records to the callback URL as TTLock's "lock records notify" page shows: form fields
   * notifyType=1, lockId, lockMac and records (a JSON array as text, without record ids);
   * TTLock wants `success` back. Resolves with the answer (undefined without a URL).
   */
  notify(lockId: number, records: SimRecord[], form: Record<string, string> = {}): Promise<{ status: number; body: string } | undefined> {
    const url = this.callbackUrl;
    if (!url) return Promise.resolve(undefined);
    const lock = this.locks.get(lockId);
    const items = records.map((r) => ({
      electricQuantity: lock?.electricQuantity ?? 0,
      lockDate: r.lockDate,
      username: r.username,
      serverDate: r.serverDate,
      recordType: r.recordType,
      success: r.success,
      ...(r.keyboardPwd ? { keyboardPwd: r.keyboardPwd } : {}),
    }));
    const body = new URLSearchParams({
      notifyType: '1',
      lockId: String(lockId),
      lockMac: lock?.lockMac ?? '',
      records: JSON.stringify(items),
      ...form,
    }).toString();
    return new Promise((resolve) => {
      const req = http.request(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, timeout: 10_000 }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          const answer = { status: res.statusCode ?? 0, body: text };
          this.callbacks.push(answer);
          resolve(answer);
        });
      });
      const failed = (e: Error): void => {
        const answer = { status: 0, body: e.message };
        this.callbacks.push(answer);
        resolve(answer);
      };
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', failed);
      req.end(body);
    });
  }

  /**
   * The locks' side, for demos: `POST /locks/{lockId}/records` with `{recordType, username}`
   * records it as if someone used the lock (uploaded through its gateway, so posted to the callback URL).
   */
  protected override lockSide(req: SimRequest): SimResponse | undefined {
    const m = /^\/locks\/(\d+)\/records$/.exec(req.path);
    if (!m || req.method !== 'POST') return undefined;
    const lockId = Number(m[1]);
    const body = req.rawBody;
    let r: { recordType?: unknown; username?: unknown } | undefined;
    try {
      r = JSON.parse(body) as typeof r;
    } catch {
      r = undefined;
    }
    if (!this.locks.has(lockId)) return { status: 404, body: { message: `no lock ${lockId}` } };
    if (!r || !Number.isInteger(r.recordType)) return { status: 400, body: { message: 'a JSON object {recordType, username}' } };
    const { recordId } = this.record(lockId, r.recordType as number, typeof r.username === 'string' ? r.username : '');
    return { body: { recordId } };
  }

  /** Every token this simulator handed out stops working (as after TTLock revokes them). */
  revokeTokens(): void {
    this.tokens.clear();
  }

  protected operationOf(req: SimRequest): string {
    return req.path.replace(/^\/v3\//, '').replace(/^\//, '');
  }

  protected fieldsOf(req: SimRequest): string[] {
    return Object.keys(fieldsOf(req)).filter((k) => !ENVELOPE.has(k));
  }

  protected handle(req: SimRequest): SimResponse {
    const f = fieldsOf(req);
    try {
      if (req.path === TTLOCK_TOKEN_EVIDENCE.token.route.path && req.method === 'POST') return { body: this.token(f) };
      const name = this.operationOf(req);
      const ev = TTLOCK_EVIDENCE[name];
      const handler = this.handlers[name];
      if (!ev || !handler || ev.route.method !== req.method) return { status: 404, body: { errcode: 404, errmsg: 'Not Found' } };
      this.authorize(f, name);
      const lock = ev.route.fields.includes('lockId') ? this.lock(f) : undefined;
      return { body: handler(f, lock) };
    } catch (e) {
      if (e instanceof Refusal) return { body: { errcode: e.errcode, errmsg: e.message, description: e.message } };
      throw e;
    }
  }

  private token(f: Fields): unknown {
    if (f.clientId !== this.opts.clientId) refuse(10000, 'invalid client_id');
    if (f.clientSecret !== this.opts.clientSecret) refuse(10001, 'invalid client');
    if (f.grant_type === 'refresh_token') {
      if (!this.refreshTokens.has(f.refresh_token ?? '')) refuse(10011, 'invalid refresh_token');
      return this.issue(false);
    }
    if (!/^[0-9a-f]{32}$/.test(f.password ?? '')) refuse(30005, 'password must be md5 encrypted');
    const md5 = crypto.createHash('md5').update(this.opts.password, 'utf8').digest('hex');
    if (f.username !== this.opts.username || f.password !== md5) refuse(10007, 'invalid account or invalid password');
    return this.issue(true);
  }

  private issue(withUid: boolean): Record<string, unknown> {
    const expiresIn = this.opts.tokenExpireSeconds ?? 90 * 24 * 3600;
    const access = crypto.randomBytes(16).toString('hex');
    const refresh = crypto.randomBytes(16).toString('hex');
    this.tokens.set(access, Date.now() + expiresIn * 1000);
    this.refreshTokens.add(refresh);
    this.count('oauth2/token');
    return { access_token: access, ...(withUid ? { uid: 2340 } : {}), refresh_token: refresh, expires_in: expiresIn };
  }

  private authorize(f: Fields, op: string): void {
    if (f.clientId !== this.opts.clientId) refuse(10000, 'invalid client_id');
    const expires = this.tokens.get(f.accessToken ?? '');
    if (expires === undefined) {
      this.countTokenRefusal(op);
      refuse(10003, 'invalid token');
    }
    if (Date.now() >= (expires as number)) {
      this.countTokenRefusal(op);
      refuse(10004, 'invalid grant');
    }
    const date = Number(f.date);
    if (!/^\d{13}$/.test(f.date ?? '') || Math.abs(Date.now() - date) > (this.opts.maxSkewMs ?? 5 * 60e3))
      refuse(80000, 'date must be current time, in 5 minutes');
  }

  private lock(f: Fields): SimLock {
    need(/^\d+$/.test(f.lockId ?? ''));
    const lock = this.locks.get(Number(f.lockId));
    if (!lock) return refuse(-1003, 'Lock does not exist');
    return lock;
  }

  /** A remote operation reaches the lock only through its gateway. */
  private remote(lock: SimLock): void {
    if (!lock.online) refuse(-2012, 'No gateway is connected to this lock');
  }

  private id(): number {
    return ++this.nextId;
  }

  private readonly handlers: Record<string, Handler> = {
    'lock/unlock': (f, lock) => {
      const l = lock as SimLock;
      this.remote(l);
      if (!l.remoteUnlock) refuse(-4043, 'The function is not supported for this lock');
      l.state = 1;
      this.count('lock/unlock');
      return done;
    },
    'lock/lock': (f, lock) => {
      const l = lock as SimLock;
      this.remote(l);
      l.state = 0;
      this.count('lock/lock');
      return done;
    },
    'lock/queryOpenState': (f, lock) => {
      const l = lock as SimLock;
      this.remote(l);
      return { state: l.state };
    },
    'lock/list': (f) =>
      page(
        f,
        [...this.locks.values()]
          .filter((l) => !f.lockAlias || l.lockAlias.includes(f.lockAlias))
          .map((l) => ({
            lockId: l.lockId,
            lockName: l.lockName,
            lockAlias: l.lockAlias,
            lockMac: l.lockMac,
            electricQuantity: l.electricQuantity,
            featureValue: 'F44354CD5F3',
            hasGateway: l.online ? 1 : 0,
            lockData: 'sim-lock-data',
            groupId: 0,
            groupName: '',
            date: 1625025703000,
          })),
        1000,
      ),
    'gateway/list': (f) =>
      page(
        f,
        [
          {
            gatewayId: 78979,
            gatewayMac: 'C5:40:E0:9C:8C:C1',
            gatewayName: 'G2 hallway',
            gatewayVersion: 2,
            networkName: 'apartment-wifi',
            networkMac: '00:11:22:33:44:55',
            lockNum: 1,
            isOnline: 1,
          },
        ],
        200,
      ),
    'keyboardPwd/get': (f, lock) => {
      const l = lock as SimLock;
      const type = Number(f.keyboardPwdType);
      need(Number.isInteger(type) && type >= 1 && type <= 14);
      const start = time(f.startDate, true);
      const end = time(f.endDate, type === 3);
      if (type === 3) need(end > start && end - start <= 366 * DAY, 'the period must end after it starts, within a year');
      const pw = this.passcode(l, randomDigits(type === 1 ? 9 : 8), f.keyboardPwdName ?? '', type, hour(start), end ? hour(end) : 0, 0);
      this.count('keyboardPwd/get');
      return { keyboardPwd: pw.keyboardPwd, keyboardPwdId: pw.keyboardPwdId };
    },
    'keyboardPwd/add': (f, lock) => {
      const l = lock as SimLock;
      need(f.addType === '2', 'addType 1 only records a passcode added over Bluetooth');
      this.remote(l);
      if (!/^\d{4,9}$/.test(f.keyboardPwd ?? '')) refuse(-3006, 'Passcode should be 4-9 digits in length');
      if ([...l.passcodes.values()].some((p) => p.keyboardPwd === f.keyboardPwd)) refuse(-3007, 'The same passcode already exists. Please use another one.');
      if ([...l.passcodes.values()].filter((p) => p.isCustom).length >= 250) refuse(-3009, 'The custom passcode storage is full');
      const type = f.keyboardPwdType ? Number(f.keyboardPwdType) : 3;
      const start = time(f.startDate, type === 3);
      const end = time(f.endDate, type === 3);
      if (type === 3) need(end > start, 'endDate must be after startDate');
      const pw = this.passcode(l, f.keyboardPwd, f.keyboardPwdName ?? '', type, start, end, 1);
      this.count('keyboardPwd/add');
      return { keyboardPwdId: pw.keyboardPwdId };
    },
    'keyboardPwd/change': (f, lock) => {
      const l = lock as SimLock;
      const pw = l.passcodes.get(Number(f.keyboardPwdId));
      if (!pw) return refuse(-2009, 'Passcode does not exist');
      // The page: a new period needs startDate and endDate; without startDate the call succeeds and changes nothing.
      const period = f.startDate !== undefined && f.endDate !== undefined;
      if (f.newKeyboardPwd !== undefined || period) {
        need(f.changeType === '2', 'changeType 1 only records a change made over Bluetooth');
        this.remote(l);
      }
      if (f.newKeyboardPwd !== undefined && !/^\d{4,9}$/.test(f.newKeyboardPwd)) refuse(-3006, 'Passcode should be 4-9 digits in length');
      if (f.keyboardPwdName !== undefined) pw.keyboardPwdName = f.keyboardPwdName;
      if (f.newKeyboardPwd !== undefined) pw.keyboardPwd = f.newKeyboardPwd;
      if (period) {
        pw.startDate = time(f.startDate, true);
        pw.endDate = time(f.endDate, true);
      }
      this.count('keyboardPwd/change');
      return done;
    },
    'keyboardPwd/delete': (f, lock) => {
      const l = lock as SimLock;
      need(f.deleteType === '2', 'deleteType 1 only records a deletion made over Bluetooth');
      if (!l.passcodes.has(Number(f.keyboardPwdId))) refuse(-2009, 'Passcode does not exist');
      this.remote(l);
      l.passcodes.delete(Number(f.keyboardPwdId));
      this.count('keyboardPwd/delete');
      return done;
    },
    'lock/listKeyboardPwd': (f, lock) => page(f, ordered(f, [...(lock as SimLock).passcodes.values()], 'sendDate'), 200),
    'identityCard/addForReversedCardNumber': (f, lock) => {
      const l = lock as SimLock;
      need(f.addType === '2', 'addType 1 only records a card added over Bluetooth');
      need(/^\d{1,10}$/.test(f.cardNumber ?? '') && Number(f.cardNumber) < 2 ** 32, 'cardNumber must be the decimal number a reader shows');
      this.remote(l);
      if (l.cards.size >= 1000) refuse(-4056, 'Run out of memory');
      const card: SimCard = {
        cardId: this.id(),
        cardNumber: String(reversed(Number(f.cardNumber))),
        cardName: f.cardName ?? '',
        startDate: time(f.startDate, false),
        endDate: time(f.endDate, false),
        createDate: Date.now(),
      };
      l.cards.set(card.cardId, card);
      this.count('identityCard/addForReversedCardNumber');
      return { cardId: card.cardId };
    },
    'identityCard/changePeriod': (f, lock) => {
      const l = lock as SimLock;
      const card = l.cards.get(Number(f.cardId));
      if (!card) return refuse(-1021, 'IC card does not exist');
      need(f.changeType === '2', 'changeType 1 only records a change made over Bluetooth');
      this.remote(l);
      const [start, end] = [time(f.startDate, true), time(f.endDate, true)];
      need(end > start, 'endDate must be after startDate');
      Object.assign(card, { startDate: start, endDate: end });
      this.count('identityCard/changePeriod');
      return done;
    },
    'identityCard/delete': (f, lock) => {
      const l = lock as SimLock;
      need(f.deleteType === '2', 'deleteType 1 only records a deletion made over Bluetooth');
      if (!l.cards.has(Number(f.cardId))) refuse(-1021, 'IC card does not exist');
      this.remote(l);
      l.cards.delete(Number(f.cardId));
      this.count('identityCard/delete');
      return done;
    },
    'identityCard/list': (f, lock) => page(f, ordered(f, [...(lock as SimLock).cards.values()], 'createDate'), 200),
    'fingerprint/list': (f, lock) => page(f, ordered(f, [...(lock as SimLock).fingerprints.values()], 'createDate'), 200),
    'fingerprint/changePeriod': (f, lock) => {
      const l = lock as SimLock;
      const fp = l.fingerprints.get(Number(f.fingerprintId));
      // The error code table names none for an unknown fingerprint: 1 ("failed") with a text.
      if (!fp) return refuse(1, 'Fingerprint does not exist');
      need(f.changeType === '2', 'changeType 1 only records a change made over Bluetooth');
      this.remote(l);
      const [start, end] = [time(f.startDate, true), time(f.endDate, true)];
      need(end > start, 'endDate must be after startDate');
      Object.assign(fp, { startDate: start, endDate: end });
      this.count('fingerprint/changePeriod');
      return done;
    },
    'fingerprint/delete': (f, lock) => {
      const l = lock as SimLock;
      need(f.deleteType === '2', 'deleteType 1 only records a deletion made over Bluetooth');
      if (!l.fingerprints.has(Number(f.fingerprintId))) refuse(1, 'Fingerprint does not exist');
      this.remote(l);
      l.fingerprints.delete(Number(f.fingerprintId));
      this.count('fingerprint/delete');
      return done;
    },
    'key/send': (f, lock) => {
      const l = lock as SimLock;
      need(f.receiverUsername && f.keyName, 'receiverUsername and keyName are required');
      if (f.receiverUsername === this.opts.username) refuse(-2019, 'You cannot send an eKey to yourself');
      if (!(this.opts.accounts ?? []).includes(f.receiverUsername) && f.createUser !== '1') refuse(-4064, 'The receiver has no TTLock account');
      const [start, end] = [time(f.startDate, false), time(f.endDate, false)];
      need(end === 0 || end === 1 || end > start, 'endDate must be after startDate');
      // One eKey per account and lock: sending again replaces the earlier one.
      for (const [id, k] of l.keys) if (k.username === f.receiverUsername) l.keys.delete(id);
      const key: SimKey = {
        keyId: this.id(),
        username: f.receiverUsername,
        keyName: f.keyName,
        keyStatus: '110401',
        keyRight: f.keyRight === '1' ? 1 : 0,
        remoteEnable: f.remoteEnable === '1' ? 1 : 2,
        remarks: f.remarks ?? '',
        startDate: start,
        endDate: end,
        date: Date.now(),
      };
      l.keys.set(key.keyId, key);
      this.count('key/send');
      return { keyId: key.keyId };
    },
    'key/delete': (f) => {
      const [l, key] = this.key(f);
      l.keys.delete(key.keyId);
      this.count('key/delete');
      return done;
    },
    'key/freeze': (f) => {
      this.key(f)[1].keyStatus = '110405';
      this.count('key/freeze');
      return done;
    },
    'key/unfreeze': (f) => {
      this.key(f)[1].keyStatus = '110401';
      this.count('key/unfreeze');
      return done;
    },
    'key/authorize': (f, lock) => {
      const [l, key] = this.key(f);
      if (l !== lock) refuse(-1008, 'eKey does not exist');
      key.keyRight = 1;
      this.count('key/authorize');
      return done;
    },
    'lock/listKey': (f, lock) =>
      page(
        f,
        ordered(
          f,
          [...(lock as SimLock).keys.values()].map((k) => ({ ...k, lockId: (lock as SimLock).lockId, uid: k.keyId + 1 })),
          'date',
        ),
        200,
      ),
    'lockRecord/list': (f, lock) => {
      const from = f.startDate ? Number(f.startDate) : 0;
      const until = f.endDate ? Number(f.endDate) : Infinity;
      const type = f.recordType ? Number(f.recordType) : undefined;
      const hits = (lock as SimLock).records
        .filter((r) => r.lockDate >= from && r.lockDate <= until && (type === undefined || r.recordType === type))
        .sort((a, b) => b.lockDate - a.lockDate);
      return page(f, hits, 200);
    },
  };

  private passcode(l: SimLock, code: string, name: string, type: number, start: number, end: number, custom: 0 | 1): SimPasscode {
    const pw: SimPasscode = {
      keyboardPwdId: this.id(),
      keyboardPwd: code,
      keyboardPwdName: name,
      keyboardPwdType: type,
      startDate: start,
      endDate: end,
      isCustom: custom,
      sendDate: Date.now(),
    };
    l.passcodes.set(pw.keyboardPwdId, pw);
    return pw;
  }

  private key(f: Fields): [SimLock, SimKey] {
    need(/^\d+$/.test(f.keyId ?? ''));
    for (const l of this.locks.values()) {
      const key = l.keys.get(Number(f.keyId));
      if (key) return [l, key];
    }
    return refuse(-1008, 'eKey does not exist');
  }
}

/** The request's own fields: the form body of a POST, the query of a GET. */
function fieldsOf(req: SimRequest): Fields {
  return Object.fromEntries(req.method === 'GET' ? req.query : new URLSearchParams(req.rawBody));
}

/** A time field (ms); 0 when absent and optional. */
function time(value: string | undefined, required: boolean): number {
  if (value === undefined || value === '') {
    need(!required, 'startDate and endDate are required');
    return 0;
  }
  need(/^\d{1,13}$/.test(value), 'times are timestamps in milliseconds');
  return Number(value);
}

/** Random passcodes are valid from the whole hour (the page: 19:20 starts at 19:00). */
const hour = (ms: number): number => ms - (ms % 3600e3);

function randomDigits(n: number): string {
  let s = String(crypto.randomInt(1, 10));
  while (s.length < n) s += String(crypto.randomInt(0, 10));
  return s;
}

/** The card number as the cloud keeps it: its four bytes reversed (the page's 3661413478 → 1723612378). */
function reversed(n: number): number {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b.readUInt32LE();
}

/** orderBy 1: newest first; 0 and 2 (by name) are not told apart here. */
function ordered<T>(f: Fields, items: T[], by: keyof T): T[] {
  need(['0', '1', '2'].includes(f.orderBy ?? ''), 'orderBy is required: 0, 1 or 2');
  return f.orderBy === '1' ? [...items].sort((a, b) => Number(b[by]) - Number(a[by])) : items;
}

function page(f: Fields, items: unknown[], max: number): unknown {
  const pageNo = Number(f.pageNo);
  const pageSize = Number(f.pageSize);
  need(Number.isInteger(pageNo) && pageNo >= 1, 'pageNo is required, from 1');
  need(Number.isInteger(pageSize) && pageSize >= 1 && pageSize <= max, `pageSize is required, at most ${max}`);
  return {
    list: items.slice((pageNo - 1) * pageSize, pageNo * pageSize),
    pageNo,
    pageSize,
    pages: Math.ceil(items.length / pageSize),
    total: items.length,
  };
}
