'use strict';
// Redeploy while 200 requests are in flight: every msg ends (output or error), close is quick,
// and no socket or timer of ours is left behind.
const should = require('should');
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

  it('a burst of 10 000 msgs over a queue of 100 fails fast with QUEUE_FULL and memory stays bounded', async () => {
    should(global.gc).be.a.Function(); // .mocharc.json runs mocha with --expose-gc
    const sim = await startHotel();
    try {
      await loadFlow(sim, [{ id: 'n', type: 'smartlock-users', operation: 'rooms' }], { maxConcurrent: 4, maxQueue: 100 });
      sim.inject({ kind: 'delay', ms: 150 }, { times: Infinity });
      const ended = new Map();
      const mark = (code) => (m) => m._n !== undefined && ended.set(m._n, [...(ended.get(m._n) ?? []), code]);
      helper.getNode('out').on('input', mark('output'));
      helper.getNode('caught').on('input', (m) => mark(m.error.code)(m));
      const heap = () => {
        helper._sandbox.resetHistory(); // the helper's spies keep every call's arguments
        global.gc();
        return process.memoryUsage().heapUsed / 2 ** 20;
      };
      const before = heap();
      const node = helper.getNode('n');
      const filler = 'x'.repeat(4096); // 40 MB over the burst if refused msgs were kept
      const BURST = 10_000;
      for (let i = 0; i < BURST; i++) node.receive({ _n: i, payload: { note: `${filler}${i}` } });
      while (ended.size < BURST - 104) await new Promise((r) => setTimeout(r, 20));
      // Refused at once, while the admitted ones still wait on the slow service.
      const during = heap();
      [...ended.values()].filter((e) => e[0] === 'QUEUE_FULL').length.should.be.aboveOrEqual(BURST - 104);
      (during - before).should.be.below(15, `heap grew ${(during - before).toFixed(1)} MB`);
      console.log(`      heap ${before.toFixed(1)} → ${during.toFixed(1)} MB with 10 000 msgs refused and 100 queued`);
      while (ended.size < BURST) await new Promise((r) => setTimeout(r, 50));
      [...ended.values()].every((e) => e.length === 1).should.be.true();
      [...ended.values()].filter((e) => e[0] === 'output').length.should.be.aboveOrEqual(100);
    } finally {
      sim.clearFaults();
      await helper.unload();
      await sim.stop();
    }
  });
});
