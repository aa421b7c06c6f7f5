'use strict';
// The simulators answer only the wire the docs and the recorded evidence describe
// (test/support/documented.js, SimServer.document): every catalog operation must lie on a
// documented route with documented fields, and one that strays fails against the simulator.
require('should');
const { VENDORS } = require('../dist/lib/vendors');
const { createAliyunClient } = require('../dist/lib/vendors/aliyun/client');
const { createTuyaClient } = require('../dist/lib/vendors/tuya/client');
const { startAliyun, ALIYUN, startTuya, TUYA } = require('./support/flow');
const documented = require('./support/documented');

const WIRES = { hotel: documented.hotelWire, aliyun: documented.aliyunWire, tuya: documented.tuyaWire, ttlock: documented.ttlockWire };
const { routePattern } = require('../dist/lib/sim/server');

describe('the documented wire', () => {
  let total = 0;
  let onRoute = 0;
  let onGuess = 0;
  after(() =>
    console.log(
      `      documented wire: ${onRoute}/${total} operations on a route the docs or the evidence show, ${onGuess} unverified on a route inferred from their name`,
    ),
  );

  for (const [vendor, wire] of Object.entries(WIRES)) {
    it(`${vendor}: every operation is on a documented route (unverified ones excepted, and listed)`, () => {
      const { routes, inferred = [] } = wire();
      const stray = [];
      for (const op of VENDORS[vendor].catalog.operations) {
        total++;
        // An operation's own path (placeholders filled by anything) must match a documented template;
        // an unverified one may lie only on a route the evidence names as inferred.
        const concrete = op.path.replace(/\{\w+\}/g, 'x');
        const on = routes.filter((r) => r.method === op.method && routePattern(r.path).test(concrete));
        const guessed = on.length > 0 && on.every((r) => inferred.includes(`${r.method} ${r.path}`));
        if (on.length && !guessed) onRoute++;
        else if (guessed && op.unverified) onGuess++;
        else stray.push(`${op.name}: ${op.method} ${op.path}${guessed ? ' (a guessed route, but the operation does not say it is unverified)' : ''}`);
      }
      stray.should.eql([]);
    });
  }

  it('tuya: every documented variant of an operation (smart-lock, v1.1) is on a route the evidence shows', () => {
    const { routes, inferred } = documented.tuyaWire();
    const off = [];
    for (const op of VENDORS.tuya.catalog.operations) {
      for (const [variant, v] of Object.entries(op.variants ?? {})) {
        if (!v.path) continue;
        const concrete = v.path.replace(/\{\w+\}/g, 'x');
        const on = routes.filter((r) => r.method === (v.method ?? op.method) && routePattern(r.path).test(concrete));
        if (!on.length || on.every((r) => inferred.includes(`${r.method} ${r.path}`))) off.push(`${op.name} (${variant}): ${v.path}`);
      }
    }
    off.should.eql([]);
  });

  describe('a catalog entry that strays from the docs fails against the simulator', () => {
    let sim;
    before(async () => {
      sim = await startAliyun();
    });
    after(() => sim.stop());

    const client = (overrides) =>
      createAliyunClient({ baseUrl: sim.url, ...ALIYUN, projectId: sim.opts.projectId, timeZone: 'Asia/Shanghai', maxTries: 1, overrides });

    it('a field renamed to one no document shows: refused, and the simulator says which', async () => {
      const c = client({ '/entrance/paas/keepopen/get': { wire: { deviceId: 'deviceId' } } });
      const op = c.operation('/entrance/paas/keepopen/get');
      await c.call(op, { deviceId: 'p2OsgId2N2kXMWThRCQP000101' }).should.be.rejectedWith({ code: 'VENDOR', vendorCode: 'HTTP 400' });
      sim.undocumented.at(-1).should.equal('POST /entrance/paas/keepopen/get carries deviceId, which no document shows on it');
      c.close();
    });

    it('a path no document shows: not found', async () => {
      const c = client({ '/entrance/paas/keepopen/get': { path: '/entrance/paas/keepopen/read' } });
      await c.call(c.operation('/entrance/paas/keepopen/get'), { deviceId: 'd1' }).should.be.rejectedWith({ code: 'VENDOR', vendorCode: 'HTTP 404' });
      sim.undocumented.at(-1).should.equal('POST /entrance/paas/keepopen/read is on no documented route');
      c.close();
    });
  });

  describe('tuya: a catalog entry that strays from the evidence fails against the simulator', () => {
    let sim;
    before(async () => {
      sim = await startTuya();
    });
    after(() => sim.stop());

    const client = (overrides) => createTuyaClient({ baseUrl: sim.url, ...TUYA, projectId: sim.opts.projectId, maxTries: 1, overrides });

    it('the old removeHijack mapping (door-lock path) is on no documented route', async () => {
      const c = client({ 'doorLock.removeHijack': { path: '/v1.0/devices/{device_id}/door-lock/unlock-types/{unlock_type}/keys/{unlock_sn}/hijack' } });
      const op = c.operation('doorLock.removeHijack');
      await c.call(op, { deviceId: 'lock-wifi-1', unlockType: 'unlock_fingerprint', unlockSn: 1 }).should.be.rejectedWith({ code: 'VENDOR' });
      sim.undocumented.at(-1).should.match(/^DELETE \/v1\.0\/devices\/lock-wifi-1\/door-lock\/unlock-types\/.* is on no documented route$/);
      c.close();
    });

    it('a query field renamed to one no page shows: refused, and the simulator says which', async () => {
      const c = client({ 'doorLock.alarmLogs': { wire: { dpCodes: 'alarm_codes' } } });
      await c.call(c.operation('doorLock.alarmLogs'), { deviceId: 'lock-wifi-1' }).should.be.rejectedWith({ code: 'VENDOR' });
      sim.undocumented.at(-1).should.equal('GET /v1.0/devices/{device_id}/door-lock/alarm-logs carries alarm_codes, which no document shows on it');
      c.close();
    });
  });
});
