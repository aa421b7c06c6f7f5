'use strict';
// The Alibaba AMQP client against a real AMQP 1.0 broker: Debian's RabbitMQ with its AMQP 1.0
// plugin, started here on 127.0.0.1 in a temporary directory. It proves the wire — SASL PLAIN
// with the signed login, the receiver link, accepting a delivery, a broker's redelivery of one
// not accepted, a refused login as AUTH — which the simulator, written with the same library,
// could get wrong in the same way. Alibaba's gateway semantics (consumer groups, its login
// check) only the simulator models. Skipped where RabbitMQ is missing, except in CI.
require('should');
const fs = require('node:fs');
const os = require('node:os');
const net = require('node:net');
const path = require('node:path');
const { spawn, execFileSync } = require('node:child_process');
const rhea = require('rhea');
const { PushHub } = require('../dist/lib/push');
const { AliyunPushTransport, aliyunPushLogin } = require('../dist/lib/vendors/aliyun/push');
const { until } = require('./support/wait');

const BIN = '/usr/lib/rabbitmq/bin';
const NOW = 1_700_000_000_000; // the login time: the broker's user is made for it in advance
const APP = { appKey: 'rabbit-appkey', appSecret: 'rabbit-app-secret' };
const CLIENT = 'smartlock-rabbit-test';
const QUEUE = '/queue/default';

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

describe('Alibaba AMQP client against RabbitMQ (AMQP 1.0)', function () {
  this.timeout(120_000);
  let broker;
  let env;
  let port;
  let dir;
  const ctl = (...args) =>
    execFileSync(path.join(BIN, 'rabbitmqctl'), ['-n', env.RABBITMQ_NODENAME, ...args], {
      env,
      encoding: 'utf8',
      timeout: 60_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });

  before(async function () {
    if (!fs.existsSync(path.join(BIN, 'rabbitmq-server'))) {
      if (process.env.CI) throw new Error('RabbitMQ is required in CI (apt-get install rabbitmq-server)');
      return this.skip();
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'smartlock-rabbit-'));
    port = await freePort();
    fs.writeFileSync(path.join(dir, 'enabled_plugins'), '[rabbitmq_amqp1_0].\n');
    fs.writeFileSync(path.join(dir, 'rabbitmq.conf'), 'loopback_users = none\n');
    env = {
      ...process.env,
      HOME: dir, // the Erlang cookie
      RABBITMQ_NODENAME: `smartlock${port}@localhost`,
      RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
      RABBITMQ_NODE_PORT: String(port),
      RABBITMQ_DIST_PORT: String(await freePort()),
      RABBITMQ_MNESIA_BASE: path.join(dir, 'mnesia'),
      RABBITMQ_LOG_BASE: path.join(dir, 'log'),
      RABBITMQ_ENABLED_PLUGINS_FILE: path.join(dir, 'enabled_plugins'),
      RABBITMQ_CONFIG_FILE: path.join(dir, 'rabbitmq'),
      RABBITMQ_PID_FILE: path.join(dir, 'pid'),
      ERL_EPMD_ADDRESS: '127.0.0.1',
    };
    const log = fs.openSync(path.join(dir, 'server.log'), 'a');
    broker = spawn(path.join(BIN, 'rabbitmq-server'), [], { env, stdio: ['ignore', log, log], detached: true });
    // The node registers with epmd a few seconds in; until then the CLI cannot reach it.
    await until(
      () => {
        try {
          ctl('await_startup');
          return true;
        } catch {
          return false;
        }
      },
      'RabbitMQ to start',
      90_000,
    );
    const login = aliyunPushLogin(APP, CLIENT, NOW);
    ctl('add_user', login.username, login.password);
    ctl('set_permissions', '-p', '/', login.username, '.*', '.*', '.*');
  });

  after(() => {
    if (!broker) return;
    try {
      ctl('stop');
    } catch {
      /* not up: the group is killed below */
    }
    try {
      process.kill(-broker.pid, 'SIGKILL'); // the script and the Erlang VM it started
    } catch {
      /* already gone */
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const transport = (extra = {}) =>
    new AliyunPushTransport({ url: `amqp://127.0.0.1:${port}`, ...APP, clientId: CLIENT, now: () => NOW, address: QUEUE, ...extra });
  const queued = () => {
    const line = ctl('list_queues', '-q', 'name', 'messages')
      .split('\n')
      .find((l) => l.startsWith('default\t'));
    return line ? Number(line.split('\t')[1]) : 0;
  };
  /** Publishes thing-model events into the queue, as the platform's gateway would. */
  async function publish(events) {
    const login = aliyunPushLogin(APP, CLIENT, NOW);
    const conn = rhea.create_container().connect({ host: '127.0.0.1', port, username: login.username, password: login.password });
    const sender = conn.open_sender(QUEUE);
    await new Promise((resolve) => sender.once('sendable', resolve));
    for (const [id, iotId, identifier, value] of events) {
      sender.send({
        application_properties: { topic: `/pk/${iotId}/thing/event/${identifier}/post`, messageId: id, generateTime: Date.now() },
        body: rhea.message.data_section(Buffer.from(JSON.stringify({ iotId, identifier, value, time: Date.now() }))),
      });
    }
    await new Promise((resolve) => {
      let settled = 0;
      sender.on('accepted', () => ++settled === events.length && resolve());
    });
    conn.close();
  }

  it('receives, normalizes and accepts: the broker holds nothing afterwards', async () => {
    await publish([['rq-1', 'dev-door-1', 'DoorOpenNotification', { KeyID: '3', LockType: 1 }]]);
    const got = [];
    const hub = new PushHub(transport(), { minDelayMs: 50 });
    hub.subscribe({ wants: () => true, deliver: (e) => got.push(e), state: () => {}, warn: () => {} });
    await until(() => got.length === 1, 'the event');
    got[0].should.match({ deviceId: 'dev-door-1', kind: 'unlock', method: 'fingerprint', credential: { kind: 'fingerprint', id: '3' }, id: 'rq-1' });
    await until(() => queued() === 0, 'the accept to reach the broker');
    hub.close();
  });

  it('a delivery not accepted is redelivered by the broker, and the hub emits it once', async () => {
    await publish([['rq-2', 'dev-door-1', 'HijackingAlarm', { KeyID: '4' }]]);
    // A first consumer takes it and goes away without accepting (Node-RED stopped in between).
    const taken = [];
    const first = await transport().connect({ message: (m) => taken.push(m.id), unreadable: () => {}, closed: () => {} });
    await until(() => taken.length === 1, 'the first delivery');
    first.close();
    // The ids a hub emitted are kept (the config's context): the redelivery is not sent again.
    let saved = ['rq-2'];
    const got = [];
    const hub = new PushHub(transport(), { minDelayMs: 50, store: { load: () => saved, save: (ids) => (saved = ids) } });
    hub.subscribe({ wants: () => true, deliver: (e) => got.push(e), state: () => {}, warn: () => {} });
    await until(() => hub.counts.duplicates === 1, 'the redelivery');
    got.should.have.length(0);
    await until(() => queued() === 0, 'the redelivery accepted');
    hub.close();
  });

  it('a login the broker refuses is AUTH', async () => {
    await transport({ appSecret: 'not-the-secret' })
      .connect({ message: () => {}, unreadable: () => {}, closed: () => {} })
      .should.be.rejectedWith({ code: 'AUTH' });
  });
});
