'use strict';
require('should');
const { helper, startHotel, loadFlow, send } = require('./support/flow');
const { hotelCatalog } = require('../dist/lib/vendors/hotel/catalog');

const ROOM = '775032240849920';
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]).toString('base64');
const GIF = Buffer.from('GIF89a0123456789').toString('base64');
const FROM = '2026-11-23T14:00:00+08:00';
const UNTIL = '2026-11-24T12:00:00+08:00';

/** A valid payload for every operation; each case below breaks one thing. */
const VALID = {
  GetRoomList: {},
  MarkRoomCard: { roomId: ROOM, validFrom: FROM, validUntil: UNTIL },
  ClearRoomCard: { roomId: ROOM },
  ReadCard: {},
  MakeOffline: { roomId: ROOM, validUntil: UNTIL },
  GatewayStopOffline: { roomId: ROOM, passwordId: '0356241', validUntil: UNTIL },
  GatewayUploadOnline: { roomId: ROOM, slot: 1, password: '123456789', validUntil: UNTIL },
  GatewayStopOnline: { roomId: ROOM, slot: 1 },
  GatewayOpen: { roomId: ROOM },
  GatewayUploadFace: { roomId: ROOM, image: PNG, slot: 1, validFrom: FROM, validUntil: UNTIL },
  GatewayStopFace: { roomId: ROOM, slot: 1 },
  GatewayUploadFinger: { roomId: ROOM, template: 'ab-cd-ef-ee-ff', slot: 1, validFrom: FROM, validUntil: UNTIL },
  GatewayStopFinger: { roomId: ROOM, slot: 1 },
};

const CASES = [
  ['GatewayUploadOnline', { password: '12345' }, /password must be 6-10 digits/],
  ['GatewayUploadOnline', { password: '12345678901' }, /password must be 6-10 digits/],
  ['GatewayUploadOnline', { password: '12ab5678' }, /password must be 6-10 digits/],
  ['GatewayUploadOnline', { slot: 'one' }, /slot must be an integer/],
  ['GatewayUploadOnline', { slot: 1.5 }, /slot must be an integer/],
  ['GatewayStopOnline', { slot: 0 }, /slot must be between 1/],
  ['GatewayUploadFace', { slot: 0 }, /slot must be between 1 and 49/],
  ['GatewayUploadFace', { slot: 50 }, /slot must be between 1 and 49/],
  ['GatewayStopFace', { slot: 50 }, /slot must be between 1 and 49/],
  ['GatewayUploadFinger', { slot: 50 }, /slot must be between 1 and 49/],
  ['GatewayStopFinger', { slot: -1 }, /slot must be between 1 and 49/],
  ['GatewayUploadFace', { image: GIF }, /image must be a JPEG or PNG image/],
  ['GatewayUploadFace', { image: 'not base64 at all!' }, /image is not valid base64/],
  ['GatewayUploadFace', { image: 'A'.repeat(800 * 1024) }, /image is larger than 524288 bytes/],
  ['GatewayUploadFace', { image: { nested: true } }, /image must be a base64 string or a Buffer/],
  ['GatewayUploadFinger', { template: 'xyz' }, /template must be hex/],
  ['GatewayUploadFinger', { template: 'ab--cd' }, /template must be hex/],
  ['ClearRoomCard', { roomId: undefined }, /revoke card needs roomId or cardId/],
  ['MarkRoomCard', { validUntil: FROM }, /validUntil must be later than validFrom/],
  ['MarkRoomCard', { validUntil: '2026-11-22T12:00:00+08:00' }, /validUntil must be later than validFrom/],
  ['GatewayUploadFace', { validFrom: UNTIL, validUntil: FROM }, /validUntil must be later than validFrom/],
  ['GatewayUploadFinger', { validFrom: UNTIL, validUntil: FROM }, /validUntil must be later than validFrom/],
  ['MarkRoomCard', { validFrom: 'tomorrow' }, /validFrom must be an ISO 8601 time/],
  ['MakeOffline', { validUntil: NaN }, /validUntil is not a valid time/],
  ['MakeOffline', { validUntil: '2400-01-01T00:00:00Z' }, /validUntil is not a valid time between 2000 and 2100/],
  ['GatewayOpen', { roomId: { $gt: '' } }, /roomId must be a string/],
  ['GatewayOpen', { roomId: 'a\u0000b' }, /roomId contains control characters/],
  ['GatewayOpen', { roomId: 'x'.repeat(200) }, /roomId is longer than 128 characters/],
];

// Every required parameter of every operation, left out.
for (const op of hotelCatalog.operations) {
  for (const p of op.params.filter((q) => q.required)) {
    CASES.push([op.name, { [p.name]: undefined }, new RegExp(`${p.name} is required`)]);
  }
}

describe('hotel validation: refused before anything is sent', function () {
  let sim;
  before(async () => {
    sim = await startHotel();
    await loadFlow(sim, [{ id: 'n-api', type: 'smartlock-api', operation: '' }]);
  });
  after(async () => {
    await helper.unload();
    await sim.stop();
  });

  it('has a valid baseline for every catalog operation', () => {
    Object.keys(VALID)
      .sort()
      .should.eql(hotelCatalog.operations.map((o) => o.name).sort());
  });

  for (const [operation, change, expected] of CASES) {
    it(`${operation} with ${JSON.stringify(change, (k, v) => (typeof v === 'string' && v.length > 40 ? `${v.slice(0, 8)}…(${v.length})` : v === undefined ? '<missing>' : v))}`, async () => {
      const payload = { ...VALID[operation] };
      for (const [k, v] of Object.entries(change)) {
        if (v === undefined) delete payload[k];
        else payload[k] = v;
      }
      const before = JSON.stringify(sim.received);
      const { error } = await send('n-api', { operation, payload });
      error.should.match({ code: 'VALIDATION', retryable: false });
      error.message.should.match(expected);
      JSON.stringify(sim.received).should.equal(before);
    });
  }
});
