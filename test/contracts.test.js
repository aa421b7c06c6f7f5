'use strict';
// The contracts lib/vendor.ts declares for a system's author beyond copying fields: result fields
// that compute (a success flag from a code, a time in a declared epoch unit), events classified by
// a code table, transport settings a system hides from its config form. The events poll's
// parameters and paging: test/sdk.test.js, with a system from outside.
require('should');
const { configNodeHtml, literalTexts } = require('../dist/nodes/shared/config-form');
const { normalize, prepare } = require('../dist/lib/operation');
const { toEvent } = require('../dist/lib/events');

describe('declared contracts', () => {
  const op = (result) => ({ name: 'Op', title: 'op', method: 'GET', path: '/x', params: [], result, idempotent: true });
  const catalog = { vendor: 'x', title: 'X', timeEncoding: 's', operations: [] };
  const ctx = { timeZone: 'UTC' };
  const run = (result, body) => normalize(catalog, prepare(catalog, op(result), {}, ctx), body, ctx);

  it('a result field computes success from a code equal to a value', () => {
    const fields = { success: { from: 'errcode', equals: 0 } };
    run({ fields }, { errcode: 0 }).should.eql({ success: true });
    run({ fields }, { errcode: '0' }).should.eql({ success: true });
    run({ fields }, { errcode: -3 }).should.eql({ success: false });
    run({ fields }, {}).should.eql({ success: false });
  });

  it('a result time reads epoch seconds or milliseconds as the field declares', () => {
    const body = { at: 86_400 };
    // each with its epoch-ms twin, as every time a vendor sends as a stamp
    run({ fields: { t: { from: 'at', type: 'time', unit: 's' } } }, body).should.eql({ t: '1970-01-02T00:00:00+00:00', tMs: 86_400_000 });
    run({ fields: { t: { from: 'at', type: 'time', unit: 'ms' } } }, body).should.eql({ t: '1970-01-01T00:01:26.400+00:00', tMs: 86_400 });
    run({ fields: { t: { from: 'at', type: 'time', unit: 'ms' } } }, { at: 1_700_000_000_000 }).should.eql({
      t: '2023-11-14T22:13:20+00:00',
      tMs: 1_700_000_000_000,
    });
  });

  it('an event mapping classifies records by a code table, the other rules for codes not in it', () => {
    const mapping = {
      codes: { fields: ['recordType'], table: { 45: { kind: 'state', method: 'auto lock' }, 11: { kind: 'alarm' }, 7: { kind: 'unlock', method: 'card' } } },
      alarm: { fields: ['what'], pattern: 'tamper' },
      method: ['how'],
      user: [],
      id: ['n'],
    };
    const kindOf = (r) => {
      const e = toEvent('d', { time: '2026-01-01T00:00:00Z', ...r }, mapping);
      return [e.kind, e.method];
    };
    kindOf({ n: 1, recordType: 45 }).should.eql(['operation', 'auto lock']); // a 0.x table's `state` is read as an operation
    kindOf({ n: 2, recordType: '11', how: 'x' }).should.eql(['alarm', 'x']);
    kindOf({ n: 3, recordType: 7, how: 'app' }).should.eql(['unlock', 'card']);
    kindOf({ n: 4, recordType: 99, what: 'tamper' }).should.eql(['alarm', undefined]);
    // A record no rule names is an operation, never an unlock.
    kindOf({ n: 5, recordType: 99, how: 'app' }).should.eql(['operation', 'app']);
  });

  it('a config form leaves out the transport settings its system hides', () => {
    const vendor = { id: 'x', config: { type: 'smartlock-x', paletteLabel: 'X', labelFrom: [], form: [], transport: { hide: ['maxConcurrent', 'maxQueue'] } } };
    const html = configNodeHtml(vendor, literalTexts({}));
    html.should.containEql('id="node-config-input-timeout"').and.containEql('id="node-config-input-ratePerSecond"');
    html.should.not.containEql('node-config-input-maxConcurrent').and.not.containEql('node-config-input-maxQueue');
    html.should.not.match(/maxQueue: \{/);
    const all = configNodeHtml({ ...vendor, config: { ...vendor.config, transport: undefined } }, literalTexts({}));
    all.should.containEql('id="node-config-input-maxQueue"').and.match(/maxQueue: \{/);
  });
});
