'use strict';
// The simulators answer only the wire the docs and the recorded evidence describe
// (test/support/documented.js, SimServer.document): every catalog operation must lie on a
// documented route with documented fields, and one that strays fails against the simulator.
require('should');
const { VENDORS } = require('../dist/lib/vendors');
const { createAliyunClient } = require('../dist/lib/vendors/aliyun/client');
const { startAliyun, ALIYUN } = require('./support/flow');
const documented = require('./support/documented');

// Tuya's action paths wait for their method and path to be recorded as evidence facts (issue #13).
const WIRES = { hotel: documented.hotelWire, aliyun: documented.aliyunWire };
const { routePattern } = require('../dist/lib/sim/server');

describe('the documented wire', () => {
  let total = 0;
  let onRoute = 0;
  after(() => console.log(`      documented wire: ${onRoute}/${total} operations on a route the docs or the evidence show`));

  for (const [vendor, wire] of Object.entries(WIRES)) {
    it(`${vendor}: every operation is on a documented route (unverified ones excepted, and listed)`, () => {
      const routes = wire().routes;
      const stray = [];
      for (const op of VENDORS[vendor].catalog.operations) {
        total++;
        // An operation's own path (placeholders filled by anything) must match a documented template.
        const concrete = op.path.replace(/\{\w+\}/g, 'x');
        if (routes.some((r) => r.method === op.method && routePattern(r.path).test(concrete))) onRoute++;
        else if (!op.unverified) stray.push(`${op.name}: ${op.method} ${op.path}`);
      }
      stray.should.eql([]);
    });
  }

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
});
