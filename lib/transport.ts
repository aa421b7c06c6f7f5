import { setMaxListeners } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import axios, {
  AxiosHeaders,
  type AxiosAdapter,
  type AxiosInstance,
  type AxiosRequestConfig,
  type AxiosResponse,
  type InternalAxiosRequestConfig,
} from 'axios';
import { LockError, isLockError, errorText } from './errors';
import { Limiter } from './limiter';

export interface TransportOptions {
  baseURL: string;
  /** per attempt, default 10 s */
  timeoutMs?: number;
  maxConcurrent?: number;
  ratePerSecond?: number;
  maxQueue?: number;
  /** total tries including the first, default 3 */
  maxTries?: number;
  /** first backoff step, default 250 ms; doubled each try, full jitter */
  backoffMs?: number;
  /** cap for Retry-After and backoff, default 30 s */
  maxDelayMs?: number;
}

export const TRANSPORT_DEFAULTS = {
  timeoutMs: 10_000,
  maxConcurrent: 4,
  ratePerSecond: 0,
  maxQueue: 500,
  maxTries: 3,
  backoffMs: 250,
  maxDelayMs: 30_000,
};

/**
 * What a config's limits may be (the editor's validators and the help errorText the same): a timeout
 * of 0 would wait for ever, a queue of 0 would refuse every msg.
 */
export const TRANSPORT_LIMITS = {
  timeoutMs: [100, 300_000],
  maxConcurrent: [1, 64],
  ratePerSecond: [0, 1000],
  maxQueue: [1, 100_000],
  maxTries: [1, 10],
} as const;

function clampLimits(opts: typeof TRANSPORT_DEFAULTS): typeof TRANSPORT_DEFAULTS {
  const out = { ...opts };
  for (const [k, [lo, hi]] of Object.entries(TRANSPORT_LIMITS) as Array<[keyof typeof TRANSPORT_LIMITS, readonly [number, number]]>) {
    out[k] = Math.min(hi, Math.max(lo, out[k]));
  }
  return out;
}

const PROXY_ENV = ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy'];

const MAX_BODY = 16 * 1024 * 1024;

const fail = (message: string, code: string): Error => Object.assign(new Error(message), { code });
const timedOut = (ms: number): Error => fail(`timeout of ${ms} ms exceeded`, 'ECONNABORTED');
const cancelled = (): Error => fail('canceled', 'ERR_CANCELED');

/** A value longer than this is encoded a slice per turn of the event loop (a face photo is ~550 KB of base64: ~5 ms at once). */
const FORM_SLICE = 64 * 1024;

/**
 * An application/x-www-form-urlencoded body exactly as URLSearchParams writes it (an object or
 * array value as its JSON), without holding the event loop for a large value: each slice waits
 * its turn behind other nodes' work.
 */
export async function formBody(fields: Record<string, unknown>): Promise<string> {
  const parts: string[] = [];
  for (const [key, field] of Object.entries(fields)) {
    const value = typeof field === 'object' && field !== null ? JSON.stringify(field) : String(field);
    if (value.length <= FORM_SLICE) {
      parts.push(new URLSearchParams([[key, value]]).toString());
      continue;
    }
    let text = new URLSearchParams([[key, '']]).toString();
    for (let at = 0; at < value.length;) {
      let end = Math.min(value.length, at + FORM_SLICE);
      const last = value.charCodeAt(end - 1);
      if (end < value.length && last >= 0xd800 && last <= 0xdbff) end--; // a surrogate pair stays whole
      await new Promise(setImmediate);
      text += new URLSearchParams([['', value.slice(at, end)]]).toString().slice(1);
      at = end;
    }
    parts.push(text);
  }
  return parts.join('&');
}

/**
 * What the vendors need of HTTP and nothing more: string bodies, no redirects, no compression,
 * no proxy; the whole answer as UTF-8 text. One deadline covers connect, headers and the whole
 * body, and the promise settles once, whatever the socket does: node's request emits no
 * 'error' once a response has begun, so a body cut short or dripped must be caught here.
 * Failures carry the codes axios uses, so networkError() reads them the same.
 */
function plainAdapter(httpAgent: http.Agent, httpsAgent: https.Agent, maxBytes: number): AxiosAdapter {
  // The base URL is the config's: parsed once, not per call.
  const bases = new Map<string, URL>();
  const base = (b: string): URL => bases.get(b) ?? (bases.set(b, new URL(b)).get(b) as URL);
  return (config) =>
    new Promise((resolve, reject) => {
      const root = base(config.baseURL ?? '');
      const secure = root.protocol === 'https:';
      const target = {
        protocol: root.protocol,
        hostname: root.hostname.replace(/^\[|\]$/g, ''),
        port: root.port || undefined,
        path: `${root.pathname.replace(/\/$/, '')}${config.url ?? ''}`,
      };
      const headers = config.headers.toJSON(true) as Record<string, string>;
      const body = config.data === undefined || config.data === null ? undefined : Buffer.from(String(config.data), 'utf8');
      if (body) headers['Content-Length'] = String(body.length);
      const signal = config.signal as AbortSignal | undefined;
      let timer: NodeJS.Timeout | undefined;
      let settled = false;
      const settle = (err: Error | undefined, res?: AxiosResponse<string>): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (err) {
          req.destroy();
          reject(err);
        } else resolve(res as AxiosResponse<string>);
      };
      const onAbort = (): void => settle(cancelled());
      const req = (secure ? https : http).request(
        { ...target, method: (config.method ?? 'get').toUpperCase(), headers, agent: secure ? httpsAgent : httpAgent },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > maxBytes) settle(fail('maxContentLength exceeded', 'ERR_BAD_RESPONSE'));
            else chunks.push(c);
          });
          res.on('end', () =>
            settle(undefined, {
              data: Buffer.concat(chunks).toString('utf8'),
              status: res.statusCode ?? 0,
              statusText: res.statusMessage ?? '',
              headers: res.headers as AxiosResponse['headers'],
              config,
              request: req,
            }),
          );
          res.on('error', (e) => settle(e));
          // A socket closed before the declared length or the last chunk: no 'end' will come.
          res.on('close', () => settled || settle(fail('connection closed before the answer was complete', 'ECONNRESET')));
        },
      );
      req.on('error', (e: Error) => settle(signal?.aborted ? cancelled() : e));
      if (signal?.aborted) return settle(cancelled());
      signal?.addEventListener('abort', onAbort, { once: true });
      if (config.timeout) timer = setTimeout(() => settle(timedOut(config.timeout as number)), config.timeout);
      req.end(body);
    });
}

/**
 * axios's own adapter (used when a proxy is set) bounds only the silence between bytes: a body
 * dripped slowly never times out. This puts one deadline over the whole answer there too.
 */
function withDeadline(inner: AxiosAdapter): AxiosAdapter {
  return (config) =>
    new Promise((resolve, reject) => {
      const ms = config.timeout ?? 0;
      const outer = config.signal as AbortSignal | undefined;
      const ctl = new AbortController();
      const stop = (): void => ctl.abort();
      outer?.addEventListener('abort', stop, { once: true });
      const timer =
        ms > 0
          ? setTimeout(() => {
              ctl.abort();
              reject(timedOut(ms));
            }, ms)
          : undefined;
      // The transport's shared configuration is the request's prototype: axios's adapter gets it flat.
      inner({ ...Object.getPrototypeOf(config), ...config, signal: ctl.signal })
        .then(resolve, reject)
        .finally(() => {
          clearTimeout(timer);
          outer?.removeEventListener('abort', stop);
        });
    });
}

/** What a vendor sends: built per try, so signatures and nonces are fresh. */
export interface OutgoingRequest {
  method: string;
  /** path and query, after the config's base URL */
  url: string;
  data?: string;
  headers: Record<string, string>;
}

/** Raw response as text: each vendor parses its own envelope. */
export type RawResponse = AxiosResponse<string>;

/** Failures where the connection never carried the request: safe to resend anything. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

/** Where a request went, as people may read it: scheme, host and port (no credentials, path or query). */
export function origin(url: string | undefined): string {
  try {
    return url ? new URL(url).origin : 'the lock service';
  } catch {
    return 'the lock service';
  }
}

/** Maps what axios throws (no HTTP answer) to the contract's codes; `url` names where it went. */
export function networkError(err: unknown, url = 'the lock service'): LockError {
  if (isLockError(err)) return err;
  const e = err as { code?: string; message?: string };
  const code = e.code ?? '';
  if (axios.isCancel(err) || code === 'ERR_CANCELED') {
    return new LockError('NETWORK', errorText('cancelled'), { sent: true });
  }
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
    return new LockError('TIMEOUT', errorText('timeoutAt', { url }), { retryable: true, sent: true });
  }
  if (NOT_SENT.has(code)) {
    return new LockError('NETWORK', errorText('unreachableAt', { url, reason: code }), { retryable: true, sent: false });
  }
  return new LockError('NETWORK', errorText('connectionFailedAt', { url, reason: code || 'unknown error' }), { retryable: true, sent: true });
}

function retryAfterMs(header: unknown): number | undefined {
  if (typeof header !== 'string' || header.trim() === '') return undefined;
  const s = Number(header);
  if (Number.isFinite(s)) return Math.max(0, s * 1000);
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

/** Maps a non-2xx HTTP answer to the contract's codes. */
export function httpError(res: RawResponse): LockError {
  const status = res.status;
  const vendorCode = `HTTP ${status}`;
  if (status === 429) {
    // 429 means the vendor refused the request before acting on it.
    return new LockError('RATE_LIMIT', errorText('rateLimited'), {
      vendorCode,
      retryable: true,
      sent: false,
      retryAfterMs: retryAfterMs(res.headers['retry-after']),
    });
  }
  if (status === 401 || status === 403) return new LockError('AUTH', errorText('credentialsRefused', { status }), { vendorCode });
  const retryable = status >= 500 || status === 408;
  return new LockError('VENDOR', errorText('httpStatus', { status }), {
    vendorCode,
    retryable,
    retryAfterMs: retryAfterMs(res.headers['retry-after']),
  });
}

/** Parses a JSON body; a body that is not JSON is a VENDOR error (retryable for idempotent calls). */
export function parseJsonBody(res: RawResponse): unknown {
  try {
    const body: unknown = JSON.parse(res.data);
    if (body !== null && typeof body === 'object') return body;
  } catch {
    // fall through
  }
  return failMalformed();
}

function failMalformed(): never {
  throw new LockError('VENDOR', errorText('malformed'), { vendorCode: 'MALFORMED', retryable: true });
}

/**
 * Whether a failed try is tried again. In order, the first rule that decides:
 * 1. the config was closed (redeploy): no — nothing may outlive it;
 * 2. the failure will not change by trying again (refused, invalid, auth): no;
 * 3. the request may have reached the service and the operation is not idempotent (remote open,
 *    issue card, create password): no — a resend could open a door or issue a card twice;
 * 4. the tries are used up: no;
 * 5. otherwise (timeouts and 5xx of idempotent calls, anything that never left): yes.
 */
export function shouldRetry(err: LockError, state: { idempotent: boolean; attempt: number; maxTries: number; closed: boolean }): boolean {
  if (state.closed) return false;
  if (!err.retryable) return false;
  if (err.sent && !state.idempotent) return false;
  return state.attempt < state.maxTries;
}

/**
 * One per config node: a keep-alive axios instance, the limiter and the retry policy.
 * Retries only what is safe: idempotent operations, or failures before the request left.
 */
export class HttpTransport {
  readonly http: AxiosInstance;
  /** the instance's configuration, merged by axios once: what every request shares */
  private readonly base: InternalAxiosRequestConfig;
  /** the headers axios sends with every request (Accept) */
  private readonly common: Record<string, string>;
  /** the instance's adapter: the plain one, or axios's own behind a proxy */
  private readonly adapter: AxiosAdapter;
  private readonly opts: typeof TRANSPORT_DEFAULTS;
  private readonly limiter: Limiter;
  private readonly agents: http.Agent[];
  /** One for every request and backoff of this transport: close() aborts them all at once. */
  private readonly abort = new AbortController();
  /** the service's origin, named in network errors */
  private readonly where: string;
  private closed = false;

  constructor(options: TransportOptions) {
    this.opts = clampLimits({ ...TRANSPORT_DEFAULTS, ...definedOnly(options) });
    const proxied = PROXY_ENV.some((k) => process.env[k]);
    const agentOpts = { keepAlive: true, maxSockets: this.opts.maxConcurrent, maxFreeSockets: this.opts.maxConcurrent };
    const httpAgent = new http.Agent(agentOpts);
    const httpsAgent = new https.Agent(agentOpts);
    this.agents = [httpAgent, httpsAgent];
    this.limiter = new Limiter(this.opts);
    this.where = origin(options.baseURL);
    setMaxListeners(0, this.abort.signal); // one listener per request in flight, by design
    this.http = axios.create({
      baseURL: options.baseURL,
      timeout: this.opts.timeoutMs,
      httpAgent,
      httpsAgent,
      maxRedirects: 0,
      // axios's own adapter when a proxy is set in the environment (it handles proxies);
      // otherwise the plain one above, which costs a fraction per request.
      ...(proxied ? { adapter: withDeadline(axios.getAdapter('http')) } : { proxy: false as const, adapter: plainAdapter(httpAgent, httpsAgent, MAX_BODY) }),
      maxContentLength: MAX_BODY,
      responseType: 'text',
      transformRequest: [],
      transformResponse: [],
      validateStatus: () => true,
    });
    // axios merges its defaults into every request config, which was most of a call's CPU;
    // none of them depend on the msg, so they are merged here, once per config node.
    this.base = axios.mergeConfig(this.http.defaults as AxiosRequestConfig, {}) as InternalAxiosRequestConfig;
    this.common = { ...(this.http.defaults.headers.common as Record<string, string>) };
    this.adapter = this.http.defaults.adapter as AxiosAdapter;
  }

  get stats(): { inFlight: number; queued: number } {
    return { inFlight: this.limiter.inFlight, queued: this.limiter.pending };
  }

  /**
   * Sends the request built by `build` (called per try, so signatures and nonces are fresh)
   * and hands each 2xx answer to `interpret`, which returns the result or throws a LockError.
   */
  async request<T>(
    idempotent: boolean,
    build: () => OutgoingRequest | Promise<OutgoingRequest>,
    interpret: (res: RawResponse) => T,
    options: {
      /** false for requests made while holding a slot (token fetches), which must not queue */
      limited?: boolean;
      /** a vendor's reading of a non-2xx answer; the generic mapping when it returns undefined */
      httpError?: (res: RawResponse) => LockError | undefined;
    } = {},
  ): Promise<T> {
    const once = (): Promise<T> => this.once(build, interpret, options.httpError);
    for (let attempt = 1; ; attempt++) {
      try {
        return await (options.limited === false ? once() : this.limiter.run(once));
      } catch (e) {
        const err = networkError(e, this.where);
        if (!shouldRetry(err, { idempotent, attempt, maxTries: this.opts.maxTries, closed: this.closed })) throw err;
        await this.sleep(this.delay(attempt, err));
      }
    }
  }

  /** Aborts what is in flight and fails what is queued; the keep-alive sockets are freed. */
  close(): void {
    this.closed = true;
    this.limiter.close(new LockError('NETWORK', errorText('configClosed'), { sent: false }));
    this.abort.abort();
    for (const a of this.agents) a.destroy();
  }

  private async once<T>(
    build: () => OutgoingRequest | Promise<OutgoingRequest>,
    interpret: (res: RawResponse) => T,
    vendorHttpError?: (res: RawResponse) => LockError | undefined,
  ): Promise<T> {
    let config: OutgoingRequest;
    try {
      config = await build();
    } catch (e) {
      // Building failed (a token or ticket could not be had): this request never left, so even
      // a non-idempotent one may be tried again.
      if (isLockError(e)) e.sent = false;
      throw e;
    }
    let res: RawResponse;
    try {
      // The shared configuration is the prototype, not a copy: only this request's own fields are new.
      const request = Object.create(this.base) as InternalAxiosRequestConfig;
      request.method = config.method;
      request.url = config.url;
      request.data = config.data;
      request.headers = AxiosHeaders.from({ ...this.common, ...config.headers });
      request.signal = this.abort.signal;
      res = (await this.adapter(request)) as RawResponse;
    } catch (e) {
      throw networkError(e, this.where);
    }
    if (res.status < 200 || res.status >= 300) throw vendorHttpError?.(res) ?? httpError(res);
    return interpret(res);
  }

  private delay(attempt: number, err: LockError): number {
    if (err.retryAfterMs !== undefined) return Math.min(err.retryAfterMs, this.opts.maxDelayMs);
    const ceiling = Math.min(this.opts.backoffMs * 2 ** (attempt - 1), this.opts.maxDelayMs);
    return ceiling / 2 + Math.random() * (ceiling / 2);
  }

  private sleep(ms: number): Promise<void> {
    const signal = this.abort.signal;
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        clearTimeout(t);
        reject(new LockError('NETWORK', errorText('closedDuringRetry'), { sent: true }));
      };
      const t = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}

function definedOnly<T extends object>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined && !(typeof v === 'number' && Number.isNaN(v)))) as Partial<T>;
}
