'use strict';
// Push streams against hostile peers written here (not the project's simulators), on 127.0.0.1:
// a raw Pulsar-WebSocket peer and an AMQP 1.0 peer that misbehave in the ways real servers and
// networks do. Each test counts what matters (connections, sockets still open, events, acks);
// none asserts a duration.
require('should');
const http = require('node:http');
const net = require('node:net');
const nodeCrypto = require('node:crypto');
const rhea = require('rhea');
const { WebSocketServer } = require('ws');
const { PushHub } = require('../dist/lib/push');
const { TuyaPushTransport } = require('../dist/lib/vendors/tuya/push');
const { TuyaPushSimulator } = require('../dist/lib/vendors/tuya/push-simulator');
const { AliyunPushTransport } = require('../dist/lib/vendors/aliyun/push');
const { until } = require('./support/wait');

const TUYA = { accessId: 'hostile-access-id', accessSecret: 'HostileTuyaAccessSecret012345678' };
const ALIYUN = { appKey: 'hostile-appkey', appSecret: 'hostile-app-secret' };
const DEV = 'lock-hostile-1';

/** Every socket a server accepted, and whether the client still holds it open (closed once the client's FIN arrived). */
function track(server) {
  const sockets = [];
  server.on('connection', (s) => {
    const entry = { socket: s, open: true };
    sockets.push(entry);
    const gone = () => {
      entry.open = false;
      s.destroy(); // an upgraded http socket allows half-open: the peer's side is not kept either
    };
    s.on('end', gone);
    s.on('close', gone);
  });
  return { all: sockets, open: () => sockets.filter((e) => e.open).length };
}

/** One WebSocket frame from the server (unmasked), `length` as declared when the body is left out. */
function wsFrame(opcode, body, length = body.length) {
  let head;
  if (length < 126) head = Buffer.from([0x80 | opcode, length]);
  else if (length < 65536) {
    head = Buffer.alloc(4);
    head.writeUInt16BE(length, 2);
    head[1] = 126;
  } else {
    head = Buffer.alloc(10);
    head.writeBigUInt64BE(BigInt(length), 2);
    head[1] = 127;
  }
  head[0] = 0x80 | opcode;
  return Buffer.concat([head, body]);
}

/** A Pulsar WS consumer frame as Tuya's service sends it: base64 payload, data AES-128-ECB with characters 8-23 of the secret. */
function tuyaFrame(messageId, data, protocol = 4) {
  const c = nodeCrypto.createCipheriv('aes-128-ecb', Buffer.from(TUYA.accessSecret.slice(8, 24)), null);
  const enc = Buffer.concat([c.update(JSON.stringify(data)), c.final()]).toString('base64');
  const payload = Buffer.from(JSON.stringify({ protocol, pv: '2.0', t: Date.now(), data: enc })).toString('base64');
  return JSON.stringify({ messageId, payload, properties: {}, publishTime: new Date().toISOString() });
}

/**
 * A Pulsar-WebSocket peer. Each upgrade takes the next step of `plan`: `raw(socket, accept)`
 * writes the handshake itself (and whatever follows it in the same write); `ws(client)` gets a
 * well-behaved WebSocket; no step left: a plain good connection.
 */
class HostilePulsar {
  constructor() {
    this.plan = [];
    this.acks = [];
    this.upgrades = 0;
    this.clients = [];
    this.wss = new WebSocketServer({ noServer: true });
    this.server = http.createServer((_q, res) => res.end());
    this.sockets = track(this.server);
    this.server.on('upgrade', (req, socket, head) => {
      this.upgrades++;
      const step = this.plan.shift() ?? {};
      if (step.silent) return; // never answers the handshake
      if (step.raw) {
        const accept = nodeCrypto
          .createHash('sha1')
          .update(req.headers['sec-websocket-key'] + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11')
          .digest('base64');
        const head101 = `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`;
        socket.resume(); // reads (and drops) what the client sends, so that its FIN is seen
        return void socket.write(Buffer.concat([Buffer.from(head101), step.raw]));
      }
      this.wss.handleUpgrade(req, socket, head, (client) => {
        this.clients.push(client);
        client.on('message', (d) => this.acks.push(JSON.parse(String(d)).messageId));
        step.ws?.(client);
      });
    });
  }
  async start() {
    await new Promise((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `ws://127.0.0.1:${this.server.address().port}/`;
  }
  live() {
    return this.clients.filter((c) => c.readyState === 1);
  }
  async stop() {
    for (const e of this.sockets.all) e.socket.destroy();
    await new Promise((r) => this.server.close(r));
  }
}

/**
 * An AMQP 1.0 peer (rhea in server mode, any login accepted). Each connection takes the next step
 * of `plan`, run when the client's receiver attaches; no step left: a good link.
 */
class HostileAmqp {
  constructor() {
    this.plan = [];
    this.accepted = [];
    this.links = [];
    this.opens = [];
    this.container = rhea.create_container({ id: 'hostile-amqp' });
    this.container.sasl_server_mechanisms.enable_plain(() => true);
    this.container.on('connection_open', (ctx) => this.opens.push(ctx.connection.remote.open));
    this.container.on('sender_open', (ctx) => {
      const step = this.plan.shift();
      if (step) return void step(ctx);
      this.links.push(ctx.sender);
    });
    this.container.on('disconnected', () => {});
    this.container.on('accepted', (ctx) => this.accepted.push(ctx.delivery.tag.toString()));
  }
  async start() {
    this.server = this.container.listen({ port: 0, host: '127.0.0.1' });
    this.sockets = track(this.server);
    await new Promise((r) => this.server.once('listening', r));
    this.url = `amqp://127.0.0.1:${this.server.address().port}`;
  }
  live() {
    return this.links.filter((l) => l.is_open());
  }
  /** a lock event as Alibaba forwards it: topic and messageId in the application properties, JSON in a data section */
  send(link, messageId, identifier, value) {
    link.send(
      {
        application_properties: { topic: `/pk/${DEV}/thing/event/${identifier}/post`, messageId, generateTime: Date.now() },
        body: rhea.message.data_section(Buffer.from(JSON.stringify({ iotId: DEV, identifier, value, time: Date.now() }))),
      },
      Buffer.from(messageId),
    );
  }
  async stop() {
    for (const e of this.sockets.all) e.socket.destroy();
    await new Promise((r) => this.server.close(r));
  }
}

const hubs = [];
const hubOf = (transport) => {
  const h = new PushHub(transport, { minDelayMs: 20, maxDelayMs: 100 });
  hubs.push(h);
  return h;
};
afterEach(() => {
  for (const h of hubs.splice(0)) h.close();
});
const listener = (got, states = [], warnings = []) => ({
  wants: () => true,
  deliver: (e) => got.push(e),
  state: (s) => states.push(s),
  warn: (e) => warnings.push(e.message),
});

describe('push against a hostile Pulsar-WebSocket peer (Tuya)', function () {
  let peer;
  beforeEach(async () => {
    peer = new HostilePulsar();
    await peer.start();
  });
  afterEach(() => peer.stop());
  const tuya = (extra = {}) => hubOf(new TuyaPushTransport({ url: peer.url, ...TUYA, heartbeatMs: 60_000, ...extra }));

  // The 101 and a frame that kills the connection arrive in one write: the close is told before connect() resolved.
  const killers = {
    'invalid UTF-8 in a text frame': wsFrame(1, Buffer.from([0x7b, 0xff, 0xfe, 0x7d])),
    'a frame longer than the client reads (header only)': wsFrame(1, Buffer.alloc(0), 64 * 1024 * 1024),
    'a close frame (1011)': wsFrame(8, Buffer.from([0x03, 0xf3])),
  };
  for (const [name, bytes] of Object.entries(killers)) {
    it(`the 101 followed in the same write by ${name}: it reconnects, the events after it arrive`, async () => {
      peer.plan.push({ raw: bytes });
      const got = [];
      const states = [];
      tuya().subscribe(listener(got, states));
      await until(() => peer.live().length === 1, 'a second, good connection');
      peer.upgrades.should.equal(2);
      peer.live()[0].send(tuyaFrame('m-after', { devId: DEV, status: [{ code: 'unlock_card', value: 4, t: Date.now() }] }));
      await until(() => got.length === 1 && peer.acks.includes('m-after'), 'the event and its ack');
      states.filter((s) => s.state === 'reconnecting').should.have.length(1);
      states.at(-1).state.should.equal('connected');
    });
  }

  it('a 6 MB message at the head of the subscription is read; a 6 MB one that cannot be decrypted is acked and named with its size', async () => {
    // Pulsar's default largest message is 5 MiB; its base64 in the WS envelope is about 6.7 MiB.
    const got = [];
    const warnings = [];
    tuya().subscribe(listener(got, [], warnings));
    await until(() => peer.live().length === 1, 'the connection');
    const big = { devId: DEV, status: [{ code: 'unlock_card', value: 1, t: Date.now(), note: 'x'.repeat(4_500_000) }] };
    peer.live()[0].send(tuyaFrame('m-big', big));
    const junk = JSON.stringify({ messageId: 'm-junk', payload: Buffer.from(JSON.stringify({ data: 'A'.repeat(6_000_000) })).toString('base64') });
    peer.live()[0].send(junk);
    peer.live()[0].send(tuyaFrame('m-small', { devId: DEV, status: [{ code: 'unlock_card', value: 2, t: Date.now() }] }));
    await until(() => ['m-big', 'm-junk', 'm-small'].every((id) => peer.acks.includes(id)), 'all three acked');
    got.map((e) => e.credential.id).should.eql(['1', '2']);
    warnings.should.have.length(1);
    warnings[0].should.match(/^push message m-junk could not be read \(.*; \d{7,} bytes\): acknowledged and dropped$/);
    peer.upgrades.should.equal(1);
  });

  it('a message past the 8 MiB read at the head of the subscription (the simulator): said once, plainly, however many reconnects', async () => {
    // Only a broker whose maxMessageSize is above Pulsar's 5 MiB default sends one; never acknowledged, it comes first on every connection.
    const sim = new TuyaPushSimulator(TUYA);
    await sim.start();
    try {
      sim.report(DEV, [{ code: 'unlock_card', value: 1, note: 'x'.repeat(7_000_000) }]);
      const states = [];
      const warnings = [];
      hubOf(new TuyaPushTransport({ url: sim.url, ...TUYA, heartbeatMs: 60_000 })).subscribe(listener([], states, warnings));
      await until(() => states.filter((s) => s.state === 'reconnecting').length >= 4, 'four reconnects');
      sim.counts.connects.should.be.aboveOrEqual(4);
      warnings.should.eql([
        "a push message larger than 8 MiB is at the head of the subscription, so the stream reconnects to it: the broker's maxMessageSize is above Pulsar's 5 MiB default; lower it or remove the message",
      ]);
      for (const s of states.filter((x) => x.state === 'reconnecting')) s.error.message.should.equal(warnings[0]);
    } finally {
      await sim.stop();
    }
  });

  it('a frame without a message id is said to be ignored, not acknowledged', async () => {
    const warnings = [];
    tuya().subscribe(listener([], [], warnings));
    await until(() => peer.live().length === 1, 'the connection');
    peer.live()[0].send(JSON.stringify({ payload: 'e30=' }));
    await until(() => warnings.length === 1, 'the warning');
    warnings[0].should.equal('a push frame could not be read (no messageId) and was ignored: it has no message id to acknowledge');
    peer.acks.should.have.length(0);
  });

  it('a half-open peer (answers the handshake, then never a pong) is dropped after two heartbeats and the stream reconnects', async () => {
    // The default heartbeat is 30 s, so a silent peer ends within 60 s; here 40 ms, to see the rule, not the time.
    peer.plan.push({ raw: Buffer.alloc(0) });
    const states = [];
    tuya({ heartbeatMs: 40 }).subscribe(listener([], states));
    await until(() => peer.live().length === 1 && !peer.sockets.all[0].open, 'the silent one closed, a second, good connection');
    states.filter((s) => s.state === 'reconnecting').should.have.length(1);
  });

  it('a handshake never answered: every try leaves no socket behind, nor does close()', async () => {
    peer.plan.push({ silent: true }, { silent: true }, { silent: true }, { silent: true }, { silent: true });
    const h = tuya({ connectTimeoutMs: 50 });
    h.subscribe(listener([]));
    // Five tries made; the four before the last are closed while the fifth may still be waiting.
    await until(() => peer.upgrades >= 5 && peer.sockets.all.slice(0, 4).every((e) => !e.open), 'four abandoned tries closed');
    h.close();
    await until(() => peer.sockets.open() === 0, 'no socket open after close()');
  });

  it('a peer that never answers the close: close() still leaves no socket', async () => {
    const h = tuya();
    peer.plan.push({ ws: (client) => (client._socket.removeAllListeners('data'), client._socket.on('data', () => {})) });
    h.subscribe(listener([]));
    await until(() => peer.clients.length === 1, 'the connection');
    h.close();
    await until(() => peer.sockets.open() === 0, 'the socket closed');
  });
});

describe('push against a hostile AMQP 1.0 peer (Alibaba)', function () {
  let peer;
  beforeEach(async () => {
    peer = new HostileAmqp();
    await peer.start();
  });
  afterEach(() => peer.stop());
  const aliyun = (extra = {}) => hubOf(new AliyunPushTransport({ url: peer.url, ...ALIYUN, address: 'default', ...extra }));

  // Each ends the stream right after the attach, in the same socket write as the attach's answer.
  const endings = {
    'detach with an error': (ctx) => ctx.sender.close({ condition: 'amqp:internal-error', description: 'hostile detach' }),
    'detach without an error': (ctx) => ctx.sender.close(),
    'the connection closed': (ctx) => ctx.connection.close({ condition: 'amqp:connection:forced', description: 'hostile close' }),
    'the session ended': (ctx) => ctx.session.close(),
  };
  for (const [name, end] of Object.entries(endings)) {
    it(`attach then ${name}: it reconnects, the events after it arrive`, async () => {
      peer.plan.push((ctx) => {
        ctx.sender.open();
        end(ctx);
      });
      const got = [];
      const states = [];
      aliyun().subscribe(listener(got, states));
      await until(() => peer.live().length === 1, 'a second, good link');
      peer.send(peer.live()[0], 'm-after', 'DoorOpenNotification', { KeyID: '3', LockType: 1 });
      await until(() => got.length === 1 && peer.accepted.includes('m-after'), 'the event and its accept');
      got[0].should.match({ deviceId: DEV, kind: 'unlock', credential: { kind: 'fingerprint', id: '3' } });
      states.filter((s) => s.state === 'reconnecting').length.should.be.aboveOrEqual(1);
      states.at(-1).state.should.equal('connected');
    });
  }

  it('a link detached later without an error: it reconnects and says so', async () => {
    const got = [];
    const states = [];
    aliyun().subscribe(listener(got, states));
    await until(() => peer.live().length === 1, 'the link');
    peer.live()[0].close();
    await until(() => peer.live().length === 1 && peer.links.length === 2, 'a new link');
    states.some((s) => s.state === 'reconnecting' && /receiver link detached/.test(s.error.message)).should.be.true();
    peer.send(peer.live()[0], 'm-2', 'DoorOpenNotification', { KeyID: '5', LockType: 2 });
    await until(() => got.length === 1, 'the event on the new link');
  });

  it('announces an idle time-out of 30 s, so a half-open connection ends within 60 s (rhea gives up after twice)', async () => {
    aliyun().subscribe(listener([]));
    await until(() => peer.opens.length === 1, 'the open frame');
    peer.opens[0].idle_time_out.should.equal(30_000);
  });

  it('a peer that accepts TCP and never speaks: every timed-out try leaves no socket behind, nor does close()', async () => {
    const silent = net.createServer((s) => s.resume()); // reads (and drops) so that the client's FIN is seen
    const sockets = track(silent);
    await new Promise((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const h = hubOf(new AliyunPushTransport({ url: `amqp://127.0.0.1:${silent.address().port}`, ...ALIYUN, connectTimeoutMs: 50 }));
      h.subscribe(listener([]));
      await until(() => sockets.all.length >= 5 && sockets.all.slice(0, 4).every((e) => !e.open), 'four abandoned tries closed');
      h.close();
      await until(() => sockets.open() === 0, 'no socket open after close()');
    } finally {
      for (const e of sockets.all) e.socket.destroy();
      await new Promise((r) => silent.close(r));
    }
  });

  it('a peer that never answers the close: close() still leaves no socket', async () => {
    const h = aliyun();
    h.subscribe(listener([]));
    await until(() => peer.live().length === 1, 'the link');
    peer.container.removeAllListeners('connection_close');
    // the peer's rhea would answer the close frame; make it deaf
    for (const e of peer.sockets.all) e.socket.removeAllListeners('data');
    h.close();
    await until(() => peer.sockets.open() === 0, 'the socket closed');
  });
});
