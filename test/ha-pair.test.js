'use strict';
// Scale-out: two Node-RED processes run the same push flow (an HA pair). The message service's
// Failover subscription gives the stream to one; when that one dies the other takes it over,
// and every event reaches the pair's output once.
require('should');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');
const { startNodeRed } = require('../scripts/demo');
const { TuyaSimulator, TuyaPushSimulator, AliyunSimulator, AliyunPushSimulator } = require('../dist/lib/simulators');
const { TUYA, ALIYUN } = require('./support/flow');
const { until } = require('./support/wait');

const DEV = 'lock-wifi-1';

/** Collects what each instance posts: [instance, event]. */
function collector() {
  const got = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      got.push([req.url.split('/').pop(), JSON.parse(body)]);
      res.end('ok');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ got, url: `http://127.0.0.1:${server.address().port}`, server })));
}

/** Each system's push stream: its simulators, its config node, and one lock event. */
const SYSTEMS = {
  tuya: {
    sharing: 'Failover: one consumer has the stream',
    start: async () => {
      const push = new TuyaPushSimulator(TUYA);
      await push.start();
      const sim = new TuyaSimulator(TUYA);
      await sim.start();
      return { sim, push, credentials: TUYA, consumers: () => push.consumers(), pending: () => push.unacked() };
    },
    config: (s) => ({ type: 'smartlock-tuya', region: 'custom', baseUrl: s.sim.url, eventsUrl: s.push.url, projectId: s.sim.opts.projectId }),
    event: (s, i) => s.push.report(DEV, [{ code: 'unlock_card', value: i }]),
  },
  aliyun: {
    sharing: 'one consumer group: each message to one consumer',
    start: async () => {
      const push = new AliyunPushSimulator(ALIYUN);
      await push.start();
      const sim = new AliyunSimulator({ ...ALIYUN, projectId: 'a1sim-project' });
      await sim.start();
      return { sim, push, credentials: ALIYUN, consumers: () => push.consumers(), pending: () => push.unaccepted() };
    },
    config: (s) => ({ type: 'smartlock-aliyun', host: 'custom', baseUrl: s.sim.url, eventsUrl: s.push.url, projectId: 'a1sim-project' }),
    event: (s, i) => s.push.event('dev-door-1', 'DoorOpenNotification', { KeyID: String(i), LockType: 3 }),
  },
};

function flowFor(vendor, instance, s, sink) {
  return [
    { id: 'tab', type: 'tab', label: 'door events' },
    { id: 'cfg', ...SYSTEMS[vendor].config(s), configVersion: 2 },
    { id: 'ev', z: 'tab', type: 'smartlock-events', vendor, [vendor]: 'cfg', source: 'push', devices: '', configVersion: 2, wires: [['post']] },
    { id: 'post', z: 'tab', type: 'http request', method: 'POST', ret: 'txt', url: `${sink}/${instance}`, wires: [[]] },
  ];
}

for (const [vendor, system] of Object.entries(SYSTEMS))
  describe(`an HA pair of Node-RED instances on one ${vendor} push stream (${system.sharing})`, function () {
    this.timeout(120_000);
    let s;
    let sink;
    const instances = [];
    before(async () => {
      s = await system.start();
      sink = await collector();
    });
    after(async () => {
      for (const i of instances) await i.stop();
      await s.sim.stop();
      await s.push.stop();
      sink.server.close();
    });

    it('emits each event once across the pair, and the survivor goes on when one instance dies', async () => {
      for (const name of ['a', 'b']) {
        const userDir = fs.mkdtempSync(path.join(os.tmpdir(), `smartlock-ha-${name}-`));
        instances.push(
          await startNodeRed({ userDir, stdio: 'pipe', flows: flowFor(vendor, name, s, `${sink.url}/collect`), credentials: { cfg: s.credentials } }),
        );
        await until(() => s.consumers() === instances.length, `instance ${name} subscribed`);
      }
      const sent = [];
      for (let i = 0; i < 20; i++) sent.push(system.event(s, i));
      await until(() => sink.got.length === 20 && s.pending() === 0, 'the first 20 events');
      const before = new Set(sink.got.map(([who]) => who));

      await instances[0].stop('SIGKILL'); // no goodbye: the process is gone
      for (let i = 20; i < 40; i++) sent.push(system.event(s, i));
      await until(() => sink.got.length >= 40 && s.pending() === 0, 'the survivor taking over');
      await new Promise((r) => setTimeout(r, 300));
      const ids = sink.got.map(([, e]) => e.id);
      ids.length.should.equal(40, 'no event doubled');
      new Set(ids).size.should.equal(40);
      ids.sort().should.eql([...sent].sort(), 'no event lost');
      sink.got
        .slice(20)
        .every(([who]) => who === 'b')
        .should.be.true('after a dies, b has the stream');
      if (vendor === 'tuya') before.should.eql(new Set(['a']), 'Failover: the first consumer had it all');
    });
  });
