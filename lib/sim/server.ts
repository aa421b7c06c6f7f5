import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A fault the simulators can inject, as real services and networks misbehave. */
export type Fault =
  | { kind: 'delay'; ms: number } // answer late (then normally)
  | { kind: 'status'; status: number; body?: string; headers?: Record<string, string> }
  | { kind: 'reset' } // drop the connection before acting
  | { kind: 'resetAfter' } // act, then drop the connection unanswered
  | { kind: 'malformed' } // 200 with a body that is not JSON
  | { kind: 'html' } // 200 with an HTML error page
  | { kind: 'empty' }; // 200 with an empty body

export interface FaultRule {
  fault: Fault;
  /** operation name (or path) it applies to; every request when absent */
  match?: string;
  /** how many requests it hits; Infinity to keep it */
  times: number;
}

export interface SimRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  rawBody: string;
}

export interface SimResponse {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * HTTP plumbing shared by the vendor simulators: listening on 127.0.0.1, fault injection and
 * counts of what reached the server (`received`) and what changed its state (`executed`).
 */
export abstract class SimServer {
  readonly received: Record<string, number> = {};
  readonly executed: Record<string, number> = {};
  /** requests refused for an expired or unknown token, by operation: they reached the server but did nothing */
  readonly tokenRefused: Record<string, number> = {};
  /** the last requests as they reached the server, for tests of the wire (method, raw path, query, body) */
  readonly requests: Array<{ method: string; path: string; query: string; body: string }> = [];
  private faults: FaultRule[] = [];
  private server: http.Server | undefined;
  private readonly sockets = new Set<import('node:net').Socket>();
  url = '';

  /** Names the operation of a request (for counts and fault matching). */
  protected abstract operationOf(req: SimRequest): string;
  /** Acts on a request; may change state. */
  protected abstract handle(req: SimRequest): SimResponse | Promise<SimResponse>;

  protected countTokenRefusal(op: string): void {
    this.tokenRefused[op] = (this.tokenRefused[op] ?? 0) + 1;
  }

  inject(fault: Fault, options: { match?: string; times?: number } = {}): void {
    this.faults.push({ fault, match: options.match, times: options.times ?? 1 });
  }

  clearFaults(): void {
    this.faults = [];
  }

  resetCounts(): void {
    for (const k of Object.keys(this.received)) delete this.received[k];
    for (const k of Object.keys(this.executed)) delete this.executed[k];
    for (const k of Object.keys(this.tokenRefused)) delete this.tokenRefused[k];
  }

  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    const server = http.createServer((req, res) => void this.dispatch(req, res));
    server.keepAliveTimeout = 5000;
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    const addr = server.address() as AddressInfo;
    this.url = `http://${host}:${addr.port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private takeFault(op: string): Fault | undefined {
    const rule = this.faults.find((f) => f.times > 0 && (f.match === undefined || f.match === op));
    if (!rule) return undefined;
    rule.times--;
    if (rule.times <= 0) this.faults = this.faults.filter((f) => f !== rule);
    return rule.fault;
  }

  private async dispatch(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > 32 * 1024 * 1024) {
        res.writeHead(413).end();
        return;
      }
      chunks.push(chunk as Buffer);
    }
    // The raw path, as a vendor's router sees it: no dot-segment normalization.
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const sreq: SimRequest = {
      method: req.method ?? 'GET',
      path: q < 0 ? raw : raw.slice(0, q),
      query: new URLSearchParams(q < 0 ? '' : raw.slice(q + 1)),
      headers: req.headers,
      rawBody: Buffer.concat(chunks).toString('utf8'),
    };
    this.requests.push({ method: sreq.method, path: sreq.path, query: sreq.query.toString(), body: sreq.rawBody });
    if (this.requests.length > 500) this.requests.shift();
    const op = this.operationOf(sreq);
    this.received[op] = (this.received[op] ?? 0) + 1;
    let fault = this.takeFault(op);
    if (fault?.kind === 'delay') {
      await new Promise((r) => setTimeout(r, fault && 'ms' in fault ? fault.ms : 0));
      fault = undefined;
    }
    if (fault?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'status') {
      res.writeHead(fault.status, { 'Content-Type': 'text/plain', ...fault.headers }).end(fault.body ?? 'error');
      return;
    }
    let out: SimResponse;
    try {
      out = await this.handle(sreq);
    } catch (e) {
      res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`simulator error: ${(e as Error).message}`);
      return;
    }
    if (fault?.kind === 'resetAfter') {
      req.socket.destroy();
      return;
    }
    const body =
      fault?.kind === 'malformed'
        ? '{"code":1,"data":'
        : fault?.kind === 'html'
          ? '<html><body><h1>502 Bad Gateway</h1></body></html>'
          : fault?.kind === 'empty'
            ? ''
            : JSON.stringify(out.body);
    res.writeHead(out.status ?? 200, { 'Content-Type': fault?.kind === 'html' ? 'text/html' : 'application/json; charset=utf-8', ...out.headers });
    res.end(body);
  }

  /** Marks a state change, for tests that prove nothing was done twice. */
  protected count(op: string): void {
    this.executed[op] = (this.executed[op] ?? 0) + 1;
  }
}
