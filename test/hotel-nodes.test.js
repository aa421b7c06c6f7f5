'use strict';
const should = require('should');
const { helper, startHotel, loadFlow, send, APPSECRET } = require('./support/flow');

const ROOM = '775032240849920';
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]).toString('base64');
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 3)]).toString('base64');
const FROM = '2026-11-23T06:00:00Z'; // 14:00 in Asia/Shanghai
const UNTIL = '2026-11-24T04:00:00Z'; // 12:00 next day

describe('hotel platform through Node-RED nodes', function () {
  let sim;
  before(async () => {
    sim = await startHotel();
  });
  after(async () => {
    await sim.stop();
  });
  afterEach(async () => {
    sim.clearFaults();
    await helper.unload();
  });

  const nodes = [
    { id: 'n-issue', type: 'smartlock-card', operation: 'issue' },
    { id: 'n-revoke', type: 'smartlock-card', operation: 'revoke' },
    { id: 'n-read', type: 'smartlock-card', operation: 'read' },
    { id: 'n-offline', type: 'smartlock-password', operation: 'offline' },
    { id: 'n-stopOffline', type: 'smartlock-password', operation: 'deleteOffline' },
    { id: 'n-online', type: 'smartlock-password', operation: 'create' },
    { id: 'n-stopOnline', type: 'smartlock-password', operation: 'delete' },
    { id: 'n-open', type: 'smartlock-remote-open', operation: 'open' },
    { id: 'n-face', type: 'smartlock-face', operation: 'upload' },
    { id: 'n-unface', type: 'smartlock-face', operation: 'remove' },
    { id: 'n-finger', type: 'smartlock-fingerprint', operation: 'upload' },
    { id: 'n-unfinger', type: 'smartlock-fingerprint', operation: 'remove' },
    { id: 'n-rooms', type: 'smartlock-users', operation: 'rooms' },
    { id: 'n-api', type: 'smartlock-api', operation: '' },
  ];

  it('lists rooms (GetRoomList)', async () => {
    await loadFlow(sim, nodes);
    const { msg } = await send('n-rooms', {});
    msg.payload.rooms.should.containEql({ roomId: ROOM, name: '1-101' });
    msg.payload.total.should.equal(4);
    msg.payload.hasMore.should.equal(false);
    msg.smartlock.should.match({ vendor: 'hotel', operation: 'GetRoomList' });
    msg.smartlock.response.code.should.equal(1);
  });

  it('issues, reads and revokes a card (MarkRoomCard, ReadCard, ClearRoomCard)', async () => {
    await loadFlow(sim, nodes);
    const issued = (await send('n-issue', { payload: { roomId: ROOM, validFrom: FROM, validUntil: UNTIL } })).msg;
    issued.payload.should.match({ roomId: ROOM, validFrom: '2026-11-23T14:00:00+08:00', validUntil: '2026-11-24T12:00:00+08:00' });
    issued.payload.cardId.should.match(/^[0-9A-F]{8}$/);
    issued.smartlock.request.should.eql({ rm_id: ROOM, abkp: '2026-11-23 14:00:00', unValid: '2026-11-24 12:00:00' });

    const read = (await send('n-read', {})).msg;
    read.payload.should.eql({ cardId: issued.payload.cardId, roomId: ROOM, validFrom: '2026-11-23T14:00:00+08:00', validUntil: '2026-11-24T12:00:00+08:00' });

    const revoked = (await send('n-revoke', { payload: { cardId: issued.payload.cardId } })).msg;
    revoked.payload.should.eql({ cardId: issued.payload.cardId, roomId: ROOM });
    sim.cards.has(issued.payload.cardId).should.be.false();
  });

  it('creates and stops an offline password (MakeOffline, GatewayStopOffline)', async () => {
    await loadFlow(sim, nodes);
    const made = (await send('n-offline', { payload: { roomId: ROOM, validUntil: UNTIL } })).msg;
    made.payload.password.should.match(/^\d{7}$/);
    made.payload.passwordId.should.equal(made.payload.password);
    const stopped = (await send('n-stopOffline', { payload: { roomId: ROOM, passwordId: made.payload.passwordId, validUntil: UNTIL } })).msg;
    stopped.payload.should.eql({ roomId: ROOM, validUntil: '2026-11-24T12:00:00+08:00' });
    stopped.smartlock.request.muid.should.equal('[redacted]');
    sim.offline.get(made.payload.passwordId).active.should.be.false();
  });

  it('sends and stops an online password (GatewayUploadOnline, GatewayStopOnline)', async () => {
    await loadFlow(sim, nodes);
    const set = (await send('n-online', { payload: { roomId: ROOM, slot: 3, password: '12345678', validUntil: UNTIL } })).msg;
    set.payload.should.match({ passwordId: '3', slot: 3, roomId: ROOM, battery: 89, validUntil: '2026-11-24T12:00:00+08:00' });
    // the lock's clock as ISO 8601 in the config's zone, and the platform's epoch-ms stamp beside it
    set.payload.lockTime.should.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?\+08:00$/);
    set.payload.lockTimeMs.should.equal(Date.parse(set.payload.lockTime));
    set.smartlock.request.pwd.should.equal('[redacted]');
    sim.rooms.get(ROOM).online.get(3).pwd.should.equal('12345678');
    const stop = (await send('n-stopOnline', { payload: { roomId: ROOM, slot: 3 } })).msg;
    stop.payload.should.match({ slot: 3, roomId: ROOM });
    sim.rooms.get(ROOM).online.has(3).should.be.false();
  });

  it('opens a door remotely (GatewayOpen)', async () => {
    await loadFlow(sim, nodes);
    const before = sim.rooms.get(ROOM).opens;
    const { msg } = await send('n-open', { payload: { roomId: ROOM } });
    msg.payload.should.match({ roomId: ROOM, battery: 89 });
    sim.rooms.get(ROOM).opens.should.equal(before + 1);
  });

  it('shows busy once while msgs are in flight and the outcome once they drain, an error at once', async () => {
    await loadFlow(sim, nodes);
    const node = helper.getNode('n-open');
    const shown = [];
    node.on('call:status', (call) => shown.push(call.args[0]));
    const results = await Promise.all(Array.from({ length: 40 }, () => send('n-open', { payload: { roomId: ROOM } }, 5)));
    results.every((r) => r.msg).should.be.true();
    shown.map((s) => s.fill).should.eql(['blue', 'green']);
    shown[0].text.should.equal('remote open…');
    shown[1].text.should.match(/^done · \d\d:\d\d:\d\d$/); // the label names the operation; the status how and when it ended
    const failed = await send('n-open', { payload: { roomId: 'no-such-room' } });
    failed.error.code.should.equal('VENDOR');
    shown[shown.length - 1].fill.should.equal('red');
  });

  it('uploads and removes a face (GatewayUploadFace, GatewayStopFace)', async () => {
    await loadFlow(sim, nodes);
    const up = (await send('n-face', { payload: { roomId: ROOM, image: `data:image/png;base64,${PNG}`, slot: 5, validFrom: FROM, validUntil: UNTIL } })).msg;
    up.payload.should.match({ slot: 5, roomId: ROOM, validFrom: '2026-11-23T14:00:00+08:00' });
    up.smartlock.request.base64.should.equal('[redacted]');
    sim.rooms.get(ROOM).faces.get(5).base64.should.equal(PNG);
    (
      await send('n-face', { payload: { roomId: ROOM, image: Buffer.from(JPEG, 'base64'), slot: 6, validFrom: FROM, validUntil: UNTIL } })
    ).msg.payload.slot.should.equal(6);
    (await send('n-unface', { payload: { roomId: ROOM, slot: 5 } })).msg.payload.slot.should.equal(5);
    sim.rooms.get(ROOM).faces.has(5).should.be.false();
  });

  it('uploads and removes a fingerprint (GatewayUploadFinger, GatewayStopFinger)', async () => {
    await loadFlow(sim, nodes);
    const up = (await send('n-finger', { payload: { roomId: ROOM, template: 'ab-cd-ef-ee-ff', slot: 1, validFrom: FROM, validUntil: UNTIL } })).msg;
    up.payload.should.match({ slot: 1, roomId: ROOM });
    sim.rooms.get(ROOM).fingers.get(1).hexs.should.equal('ab-cd-ef-ee-ff');
    (await send('n-unfinger', { payload: { roomId: ROOM, slot: 1 } })).msg.payload.slot.should.equal(1);
    sim.rooms.get(ROOM).fingers.has(1).should.be.false();
  });

  it('reaches any operation by its documented name (smartlock-api) with the vendor field names', async () => {
    await loadFlow(sim, nodes);
    const { msg } = await send('n-api', { operation: 'MakeOffline', payload: { rm_id: ROOM, unValid: UNTIL } });
    msg.payload.password.should.match(/^\d{7}$/);
    const refused = await send('n-api', { operation: 'NoSuchThing', payload: {} });
    refused.error.code.should.equal('NOT_SUPPORTED');
  });

  it('takes values from node fields before msg.payload', async () => {
    await loadFlow(sim, [{ id: 'n-open', type: 'smartlock-remote-open', operation: 'open', params: { roomId: { v: 'room', t: 'msg' } } }]);
    const { msg } = await send('n-open', { room: '775032240849921', payload: { roomId: ROOM } });
    msg.payload.roomId.should.equal('775032240849921');
  });

  it('sends JSON bodies when the config asks for it', async () => {
    await loadFlow(sim, nodes, { bodyFormat: 'json' });
    const { msg } = await send('n-open', { payload: { roomId: ROOM } });
    msg.payload.roomId.should.equal(ROOM);
  });

  it("brings the platform's failure code to a Catch node as VENDOR", async () => {
    await loadFlow(sim, nodes);
    const { error, msg } = await send('n-open', { payload: { roomId: '999' } });
    error.should.match({ code: 'VENDOR', vendorCode: 0, vendorMessage: '房间不存在', retryable: false });
    error.message.should.equal('Hotel card-lock platform refused: 房间不存在');
    error.source.type.should.equal('smartlock-remote-open');
    msg.payload.should.eql({ roomId: '999' });
  });

  it('maps a wrong appsecret to a VENDOR error without echoing the secret', async () => {
    await loadFlow(sim, nodes, {}, { appid: '4773aa036f7f49c68d876bb4be85c80c', appsecret: 'wrong-secret-value' });
    const { error } = await send('n-rooms', {});
    error.code.should.equal('VENDOR');
    JSON.stringify(error).should.not.containEql('wrong-secret-value');
    should(APPSECRET).be.ok();
  });
});
