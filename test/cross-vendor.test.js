'use strict';
// The palette's promise: the same msg.payload fields give the same normalized result with
// every vendor that has the operation, and an operation a vendor lacks fails NOT_SUPPORTED.
require('should');
const { helper, startHotel, startTuya, startAliyun, startTtlock, loadFlow, send } = require('./support/flow');
const { VENDORS } = require('../dist/lib/vendors');
const { FAMILIES } = require('../dist/lib/families');
const { formatIso } = require('../dist/lib/time');

const HOUR = 3600e3;
const from = Date.now() + HOUR;
const until = from + 24 * HOUR;
/** One device per simulator, the rest of the payload identical. */
const DEVICES = { hotel: '775032240849920', tuya: 'lock-wifi-1', aliyun: 'dev-door-1', ttlock: '163377' };
const starters = { hotel: startHotel, tuya: startTuya, aliyun: startAliyun, ttlock: startTtlock };
/** Each test config's zone (test/support/flow.js): result times are written in it, the same instant everywhere. */
const HOST = Intl.DateTimeFormat().resolvedOptions().timeZone;
const ZONES = { hotel: 'Asia/Shanghai', aliyun: 'Asia/Shanghai', tuya: HOST, ttlock: HOST };
const inZone = (ms, vendor) => formatIso(ms, ZONES[vendor]);

async function runOn(vendor, type, operation, payload) {
  const sim = await starters[vendor]();
  if (vendor === 'aliyun') sim.persons.set('guest-7', { identityId: 'guest-7', name: 'Guest' });
  try {
    await loadFlow(sim, [{ id: 'n', type, operation }]);
    const res = await send('n', { payload: { deviceId: DEVICES[vendor], ...payload } });
    if (res.error) throw new Error(`${vendor} ${operation}: ${res.error.code} ${res.error.message}`);
    return res.msg.payload;
  } finally {
    await helper.unload();
    await sim.stop();
  }
}

describe('vendor-neutral payloads and results', function () {
  it('issue card: {deviceId, cardId, personId, validFrom, validUntil} answers {cardId, deviceId, validUntil} everywhere', async () => {
    const payload = { cardId: 'CARD-77', personId: 'guest-7', validFrom: from, validUntil: until };
    // TTLock adds a card by the number a reader shows (cardNumber) and answers its own cardId.
    for (const vendor of Object.keys(DEVICES).filter((v) => v !== 'ttlock')) {
      const p = await runOn(vendor, 'smartlock-card', 'issue', payload);
      p.cardId.should.be.a.String();
      p.deviceId.should.equal(DEVICES[vendor]);
      p.validUntil.should.equal(inZone(until, vendor), vendor);
      if (vendor !== 'aliyun') p.validFrom.should.equal(inZone(from, vendor), vendor); // Alibaba's cards have no start
    }
  });

  it('create temp password: {deviceId, name, password, slot, personId, validFrom, validUntil} answers {passwordId, deviceId, validUntil}', async () => {
    const payload = { name: 'Guest 7', password: '2486024', slot: 7, personId: 'guest-7', validFrom: from, validUntil: until };
    for (const vendor of Object.keys(DEVICES)) {
      const p = await runOn(vendor, 'smartlock-password', 'create', payload);
      p.passwordId.should.be.a.String();
      p.should.match({ deviceId: DEVICES[vendor], validUntil: inZone(until, vendor) });
    }
  });

  it('remote open: {deviceId} answers {deviceId, success: true}', async () => {
    for (const vendor of Object.keys(DEVICES)) {
      (await runOn(vendor, 'smartlock-remote-open', 'open', {})).should.match({ deviceId: DEVICES[vendor], success: true });
    }
  });

  it('every family action a vendor lacks fails NOT_SUPPORTED, every one it has resolves at deploy', async () => {
    for (const vendor of Object.keys(DEVICES)) {
      const sim = await starters[vendor]();
      const nodes = [];
      for (const [family, { actions }] of Object.entries(FAMILIES)) {
        for (const action of Object.keys(actions)) nodes.push({ id: `n-${family}-${action}`, type: `smartlock-${family}`, operation: action, family, action });
      }
      await loadFlow(
        sim,
        nodes.map(({ family: _f, action: _a, ...n }) => n),
      );
      const ops = VENDORS[vendor].catalog.operations;
      for (const n of nodes) {
        const has = ops.some((o) => o.family === n.family && o.action === n.action);
        const status = helper
          .getNode(n.id)
          .status.getCalls()
          .filter((c) => c.thisValue.id === n.id)
          .map((c) => c.args[0]);
        if (has) {
          status.filter((s) => s.fill === 'red').should.eql([], `${vendor} ${n.id}`);
        } else {
          const { error } = await send(n.id, { payload: {} });
          error.code.should.equal('NOT_SUPPORTED', `${vendor} ${n.id}`);
        }
      }
      await helper.unload();
      await sim.stop();
    }
  });
});
