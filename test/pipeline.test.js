'use strict';
// The request pipeline's pure steps, tested directly: prepare (validate and encode a neutral
// input into wire fields) and normalize (read a vendor body into the neutral result).
require('should');
const { prepare, normalize } = require('../dist/lib/operation');

const catalog = { vendor: 'test', title: 'Test', timeEncoding: 's', operations: [] };
const ctx = { timeZone: 'Europe/Berlin' };
const op = {
  name: 'test.op', title: 'test op', method: 'POST', path: '/x', idempotent: true,
  params: [
    { name: 'deviceId', wire: 'device_id', type: 'id', required: true, in: 'path', description: 'd' },
    { name: 'validUntil', wire: 'end', type: 'time', unit: 'ms', description: 'u' },
    { name: 'since', wire: 'from', type: 'time', default: 0, description: 's' },
    { name: 'kind', wire: 'k', type: 'string', values: { card: 1, face: 2 }, description: 'k' },
    { name: 'page', wire: 'page_no', type: 'integer', min: 1, default: 1, description: 'p' },
    { name: 'pageSize', wire: 'page_size', type: 'integer', min: 1, default: 20, description: 'ps' },
    { name: 'keys', wire: 'key_list', type: 'list', description: 'l', item: [
      { name: 'keyId', wire: 'key_id', type: 'id', required: true, aliases: ['kid'], description: 'i' },
    ] },
  ],
  result: {
    fields: { total: { from: 'result.total', type: 'number' }, when: { from: 'result.t', type: 'time' }, device: '$deviceId' },
    list: { from: 'result.items', as: 'items', item: { id: 'id', at: { from: 'at', type: 'time' } } },
  },
};

describe('prepare', () => {
  it('encodes neutral input into wire fields: names, enum values, units, defaults, one list element from its fields', () => {
    const call = prepare(catalog, op, { deviceId: 'd1', validUntil: '2026-07-01 12:00', kind: 'face', kid: 'k9' }, ctx);
    call.wire.should.eql({ device_id: 'd1', end: Date.UTC(2026, 6, 1, 10), from: 0, k: 2, page_no: 1, page_size: 20, key_list: [{ key_id: 'k9' }] });
    call.values.validUntil.should.be.instanceOf(Date);
  });

  it('takes the vendor\'s own field names and enum values as given', () => {
    prepare(catalog, op, { device_id: 'd1', k: 1 }, ctx).wire.should.match({ device_id: 'd1', k: 1 });
  });

  it('leaves pending parameters to a later step, and refuses before anything else', () => {
    prepare(catalog, op, { kind: 'card' }, ctx, ['deviceId']).wire.should.not.have.property('device_id');
    (() => prepare(catalog, op, { kind: 'card' }, ctx)).should.throw({ code: 'VALIDATION', message: /deviceId is required/ });
    (() => prepare(catalog, op, { deviceId: 'd', kind: 'key' }, ctx)).should.throw({ code: 'VALIDATION', message: /kind must be one of card, face/ });
  });
});

describe('normalize', () => {
  const call = prepare(catalog, op, { deviceId: 'd1', page: 2, pageSize: 2 }, ctx);

  it('reads fields and a list, typed; hasMore from the vendor\'s total', () => {
    const body = { result: { total: '5', t: 1780000000, items: [{ id: 'a', at: 1780000000000 }, { id: 'b', at: 0 }] } };
    normalize(catalog, call, body, ctx).should.eql({
      total: 5, when: new Date(1780000000000).toISOString(), device: 'd1',
      items: [{ id: 'a', at: new Date(1780000000000).toISOString() }, { id: 'b', at: null }],
      hasMore: true,
    });
  });

  it('keeps a time no Date can hold as it came, and answers an empty list for a missing one', () => {
    normalize(catalog, call, { result: { t: 1e17 } }, ctx).should.match({ when: 1e17, items: [], total: 0, hasMore: false });
  });
});
