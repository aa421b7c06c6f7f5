'use strict';
// A Node-RED restart between a pushed message's emission and its ack: with a persistent context
// store (localfilesystem, as the README and the events node's help say), the message service's
// redeliveries are known and not emitted again. Two Node-RED processes, one after the other.
require('should');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');
const { startNodeRed } = require('../scripts/demo');
const { TuyaSimulator, TuyaPushSimulator } = require('../dist/lib/simulators');
const { TUYA } = require('./support/flow');
const { until } = require('./support/wait');

const DEV = 'lock-wifi-1';

describe('push events over a Node-RED restart', function () {
  this.timeout(120_000);
  let push;
  let sim;
  let sink;
  let red;
  let userDir;
  const got = [];
  before(async () => {
    push = new TuyaPushSimulator({ ...TUYA, ackTimeoutMs: 600_000 }); // redelivered only to the next consumer
    await push.start();
    sim = new TuyaSimulator(TUYA);
    await sim.start();
    sink = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        got.push(JSON.parse(body));
        res.end('ok');
      });
    });
    await new Promise((r) => sink.listen(0, '127.0.0.1', r));
  });
  after(async () => {
    await red?.stop();
    await sim.stop();
    await push.stop();
    sink.close();
    if (userDir) fs.rmSync(userDir, { recursive: true, force: true });
  });

  it('with the localfilesystem context store, the redeliveries after a restart are not emitted again', async () => {
    userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'smartlock-restart-'));
    const flows = [
      { id: 'tab', type: 'tab', label: 'door events' },
      { id: 'cfg', type: 'smartlock-tuya', region: 'custom', baseUrl: sim.url, eventsUrl: push.url, configVersion: 2 },
      { id: 'ev', z: 'tab', type: 'smartlock-events', vendor: 'tuya', tuya: 'cfg', source: 'push', devices: '', configVersion: 2, wires: [['post']] },
      { id: 'post', z: 'tab', type: 'http request', method: 'POST', ret: 'txt', url: `http://127.0.0.1:${sink.address().port}/got`, wires: [[]] },
    ];
    const start = () =>
      startNodeRed({ userDir, stdio: 'pipe', flows, credentials: { cfg: TUYA }, settings: { contextStorage: { default: { module: 'localfilesystem' } } } });
    red = await start();
    await until(() => push.consumers() === 1, 'the first Node-RED subscribed');
    push.loseAcks(5); // emitted, but Node-RED stops before the service hears the acks
    for (let i = 1; i <= 5; i++) push.report(DEV, [{ code: 'unlock_card', value: i }]);
    await until(() => got.length === 5, 'five events');
    await red.stop('SIGINT'); // a clean stop: the context store writes its file
    push.counts.redelivered.should.equal(0);
    red = await start();
    await until(() => push.counts.redelivered >= 5 && push.unacked() === 0, 'the redeliveries acknowledged by the restarted Node-RED');
    got.map((e) => e.credential.id).should.eql(['1', '2', '3', '4', '5']);
  });
});
