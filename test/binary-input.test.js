'use strict';
// A msg whose payload is binary — a 20 MB Buffer from a file-in node, a typed array — costs what
// the declared parameters cost to read, not what the bytes would cost to walk: every action node
// settles it once, and the heap does not grow with the payload.
require('should');
const { helper, startHotel, startTuya, startAliyun, loadFlow, send } = require('./support/flow');

const MB = 1024 * 1024;
const BIG = Buffer.alloc(20 * MB, 0x41);

/** Node types by the vendor that offers their headline (or named) action. */
const NODES = {
  hotel: [
    ['smartlock-card'],
    ['smartlock-password'],
    ['smartlock-face'],
    ['smartlock-fingerprint'],
    ['smartlock-remote-open'],
    ['smartlock-users', 'rooms'],
    ['smartlock-api'],
  ],
  tuya: [['smartlock-logs'], ['smartlock-device']],
  aliyun: [['smartlock-keep-open'], ['smartlock-qrcode']],
};
const START = { hotel: startHotel, tuya: startTuya, aliyun: startAliyun };

/** Runs `fn` and returns the largest heap growth over the heap before it, sampled every 5 ms. */
async function peakHeapGrowth(fn) {
  global.gc();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 5);
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  return peak - base;
}

describe('binary payloads', function () {
  this.timeout(60_000);
  for (const [vendor, nodes] of Object.entries(NODES)) {
    it(`${vendor}: a 20 MB Buffer, or binary fields, settle once in every action node with heap growth under 100 MB`, async () => {
      const sim = await START[vendor]();
      try {
        await loadFlow(
          sim,
          nodes.map(([type, operation], i) => ({ id: `n${i}`, type, ...(operation ? { operation } : {}) })),
        );
        // Buffers only here: a typed array that reaches a Catch node is copied index by index by
        // Node-RED's own cloneMessage (lodash.clonedeep), whatever node failed; see the unit test below.
        const payloads = [BIG, { deviceId: BIG, cardId: BIG, image: BIG, password: BIG, name: BIG, cards: BIG, iotIds: BIG }];
        const outcomes = [];
        const growth = await peakHeapGrowth(async () => {
          for (let i = 0; i < nodes.length; i++) {
            for (const payload of payloads) {
              outcomes.push(await send(`n${i}`, { payload, operation: 'GetRoomList' }, 20, 30_000));
            }
          }
        });
        outcomes.length.should.equal(nodes.length * payloads.length);
        for (const o of outcomes) {
          if (o.error) ['VALIDATION', 'NOT_SUPPORTED'].should.containEql(o.error.code, o.error.message);
        }
        (growth / MB).should.be.below(100);
      } finally {
        await helper.unload();
        await sim.stop();
      }
    });
  }

  it('refuses a 20 MB image from a file-in node before encoding it', async () => {
    const sim = await startHotel();
    try {
      await loadFlow(sim, [{ id: 'face', type: 'smartlock-face', params: { image: { v: 'payload.photo', t: 'msg' } } }]);
      const { error } = await send('face', { payload: { deviceId: '1-101', slot: 1, photo: BIG } });
      error.should.match({ code: 'VALIDATION' });
      error.message.should.match(/larger than/);
      (sim.received.GatewayUploadFace ?? 0).should.equal(0);
    } finally {
      await helper.unload();
      await sim.stop();
    }
  });

  it('reads typed arrays and ArrayBuffers as values: an image is accepted or refused by size, text refused at once', () => {
    const { prepare } = require('../dist/lib/operation');
    const { hotelCatalog } = require('../dist/lib/vendors/hotel/catalog');
    const op = hotelCatalog.operations.find((o) => o.name === 'GatewayUploadFace');
    const ctx = { timeZone: 'Asia/Shanghai' };
    const valid = { validFrom: '2026-12-01 14:00', validUntil: '2026-12-03 12:00' };
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(1000)]);
    const view = new Uint8Array(jpeg.buffer, jpeg.byteOffset, jpeg.length);
    prepare(hotelCatalog, op, { deviceId: '1-101', slot: 1, image: view, ...valid }, ctx).wire.should.have.property('base64', jpeg.toString('base64'));
    const huge = new Uint8Array(20 * MB);
    for (const image of [huge, huge.buffer, new Float64Array(huge.buffer)]) {
      (() => prepare(hotelCatalog, op, { deviceId: '1-101', slot: 1, image, ...valid }, ctx)).should.throw(/larger than/);
    }
    (() => prepare(hotelCatalog, op, { deviceId: huge, slot: 1, image: view, ...valid }, ctx)).should.throw(/not binary data/);
  });
});
