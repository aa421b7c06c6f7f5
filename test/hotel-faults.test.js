'use strict';
require('should');
const { helper, startHotel, loadFlow, send, APPSECRET } = require('./support/flow');

const ROOM = '775032240849920';
// Relative to now: faces are sent with validFrom = now, so a fixed date would expire the test.
const UNTIL = new Date(Date.now() + 2 * 86_400_000).toISOString();

describe('hotel transport: faults, retries and limits', function () {
  let sim;
  beforeEach(async () => {
    sim = await startHotel();
  });
  afterEach(async () => {
    await helper.unload();
    await sim.stop();
  });

  const nodes = [
    { id: 'n-rooms', type: 'smartlock-users', operation: 'rooms' },
    { id: 'n-open', type: 'smartlock-remote-open', operation: 'open' },
    { id: 'n-read', type: 'smartlock-card', operation: 'read' },
    { id: 'n-offline', type: 'smartlock-password', operation: 'offline' },
  ];

  it('retries an idempotent operation after HTTP 500 and a reset', async () => {
    await loadFlow(sim, nodes);
    sim.inject({ kind: 'status', status: 500 }, { match: 'GetRoomList' });
    sim.inject({ kind: 'reset' }, { match: 'GetRoomList' });
    const { msg } = await send('n-rooms', {});
    msg.payload.total.should.equal(4);
    sim.received.GetRoomList.should.equal(3);
  });

  it('never resends remote open after HTTP 500', async () => {
    await loadFlow(sim, nodes);
    sim.inject({ kind: 'status', status: 500 }, { match: 'GatewayOpen' });
    const { error } = await send('n-open', { payload: { roomId: ROOM } });
    error.should.match({ code: 'VENDOR', vendorCode: 'HTTP 500', retryable: true });
    sim.received.GatewayOpen.should.equal(1);
  });

  it('never resends remote open when the connection drops after the door opened', async () => {
    await loadFlow(sim, nodes);
    sim.inject({ kind: 'resetAfter' }, { match: 'GatewayOpen' });
    const { error } = await send('n-open', { payload: { roomId: ROOM } });
    error.code.should.equal('NETWORK');
    sim.received.GatewayOpen.should.equal(1);
    sim.executed.GatewayOpen.should.equal(1);
    sim.rooms.get(ROOM).opens.should.equal(1);
  });

  it('never resends password creation after a reset before the answer', async () => {
    await loadFlow(sim, nodes);
    sim.inject({ kind: 'reset' }, { match: 'MakeOffline' });
    const { error } = await send('n-offline', { payload: { roomId: ROOM, validUntil: UNTIL } });
    error.code.should.equal('NETWORK');
    sim.received.MakeOffline.should.equal(1);
  });

  it('resends even remote open after 429, which the service refused before acting, honouring Retry-After', async () => {
    await loadFlow(sim, nodes);
    sim.inject({ kind: 'status', status: 429, headers: { 'Retry-After': '0' } }, { match: 'GatewayOpen' });
    const { msg } = await send('n-open', { payload: { roomId: ROOM } });
    msg.payload.roomId.should.equal(ROOM);
    sim.received.GatewayOpen.should.equal(2);
    sim.executed.GatewayOpen.should.equal(1);
  });

  it('gives up after 3 tries with RATE_LIMIT', async () => {
    await loadFlow(sim, nodes);
    sim.inject({ kind: 'status', status: 429, headers: { 'Retry-After': '0' } }, { match: 'GetRoomList', times: 5 });
    const { error } = await send('n-rooms', {});
    error.should.match({ code: 'RATE_LIMIT', retryable: true });
    sim.received.GetRoomList.should.equal(3);
  });

  it('times out with TIMEOUT, retrying only the idempotent operation', async () => {
    await loadFlow(sim, nodes, { timeout: 0.15 });
    sim.inject({ kind: 'delay', ms: 400 }, { times: 10 });
    const rooms = await send('n-rooms', {});
    rooms.error.should.match({ code: 'TIMEOUT', retryable: true });
    sim.received.GetRoomList.should.equal(3);
    const open = await send('n-open', { payload: { roomId: ROOM } });
    open.error.code.should.equal('TIMEOUT');
    sim.received.GatewayOpen.should.equal(1);
  });

  for (const kind of ['malformed', 'html', 'empty']) {
    it(`maps a ${kind} body to VENDOR and retries it only when idempotent`, async () => {
      await loadFlow(sim, nodes);
      sim.inject({ kind }, { match: 'GatewayOpen' });
      const open = await send('n-open', { payload: { roomId: ROOM } });
      open.error.should.match({ code: 'VENDOR', vendorCode: 'MALFORMED' });
      sim.received.GatewayOpen.should.equal(1);
      sim.inject({ kind }, { match: 'GetRoomList' });
      (await send('n-rooms', {})).msg.payload.total.should.equal(4);
    });
  }

  it('reports NETWORK when nothing listens', async () => {
    const url = sim.url;
    await sim.stop();
    await loadFlow({ url }, nodes);
    const { error } = await send('n-rooms', {});
    error.should.match({ code: 'NETWORK', retryable: true });
    error.message.should.match(/ECONNREFUSED/);
  });

  it('fails fast with QUEUE_FULL past the queue bound, and every msg still ends once', async () => {
    await loadFlow(sim, nodes, { maxConcurrent: 1, maxQueue: 2 });
    sim.inject({ kind: 'delay', ms: 150 }, { times: 10 });
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => send('n-rooms', {}, 400)));
    results.filter((r) => r.msg && !r.error).length.should.equal(3);
    results
      .filter((r) => r.error)
      .map((r) => r.error.code)
      .should.eql(['QUEUE_FULL', 'QUEUE_FULL']);
  });

  it('keeps appsecret, PINs and face images out of msgs, errors, status and logs', async () => {
    await loadFlow(sim, [
      ...nodes,
      { id: 'n-issue', type: 'smartlock-card', operation: 'issue' },
      { id: 'n-api', type: 'smartlock-api', operation: '' },
      { id: 'n-face', type: 'smartlock-face', operation: 'upload' },
    ]);
    const face = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('planted-face-bytes-0123456789')]).toString(
      'base64',
    );
    sim.inject({ kind: 'status', status: 500 }, { match: 'GatewayOpen' });
    const seen = [];
    seen.push(await send('n-rooms', {}));
    seen.push(await send('n-open', { payload: { roomId: ROOM } }));
    seen.push(await send('n-open', { payload: { roomId: 'nope' } }));
    seen.push(await send('n-issue', { payload: { roomId: ROOM, validFrom: Date.now(), validUntil: Date.now() + 3600e3 } }));
    seen.push(await send('n-api', { operation: 'GatewayUploadOnline', payload: { roomId: ROOM, slot: 2, password: '987654321', validUntil: UNTIL } }));
    seen.push(await send('n-api', { operation: 'GatewayUploadOnline', payload: { roomId: 'nope', slot: 2, password: '987654321', validUntil: UNTIL } }));
    seen.push(await send('n-face', { payload: { roomId: ROOM, image: face, slot: 3, validFrom: Date.now(), validUntil: UNTIL } }));
    seen.push(await send('n-face', { payload: { roomId: 'nope', image: face, slot: 3, validFrom: Date.now(), validUntil: UNTIL } }));
    // A Catch msg is the input msg plus msg.error: its payload is the user's own and stays.
    const everything = JSON.stringify([
      seen.map((s) => ({ msg: s.error ? { ...s.msg, payload: undefined } : s.msg, error: s.error })),
      helper.log().args,
      ...['n-rooms', 'n-open', 'n-issue', 'n-api', 'n-face'].map((id) => helper.getNode(id).status.args),
    ]);
    everything.should.not.containEql(APPSECRET);
    everything.should.not.containEql(face);
    everything.should.not.containEql('987654321');
    seen[6].msg.smartlock.request.base64.should.equal('[redacted]');
    seen[7].error.code.should.equal('VENDOR');
    seen[4].msg.smartlock.request.pwd.should.equal('[redacted]');
    JSON.stringify(seen[5].error).should.not.containEql('987654321');
  });
});
