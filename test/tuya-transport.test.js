'use strict';
require('should');
const { helper, startTuya, loadFlow, send, TUYA } = require('./support/flow');

const DEV = 'lock-wifi-1';
const HOUR = 3600e3;

describe('Tuya tokens, safety and palette nodes', function () {
  let sim;
  afterEach(async () => {
    await helper.unload();
    await sim.stop();
  });

  it('makes one token request for 100 concurrent cold calls', async () => {
    sim = await startTuya();
    await loadFlow(sim, [{ id: 'n-status', type: 'smartlock-device', operation: 'status' }], { maxConcurrent: 8 });
    const results = await Promise.all(Array.from({ length: 100 }, () => send('n-status', { payload: { deviceId: DEV } }, 5)));
    results.filter((r) => r.error).length.should.equal(0);
    sim.executed.token.should.equal(1);
    sim.received['device.status'].should.equal(100);
  });

  it('replaces an expired token mid-run without the user seeing an error', async () => {
    sim = await startTuya();
    await loadFlow(sim, [{ id: 'n-open', type: 'smartlock-remote-open', operation: 'open' }]);
    (await send('n-open', { payload: { deviceId: DEV } })).msg.payload.success.should.be.true();
    sim.expireTokens();
    const second = await send('n-open', { payload: { deviceId: DEV } });
    (second.error === undefined).should.be.true();
    sim.executed.token.should.equal(2);
    sim.executed['doorLock.passwordFreeOpen'].should.equal(2);
  });

  it('refreshes ahead of expiry with the single-use refresh token', async () => {
    sim = await startTuya({ tokenExpireSeconds: 1 });
    await loadFlow(sim, [{ id: 'n-status', type: 'smartlock-device', operation: 'status' }]);
    await send('n-status', { payload: { deviceId: DEV } });
    await new Promise((r) => setTimeout(r, 900));
    (await send('n-status', { payload: { deviceId: DEV } })).msg.payload.status.length.should.equal(2);
    sim.received['token.refresh'].should.equal(1);
    sim.received.token.should.equal(1);
  });

  it('keeps a device id such as ../../v1.0/token from changing the request path', async () => {
    sim = await startTuya();
    await loadFlow(sim, [{ id: 'n-status', type: 'smartlock-device', operation: 'status' }]);
    for (const deviceId of ['../../v1.0/token', 'a/../../b', 'x?grant_type=1', 'x#frag', '%2F..%2F']) {
      const { error } = await send('n-status', { payload: { deviceId } });
      error.should.match({ code: 'NOT_FOUND', vendorCode: 1106 }); // unknown device: the path stayed put
    }
    (await send('n-status', { payload: { deviceId: '..' } })).error.code.should.equal('VALIDATION');
    sim.received['device.status'].should.equal(5);
    sim.received.token.should.equal(1);
    Object.keys(sim.received).sort().should.eql(['device.status', 'token']);
  });

  it('issues, freezes and reads a card and creates a temp password through the palette nodes', async () => {
    sim = await startTuya();
    await loadFlow(sim, [
      { id: 'n-issue', type: 'smartlock-card', operation: 'issue' },
      { id: 'n-freeze', type: 'smartlock-card', operation: 'freeze' },
      { id: 'n-read', type: 'smartlock-card', operation: 'read' },
      { id: 'n-pw', type: 'smartlock-password', operation: 'create' },
      { id: 'n-logs', type: 'smartlock-logs', operation: 'unlock' },
      { id: 'n-users', type: 'smartlock-users', operation: 'list' },
    ]);
    const card = (await send('n-issue', { payload: { deviceId: DEV, cardNumber: 'C-1' } })).msg.payload.cardId;
    (await send('n-freeze', { payload: { deviceId: DEV, cardId: card } })).msg.payload.success.should.be.true();
    (await send('n-read', { payload: { deviceId: DEV, cardId: card } })).msg.payload.cardId.should.equal(card);
    const pw = await send('n-pw', { payload: { deviceId: DEV, name: 'Guest', password: '2468024', validFrom: new Date(), validUntil: Date.now() + HOUR } });
    pw.msg.smartlock.request.password.should.equal('[redacted]');
    sim.devices.get(DEV).passwords.get(Number(pw.msg.payload.passwordId)).pin.should.equal('2468024');
    (await send('n-logs', { payload: { deviceId: DEV } })).msg.payload.total.should.equal(0);
    (await send('n-users', { payload: { deviceId: DEV } })).msg.payload.users.length.should.equal(2);
  });

  it('refuses a PIN of the wrong length for the lock type before any request', async () => {
    sim = await startTuya();
    await loadFlow(sim, [{ id: 'n-pw', type: 'smartlock-password', operation: 'create' }], { lockType: 'zigbee' });
    const { error } = await send('n-pw', { payload: { deviceId: DEV, name: 'x', password: '1234567', validFrom: Date.now(), validUntil: Date.now() + HOUR } });
    error.should.match({ code: 'VALIDATION', message: 'password must be 6 digits for a zigbee lock' });
    Object.keys(sim.received).length.should.equal(0);
  });

  it('fails issue card with NOT_SUPPORTED on a hotel-only action and VALIDATION without an OSaaS project', async () => {
    sim = await startTuya();
    await loadFlow(
      sim,
      [
        { id: 'n-rooms', type: 'smartlock-users', operation: 'rooms' },
        { id: 'n-issue', type: 'smartlock-card', operation: 'issue' },
      ],
      { projectId: '' },
    );
    (await send('n-rooms', {})).error.code.should.equal('NOT_SUPPORTED');
    const { error } = await send('n-issue', { payload: { deviceId: DEV, cardNumber: 'C-1' } });
    error.should.match({ code: 'VALIDATION', message: 'project_id is needed for issue card' });
  });

  it('maps a wrong Access Secret to AUTH and keeps secrets, tokens and PINs out of msgs, errors and logs', async () => {
    sim = await startTuya();
    await loadFlow(sim, [
      { id: 'n-pw', type: 'smartlock-password', operation: 'create' },
      { id: 'n-open', type: 'smartlock-remote-open', operation: 'openWithPassword' },
    ]);
    const seen = [];
    seen.push(await send('n-pw', { payload: { deviceId: DEV, name: 'x', password: '1357913', validFrom: Date.now(), validUntil: Date.now() + HOUR } }));
    seen.push(await send('n-open', { payload: { deviceId: DEV, password: '999999' } }));
    seen[1].error.should.match({ code: 'VENDOR', vendorMessage: 'password error' });
    const tokens = [...sim.tokens.keys()];
    // The input msg is the user's own; what the nodes add must hold no secret.
    const text = JSON.stringify([seen.map((s) => [s.msg.smartlock, s.msg.error, s.error]), helper.log().args, helper.getNode('n-pw').status.args]);
    for (const secret of [TUYA.accessSecret, '1357913', '999999', ...tokens]) text.should.not.containEql(secret);
    await helper.unload();
    await loadFlow(sim, [{ id: 'n-open', type: 'smartlock-remote-open', operation: 'open' }], {}, { accessId: TUYA.accessId, accessSecret: 'X'.repeat(32) });
    const { error } = await send('n-open', { payload: { deviceId: DEV } });
    error.should.match({ code: 'AUTH', vendorCode: 1004 });
  });
});

describe('plain http for cloud vendors', () => {
  afterEach(() => helper.unload());
  it('warns when a Tuya or Alibaba config uses plain http to a host other than loopback, not for 127.0.0.1', async () => {
    const flow = (baseUrl) => [
      { id: 'c1', type: 'smartlock-tuya', region: 'custom', baseUrl },
      { id: 'c2', type: 'smartlock-aliyun', host: 'custom', baseUrl },
    ];
    const { modules } = require('./support/flow');
    await helper.load(modules, flow('http://192.0.2.10:8080'), {});
    const warned = () =>
      helper
        .getNode('c1')
        .warn.args.map((a) => String(a[0]))
        .filter((t) => /plain http/.test(t));
    warned().length.should.equal(2);
    await helper.unload();
    await helper.load(modules, flow('http://127.0.0.1:9'), {});
    warned().length.should.equal(0);
  });
});

describe('token faults', () => {
  const { startAliyun } = require('./support/flow');
  let sim;
  afterEach(async () => {
    await helper.unload();
    await sim.stop();
  });

  it('Tuya: a token revoked mid-run is replaced unseen; a failing token endpoint is retried, then reported', async () => {
    sim = await startTuya();
    await loadFlow(sim, [{ id: 'n', type: 'smartlock-device', operation: 'status' }]);
    (await send('n', { payload: { deviceId: DEV } })).msg.payload.status.length.should.equal(2);
    sim.tokens.clear(); // revoked
    (await send('n', { payload: { deviceId: DEV } })).msg.payload.status.length.should.equal(2);
    sim.tokens.clear();
    sim.inject({ kind: 'status', status: 500 }, { match: 'token' });
    (await send('n', { payload: { deviceId: DEV } })).msg.payload.status.length.should.equal(2);
    sim.tokens.clear();
    sim.inject({ kind: 'status', status: 503 }, { match: 'token', times: 10 });
    const { error } = await send('n', { payload: { deviceId: DEV } });
    error.should.match({ code: 'VENDOR', vendorCode: 'HTTP 503', retryable: true });
  });

  it('Tuya: a command waiting for a token the endpoint failed to give is sent once the token comes', async () => {
    sim = await startTuya();
    await loadFlow(sim, [{ id: 'n', type: 'smartlock-device', operation: 'command' }]);
    sim.inject({ kind: 'status', status: 500 }, { match: 'token', times: 3 }); // every try of the first token fetch
    const { msg } = await send('n', { payload: { deviceId: DEV, commands: [{ code: 'closed_opened', value: 'opened' }] } });
    msg.payload.should.be.ok();
    sim.received.token.should.equal(4);
    sim.executed['device.control'].should.equal(1);
  });

  it('Alibaba Cloud IoT: a revoked cloud token is replaced unseen; a failing token endpoint is reported', async () => {
    sim = await startAliyun();
    await loadFlow(sim, [{ id: 'n', type: 'smartlock-keep-open', operation: 'get' }]);
    (await send('n', { payload: { deviceId: 'dev-door-1' } })).msg.payload.keepOpen.should.be.false();
    sim.cloudTokens.clear();
    (await send('n', { payload: { deviceId: 'dev-door-1' } })).msg.payload.keepOpen.should.be.false();
    sim.cloudTokens.clear();
    sim.inject({ kind: 'html' }, { match: '/cloud/token', times: 10 });
    const { error } = await send('n', { payload: { deviceId: 'dev-door-1' } });
    error.should.match({ code: 'VENDOR', vendorCode: 'MALFORMED' });
  });
});
