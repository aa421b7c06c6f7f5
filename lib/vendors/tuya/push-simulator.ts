import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { encryptTuyaData, tuyaPushPassword } from './push';

export interface TuyaPushSimOptions {
  accessId: string;
  accessSecret: string;
  /** the subscription's ack timeout (ms), whatever the consumer asks for (tests of redelivery) */
  ackTimeoutMs?: number;
}

interface Pending {
  frame: string;
  sentAt: number;
  /** the consumer it was last sent to; cleared when that one left or the ack timed out */
  to?: WebSocket;
  times: number;
}

interface Subscription {
  /** consumers in the order they came: the first gets the stream (Failover) */
  consumers: WebSocket[];
  ackTimeoutMs: number;
  /** sent or waiting, not acknowledged yet, in publish order */
  pending: Map<string, Pending>;
}

/**
 * Tuya's message service as its Pulsar WebSocket consumer API behaves: the handshake's derived
 * credentials checked (401 otherwise), one Failover subscription per environment (one consumer
 * gets the stream, the next takes over when it leaves), messages not acknowledged within the
 * ack timeout redelivered, data encrypted AES-ECB or AES-GCM.
 */
export class TuyaPushSimulator {
  private readonly server = http.createServer((req, res) => this.panel(req, res));
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly subs = new Map<string, Subscription>();
  private readonly sockets = new Set<Socket>();
  private timer: NodeJS.Timeout | undefined;
  private next = 1;
  private acksToLose = 0;
  private held = false;
  url = '';
  /** handshakes, refusals, frames sent (redeliveries apart) and acknowledgements */
  readonly counts = { connects: 0, refused: 0, sent: 0, redelivered: 0, acked: 0 };

  constructor(readonly opts: TuyaPushSimOptions) {
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.server.on('upgrade', (req, socket, head) => this.upgrade(req, socket as Socket, head));
  }

  async start(port = 0): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve());
    });
    this.url = `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    this.timer = setInterval(() => this.redeliver(), 50);
    return this.url;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    for (const ws of this.wss.clients) ws.terminate();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Consumers now connected to an environment's subscription. */
  consumers(env: 'prod' | 'test' = 'prod'): number {
    return this.subs.get(env === 'prod' ? 'event' : 'event-test')?.consumers.length ?? 0;
  }

  /** Messages published and not acknowledged yet. */
  unacked(env: 'prod' | 'test' = 'prod'): number {
    return this.subs.get(env === 'prod' ? 'event' : 'event-test')?.pending.size ?? 0;
  }

  /** A lock reports data points (protocol 4): one message, its id returned. */
  report(devId: string, status: Array<{ code: string; value: unknown; t?: number }>, o: { em?: 'aes_ecb' | 'aes_gcm'; env?: 'prod' | 'test' } = {}): string {
    const t = Date.now();
    return this.publish(4, { dataId: `d${this.next}`, devId, productKey: 'sim-lock-pk', status: status.map((s) => ({ t, ...s })) }, o);
  }

  /** Any message: a protocol and its (to be encrypted) data. */
  publish(protocol: number, data: unknown, o: { em?: 'aes_ecb' | 'aes_gcm'; env?: 'prod' | 'test' } = {}): string {
    const sub = this.subscription(o.env === 'test' ? 'event-test' : 'event');
    const messageId = Buffer.from(`sim:${this.next++}:${Date.now()}`).toString('base64');
    const payload = { protocol, pv: '2.0', t: Date.now(), sign: 'sim', data: encryptTuyaData(JSON.stringify(data), this.opts.accessSecret, o.em) };
    const frame = JSON.stringify({
      messageId,
      payload: Buffer.from(JSON.stringify(payload)).toString('base64'),
      properties: o.em === 'aes_gcm' ? { em: 'aes_gcm' } : {},
      publishTime: new Date().toISOString(),
    });
    const p: Pending = { frame, sentAt: 0, times: 0 };
    sub.pending.set(messageId, p);
    // Only this one is new: a flush would walk every unacknowledged message per publish (a burst was quadratic).
    const active = sub.consumers[0];
    // No consumer yet: it waits for the first (both sides of a bare `?.` comparison would be undefined).
    if (!this.held && active && active.readyState === active.OPEN) this.send(p, active);
    return messageId;
  }

  /** A frame as a broken service might send it (not JSON, no id, undecryptable data…). */
  raw(frame: string, env: 'prod' | 'test' = 'prod'): void {
    const active = this.subscription(env === 'prod' ? 'event' : 'event-test').consumers[0];
    active?.send(frame);
  }

  /**
   * Holds what is published (encrypted and queued, not sent) until `release()`: a benchmark
   * times the consumer alone, not the service encrypting a burst.
   */
  hold(): void {
    this.held = true;
  }

  /** Sends what was held, in publish order. */
  release(): void {
    this.held = false;
    for (const sub of this.subs.values()) this.flush(sub);
  }

  /** The next `n` acknowledgements get lost on the way: those messages come again after the ack timeout. */
  loseAcks(n: number): void {
    this.acksToLose = n;
  }

  /** Drops every consumer connection, as a service restart or a network cut does. */
  dropConnections(): void {
    for (const ws of this.wss.clients) ws.terminate();
  }

  /**
   * The locks' side, for demos: `POST /locks/{devId}/report` with `[{code, value}]` reports those
   * data points as if someone used the lock (a finger, a tamper alarm).
   */
  private panel(req: http.IncomingMessage, res: http.ServerResponse): void {
    const m = /^\/locks\/([^/]+)\/report$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !m) return void res.writeHead(404).end();
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
      if (body.length > 65_536) req.destroy();
    });
    req.on('end', () => {
      let status: unknown;
      try {
        status = JSON.parse(body);
      } catch {
        status = undefined;
      }
      if (!Array.isArray(status)) return void res.writeHead(400, { 'Content-Type': 'text/plain' }).end('a JSON list of {code, value}');
      const messageId = this.report(decodeURIComponent(m[1]), status as Array<{ code: string; value: unknown }>);
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ messageId }));
    });
  }

  private subscription(env: string): Subscription {
    let sub = this.subs.get(env);
    if (!sub) this.subs.set(env, (sub = { consumers: [], ackTimeoutMs: 30_000, pending: new Map() }));
    return sub;
  }

  private upgrade(req: http.IncomingMessage, socket: Socket, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'ws://x');
    const id = this.opts.accessId;
    const m = /^\/ws\/v2\/consumer\/persistent\/([^/]+)\/out\/(event|event-test)\/([^/]+)$/.exec(url.pathname);
    const refuse = (status: number, text: string): void => {
      this.counts.refused++;
      socket.end(`HTTP/1.1 ${status} ${text}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
    };
    if (!m || decodeURIComponent(m[1]) !== id || decodeURIComponent(m[3]) !== `${id}-sub`) return refuse(404, 'Not Found');
    if (url.searchParams.get('subscriptionType') !== 'Failover') return refuse(400, 'Bad Request');
    if (req.headers.username !== id || req.headers.password !== tuyaPushPassword(id, this.opts.accessSecret)) return refuse(401, 'Unauthorized');
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.counts.connects++;
      const sub = this.subscription(m[2]);
      const ackTimeout = this.opts.ackTimeoutMs ?? Number(url.searchParams.get('ackTimeoutMillis'));
      if (Number.isFinite(ackTimeout) && ackTimeout > 0) sub.ackTimeoutMs = ackTimeout;
      sub.consumers.push(ws);
      ws.on('message', (raw, isBinary) => {
        if (isBinary) return; // Pulsar reads acks in text frames only (ConsumerHandler.onWebSocketText)
        let ack: { messageId?: unknown };
        try {
          ack = JSON.parse(String(raw)) as { messageId?: unknown };
        } catch {
          return;
        }
        if (typeof ack.messageId !== 'string') return;
        if (this.acksToLose > 0 && sub.pending.has(ack.messageId)) return void this.acksToLose--;
        if (sub.pending.delete(ack.messageId)) this.counts.acked++;
      });
      ws.on('close', () => {
        const was = sub.consumers[0] === ws;
        sub.consumers = sub.consumers.filter((c) => c !== ws);
        // The next consumer takes over, and gets what the one that left never acknowledged.
        if (was) for (const p of sub.pending.values()) p.to = undefined;
        this.flush(sub);
      });
      this.flush(sub);
    });
  }

  /** Sends to the active consumer what it has not been sent. */
  private flush(sub: Subscription): void {
    const active = sub.consumers[0];
    if (this.held || !active || active.readyState !== active.OPEN) return;
    // A few frames a write, as a broker sends what its receiver queue holds: not one system call a frame.
    const socket = (active as unknown as { _socket?: Socket })._socket;
    let corked = 0;
    for (const p of sub.pending.values()) {
      if (p.to === active) continue;
      if (corked === 0) socket?.cork();
      this.send(p, active);
      if (++corked === 64) {
        socket?.uncork();
        corked = 0;
      }
    }
    if (corked) socket?.uncork();
  }

  private send(p: Pending, to: WebSocket): void {
    if (p.times++ > 0) this.counts.redelivered++;
    else this.counts.sent++;
    p.sentAt = Date.now();
    p.to = to;
    to.send(p.frame);
  }

  private redeliver(): void {
    const now = Date.now();
    for (const sub of this.subs.values()) {
      for (const p of sub.pending.values()) if (p.to && now - p.sentAt >= sub.ackTimeoutMs) p.to = undefined;
      this.flush(sub);
    }
  }
}
