'use strict';
// Vendor fidelity: every operation says where its wire mapping comes from (`source`: the doc
// section, or the public page or code that gives a REST path no doc gives) or that no public
// source backs it (`unverified`: why, and what was searched).
require('should');
const { VENDORS } = require('../dist/lib');

describe('every operation carries its evidence', () => {
  for (const [id, { catalog }] of Object.entries(VENDORS)) {
    it(`${id}: each of ${catalog.operations.length} operations has a source or says it is unverified`, () => {
      for (const op of catalog.operations) {
        const evidence = [op.source, op.unverified].filter((e) => typeof e === 'string' && e.trim().length >= 10);
        evidence.length.should.be.above(0, `${id} ${op.name} has neither source nor unverified`);
      }
    });
  }

  it("tuya: every action's REST path, which its doc does not give, names a public page or code, or is unverified", () => {
    for (const op of VENDORS.tuya.catalog.operations.filter((o) => !o.name.startsWith('osaas.'))) {
      const backed = /REST path: \S.{9,}/.test(op.source ?? '') || /REST path: \S.{9,}/.test(op.unverified ?? '');
      backed.should.be.true(`${op.name}: ${op.source} / ${op.unverified}`);
    }
  });

  it("counts the 89 operations of the five docs, Tuya's freeze-status endpoint split in freeze and unfreeze: 90", () => {
    Object.entries(VENDORS)
      .filter(([id]) => id !== 'ttlock')
      .reduce((n, [, { catalog }]) => n + catalog.operations.length, 0)
      .should.equal(90);
  });

  it('ttlock: the 24 cloud API v3 operations it calls, each sourced to its page (no doc of ../shared covers TTLock)', () => {
    const { TTLOCK_EVIDENCE } = require('../dist/lib/vendors/ttlock/evidence');
    const ops = VENDORS.ttlock.catalog.operations;
    ops.length.should.equal(24);
    for (const op of ops) {
      op.source.should.equal(TTLOCK_EVIDENCE[op.name].source);
      op.source.should.match(/^TTLock ".+" \(https:\/\/euopen\.ttlock\.com\//);
    }
  });
});
