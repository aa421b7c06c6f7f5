'use strict';
// The request pipeline's pure steps, tested directly: prepare (validate and encode a neutral
// input into wire fields), chunks and merge (a list longer than the vendor takes), decode (a
// vendor's envelope) and normalize (read a vendor body into the neutral result). The retry
// table is tested in lib.test.js (shouldRetry).
require('should');
const { prepare, normalize } = require('../dist/lib/operation');
const { chunks, merge } = require('../dist/lib/client');
const { interpretTuya } = require('../dist/lib/vendors/tuya/client');
const { interpretHotel } = require('../dist/lib/vendors/hotel/client');
const { interpretAliyun } = require('../dist/lib/vendors/aliyun/client');

const catalog = { vendor: 'test', title: 'Test', timeEncoding: 's', operations: [] };
const ctx = { timeZone: 'Europe/Berlin' };
const op = {
  name: 'test.op',
  title: 'test op',
  method: 'POST',
  path: '/x',
  idempotent: true,
  params: [
    { name: 'deviceId', wire: 'device_id', type: 'id', required: true, in: 'path', description: 'd' },
    { name: 'validUntil', wire: 'end', type: 'time', unit: 'ms', description: 'u' },
    { name: 'since', wire: 'from', type: 'time', default: 0, description: 's' },
    { name: 'kind', wire: 'k', type: 'string', values: { card: 1, face: 2 }, description: 'k' },
    { name: 'page', wire: 'page_no', type: 'integer', min: 1, default: 1, description: 'p' },
    { name: 'pageSize', wire: 'page_size', type: 'integer', min: 1, default: 20, description: 'ps' },
    {
      name: 'keys',
      wire: 'key_list',
      type: 'list',
      description: 'l',
      item: [{ name: 'keyId', wire: 'key_id', type: 'id', required: true, aliases: ['kid'], description: 'i' }],
    },
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

  it("takes the vendor's own field names and enum values as given", () => {
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

  it("reads fields and a list, typed; hasMore from the vendor's total", () => {
    const body = {
      result: {
        total: '5',
        t: 1780000000,
        items: [
          { id: 'a', at: 1780000000000 },
          { id: 'b', at: 0 },
        ],
      },
    };
    normalize(catalog, call, body, ctx).should.eql({
      total: 5,
      when: '2026-05-28T22:26:40+02:00', // in the config's zone (Berlin, summer)
      whenMs: 1780000000000, // an epoch stamp (here in s) keeps an ms twin
      device: 'd1',
      items: [
        { id: 'a', at: '2026-05-28T22:26:40+02:00', atMs: 1780000000000 },
        { id: 'b', at: null },
      ],
      hasMore: true,
    });
  });

  it('keeps a time no Date can hold as it came, and answers an empty list for a missing one', () => {
    normalize(catalog, call, { result: { t: 1e17 } }, ctx).should.match({ when: 1e17, items: [], total: 0, hasMore: false });
  });
});

describe('chunks and merge', () => {
  const grant = {
    name: 'grant',
    title: 'grant',
    method: 'POST',
    path: '/g',
    idempotent: true,
    params: [
      { name: 'deviceId', wire: 'device', type: 'id', required: true, description: 'd' },
      { name: 'cards', wire: 'cards', type: 'list', of: 'id', chunk: 2, description: 'c' },
    ],
    result: { list: { from: 'data.failed|failed', as: 'failed', item: { id: 'id' } } },
  };

  it('splits a list longer than the vendor takes, every other field in each call', () => {
    const call = prepare(catalog, grant, { deviceId: 'd', cards: ['a', 'b', 'c', 'd', 'e'] }, ctx);
    chunks(call)
      .map((c) => c.wire)
      .should.eql([
        { device: 'd', cards: ['a', 'b'] },
        { device: 'd', cards: ['c', 'd'] },
        { device: 'd', cards: ['e'] },
      ]);
    chunks(prepare(catalog, grant, { deviceId: 'd', cards: ['a', 'b'] }, ctx)).length.should.equal(1);
  });

  it("merges the answers: the first body, with every call's result list", () => {
    const bodies = [
      { code: 200, data: { failed: [{ id: 'a' }], page: 1 } },
      { code: 200, data: {} },
      { code: 200, data: { failed: [{ id: 'e' }] } },
    ];
    merge(grant, bodies).should.eql({ code: 200, data: { failed: [{ id: 'a' }, { id: 'e' }], page: 1 } });
    bodies[0].data.failed.length.should.equal(1); // the answers themselves are left as they came
    merge({ ...grant, result: {} }, bodies).should.equal(bodies[2]);
  });
});

describe("decode (each vendor's envelope)", () => {
  const res = (data, status = 200) => ({ data: JSON.stringify(data), status, headers: {} });

  it('answers the body of a success', () => {
    interpretTuya(res({ success: true, result: { a: 1 } })).should.eql({ success: true, result: { a: 1 } });
    interpretHotel(res({ code: 1, data: [] })).should.eql({ code: 1, data: [] });
    interpretAliyun(res({ code: 200, data: {} })).should.eql({ code: 200, data: {} });
  });

  it("maps a refusal to the contract's codes, the vendor's own code and text kept", () => {
    (() => interpretTuya(res({ success: false, code: 1010, msg: 'token invalid' }))).should.throw({
      code: 'AUTH',
      vendorCode: 1010,
      vendorMessage: 'token invalid',
    });
    (() => interpretTuya(res({ success: false, code: 1110, msg: 'too fast' }))).should.throw({ code: 'RATE_LIMIT', retryable: true });
    (() => interpretHotel(res({ code: 0, msg: '房间不存在' }))).should.throw({ code: 'VENDOR', vendorCode: 0, vendorMessage: '房间不存在' });
    (() => interpretAliyun(res({ code: 460, message: 'request parameter error' }))).should.throw({ code: 'VENDOR', vendorCode: 460 });
  });

  it('refuses a body that is not JSON as a retryable VENDOR error', () => {
    for (const decode of [interpretTuya, interpretHotel, interpretAliyun]) {
      (() => decode({ data: '<html>busy</html>', status: 200, headers: {} })).should.throw({ code: 'VENDOR', vendorCode: 'MALFORMED', retryable: true });
    }
  });
});

describe('QR picture', () => {
  const { qrPng } = require('../dist/lib/qr');
  it('is a PNG data URL of a square, 1-bit, of the code given', () => {
    const url = qrPng('24DD9END8CD3');
    url.should.match(/^data:image\/png;base64,/);
    const png = Buffer.from(url.split(',')[1], 'base64');
    png.subarray(1, 4).toString().should.equal('PNG');
    const [w, h, depth] = [png.readUInt32BE(16), png.readUInt32BE(20), png[24]];
    w.should.equal(h);
    depth.should.equal(1);
    // 21 modules (version 1) + a margin of 2 on each side, 4 px each
    w.should.equal((21 + 4) * 4);
    url.length.should.be.below(1000); // the debug sidebar keeps 1000 characters of a string
  });
});
