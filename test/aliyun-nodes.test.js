'use strict';
require('should');
const { helper, startAliyun, loadFlow, send, ALIYUN } = require('./support/flow');
const { aliyunCatalog } = require('../dist/lib/vendors/aliyun/catalog');
const { ALIYUN_CODES } = require('../dist/lib/vendors/aliyun/errors');

const DOOR = 'dev-door-1';
const LOCK = 'lock-1';
const P = 'person-1';
const HOUR = 3600e3;

/** Every catalog operation in an order where each finds what the earlier made: [name, ok payload, check, refused payload, expected code]. */
function steps(state) {
  const now = Date.now();
  return [
    [
      '/entrance/paas/user/modify',
      () => ({ personId: P, name: '王先生', extInfo: 'VIP' }),
      (p, sim) => sim.persons.get(P).name.should.equal('王先生'),
      { personId: 'new-person' },
    ],
    ['/entrance/paas/user/get', () => ({ personId: P }), (p) => p.should.match({ personId: P, name: '王先生', extInfo: 'VIP' }), { personId: 'nobody' }],
    // A page query the service cannot refuse once the page size is validated.
    [
      '/entrance/paas/user/query',
      () => ({ pageSize: 10 }),
      (p) => {
        p.total.should.equal(2);
        p.users.map((u) => u.personId).should.containEql(P);
      },
      null,
    ],
    [
      '/entrance/paas/perm/card/batchmodify',
      () => ({ personId: P, deviceId: DOOR, cardId: 'C-1', validUntil: now + 24 * HOUR }),
      (p, sim) => {
        p.failures.should.eql([]);
        sim.cards[0].expiryTime.should.match(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
      },
      { cards: [{ personId: 'nobody', deviceId: DOOR, cardId: 'C-2', validUntil: now + HOUR }] },
      'failures',
    ],
    [
      '/entrance/paas/user/perm/query',
      () => ({ personId: P, deviceIds: [DOOR, 'dev-door-2'] }),
      (p) => p.cards[0].should.match({ deviceId: DOOR, cardId: 'C-1' }),
      { personId: 'nobody', deviceIds: [DOOR] },
    ],
    [
      '/entrance/paas/device/perm/query',
      () => ({ deviceId: DOOR }),
      (p) => p.cards.map((c) => c.cardId).should.eql(['C-1']),
      { deviceId: 'nope' },
      'VENDOR',
      28560,
    ],
    [
      '/entrance/paas/perm/card/batchdelete',
      () => ({ personId: P, deviceId: DOOR, cardId: 'C-1' }),
      (p, sim) => sim.cards.length.should.equal(0),
      { cards: [{ personId: P, deviceId: DOOR, cardId: 'C-1' }] },
      'failures',
    ],
    [
      '/entrance/paas/keepopen/set',
      () => ({ deviceId: DOOR, keepOpen: true }),
      (p, sim) => sim.keepOpen.get(DOOR).should.be.true(),
      { deviceId: 'nope', keepOpen: true },
      'VENDOR',
      28560,
    ],
    ['/entrance/paas/keepopen/get', () => ({ deviceId: DOOR }), (p) => p.keepOpen.should.be.true(), { deviceId: 'nope' }, 'VENDOR', 28560],
    [
      '/homelink/common/qrcode/generate',
      () => ({ personId: P }),
      (p) => {
        state.qr = p.qrCode;
        p.qrCode.should.match(/^[0-9A-F]{16}$/);
        p.qrImage.should.match(/^data:image\/png;base64,/); // the same code as a picture
      },
      { personId: 'nobody' },
    ],
    [
      '/entrance/paas/perm/qrcode/config',
      () => ({ qrCode: state.qr, personId: P, deviceIds: [DOOR, 'dev-door-2'], validUntil: now + 2 * HOUR, maxScans: 5, scanScope: 'share' }),
      (p, sim) => {
        p.results.map((r) => r.code).should.eql([200, 200]);
        sim.qrCodes.get(state.qr).grants.get(DOOR).should.match({ maxScanTimes: 5, maxScanScope: 'SHARE' });
      },
      () => ({ qrCode: 'NOPE', personId: P, deviceIds: [DOOR], validUntil: now + HOUR }),
    ],
    [
      '/entrance/paas/perm/qrcode/remove',
      () => ({ qrCode: state.qr, personId: P, deviceIds: [DOOR] }),
      (p, sim) => sim.qrCodes.get(state.qr).grants.has(DOOR).should.be.false(),
      () => ({ qrCode: 'NOPE', personId: P, deviceIds: [DOOR] }),
    ],
    [
      '/entrance/paas/perm/qrcode/generate',
      () => ({ personId: P, deviceIds: [DOOR], validUntil: now + 2 * HOUR }),
      (p) => p.qrCode.should.match(/^[0-9A-F]{12}$/),
      { personId: 'nobody', deviceIds: [DOOR], validUntil: now + HOUR },
    ],
    [
      '/entrance/paas/perm/passwd/modify',
      () => ({ personId: P, deviceId: DOOR, password: '802160', slot: 30, validUntil: now + HOUR }),
      (p, sim) => {
        p.failures.should.eql([]);
        sim.passwords.get(`${P}/${DOOR}`).should.match({ password: '802160', number: 30 });
        sim.passwords.get(`${P}/${DOOR}`).expiredDate.should.match(/^\d{4}-/);
      },
      { passwords: [{ personId: P, deviceId: 'nope', password: '1', validUntil: now + HOUR }] },
      'failures',
    ],
    [
      '/cloud/thing/service/invoke',
      () => ({ deviceId: DOOR }),
      (p, sim) => {
        p.success.should.be.true();
        sim.events[0].event_code.should.equal('RemoteUnlockNotification');
      },
      { deviceId: 'nope' },
      'VENDOR',
      28560,
    ],
    ['/entrance/paas/user/delete', () => ({ personId: P }), (p, sim) => sim.persons.has(P).should.be.false(), { personId: P }],
    [
      '/lock/key/user/bind',
      () => ({ virtualUserId: 'vu-1', keyId: '10', keyType: 'fingerprint', keyPermission: 'admin', deviceId: LOCK }),
      (p, sim) => sim.keys[0].userId.should.equal('vu-1'),
      { virtualUserId: 'vu-2', keyId: '10', keyType: 'fingerprint', keyPermission: 'normal', deviceId: LOCK },
      'VENDOR',
      28530,
    ],
    [
      '/lock/key/user/bindinfo/get',
      () => ({ virtualUserId: 'vu-1', keyId: '10', keyType: 'fingerprint', deviceId: LOCK }),
      (p) => p.should.match({ deviceId: LOCK, keyId: '10', virtualUserId: 'vu-1', keyPermission: 2 }),
      { virtualUserId: 'vu-1', keyId: '99', keyType: 'card', deviceId: LOCK },
      'VENDOR',
      28527,
    ],
    [
      '/lock/key/users/bindinfo/get',
      () => ({
        virtualUserId: 'vu-1',
        keys: [
          { deviceId: LOCK, keyId: '10', keyType: 'fingerprint' },
          { deviceId: LOCK, keyId: '12', keyType: 'password' },
        ],
      }),
      (p) => p.keys.map((k) => k.keyId).should.eql(['10']),
      { virtualUserId: 'vu-1', keys: [{ deviceId: 'nope', keyId: '1', keyType: 'card' }] },
      'empty',
    ],
    [
      '/lock/key/user/unbind/filter',
      () => ({
        keys: [
          { deviceId: LOCK, keyId: '10', keyType: 'fingerprint' },
          { deviceId: LOCK, keyId: '12', keyType: 'password' },
        ],
      }),
      (p) => p.keys.map((k) => k.keyId).should.eql(['12']),
      null,
    ],
    ['/lock/key/user/bindlist/get', () => ({ virtualUserId: 'vu-1' }), (p) => p.keys.length.should.equal(1), { virtualUserId: 'vu-9' }],
    ['/lock/dev/virtual/user/get', () => ({ deviceId: LOCK }), (p) => p.users[0].virtualUserId.should.equal('vu-1'), { deviceId: 'nope' }, 'VENDOR', 28560],
    [
      '/lock/key/virtual/user/get',
      () => ({ keyId: '10', keyType: 'fingerprint', deviceId: LOCK }),
      (p) => p.attributes[0].attrValue.should.equal('小明'),
      { keyId: '12', keyType: 'password', deviceId: LOCK },
      'VENDOR',
      28527,
    ],
    [
      '/lock/key/user/unbind',
      () => ({ virtualUserId: 'vu-1', keyId: '10', keyType: 'fingerprint', deviceId: LOCK }),
      (p, sim) => (sim.keys[0].userId === undefined).should.be.true(),
      { virtualUserId: 'vu-1', keyId: '10', keyType: 'fingerprint', deviceId: LOCK },
      'VENDOR',
      28527,
    ],
    [
      '/lock/key/user/delete',
      () => ({ keyId: '13', keyType: 'card', deviceId: LOCK }),
      (p, sim) => sim.keys.length.should.equal(2),
      { keyId: '13', keyType: 'card', deviceId: LOCK },
      'VENDOR',
      28527,
    ],
    [
      '/lock/nickname/set',
      () => ({ name: '大门锁', deviceId: LOCK }),
      (p, sim) => sim.nicknames.get(LOCK).should.equal('大门锁'),
      { name: 'x', deviceId: 'nope' },
      'VENDOR',
      28560,
    ],
    [
      '/lock/event/history/query',
      () => ({ deviceId: DOOR, since: now - HOUR, until: now + HOUR, events: 'RemoteUnlockNotification' }),
      (p) => {
        p.total.should.equal(1);
        p.records[0].event.should.equal('RemoteUnlockNotification');
        p.records[0].time.should.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?\+08:00$/); // the config's zone, Asia/Shanghai
      },
      { deviceId: 'nope', since: now - HOUR, until: now },
      'VENDOR',
      28560,
    ],
  ];
}

describe('Alibaba Cloud IoT through Node-RED nodes', function () {
  let sim;
  afterEach(async () => {
    await helper.unload();
    await sim?.stop();
    sim = undefined;
  });

  it('covers every catalog operation', () => {
    steps({})
      .map((s) => s[0])
      .sort()
      .should.eql(aliyunCatalog.operations.map((o) => o.name).sort());
  });

  it("runs every operation: success, then the service's refusal (or its failure list)", async () => {
    sim = await startAliyun();
    await loadFlow(sim, [{ id: 'n-api', type: 'smartlock-api', operation: '' }]);
    const state = {};
    for (const [operation, ok, check, bad, mode, vendorCode] of steps(state)) {
      const good = await send('n-api', { operation, payload: ok(sim) });
      if (good.error) throw new Error(`${operation}: ${good.error.code} ${good.error.message}`);
      check(good.msg.payload, sim);
      good.msg.smartlock.should.match({ vendor: 'aliyun', operation });
      if (!bad) continue;
      const payload = typeof bad === 'function' ? bad() : bad;
      const res = await send('n-api', { operation, payload });
      if (mode === 'failures') {
        res.msg.payload.failures.length.should.equal(1, operation);
      } else if (mode === 'empty') {
        res.msg.payload.keys.should.eql([]);
      } else {
        if (!res.error) throw new Error(`${operation}: refusal expected`);
        // what the system's code table says the code means (VENDOR where it has no row)
        res.error.code.should.equal(ALIYUN_CODES[res.error.vendorCode]?.code ?? 'VENDOR', operation);
        res.error.vendorCode.should.equal(vendorCode ?? 460, operation);
      }
    }
  });

  it('sends 2500 card grants as 3 calls of at most 1000 and merges their failures', async () => {
    sim = await startAliyun();
    sim.persons.set('p', { identityId: 'p', name: 'x' });
    await loadFlow(sim, [{ id: 'n-issue', type: 'smartlock-card', operation: 'issue' }]);
    const until = Date.now() + HOUR;
    const cards = Array.from({ length: 2500 }, (_, i) => ({
      personId: 'p',
      deviceId: i % 1000 === 7 ? 'no-such-door' : 'dev-door-1',
      cardId: `card-${i}`,
      validUntil: until,
    }));
    const { msg } = await send('n-issue', { payload: { cards } }, 30, 30000);
    msg.payload.requests.should.equal(3);
    sim.received['/entrance/paas/perm/card/batchmodify'].should.equal(3);
    msg.payload.failures.map((f) => f.cardId).should.eql(['card-7', 'card-1007', 'card-2007']);
    sim.cards.length.should.equal(2497);
    msg.smartlock.request.cards.length.should.equal(2500);
  });

  it('makes one cloud-token request for 50 concurrent cold calls and renews an expired token unseen', async () => {
    sim = await startAliyun();
    await loadFlow(sim, [{ id: 'n-keep', type: 'smartlock-keep-open', operation: 'get' }], { maxConcurrent: 8 });
    const results = await Promise.all(Array.from({ length: 50 }, () => send('n-keep', { payload: { deviceId: DOOR } }, 5)));
    results.filter((r) => r.error).length.should.equal(0);
    sim.executed['/cloud/token'].should.equal(1);
    sim.expireTokens();
    (await send('n-keep', { payload: { deviceId: DOOR } })).msg.payload.keepOpen.should.be.false();
    sim.executed['/cloud/token'].should.equal(2);
  });

  it("renews the user's iotToken from refreshToken + identityId, and takes msg.iotToken per message", async () => {
    sim = await startAliyun();
    await loadFlow(sim, [{ id: 'n-users', type: 'smartlock-users', operation: 'deviceUsers' }]);
    (await send('n-users', { payload: { deviceId: LOCK } })).msg.payload.users.should.eql([]);
    sim.expireTokens();
    (await send('n-users', { payload: { deviceId: LOCK } })).msg.payload.users.should.eql([]);
    sim.executed['/account/checkOrRefreshSession'].should.equal(1);
    const { error } = await send('n-users', { payload: { deviceId: LOCK }, iotToken: 'expired-or-foreign' });
    error.should.match({ code: 'AUTH', vendorCode: 460 });
    JSON.stringify(error).should.not.containEql('expired-or-foreign');
  });

  it('refuses lock-service calls without a user session, and card lists over the documented limits, before sending', async () => {
    sim = await startAliyun();
    await loadFlow(
      sim,
      [
        { id: 'n-users', type: 'smartlock-users', operation: 'deviceUsers' },
        { id: 'n-pw', type: 'smartlock-password', operation: 'create' },
      ],
      {},
      { appKey: ALIYUN.appKey, appSecret: ALIYUN.appSecret },
    );
    (await send('n-users', { payload: { deviceId: LOCK } })).error.should.match({ code: 'VALIDATION', message: /iotToken/ });
    const passwords = Array.from({ length: 101 }, (_, i) => ({ personId: 'p', deviceId: DOOR, password: `${i}`, validUntil: Date.now() + HOUR }));
    (await send('n-pw', { payload: { passwords } })).error.message.should.equal('passwords holds 101 entries; at most 100 are allowed');
    Object.keys(sim.received).should.eql([]);
  });

  it('opens a door, holds it open and grants a visitor QR code through the palette nodes', async () => {
    sim = await startAliyun();
    sim.persons.set('visitor', { identityId: 'visitor', name: 'Visitor' });
    await loadFlow(sim, [
      { id: 'n-open', type: 'smartlock-remote-open', operation: 'open' },
      { id: 'n-keep', type: 'smartlock-keep-open', operation: 'set' },
      { id: 'n-qr', type: 'smartlock-qrcode', operation: 'generate' },
      { id: 'n-grant', type: 'smartlock-qrcode', operation: 'grant' },
      { id: 'n-logs', type: 'smartlock-logs', operation: 'query' },
    ]);
    (await send('n-open', { payload: { deviceId: DOOR } })).msg.payload.success.should.be.true();
    (await send('n-keep', { payload: { deviceId: DOOR, keepOpen: true } })).msg.payload.keepOpen.should.be.true();
    const qr = (await send('n-qr', { payload: { personId: 'visitor' } })).msg.payload.qrCode;
    const grant = await send('n-grant', {
      payload: { qrCode: qr, personId: 'visitor', deviceIds: 'dev-door-1,dev-door-2', validUntil: Date.now() + 2 * HOUR },
    });
    grant.msg.payload.results.length.should.equal(2);
    grant.msg.smartlock.request.qrCode.should.equal('[redacted]');
    (await send('n-logs', { payload: { deviceId: DOOR, since: Date.now() - HOUR, until: Date.now() + 1000 } })).msg.payload.records.length.should.equal(1);
  });
});
