import crypto from 'node:crypto';
import WebSocket from 'ws';
import { LockError, errorText } from '../../errors';
import { timed, withoutCodes, type Credential, type EventRule, type LockEvent } from '../../events';
import { pushAuthFailed, type PushHandlers, type PushTransport } from '../../push';

/**
 * Tuya's message service: Apache Pulsar's WebSocket consumer API. Facts and their sources
 * (Tuya's Pulsar SDKs for Node, Python and Java; Tuya "Message Types", developer.tuya.com
 * id=Kavqerli65a1u; "Standard Status Set", id=K9i5ql89wbqq8) are in docs/evidence/tuya-message-service.md.
 */
// Only the four hosts Tuya's SDKs give; the other data centers (us-e, eu-w) have none published, so their URL is asked for.
export const TUYA_PUSH_REGIONS: Record<string, string> = {
  cn: 'wss://mqe.tuyacn.com:8285/',
  us: 'wss://mqe.tuyaus.com:8285/',
  eu: 'wss://mqe.tuyaeu.com:8285/',
  in: 'wss://mqe.tuyain.com:8285/',
};

/** The topic segment of each environment: the same hosts serve both. */
export const TUYA_PUSH_ENVS: Record<string, string> = { prod: 'event', test: 'event-test' };

export interface TuyaPushOptions {
  /** the service's base URL, ending in `/` */
  url: string;
  accessId: string;
  accessSecret: string;
  env?: 'prod' | 'test';
  /** the service redelivers a message not acknowledged within this (ms) */
  ackTimeoutMs?: number;
  /** the handshake's deadline (ms) */
  connectTimeoutMs?: number;
  /** a ping this often; no pong by the next one ends the connection (ms) */
  heartbeatMs?: number;
  /** the config's IANA zone, events' times are written in (default UTC) */
  timeZone?: string;
}

/**
 * The largest frame read: Pulsar's default maximum message (5 MiB) base64-encoded in the JSON
 * envelope is about 6.7 MiB. Anything the service can send is read, so it is acknowledged, even when undecryptable.
 */
const MAX_FRAME = 8 * 1024 * 1024;
const CLOSE_GRACE_MS = 1000;

/**
 * Client text frames (RFC 6455 §5.2: FIN, opcode 1, masked with a fresh random key each), all in
 * one buffer: the acks of one socket read leave in one write (through ws, each frame is a write
 * of its own and a chunk of a writev, about a fifth of the stream's CPU).
 */
export function maskedTextFrames(texts: readonly string[]): Buffer {
  const sizes = texts.map((t) => Buffer.byteLength(t, 'utf8'));
  const head = (n: number): number => (n < 126 ? 2 : n < 65536 ? 4 : 10) + 4;
  const out = Buffer.allocUnsafe(sizes.reduce((sum, n) => sum + head(n) + n, 0));
  const keys = crypto.randomFillSync(Buffer.allocUnsafe(4 * texts.length));
  let at = 0;
  texts.forEach((text, i) => {
    const n = sizes[i];
    out[at++] = 0x81;
    if (n < 126) out[at++] = 0x80 | n;
    else if (n < 65536) {
      out[at++] = 0x80 | 126;
      at = out.writeUInt16BE(n, at);
    } else {
      out[at++] = 0x80 | 127;
      at = out.writeBigUInt64BE(BigInt(n), at);
    }
    at += keys.copy(out, at, 4 * i, 4 * i + 4);
    out.write(text, at, 'utf8');
    for (let j = 0; j < n; j++) out[at + j] ^= keys[4 * i + (j & 3)];
    at += n;
  });
  return out;
}

/** Acks to send at the end of this tick, on one connection. */
function acker(ws: WebSocket): (id: string) => void {
  let queued: string[] = [];
  return (id) => {
    if (ws.readyState !== WebSocket.OPEN) return;
    if (queued.length === 0) {
      process.nextTick(() => {
        const texts = queued;
        queued = [];
        // ws's own socket, written between its frames: with no compression ws never holds a frame back.
        const socket = (ws as unknown as { _socket?: import('node:net').Socket })._socket;
        if (ws.readyState === WebSocket.OPEN && socket) socket.write(maskedTextFrames(texts));
      });
    }
    queued.push(`{"messageId":${JSON.stringify(id)}}`);
  };
}

/** The consumer's topic URL: one Failover subscription per project and environment. */
export function tuyaPushUrl(o: Pick<TuyaPushOptions, 'url' | 'accessId' | 'env' | 'ackTimeoutMs'>): string {
  const base = o.url.endsWith('/') ? o.url : `${o.url}/`;
  const id = encodeURIComponent(o.accessId);
  return `${base}ws/v2/consumer/persistent/${id}/out/${TUYA_PUSH_ENVS[o.env ?? 'prod']}/${id}-sub?subscriptionType=Failover&ackTimeoutMillis=${o.ackTimeoutMs ?? 30_000}`;
}

const md5 = (s: string): string => crypto.createHash('md5').update(s, 'utf8').digest('hex');

/** The handshake's password: characters 8–23 of md5(accessId + md5(accessSecret)), hex. */
export const tuyaPushPassword = (accessId: string, accessSecret: string): string => md5(accessId + md5(accessSecret)).slice(8, 24);

/** The data key: characters 8–23 of the Access Secret. */
const dataKey = (accessSecret: string): Buffer => Buffer.from(accessSecret.slice(8, 24), 'utf8');

/** A payload's `data`: AES-128-ECB/PKCS7 base64, or with `em: aes_gcm` AES-128-GCM (12-byte IV first, 16-byte tag last, no AAD). */
export function decryptTuyaData(data: string, accessSecret: string, em?: string): string {
  return decryptWith(dataKey(accessSecret), data, em);
}

function decryptWith(key: Buffer, data: string, em?: string, ecb?: crypto.Decipher): string {
  const bytes = Buffer.from(data, 'base64');
  if (em === 'aes_gcm') {
    if (bytes.length < 28) throw new Error('GCM data too short');
    const d = crypto.createDecipheriv('aes-128-gcm', key, bytes.subarray(0, 12));
    d.setAuthTag(bytes.subarray(bytes.length - 16));
    return Buffer.concat([d.update(bytes.subarray(12, bytes.length - 16)), d.final()]).toString('utf8');
  }
  if (ecb) return unpad(ecb, bytes);
  const d = crypto.createDecipheriv('aes-128-ecb', key, null);
  return Buffer.concat([d.update(bytes), d.final()]).toString('utf8');
}

/** An ECB decipher kept for every message of a connection (creating one costs more than decrypting a report). */
const ecbDecipher = (key: Buffer): crypto.Decipher => crypto.createDecipheriv('aes-128-ecb', key, null).setAutoPadding(false);

/**
 * ECB chains nothing from one block to the next, so one decipher without padding serves every
 * message as long as each is whole blocks (checked: a partial block would stay in it and spoil
 * the next); the PKCS#7 padding is checked and cut here, as final() would.
 */
function unpad(d: crypto.Decipher, bytes: Buffer): string {
  if (bytes.length === 0 || bytes.length % 16 !== 0) throw new Error('wrong final block length');
  const out = d.update(bytes);
  const pad = out[out.length - 1];
  let ok = pad >= 1 && pad <= 16 && out.length === bytes.length;
  for (let i = out.length - pad; ok && i < out.length; i++) ok = out[i] === pad;
  if (!ok) throw new Error('bad decrypt');
  return out.toString('utf8', 0, out.length - pad);
}

/** The service's side (the simulator): `data` as Tuya encrypts it. */
export function encryptTuyaData(plain: string, accessSecret: string, em?: string): string {
  const key = dataKey(accessSecret);
  if (em === 'aes_gcm') {
    const iv = crypto.randomBytes(12);
    const c = crypto.createCipheriv('aes-128-gcm', key, iv);
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return Buffer.concat([iv, body, c.getAuthTag()]).toString('base64');
  }
  const c = crypto.createCipheriv('aes-128-ecb', key, null);
  return Buffer.concat([c.update(plain, 'utf8'), c.final()]).toString('base64');
}

// Where each data point's meaning is written (docs/evidence/tuya-message-service.md, point 7).
const SDK = 'Tuya smart-lock SDK doc, DP code table (TuyaInc/tuyasmart_home_ios_sdk en/resource/BLELock.md)';
const SDK_ZH = 'the same SDK doc in Chinese (zh/resource/BLELock.md)';
const OPEN_LOGS =
  'Tuya "open-logs" status codes (developer.tuya.com/cn/docs/cloud id=Kbe2o4dci8roa): the value is the lock-side number, a temporary password\'s its password id';
const ALARM_LOGS = 'Tuya "Get lock alarm records" (developer.tuya.com id=Katuevseqfpdg): hijack, alarm_lock, doorbell';
const STATUS_SET = 'Tuya "Standard Status Set" for locks (developer.tuya.com id=K9i5ql89wbqq8, id=Kb0o2xhlkxbet)';
/** The official range excerpt ends at `tongue_not…`; the Zigbee lock DP page numbers the same alarms in words. */
const ALARM_RANGE = `${STATUS_SET}: alarm_lock's range; Tuya "Zigbee residential lock DPs" (id=K9fembhbeab0p): the alarm list in words`;
const ZIGBEE_ALARMS = 'Tuya "Zigbee residential lock DPs" (id=K9fembhbeab0p): the alarm list in words (tamper, key inserted, low battery)';
const THIRD_PARTY = 'third-party only: device dumps and Home Assistant Tuya DP code lists (not a Tuya page)';
const THIRD_PARTY_ALARMS = 'third-party only: Tuya BLE Home Assistant alarm_lock lists (find_string ids 70690796417, 68405797589, 51827332210)';

interface DataPoint extends EventRule {
  source: string;
}
const UNKNOWN: DataPoint = { kind: 'operation', source: 'not in the table: an operation with its code' };
const unlock = (method: string, source: string): DataPoint => ({ kind: 'unlock', method, source });
const alarm = (name: string, source: string): DataPoint => ({ kind: 'alarm', alarm: name, source });

/** A data point's code → the event it is; `alarm_lock` is read by its value (TUYA_ALARMS), `hijack` by the unlock its value names. */
export const TUYA_DATA_POINTS: Readonly<Record<string, DataPoint>> = {
  unlock_fingerprint: unlock('fingerprint', `${OPEN_LOGS}; ${SDK}`),
  unlock_finger: unlock('fingerprint', 'Tuya smart-lock actions doc, unlock log codes (vendor-docs/tuya-smart-lock-actions.txt)'),
  unlock_password: unlock('password', `${OPEN_LOGS}; ${SDK}`),
  unlock_temporary: unlock('password', `${OPEN_LOGS}; ${SDK}`),
  unlock_dynamic: unlock('password', `${OPEN_LOGS}; ${SDK}`),
  unlock_offline_pd: unlock('password', SDK),
  unlock_emergency: unlock('password', OPEN_LOGS),
  unlock_card: unlock('card', `${OPEN_LOGS}; ${SDK}`),
  unlock_identity_card: unlock('identity card', OPEN_LOGS),
  unlock_face: unlock('face', `${OPEN_LOGS}; ${SDK}`),
  unlock_key: unlock('key', `${OPEN_LOGS}; ${SDK}`),
  unlock_ble: unlock('app', SDK),
  unlock_eye: unlock('iris', SDK),
  unlock_hand: unlock('palm', SDK),
  unlock_finger_vein: unlock('finger vein', SDK),
  unlock_phone_remote: unlock('remote', SDK),
  unlock_voice_remote: unlock('remote', SDK),
  unlock_double: unlock('combined', SDK_ZH),
  open_inside: unlock('inside', SDK),
  unlock_remote: unlock('remote', THIRD_PARTY),
  unlock_app: unlock('app', THIRD_PARTY),
  unlock_request: { kind: 'request', source: SDK },
  hijack: alarm('duress', `${ALARM_LOGS}: the value names the unlock and its number (unlock_fingerprint-02); ${SDK}`),
  alarm_lock: { kind: 'alarm', source: `${ALARM_LOGS}; ${STATUS_SET}` },
  doorbell: { kind: 'doorbell', source: `${ALARM_LOGS}; ${SDK}` },
  residual_electricity: { kind: 'battery', source: STATUS_SET },
  battery_state: { kind: 'battery', source: STATUS_SET },
  // No Tuya text seen names closed_opened or its values: only integrations reading it as the door contact.
  closed_opened: { kind: 'door', source: `${THIRD_PARTY}: the door contact (open, closed), find_string ids 70869384415, 4093389864` },
  // A Boolean the device reports; no Tuya text says which value is locked, so it is not read as a lock or an unlock.
  lock_motor_state: { kind: 'operation', text: 'lock motor state', source: `${STATUS_SET}: Boolean, reported only; its polarity is not given` },
  unlock_offline_clear: { kind: 'operation', source: SDK },
  unlock_offline_clear_single: { kind: 'operation', source: SDK },
  unlock_switch: { kind: 'operation', source: `${STATUS_SET}: a setting (single or combined unlocking)` },
};

/** `alarm_lock` values: a wrong finger, code, card or face is a refused attempt; the rest alarms by name. */
export const TUYA_ALARMS: Readonly<Record<string, DataPoint>> = {
  wrong_finger: { kind: 'failed', method: 'fingerprint', source: ALARM_RANGE },
  wrong_password: { kind: 'failed', method: 'password', source: ALARM_RANGE },
  wrong_card: { kind: 'failed', method: 'card', source: ALARM_RANGE },
  wrong_face: { kind: 'failed', method: 'face', source: ALARM_RANGE },
  tongue_bad: alarm('bolt jammed', ALARM_RANGE),
  too_hot: alarm('high temperature', ALARM_RANGE),
  unclosed_time: alarm('door open', ALARM_RANGE),
  tongue_not_out: alarm('door unlocked', ALARM_RANGE),
  pry: alarm('tamper', `${ZIGBEE_ALARMS}; ${THIRD_PARTY_ALARMS}`),
  key_in: alarm('key inserted', `${ZIGBEE_ALARMS}; ${THIRD_PARTY_ALARMS}`),
  low_battery: alarm('low battery', `${ZIGBEE_ALARMS}; ${THIRD_PARTY_ALARMS}`),
  power_off: alarm('power off', THIRD_PARTY_ALARMS),
  shock: alarm('shock', THIRD_PARTY_ALARMS),
  defense: alarm('armed', THIRD_PARTY_ALARMS),
};

const own = <T>(table: Readonly<Record<string, T>>, key: string): T | undefined => (Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined);

/** A hijack value, `unlock_fingerprint-02`: the unlock data point and the number after its last dash. */
function hijacked(value: unknown): { method?: string; id?: string } {
  const m = typeof value === 'string' ? /^([a-z_]+)-(\w+)$/.exec(value) : null;
  if (!m) return {};
  const point = own(TUYA_DATA_POINTS, m[1]);
  return { ...(point?.kind === 'unlock' ? { method: point.method } : {}), id: m[2] };
}

/**
 * What a data point and its value are, for pushed reports and polled logs alike: an unlock's
 * value is the lock-side number of the user or password (its credential id), an alarm_lock's
 * names the alarm, closed_opened's the door's state, hijack's the unlock under duress.
 */
export function tuyaRule(code: string, value: unknown): DataPoint {
  const point = own(TUYA_DATA_POINTS, code) ?? UNKNOWN;
  if (code === 'alarm_lock') return own(TUYA_ALARMS, String(value)) ?? { ...point, alarm: String(value) };
  if (code === 'closed_opened') return value === 'open' || value === 'closed' ? { ...point, state: value } : UNKNOWN;
  if (code === 'hijack') {
    const { method } = hijacked(value);
    return method ? { ...point, method } : point;
  }
  return point;
}

/** An unlock's credential (its method and the lock-side number its value is), or the one a duress alarm names. */
export function tuyaCredential(rule: EventRule, value: unknown): Credential | undefined {
  if (rule.kind === 'alarm' && rule.alarm === 'duress') {
    const { method, id } = hijacked(value);
    return method && id ? { kind: method, id } : undefined;
  }
  if (rule.kind !== 'unlock' || !rule.method || !(typeof value === 'number' || (typeof value === 'string' && value !== ''))) return undefined;
  return { kind: rule.method, id: String(value) };
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The events of one report's data points: a legacy status item carries its time as `t`, an IoT Core property as `time`. */
function pointEvents(messageId: string, deviceId: string, items: Json[], raw: (item: Json) => Json, now: number, timeZone: string): LockEvent[] {
  return items.map((item, i) => {
    const code = String(item.code ?? '');
    const rule = tuyaRule(code, item.value);
    const credential = tuyaCredential(rule, item.value);
    const at = typeof item.t === 'number' ? item.t : typeof item.time === 'number' ? item.time : NaN;
    return {
      deviceId,
      ...timed(at, now, timeZone, true),
      kind: rule.kind,
      ...(rule.method ? { method: rule.method } : {}),
      ...(credential ? { credential } : {}),
      ...(rule.state ? { state: rule.state } : {}),
      ...(rule.alarm ? { alarm: rule.alarm } : {}),
      // the data point's code where no method says what it was (as a polled record's code)
      ...(rule.method ? {} : { code }),
      ...(rule.text ? { text: rule.text } : {}),
      id: items.length === 1 ? messageId : `${messageId}/${i}`,
      raw: withoutCodes(raw(item)) as Json,
    };
  });
}

/**
 * The events in one decrypted message ("Message Types", id=Kavqerli65a1u). Legacy: a status
 * report (protocol 4: `devId`, `status[]`) is one event per data point; a device event (20:
 * `bizCode` online, offline, …) one `state` event. IoT Core (1000, 1001, …): `bizCode` with
 * `devId` inside `bizData`; `devicePropertyMessage` lists `properties[]` (code, value, time), one
 * event each; any other bizCode is one `operation`. Codes: TUYA_DATA_POINTS; an unknown one is an `operation`.
 */
export function tuyaPushEvents(messageId: string, protocol: unknown, data: Json, now = Date.now(), timeZone = 'UTC'): LockEvent[] {
  const biz = isObject(data.bizData) ? data.bizData : undefined;
  const deviceId = typeof data.devId === 'string' ? data.devId : typeof biz?.devId === 'string' ? biz.devId : '';
  if (!deviceId) throw new Error('no devId');
  if (Array.isArray(data.status)) {
    return pointEvents(messageId, deviceId, data.status.filter(isObject), (item) => ({ protocol, ...data, status: [item] }), now, timeZone);
  }
  if (biz && Array.isArray(biz.properties)) {
    return pointEvents(
      messageId,
      deviceId,
      biz.properties.filter(isObject),
      (item) => ({ protocol, ...data, bizData: { ...biz, properties: [item] } }),
      now,
      timeZone,
    );
  }
  if (typeof data.bizCode === 'string') {
    const at = typeof biz?.time === 'number' ? biz.time : typeof data.ts === 'number' ? data.ts : NaN;
    return [
      { deviceId, ...timed(at, now, timeZone, true), kind: 'operation', code: data.bizCode, id: messageId, raw: withoutCodes({ protocol, ...data }) as Json },
    ];
  }
  return [];
}

/**
 * One consumer connection. The handshake carries the derived credentials; a refusal (HTTP 401,
 * 403) is AUTH. Each frame is acknowledged only when the hub says so; a frame that cannot be
 * read is acknowledged and said, since it would otherwise come back forever.
 */
export class TuyaPushTransport implements PushTransport {
  // What every connection and frame uses, worked out once per config.
  private readonly url: string;
  private readonly headers: Record<string, string>;
  private readonly key: Buffer;
  /** why the stream cannot get past its head, said once however often it reconnects to the same message */
  private tooLarge: LockError | undefined;

  constructor(private readonly o: TuyaPushOptions) {
    this.url = tuyaPushUrl(o);
    this.headers = { username: o.accessId, password: tuyaPushPassword(o.accessId, o.accessSecret) };
    this.key = dataKey(o.accessSecret);
  }

  connect(h: PushHandlers): Promise<{ close(): void }> {
    const options: WebSocket.ClientOptions & { closeTimeout: number } = {
      headers: this.headers,
      handshakeTimeout: this.o.connectTimeoutMs ?? 10_000,
      maxPayload: MAX_FRAME,
      perMessageDeflate: false,
      closeTimeout: CLOSE_GRACE_MS, // a peer that never ends the closing handshake keeps no socket (ws waits 30 s; not in @types/ws)
    };
    const ws = new WebSocket(this.url, options);
    return new Promise((resolve, reject) => {
      let open = false;
      let alive = true;
      let beat: NodeJS.Timeout | undefined;
      const end = (reason: LockError): void => {
        clearInterval(beat);
        if (!open) return reject(reason);
        open = false;
        h.closed(reason);
      };
      ws.on('unexpected-response', (_req, res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        end(status === 401 || status === 403 ? pushAuthFailed(status) : new LockError('NETWORK', errorText('httpStatus', { status }), { retryable: true }));
        ws.terminate();
      });
      ws.on('error', (e: Error & { code?: string }) => {
        if (e.code !== 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH')
          return end(new LockError('NETWORK', errorText('unreachable', { reason: e.message }), { retryable: true }));
        // Never acknowledged, the message comes first again on every connection: said once, plainly, not as a network failure.
        const first = !this.tooLarge;
        const said = (this.tooLarge ??= new LockError('VENDOR', errorText('pushTooLarge', { max: MAX_FRAME / 1024 / 1024 }), { retryable: true }));
        if (first) h.warn?.(said);
        end(said);
      });
      ws.on('close', (code) => end(new LockError('NETWORK', errorText('pushClosed', { reason: `code ${code}` }), { retryable: true })));
      ws.on('pong', () => {
        alive = true;
      });
      ws.on('open', () => {
        open = true;
        beat = setInterval(() => {
          if (!alive) return ws.terminate(); // no pong since the last ping: the peer is gone
          alive = false;
          ws.ping();
        }, this.o.heartbeatMs ?? 30_000);
        resolve({
          close: () => {
            clearInterval(beat);
            open = false;
            ws.close(1000);
          },
        });
      });
      // After close() nothing more is taken: what arrives unacknowledged goes to the next consumer.
      const ecb = ecbDecipher(this.key);
      const sendAck = acker(ws);
      ws.on('message', (raw: Buffer) => open && this.frame(raw, h, ecb, sendAck));
    });
  }

  private frame(raw: Buffer, h: PushHandlers, ecb: crypto.Decipher, sendAck: (id: string) => void): void {
    const text = raw.toString('utf8');
    const ack = (id: string) => (): void => sendAck(id);
    let frame: Json;
    try {
      frame = JSON.parse(text) as Json;
    } catch {
      return h.unreadable('', 'not JSON', false);
    }
    const id = typeof frame.messageId === 'string' ? frame.messageId : '';
    if (!id) return h.unreadable('', 'no messageId', false);
    try {
      const payload = JSON.parse(Buffer.from(String(frame.payload ?? ''), 'base64').toString('utf8')) as Json;
      const em = isObject(frame.properties) ? frame.properties.em : undefined;
      const data = JSON.parse(decryptWith(this.key, String(payload.data ?? ''), typeof em === 'string' ? em : undefined, ecb)) as unknown;
      if (!isObject(data)) throw new Error('data is not an object');
      h.message({ id, events: tuyaPushEvents(id, payload.protocol, data, Date.now(), this.o.timeZone), ack: ack(id) });
    } catch (e) {
      ack(id)();
      h.unreadable(id, `${(e as Error).message}; ${raw.length} bytes`);
    }
  }
}
