'use strict';
// A vendor server that misbehaves as real ones and networks do. It sits in front of a
// simulator: in mode `pass` it forwards every request there; any other mode answers the
// matching requests itself, badly. Also a small forwarding HTTP proxy, as HTTP_PROXY points at.
const http = require('node:http');

const JSON_HEAD = { 'Content-Type': 'application/json; charset=utf-8' };

/** How each mode answers (or fails to). All traffic stays on 127.0.0.1. */
const BEHAVIOURS = {
  /** headers saying 100 bytes, about 20 of them, then the socket closes */
  truncate(_req, res) {
    res.writeHead(200, { ...JSON_HEAD, 'Content-Length': '100' });
    res.write('{"success":true,"re');
    setImmediate(() => res.socket?.destroy());
  },
  /** one byte every `dripMs`, of a body that never completes in any sensible time */
  drip(_req, res, server) {
    res.writeHead(200, JSON_HEAD);
    server.every(res, server.dripMs, () => res.write(' '));
  },
  /** headers, then silence */
  stall(_req, res) {
    res.writeHead(200, JSON_HEAD);
    res.flushHeaders();
  },
  /** a body that never ends, 16 KiB every 5 ms */
  endless(_req, res, server) {
    res.writeHead(200, JSON_HEAD);
    const chunk = Buffer.alloc(16 * 1024, 32);
    server.every(res, 5, () => res.write(chunk));
  },
  /** a chunked body closed half way */
  closeMid(_req, res) {
    res.writeHead(200, JSON_HEAD);
    res.write('{"success":true,"result":{"total":');
    setTimeout(() => res.socket?.destroy(), 20);
  },
  /** bytes that are not HTTP */
  garbage(_req, res) {
    res.socket.end('\u0000\u0001SMTP ready?\r\n\r\n\u00ff');
  },
};

class HostileServer {
  /** @param {string} upstream the simulator's URL, for mode `pass` */
  constructor(upstream) {
    this.upstream = new URL(upstream);
    this.mode = 'pass';
    /** only requests whose path contains this misbehave (all when empty) */
    this.match = '';
    this.dripMs = 300;
    this.requests = 0;
    this.hostile = 0;
    this.sockets = new Set();
    this.timers = new Set();
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  /** Misbehave with `mode` for requests whose path contains `match` (everything by default). */
  set(mode, match = '') {
    if (mode !== 'pass' && !BEHAVIOURS[mode]) throw new Error(`unknown mode ${mode}`);
    this.mode = mode;
    this.match = match;
    return this;
  }

  async start() {
    await new Promise((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${this.server.address().port}`;
    return this.url;
  }

  async stop() {
    for (const t of this.timers) clearInterval(t);
    for (const s of this.sockets) s.destroy();
    await new Promise((r) => this.server.close(r));
  }

  /** Repeats `fn` until the response's socket closes. */
  every(res, ms, fn) {
    const t = setInterval(() => (res.socket && !res.socket.destroyed ? fn() : clearInterval(t)), ms);
    this.timers.add(t);
    res.on('close', () => {
      clearInterval(t);
      this.timers.delete(t);
    });
  }

  handle(req, res) {
    this.requests++;
    const hostile = this.mode !== 'pass' && (!this.match || req.url.includes(this.match));
    if (!hostile) return forward(req, res, new URL(req.url, this.upstream));
    this.hostile++;
    // Read the request body first, as a server does before it answers.
    req.resume();
    req.on('end', () => BEHAVIOURS[this.mode](req, res, this));
  }
}

/** Sends `req` on to `target` and pipes the answer back; a cut answer stays cut. */
function forward(req, res, target) {
  const up = http.request(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (r) => {
    res.writeHead(r.statusCode, r.headers);
    r.pipe(res);
    r.on('close', () => {
      if (!r.complete) res.socket?.destroy();
    });
  });
  up.on('error', () => res.socket?.destroy());
  req.pipe(up);
}

/** A forwarding proxy for plain-http targets (absolute-URI requests), as HTTP_PROXY names. */
async function startProxy() {
  const sockets = new Set();
  let forwarded = 0;
  const server = http.createServer((req, res) => {
    forwarded++;
    forward(req, res, new URL(req.url));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    get forwarded() {
      return forwarded;
    },
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

module.exports = { HostileServer, startProxy, MODES: Object.keys(BEHAVIOURS) };
