import crypto from 'node:crypto';
import type { Socket } from 'node:net';
import rhea from 'rhea';
import { LockError, errorText } from '../../errors';
import { timed, withoutCodes, type LockEvent } from '../../events';
import { aliyunCredential, aliyunRule } from './events';
import { pushAuthFailed, type PushHandlers, type PushTransport } from '../../push';

/**
 * Alibaba Cloud IoT's server-side subscription over AMQP 1.0 (TLS, SASL PLAIN, one receiver
 * link per connection). Facts and their sources: docs/evidence/aliyun-amqp-push.md. The
 * living-link login is shown only by public client code, so both recipes are offered.
 */
export const ALIYUN_PUSH_HOSTS: Record<string, string> = {
  cn: 'amqps://ilop.iot-amqp.cn-shanghai.aliyuncs.com:5671',
  sg: 'amqps://ilop.iot-amqp.ap-southeast-1.aliyuncs.com:5671',
  us: 'amqps://ilop.iot-amqp.us-east-1.aliyuncs.com:5671',
  de: 'amqps://ilop.iot-amqp.eu-central-1.aliyuncs.com:5671',
};

/**
 * How the SASL PLAIN login is made. `appkey`: living-link as public clients log in
 * (authMode=appkey, HMAC-SHA256 of `random=…`, base64); `aksign`: IoT Platform as its docs say
 * (authMode=aksign, HMAC-SHA1 of `authId=…&timestamp=…`, base64).
 */
export type AliyunPushAuth = 'appkey' | 'aksign';

export interface AliyunPushOptions {
  /** amqps://host:port (amqp:// for a local simulator) */
  url: string;
  appKey: string;
  appSecret: string;
  /** the consumer group (default: the AppKey with appkey, as living-link clients do; DEFAULT_GROUP with aksign, as IoT Platform's docs do) */
  group?: string;
  auth?: AliyunPushAuth;
  /** IoT Platform instance id (aksign), empty for a public instance */
  instanceId?: string;
  clientId?: string;
  /** the idle time-out announced (30 000 to 300 000 ms, default 30 000): the server heartbeats at half; rhea gives up after twice, so a half-open connection ends within 60 s */
  idleTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** TLS certificate authority (tests) */
  ca?: string | Buffer;
  /** the receiver's source address (the gateway ignores it; a broker names a queue) */
  address?: string;
  /** the login time (tests against a broker whose user is made in advance) */
  now?: () => number;
  /** the config's IANA zone, events' times are written in (default UTC) */
  timeZone?: string;
}

const hmac = (algo: string, key: string, text: string): string => crypto.createHmac(algo, key).update(text, 'utf8').digest('base64');

/** The SASL PLAIN user name and password for a login at `now`. */
export function aliyunPushLogin(
  o: Pick<AliyunPushOptions, 'appKey' | 'appSecret' | 'group' | 'auth' | 'instanceId'>,
  clientId: string,
  now = Date.now(),
): { username: string; password: string } {
  const group = o.group || (o.auth === 'aksign' ? 'DEFAULT_GROUP' : o.appKey);
  if ((o.auth ?? 'appkey') === 'aksign') {
    return {
      username: `${clientId}|authMode=aksign,signMethod=hmacsha1,timestamp=${now},authId=${o.appKey},iotInstanceId=${o.instanceId ?? ''},consumerGroupId=${group}|`,
      password: hmac('sha1', o.appSecret, `authId=${o.appKey}&timestamp=${now}`),
    };
  }
  return {
    username: `${clientId}|authMode=appkey,signMethod=SHA256,random=${now},appKey=${o.appKey},groupId=${group}|`,
    password: hmac('sha256', o.appSecret, `random=${now}`),
  };
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The events in one pushed message, by its topic: a thing-model event (one event), a property
 * post (one per property: battery, the rest state), a device status (online/offline; a shape
 * not known is still a `state` event, and `unknown` is told).
 */
export function aliyunPushEvents(
  messageId: string,
  topic: string,
  data: Json,
  now = Date.now(),
  unknown?: (what: string) => void,
  timeZone = 'UTC',
): LockEvent[] {
  const deviceId = String(data.iotId ?? data.deviceName ?? '');
  if (!deviceId) throw new Error('no iotId');
  const raw = withoutCodes({ topic, ...data }) as Json;
  const event = /\/thing\/event\/([^/]+)\/post$/.exec(topic);
  if (event && event[1] !== 'property') {
    const identifier = String(data.identifier ?? event[1]);
    const value = isObject(data.value) ? data.value : {};
    const rule = aliyunRule(identifier, value);
    const credential = aliyunCredential(rule, value);
    const at = Number(data.time ?? data.gmtCreate);
    return [
      {
        deviceId,
        ...timed(Number.isFinite(at) ? at : NaN, now, timeZone, true),
        kind: rule.kind,
        ...(rule.method ? { method: rule.method } : {}),
        ...(credential ? { credential } : {}),
        ...(rule.alarm ? { alarm: rule.alarm } : {}),
        code: identifier,
        ...(rule.text ? { text: rule.text } : {}),
        id: messageId,
        raw,
      },
    ];
  }
  if (event) {
    const items = isObject(data.items) ? Object.entries(data.items) : [];
    return items.map(([name, item], i) => {
      const at = isObject(item) ? Number(item.time) : NaN;
      return {
        deviceId,
        ...timed(Number.isFinite(at) ? at : Number(data.gmtCreate), now, timeZone, true),
        kind: /Battery|Electricity/i.test(name) ? 'battery' : 'operation',
        method: name,
        id: items.length === 1 ? messageId : `${messageId}/${i}`,
        raw: withoutCodes({ ...raw, items: { [name]: item } }) as Json,
      };
    });
  }
  const status = statusOf(data);
  if (status || STATUS_TOPIC.test(topic)) {
    if (!status) unknown?.(`device status without a status text or value (keys: ${Object.keys(data).join(', ')})`);
    const given = isObject(data.status) ? data.status : {};
    // utcTime is ISO text: the instant is kept, written in the zone, with no ms twin (the vendor gave none).
    const iso = typeof data.utcTime === 'string';
    const at = iso ? Date.parse(data.utcTime as string) : Number(given.time ?? data.time ?? data.lastTime);
    return [{ deviceId, ...timed(Number.isFinite(at) ? at : NaN, now, timeZone, !iso), kind: 'operation', method: status ?? 'status', id: messageId, raw }];
  }
  return [];
}

const STATUS_TOPIC = /^\/as\/mqtt\/status\/|\/mqtt\/status$|\/thing\/status$/;
/** Living-link device states by number ("/thing/status/get", help.aliyun.com 177870 and 177859). */
const STATUS_VALUES: Record<string, string> = { 0: 'inactive', 1: 'online', 3: 'offline', 8: 'disabled' };

/**
 * A device status in either shape: IoT Platform's `status: "online"` ("数据格式", 73736), or the
 * living-link push's `status: {value, time}` with `action` (as a public consumer reads it).
 */
function statusOf(data: Json): string | undefined {
  if (typeof data.status === 'string' && data.status) return data.status;
  if (!isObject(data.status) || data.status.value === undefined) return undefined;
  if (typeof data.action === 'string' && data.action) return data.action;
  return STATUS_VALUES[String(data.status.value)] ?? String(data.status.value);
}

/** The message's body as text: a data section (Buffer), a string, or bytes in another shape. */
function bodyText(body: unknown): string {
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  if (typeof body === 'string') return body;
  if (isObject(body) && Buffer.isBuffer(body.content)) return body.content.toString('utf8');
  if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
  throw new Error('body is not text');
}

const CLOSE_GRACE_MS = 1000;

const refusedLogin = (e: unknown): boolean => /unauthori[sz]ed|auth|sasl/i.test(JSON.stringify(e ?? '') + String((e as Error)?.message ?? ''));

/**
 * One AMQP connection with one receiver link. A delivery is accepted only when the hub acks
 * it; one that cannot be read is accepted and said.
 */
export class AliyunPushTransport implements PushTransport {
  private readonly clientId: string;

  constructor(private readonly o: AliyunPushOptions) {
    this.clientId = o.clientId ?? `node-red-smartlock-${crypto.randomBytes(4).toString('hex')}`;
  }

  /** A shape not known is said once per config, not per message: the stream would repeat it for every device. */
  private warned = false;
  private warnOnce(h: PushHandlers, id: string, what: string): void {
    if (this.warned) return;
    this.warned = true;
    h.warn?.(new LockError('VENDOR', errorText('pushUnknownShape', { id, what })));
  }

  connect(h: PushHandlers): Promise<{ close(): void }> {
    const url = new URL(this.o.url);
    const tls = url.protocol === 'amqps:';
    const { username, password } = aliyunPushLogin(this.o, this.clientId, this.o.now?.());
    const container = rhea.create_container({ id: this.clientId });
    const conn = container.connect({
      host: url.hostname,
      port: Number(url.port) || (tls ? 5671 : 5672),
      transport: tls ? 'tls' : 'tcp',
      servername: url.hostname,
      ...(this.o.ca ? { ca: this.o.ca } : {}),
      username,
      password,
      idle_time_out: Math.min(300_000, Math.max(30_000, this.o.idleTimeoutMs ?? 30_000)),
      reconnect: false, // the hub reconnects, with its backoff
    } as rhea.ConnectionOptions);
    // Every way a try ends destroys its socket: rhea's close() alone waits for the peer's answer, which a dead or hostile peer never sends.
    const drop = (graceMs: number): void => {
      try {
        conn.close();
      } catch {
        /* already gone */
      }
      const socket = (conn as unknown as { socket?: Socket }).socket;
      if (graceMs === 0) socket?.destroy();
      else setTimeout(() => socket?.destroy(), graceMs).unref();
    };
    return new Promise((resolve, reject) => {
      let open = false;
      let settled = false;
      const deadline = setTimeout(() => fail(new LockError('TIMEOUT', errorText('timeout'), { retryable: true })), this.o.connectTimeoutMs ?? 10_000);
      const fail = (e: LockError): void => {
        clearTimeout(deadline);
        const wasOpen = open;
        open = false;
        drop(0);
        if (!settled) {
          settled = true;
          reject(e);
        } else if (wasOpen) h.closed(e);
      };
      const why = (ctx: rhea.EventContext, fallback: string): LockError => {
        const error = ctx.error ?? ctx.receiver?.error ?? ctx.session?.error ?? ctx.connection?.error;
        if (!open && refusedLogin(error)) return pushAuthFailed(401);
        const reason = (error as { description?: string; message?: string } | undefined)?.description ?? (error as Error | undefined)?.message ?? fallback;
        return new LockError('NETWORK', errorText('pushClosed', { reason }), { retryable: true });
      };
      conn.on('disconnected', (ctx) => fail(why(ctx, 'disconnected')));
      conn.on('connection_error', (ctx) => fail(why(ctx, 'connection error')));
      conn.on('connection_close', (ctx) => fail(why(ctx, 'closed by the server')));
      conn.on('error', (ctx) => fail(why(ctx, 'error')));
      // Without its one link the connection would go on heartbeating and bring nothing.
      conn.on('receiver_close', (ctx) => fail(why(ctx, 'receiver link detached by the server')));
      conn.on('session_close', (ctx) => fail(why(ctx, 'session ended by the server')));
      const receiver = conn.open_receiver({ source: { address: this.o.address ?? 'default' }, autoaccept: false, credit_window: 100 });
      receiver.on('receiver_open', () => {
        clearTimeout(deadline);
        open = true;
        settled = true;
        resolve({
          close: () => {
            open = false;
            drop(CLOSE_GRACE_MS);
          },
        });
      });
      receiver.on('message', (ctx) => {
        if (!open || !ctx.message || !ctx.delivery) return;
        const m = ctx.message;
        const delivery = ctx.delivery;
        const props = isObject(m.application_properties) ? m.application_properties : {};
        const id = String(props.messageId ?? m.message_id ?? '');
        const accept = (): void => delivery.accept();
        try {
          if (!id) throw new Error('no messageId'); // the delivery is still accepted: AMQP settles by delivery, not by id
          const data = JSON.parse(bodyText(m.body)) as unknown;
          if (!isObject(data)) throw new Error('body is not a JSON object');
          const topic = String(props.topic ?? m.subject ?? '');
          h.message({ id, events: aliyunPushEvents(id, topic, data, Date.now(), (what) => this.warnOnce(h, id, what), this.o.timeZone), ack: accept });
        } catch (e) {
          accept();
          h.unreadable(id || '?', (e as Error).message);
        }
      });
    });
  }
}
