'use strict';
// Redeploy while 200 requests are in flight: every msg ends (output or error), close is quick,
// and no socket or timer of ours is left behind.
require('should');
const { helper, startHotel, startTuya, loadFlow } = require('./support/flow');

const resources = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap' || r === 'Timeout').length;

describe('lifecycle', function () {
  this.timeout(60_000);

  for (const [vendor, start, type, operation, payload] of [
    ['hotel', startHotel, 'smartlock-remote-open', 'open', { deviceId: '775032240849920' }],
    ['tuya', startTuya, 'smartlock-device', 'status', { deviceId: 'lock-wifi-1' }],
  ]) {
    it(`${vendor}: stopping the flows with 200 msgs in flight ends every one, within 15 s, leaving nothing open`, async () => {
      const sim = await start();
      const baseline = resources();
      try {
        await loadFlow(sim, [{ id: 'n', type, operation }], { maxConcurrent: 4, maxQueue: 500 });
        sim.inject({ kind: 'delay', ms: 300 }, { times: Infinity });
        const node = helper.getNode('n');
        const ended = new Map();
        const mark = (m) => m && m._n !== undefined && ended.set(m._n, (ended.get(m._n) ?? 0) + 1);
        helper.getNode('out').on('input', mark);
        // done(err) after close reaches no Catch node (it is closed too): count it where it happens.
        const error = node.error;
        node.error = function (err, msg) {
          mark(msg);
          return error.call(this, err, msg);
        };
        for (let i = 0; i < 200; i++) node.receive({ _n: i, payload });
        await new Promise((r) => setTimeout(r, 350)); // some answered, most still queued or in flight
        const started = Date.now();
        await helper._redNodes.stopFlows();
        const closeMs = Date.now() - started;
        await new Promise((r) => setTimeout(r, 500));
        closeMs.should.be.below(15_000);
        ended.size.should.equal(200);
        [...ended.values()].every((n) => n === 1).should.be.true();
        sim.clearFaults();
      } finally {
        await helper.unload();
        await sim.stop();
      }
      await new Promise((r) => setTimeout(r, 100));
      resources().should.be.belowOrEqual(baseline);
    });
  }
});
