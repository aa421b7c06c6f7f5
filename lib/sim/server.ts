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
  | { kind: 'empty' } // 200 with an empty body
  | { kind: 'answer'; body: unknown }; // 200 with this JSON body, without acting (e.g. a vendor's refusal code)

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

/**
 * What a vendor's documents and the recorded evidence say its wire is: the routes it answers
 * (path templates with `{placeholders}`) and, where a sample shows them, the fields a request
 * on that route may carry. The tests build it from the doc fixtures and the evidence, never
 * from the catalogs, so a catalog entry that strays from the docs fails against the simulator.
 */
export interface DocumentedWire {
  routes: Array<{ method: string; path: string; fields?: string[] }>;
}

/** A documented path template (`/a/{id}/b`) as the pattern of the paths it stands for. */
export function routePattern(template: string): RegExp {
  return new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '[^/]+')}$`);
}

export interface SimResponse {
  status?: number;
  /** JSON, or (with a Content-Type header of its own) text sent as it is */
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
  /** requests the documented wire does not have: an unknown route, or a field no doc shows on it */
  readonly undocumented: string[] = [];
  private documented: Array<{ method: string; path: string; pattern: RegExp; fields?: Set<string> }> | undefined;
  private faults: FaultRule[] = [];
  private server: http.Server | undefined;
  private readonly sockets = new Set<import('node:net').Socket>();
  url = '';

  /** Names the operation of a request (for counts and fault matching). */
  protected abstract operationOf(req: SimRequest): string;
  /** Acts on a request; may change state. */
  protected abstract handle(req: SimRequest): SimResponse | Promise<SimResponse>;
  /** The names of a request's own fields (query, body or form; not the envelope or credentials). */
  protected abstract fieldsOf(req: SimRequest): string[];

  /** A request to the locks' side (someone at a lock, for demos), answered apart from the vendor's API; undefined for any other. */
  protected lockSide(_req: SimRequest): SimResponse | undefined {
    return undefined;
  }

  /** From now on, answers only what `wire` documents: 404 for another route, 400 for an undocumented field. */
  document(wire: DocumentedWire): this {
    this.documented = wire.routes.map((r) => ({
      method: r.method,
      path: r.path,
      pattern: routePattern(r.path),
      fields: r.fields && new Set(r.fields),
    }));
    return this;
  }

  /** Why the documented wire has no place for this request, or undefined when it has. */
  private strayFromDocs(req: SimRequest): string | undefined {
    if (!this.documented) return undefined;
    const routes = this.documented.filter((r) => r.method === req.method && r.pattern.test(req.path));
    if (routes.length === 0) return `${req.method} ${req.path} is on no documented route`;
    const allowed = routes.some((r) => !r.fields) ? undefined : new Set(routes.flatMap((r) => [...(r.fields ?? [])]));
    const extra = allowed && this.fieldsOf(req).filter((f) => !allowed.has(f));
    return extra?.length ? `${req.method} ${routes[0].path} carries ${extra.join(', ')}, which no document shows on it` : undefined;
  }

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
    // What happens at the locks themselves (a demo's panel) is not the vendor's API: no docs apply.
    const side = this.lockSide(sreq);
    if (side) return void res.writeHead(side.status ?? 200, { 'Content-Type': 'application/json' }).end(JSON.stringify(side.body));
    const stray = this.strayFromDocs(sreq);
    if (stray) {
      this.undocumented.push(stray);
      res.writeHead(stray.includes('no documented route') ? 404 : 400, { 'Content-Type': 'application/json' }).end(JSON.stringify({ undocumented: stray }));
      return;
    }
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
    if (fault?.kind === 'answer') {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(fault.body));
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
            : typeof out.body === 'string' && out.headers?.['Content-Type']
              ? out.body
              : JSON.stringify(out.body);
    res.writeHead(out.status ?? 200, { 'Content-Type': fault?.kind === 'html' ? 'text/html' : 'application/json; charset=utf-8', ...out.headers });
    res.end(body);
  }

  /** Marks a state change, for tests that prove nothing was done twice. */
  protected count(op: string): void {
    this.executed[op] = (this.executed[op] ?? 0) + 1;
  }
}
