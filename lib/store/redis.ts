// The shared backend: every Node-RED of a project on one Redis (issue #32). Each write is one Lua script, so a
// cas's check and its write, and a key's value and the index list() reads, change together; reads are single
// commands. Commands never wait for a connection: while Redis is unreachable every call fails at once with a
// NETWORK LockError, and ioredis reconnects by itself.
import { randomBytes } from 'node:crypto';
import { Cluster, Redis, type ClusterNode, type ClusterOptions, type RedisOptions } from 'ioredis';
import { LockError } from '../errors';
import type { Entry, Store } from './index';
import { byKey, checkKey, inTurn, serialise } from './values';

/** A Redis Cluster: its seed nodes and ioredis's cluster options (`redisOptions` for each node: password, TLS). */
export type RedisClusterTarget = { cluster: ClusterNode[] } & ClusterOptions;
/** Where Redis is: a `redis://` / `rediss://` URL, ioredis's options (host, TLS, sentinels…) or a cluster. */
export type RedisTarget = string | RedisOptions | RedisClusterTarget;

export interface RedisStoreOptions {
  redis: RedisTarget;
  /** The project's keys are `smartlock:{<prefix>}:…`; two projects on one Redis use two prefixes. Default 'default'. */
  prefix?: string;
  /** How long a lock outlives a holder that died; renewed every third of it while held. Default 15 s. */
  lockTtlMs?: number;
  /** Said when something needs a person's eye: a lock lost while held, Redis gone or back. */
  warn?: (message: string) => void;
  /** A seam for values kept encrypted (not used yet): the JSON text on its way in and on its way out. */
  encode?: (text: string, key: string) => string;
  decode?: (text: string, key: string) => string;
}

const DEFAULT_PREFIX = 'default';
const DEFAULT_LOCK_TTL_MS = 15_000;
/** ioredis's settings unless the user's say otherwise: no command waits long, reconnects come quickly. */
const DEFAULTS: RedisOptions = {
  connectTimeout: 5_000,
  commandTimeout: 5_000,
  retryStrategy: (times: number) => Math.min(100 * times, 2_000),
};
/** Not the user's to change: a command is never queued while disconnected, never resent after its caller got an
 * error (a put sent again would write twice), and an in-flight one fails as soon as the connection drops. */
const FORCED: RedisOptions = {
  enableOfflineQueue: false,
  autoResendUnfulfilledCommands: false,
  maxRetriesPerRequest: 0,
  lazyConnect: false,
};

// KEYS[1] the value's hash {v: version, j: JSON text}, KEYS[2] the project's index (a sorted set of keys, all of
// score 0, so ZRANGEBYLEX lists a prefix in time proportional to what it returns). ARGV[1] the key.
const PUT = `
local v = (tonumber(redis.call('HGET', KEYS[1], 'v')) or 0) + 1
redis.call('HSET', KEYS[1], 'v', v, 'j', ARGV[2])
redis.call('ZADD', KEYS[2], 0, ARGV[1])
return v`;
// ARGV[2] the version expected (0: absent), ARGV[3] the JSON text; without it, deletes. 1 if written.
const CAS = `
local v = tonumber(redis.call('HGET', KEYS[1], 'v')) or 0
if v ~= tonumber(ARGV[2]) then return 0 end
if #ARGV < 3 then
  if v > 0 then
    redis.call('DEL', KEYS[1])
    redis.call('ZREM', KEYS[2], ARGV[1])
  end
  return 1
end
redis.call('HSET', KEYS[1], 'v', v + 1, 'j', ARGV[3])
redis.call('ZADD', KEYS[2], 0, ARGV[1])
return 1`;
const DELETE = `
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return 1`;
// KEYS[1] the index; ARGV[1], ARGV[2] ZRANGEBYLEX's bounds, ARGV[3] the values' key prefix. One script, so the
// list is a snapshot as the file store's is. The values' keys share the index's hash slot (the {prefix} tag).
const LIST = `
local keys = redis.call('ZRANGEBYLEX', KEYS[1], ARGV[1], ARGV[2])
local out = {}
for _, k in ipairs(keys) do
  local e = redis.call('HMGET', ARGV[3] .. k, 'v', 'j')
  out[#out + 1] = k
  out[#out + 1] = e[1]
  out[#out + 1] = e[2]
end
return out`;
// KEYS[1] the lock, ARGV[1] the holder's token: only the holder extends or deletes it.
const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

type Reply = Promise<unknown>;
/** The scripts, as defineCommand adds them to the client. */
interface Scripts {
  smartlockPut(value: string, index: string, key: string, text: string): Reply;
  smartlockCas(value: string, index: string, key: string, version: number, ...text: string[]): Reply;
  smartlockDelete(value: string, index: string, key: string): Reply;
  smartlockList(index: string, min: string | Buffer, max: string | Buffer, base: string): Reply;
  smartlockRenew(lock: string, token: string, ttl: number): Reply;
  smartlockRelease(lock: string, token: string): Reply;
}
type Client = (Redis | Cluster) & Scripts;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class RedisStore implements Store {
  /** Where Redis is, for messages: host:port, never a password. */
  readonly where: string;
  private readonly base: string;
  private readonly index: string;
  private readonly lockTtlMs: number;
  private readonly warn: (message: string) => void;
  private readonly encode: (text: string, key: string) => string;
  private readonly decode: (text: string, key: string) => string;
  private readonly secrets: string[];
  private readonly locks = new Map<string, Promise<void>>();
  private readonly writing = new Set<Promise<unknown>>();
  private readonly renewals = new Set<NodeJS.Timeout>();
  private closing: Promise<void> | undefined;
  /** The last connection error, to say why Redis is unreachable. */
  private lastError: Error | undefined;
  private wasReady = false;
  private saidDown = false;

  private constructor(
    private readonly client: Client,
    target: RedisTarget,
    options: RedisStoreOptions,
  ) {
    const prefix = options.prefix ?? DEFAULT_PREFIX;
    if (typeof prefix !== 'string' || !prefix || prefix.length > 200 || /[{}]/.test(prefix)) {
      throw new Error(`store: the prefix must be a non-empty string of at most 200 characters without { or }: ${JSON.stringify(prefix)}`);
    }
    // {prefix} is Redis Cluster's hash tag: a project's keys share one slot, so one script may touch several.
    this.base = `smartlock:{${prefix}}:`;
    this.index = `${this.base}keys`;
    this.lockTtlMs = options.lockTtlMs ?? DEFAULT_LOCK_TTL_MS;
    if (!Number.isSafeInteger(this.lockTtlMs) || this.lockTtlMs < 30) throw new Error('store: lockTtlMs must be an integer of at least 30 (ms)');
    this.warn = options.warn ?? ((m) => process.emitWarning(m, 'SmartlockStoreWarning'));
    this.encode = options.encode ?? ((t) => t);
    this.decode = options.decode ?? ((t) => t);
    this.where = describe(target);
    this.secrets = passwords(target);
    client.on('error', (err: Error) => (this.lastError = err));
    // Said once per outage, when the connection is lost (an error may come only with the first reconnect, or never).
    client.on('close', () => {
      if (!this.wasReady || this.saidDown || this.closing) return;
      this.saidDown = true;
      this.warn(`${this.name()} is unreachable: the connection closed${this.lastError ? ` (${this.reason(this.lastError)})` : ''}; reconnecting`);
    });
    client.on('ready', () => {
      if (this.saidDown) this.warn(`${this.name()} is reachable again`);
      this.wasReady = true;
      this.saidDown = false;
      this.lastError = undefined;
    });
  }

  /** Connects and resolves once Redis answers; rejects (NETWORK) if it does not within the connect timeout. */
  static async open(options: RedisStoreOptions): Promise<RedisStore> {
    const target = options.redis;
    const client = connect(target);
    let store: RedisStore;
    try {
      store = new RedisStore(client, target, options);
    } catch (err) {
      client.disconnect();
      throw err;
    }
    const timeout = connectTimeoutOf(target);
    try {
      await new Promise<void>((resolve, reject) => {
        if (client.status === 'ready') return resolve();
        const timer = setTimeout(() => done(new Error(`no answer within ${timeout} ms`)), timeout);
        const done = (err?: Error) => {
          clearTimeout(timer);
          client.off('ready', ok);
          client.off('error', done);
          client.off('end', ended);
          if (err) reject(err);
          else resolve();
        };
        const ok = () => done();
        const ended = () => done(new Error('the connection ended'));
        client.on('ready', ok);
        client.on('error', done);
        client.on('end', ended);
      });
    } catch (err) {
      client.disconnect();
      throw store.failure(err, false);
    }
    return store;
  }

  async get<T>(key: string): Promise<Entry<T> | undefined> {
    this.usable();
    checkKey(key);
    const [v, j] = (await this.call(() => this.client.hmget(this.valueKey(key), 'v', 'j'))) as Array<string | null>;
    if (v === null || j === null) return undefined;
    return { value: this.parse<T>(key, j), version: Number(v) };
  }

  async put<T>(key: string, value: T): Promise<number> {
    this.usable();
    checkKey(key);
    const text = this.encode(serialise(key, value), key);
    return Number(await this.write(() => this.client.smartlockPut(this.valueKey(key), this.index, key, text)));
  }

  async cas<T>(key: string, version: number, value: T | undefined): Promise<boolean> {
    this.usable();
    checkKey(key);
    if (!Number.isSafeInteger(version) || version < 0) throw new Error(`store: cas on ${JSON.stringify(key)}: version must be an integer >= 0`);
    const text = value === undefined ? [] : [this.encode(serialise(key, value), key)];
    return Number(await this.write(() => this.client.smartlockCas(this.valueKey(key), this.index, key, version, ...text))) === 1;
  }

  async delete(key: string): Promise<void> {
    this.usable();
    checkKey(key);
    await this.write(() => this.client.smartlockDelete(this.valueKey(key), this.index, key));
  }

  async list<T>(prefix: string): Promise<Array<{ key: string } & Entry<T>>> {
    this.usable();
    if (typeof prefix !== 'string') throw new Error('store: list needs a string prefix');
    // Every key starting with the prefix lies in [prefix, prefix + 0xff): no UTF-8 text holds the byte 0xff.
    const min = prefix ? `[${prefix}` : '-';
    const max = prefix ? Buffer.concat([Buffer.from(`(${prefix}`, 'utf8'), Buffer.from([0xff])]) : '+';
    const flat = (await this.call(() => this.client.smartlockList(this.index, min, max, this.valueKey('')))) as Array<string | null>;
    const out: Array<{ key: string } & Entry<T>> = [];
    for (let i = 0; i < flat.length; i += 3) {
      const [key, v, j] = [flat[i] as string, flat[i + 1], flat[i + 2]];
      // An index entry without its value: only if something other than this store deleted it (eviction).
      if (v === null || j === null || v === undefined || j === undefined) continue;
      out.push({ key, value: this.parse<T>(key, j), version: Number(v) });
    }
    // Redis orders by UTF-8 bytes, the interface by UTF-16 code units (they differ past U+FFFF): sort as the file store.
    return out.sort((a, b) => byKey(a.key, b.key));
  }

  async lock<R>(name: string, fn: () => Promise<R>): Promise<R> {
    this.usable();
    // Waiters in this process queue here, so only one of them at a time asks Redis.
    return inTurn(this.locks, name, () => this.holding(name, fn));
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const timer of this.renewals) clearInterval(timer);
      await Promise.allSettled([...this.writing]);
      try {
        await this.client.quit();
      } catch {
        // Not connected: nothing to say goodbye to; stop reconnecting.
        this.client.disconnect();
      }
    })();
    return this.closing;
  }

  /**
   * Runs fn holding the lock in Redis: SET NX PX with a token of ours, extended every third of the TTL while fn
   * runs, deleted after only if it still holds our token. A holder that dies lets go when the TTL runs out.
   *
   * The limit: a holder paused longer than the TTL (a stalled process, Redis unreachable from it) loses the lock
   * while fn still runs, and another process may then take it. fn's result still resolves and the loss is said
   * (warn); strict mutual exclusion would need a fencing token checked by every write, which this does not do.
   */
  private async holding<R>(name: string, fn: () => Promise<R>): Promise<R> {
    const key = `${this.base}lock:${name}`;
    const token = randomBytes(16).toString('hex');
    const ttl = this.lockTtlMs;
    for (let wait = 10; ; wait = Math.min(wait * 2, 250)) {
      this.usable();
      if ((await this.call(() => this.client.set(key, token, 'PX', ttl, 'NX'))) === 'OK') break;
      // Another process holds it: back off, with jitter so that waiters do not ask in step.
      await sleep(wait / 2 + Math.random() * wait);
    }
    let lost: string | undefined;
    let confirmed = Date.now();
    const lose = (why: string) => {
      if (lost) return;
      lost = why;
      this.warn(`the lock ${JSON.stringify(name)} on ${this.name()} was lost while held (${why}); another process may have held it meanwhile`);
    };
    const renewal = setInterval(
      () => {
        const asked = Date.now();
        this.client.smartlockRenew(key, token, ttl).then(
          (r) => (Number(r) === 1 ? (confirmed = asked) : lose('it had expired')),
          // Unreachable: the lock may still stand; lost for sure once a TTL has passed without a renewal.
          (err: unknown) => Date.now() - confirmed > ttl && lose(`not renewed for ${ttl} ms: ${this.reason(err)}`),
        );
      },
      Math.max(10, Math.floor(ttl / 3)),
    );
    renewal.unref();
    this.renewals.add(renewal);
    try {
      return await fn();
    } finally {
      clearInterval(renewal);
      this.renewals.delete(renewal);
      try {
        if (Number(await this.client.smartlockRelease(key, token)) !== 1) lose('it had expired before its release');
      } catch (err) {
        // Not released: it expires by itself within the TTL.
        if (Date.now() - confirmed > ttl) lose(`not renewed for ${ttl} ms: ${this.reason(err)}`);
      }
    }
  }

  private usable(): void {
    if (this.closing) throw new Error(`store ${this.name()} is closed`);
  }

  private valueKey(key: string): string {
    return `${this.base}v:${key}`;
  }

  private parse<T>(key: string, stored: string): T {
    return JSON.parse(this.decode(stored, key)) as T;
  }

  /** A write, which close() waits for. */
  private write(command: () => Reply): Reply {
    const done = this.call(command);
    this.writing.add(done);
    void done.finally(() => this.writing.delete(done)).catch(() => undefined);
    return done;
  }

  private async call(command: () => Reply): Reply {
    try {
      return await command();
    } catch (err) {
      throw this.failure(err, true);
    }
  }

  private name(): string {
    return `the shared store (Redis at ${this.where})`;
  }

  /** An error's text with any password of the target cut out (a client's message should hold none, but to be sure). */
  private reason(err: unknown): string {
    let text = err instanceof Error ? err.message : String(err);
    for (const s of this.secrets) text = text.split(s).join('***');
    return text;
  }

  /** Redis's own refusals (a script error, an ACL) as they are; anything about reaching it as NETWORK. */
  private failure(err: unknown, mayHaveRun: boolean): Error {
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof Error && err.name === 'ReplyError' && !/^(NOAUTH|WRONGPASS|LOADING|MASTERDOWN|CLUSTERDOWN|TRYAGAIN)\b/.test(message)) {
      return new Error(`${this.name()} refused: ${this.reason(err)}`, { cause: err });
    }
    if (err instanceof Error && /^(NOAUTH|WRONGPASS)\b/.test(message)) {
      return new LockError('AUTH', `${this.name()} refused the login: ${this.reason(err)}`, { sent: mayHaveRun });
    }
    const cause = this.lastError ? `: ${this.reason(this.lastError)}` : '';
    const unsent = /enableOfflineQueue/.test(message);
    let why: string;
    if (unsent) why = `not connected${cause}`;
    else if (err instanceof Error && err.name === 'MaxRetriesPerRequestError')
      why = `the connection dropped with the command under way (it may have run)${cause}`;
    else if (/timed out/i.test(message)) why = `no answer in time (the command may have run)`;
    else why = this.reason(err);
    return new LockError('NETWORK', `${this.name()} is unreachable: ${why}`, { retryable: true, sent: mayHaveRun && !unsent });
  }
}

function connect(target: RedisTarget): Client {
  let client: Redis | Cluster;
  if (typeof target === 'string') {
    if (!/^rediss?:\/\//i.test(target)) throw new Error('store: a Redis address must be a redis:// or rediss:// URL');
    client = new Redis(target, { ...DEFAULTS, ...FORCED });
  } else if (isCluster(target)) {
    const { cluster: nodes, ...options } = target;
    if (!Array.isArray(nodes) || !nodes.length) throw new Error('store: a Redis cluster needs at least one node');
    client = new Cluster(nodes, {
      ...options,
      enableOfflineQueue: false,
      redisOptions: { ...DEFAULTS, ...options.redisOptions, ...FORCED },
    });
  } else if (typeof target === 'object' && target !== null) {
    client = new Redis({ ...DEFAULTS, ...target, ...FORCED });
  } else {
    throw new Error('store: Redis is given by a redis:// URL or an options object');
  }
  const scripts: Array<[string, string, number]> = [
    ['smartlockPut', PUT, 2],
    ['smartlockCas', CAS, 2],
    ['smartlockDelete', DELETE, 2],
    ['smartlockList', LIST, 1],
    ['smartlockRenew', RENEW, 1],
    ['smartlockRelease', RELEASE, 1],
  ];
  for (const [name, lua, numberOfKeys] of scripts) client.defineCommand(name, { lua, numberOfKeys });
  return client as Client;
}

function isCluster(target: RedisTarget): target is RedisClusterTarget {
  return typeof target === 'object' && target !== null && 'cluster' in target;
}

function connectTimeoutOf(target: RedisTarget): number {
  const options = typeof target === 'string' ? {} : isCluster(target) ? (target.redisOptions ?? {}) : target;
  return (options.connectTimeout ?? DEFAULTS.connectTimeout ?? 5_000) + 1_000;
}

/** host:port (or the socket, the sentinels, the cluster's nodes), without user or password. */
function describe(target: RedisTarget): string {
  const node = (n: ClusterNode | { host?: string; port?: number }): string => {
    if (typeof n === 'number') return `127.0.0.1:${n}`;
    if (typeof n === 'string') {
      try {
        const u = new URL(/^[a-z]+:\/\//i.test(n) ? n : `redis://${n}`);
        return `${u.hostname}:${u.port || 6379}`;
      } catch {
        return 'an unreadable address';
      }
    }
    return `${n.host ?? '127.0.0.1'}:${n.port ?? 6379}`;
  };
  if (typeof target === 'string') return node(target);
  if (isCluster(target)) return `cluster ${target.cluster.map(node).join(',')}`;
  if (target.sentinels?.length)
    return `sentinels ${target.sentinels.map((s) => node(s as { host?: string; port?: number })).join(',')} (${target.name ?? 'mymaster'})`;
  if (target.path) return target.path;
  return node(target);
}

function passwords(target: RedisTarget): string[] {
  const found: unknown[] = [];
  if (typeof target === 'string') {
    try {
      const u = new URL(target);
      found.push(decodeURIComponent(u.password));
    } catch {
      // Not a URL: connect() refuses it.
    }
  } else if (isCluster(target)) {
    found.push(target.redisOptions?.password);
    for (const n of target.cluster) if (typeof n === 'string') found.push(...passwords(n));
  } else {
    found.push(target.password, target.sentinelPassword);
  }
  return found.filter((s): s is string => typeof s === 'string' && s.length >= 4);
}
