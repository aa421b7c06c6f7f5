'use strict';
// TTLock's open platform through real Node-RED nodes, against its simulator on 127.0.0.1: every
// catalog operation, the neutral nodes, OAuth (md5 password, refused credentials, renewed
// tokens) and the lock records read by the events node.
require('should');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { helper, startTtlock, loadFlow, send, pollEvents, TTLOCK } = require('./support/flow');
const { ttlockCatalog } = require('../dist/lib/vendors/ttlock/catalog');
const { TTLOCK_CODES } = require('../dist/lib/vendors/ttlock/errors');
const { TTLOCK_EVIDENCE } = require('../dist/lib/vendors/ttlock/evidence');
const { formatIso } = require('../dist/lib/time');

const HOST_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

const LOCK = '163377';
// A lock without a gateway: remote operations cannot reach it.
const OFFLINE = '163378';
const HOUR = 3600e3;

/**
 * Every catalog operation, in an order where each finds what the earlier ones made: the payload
 * that succeeds, what the result must hold, a payload the service refuses and the contract code.
 */
function steps(state) {
  const from = Date.now() + HOUR;
  const until = from + 72 * HOUR;
  const door = (sim) => sim.locks.get(Number(LOCK));
  return [
    [
      'lock/unlock',
      () => ({ deviceId: LOCK }),
      (p, sim) => p.should.eql({ deviceId: LOCK, success: true }) && door(sim).state.should.equal(1),
      { deviceId: OFFLINE },
      'VENDOR',
    ],
    [
      'lock/queryOpenState',
      () => ({ deviceId: LOCK }),
      (p) => p.should.eql({ deviceId: LOCK, state: 1, open: true, locked: false }),
      { deviceId: '999' },
      'NOT_FOUND',
    ],
    ['lock/lock', () => ({ deviceId: LOCK }), (p, sim) => door(sim).state.should.equal(0), { deviceId: '999' }, 'NOT_FOUND'],
    [
      'lock/list',
      () => ({}),
      (p) =>
        p.devices
          .map((d) => [d.deviceId, d.hasGateway])
          .should.eql([
            [LOCK, true],
            [OFFLINE, false],
          ]),
      null,
    ],
    ['gateway/list', () => ({}), (p) => p.gateways[0].should.match({ gatewayId: '78979', online: true }), null],
    [
      'keyboardPwd/get',
      () => ({ deviceId: LOCK, type: 'period', name: 'Stay 12', validFrom: from, validUntil: until }),
      (p, sim) => {
        p.password.should.match(/^\d{6,9}$/);
        door(sim).passcodes.get(Number(p.passwordId)).keyboardPwdType.should.equal(3);
      },
      { deviceId: '999', validFrom: from, validUntil: until },
      'NOT_FOUND',
    ],
    [
      'keyboardPwd/add',
      () => ({ deviceId: LOCK, password: '2580147', name: 'Guest', validFrom: from, validUntil: until }),
      (p, sim) => {
        state.pw = p.passwordId;
        door(sim).passcodes.get(Number(p.passwordId)).should.match({ keyboardPwd: '2580147', isCustom: 1, startDate: from, endDate: until });
      },
      // the same passcode again: -3007
      { deviceId: LOCK, password: '2580147', validFrom: from, validUntil: until },
      'VENDOR',
    ],
    [
      'keyboardPwd/change',
      () => ({ deviceId: LOCK, passwordId: state.pw, password: '3690258' }),
      (p, sim) => door(sim).passcodes.get(Number(state.pw)).keyboardPwd.should.equal('3690258'),
      { deviceId: LOCK, passwordId: '1', name: 'x' },
      'NOT_FOUND',
    ],
    ['lock/listKeyboardPwd', () => ({ deviceId: LOCK }), (p) => p.passwords.map((x) => x.custom).should.eql([true, false]), { deviceId: '999' }, 'NOT_FOUND'],
    [
      'keyboardPwd/delete',
      () => ({ deviceId: LOCK, passwordId: state.pw }),
      (p, sim) => door(sim).passcodes.has(Number(state.pw)).should.be.false(),
      { deviceId: LOCK, passwordId: '1' },
      'NOT_FOUND',
    ],
    [
      'identityCard/addForReversedCardNumber',
      () => ({ deviceId: LOCK, cardNumber: '3661413478', name: 'Guest card', validFrom: from, validUntil: until }),
      (p, sim) => {
        state.card = p.cardId;
        p.cardNumber.should.equal('3661413478');
        // the page's own example of the reversed number
        door(sim).cards.get(Number(p.cardId)).cardNumber.should.equal('1723612378');
      },
      { deviceId: OFFLINE, cardNumber: '1', validFrom: from, validUntil: until },
      'VENDOR',
    ],
    [
      'identityCard/changePeriod',
      () => ({ deviceId: LOCK, cardId: state.card, validFrom: from, validUntil: until + HOUR }),
      (p, sim) =>
        door(sim)
          .cards.get(Number(state.card))
          .endDate.should.equal(until + HOUR),
      { deviceId: LOCK, cardId: '1', validFrom: from, validUntil: until },
      'NOT_FOUND',
    ],
    [
      'identityCard/list',
      () => ({ deviceId: LOCK }),
      (p) => p.cards[0].should.match({ cardId: state.card, cardNumber: '1723612378' }),
      { deviceId: '999' },
      'NOT_FOUND',
    ],
    [
      'identityCard/delete',
      () => ({ deviceId: LOCK, cardId: state.card }),
      (p, sim) => door(sim).cards.size.should.equal(0),
      { deviceId: LOCK, cardId: '1' },
      'NOT_FOUND',
    ],
    [
      'fingerprint/list',
      () => ({ deviceId: LOCK }),
      (p) => p.fingerprints[0].should.match({ fingerprintId: '224242', name: 'Owner thumb' }),
      { deviceId: '999' },
      'NOT_FOUND',
    ],
    [
      'fingerprint/changePeriod',
      () => ({ deviceId: LOCK, fingerprintId: '224242', validFrom: from, validUntil: until }),
      (p, sim) => door(sim).fingerprints.get(224242).endDate.should.equal(until),
      // TTLock's table has no code for an unknown fingerprint: 1, "failed"
      { deviceId: LOCK, fingerprintId: '1', validFrom: from, validUntil: until },
      'VENDOR',
    ],
    [
      'fingerprint/delete',
      () => ({ deviceId: LOCK, fingerprintId: '224242' }),
      (p, sim) => door(sim).fingerprints.size.should.equal(0),
      { deviceId: OFFLINE, fingerprintId: '1' },
      'VENDOR',
    ],
    [
      'key/send',
      () => ({ deviceId: LOCK, receiver: 'guest@example.com', name: 'Guest eKey', validFrom: from, validUntil: until, remoteOpen: false }),
      (p, sim) => {
        state.key = p.keyId;
        door(sim).keys.get(Number(p.keyId)).should.match({ username: 'guest@example.com', remoteEnable: 2, keyStatus: '110401' });
      },
      // an account TTLock does not know: -4064
      { deviceId: LOCK, receiver: 'stranger@example.com', name: 'x', validFrom: from, validUntil: until },
      'NOT_FOUND',
    ],
    [
      'lock/listKey',
      () => ({ deviceId: LOCK }),
      (p) => p.users[0].should.match({ keyId: state.key, user: 'guest@example.com', remoteOpen: false, admin: false }),
      { deviceId: '999' },
      'NOT_FOUND',
    ],
    [
      'key/freeze',
      () => ({ keyId: state.key }),
      (p, sim) => door(sim).keys.get(Number(state.key)).keyStatus.should.equal('110405'),
      { keyId: '1' },
      'NOT_FOUND',
    ],
    [
      'key/unfreeze',
      () => ({ keyId: state.key }),
      (p, sim) => door(sim).keys.get(Number(state.key)).keyStatus.should.equal('110401'),
      { keyId: '1' },
      'NOT_FOUND',
    ],
    [
      'key/authorize',
      () => ({ deviceId: LOCK, keyId: state.key }),
      (p, sim) => door(sim).keys.get(Number(state.key)).keyRight.should.equal(1),
      { deviceId: LOCK, keyId: '1' },
      'NOT_FOUND',
    ],
    ['key/delete', () => ({ keyId: state.key }), (p, sim) => door(sim).keys.size.should.equal(0), { keyId: '1' }, 'NOT_FOUND'],
    [
      'lockRecord/list',
      () => ({ deviceId: LOCK, since: Date.now() - 24 * HOUR }),
      (p) => {
        p.records
          .map((r) => [r.recordType, r.user])
          .should.eql([
            [4, 'Cleaner'],
            [8, 'Owner thumb'],
          ]);
        p.records[0].time.should.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?[+-]\d\d:\d\d$/); // ISO 8601 in the config's zone
        p.records[0].timeMs.should.equal(Date.parse(p.records[0].time));
        p.total.should.equal(2);
      },
      { deviceId: '999' },
      'NOT_FOUND',
    ],
  ];
}

describe('TTLock through Node-RED nodes', function () {
  let sim;
  beforeEach(async () => {
    sim = await startTtlock();
  });
  afterEach(async () => {
    await helper.unload();
    await sim.stop();
  });

  it('covers every catalog operation, each on the route and with the fields of its page', () => {
    steps({})
      .map((s) => s[0])
      .sort()
      .should.eql(ttlockCatalog.operations.map((o) => o.name).sort());
    for (const op of ttlockCatalog.operations) {
      const ev = TTLOCK_EVIDENCE[op.name];
      [op.method, op.path].should.eql([ev.route.method, ev.route.path], op.name);
      op.source.should.equal(ev.source);
      // a parameter kept off the wire (in: 'none', e.g. key/send's permanent, sent as startDate = endDate = 0) names no field
      const wire = [...op.params.filter((p) => p.in !== 'none').map((p) => p.wire), ...Object.keys(op.fixed ?? {})];
      wire.filter((w) => !ev.route.fields.includes(w)).should.eql([], `${op.name} sends fields its page does not list`);
    }
  });

  it("runs every operation through smartlock-api: success, then the service's refusal at a Catch node", async () => {
    await loadFlow(sim, [{ id: 'n-api', type: 'smartlock-api', operation: '' }]);
    const state = {};
    for (const [operation, ok, check, bad, code] of steps(state)) {
      const good = await send('n-api', { operation, payload: ok() });
      if (good.error) throw new Error(`${operation}: ${good.error.code} ${good.error.message}`);
      check(good.msg.payload, sim);
      good.msg.smartlock.should.match({ vendor: 'ttlock', operation });
      if (bad === null) continue;
      const { error } = await send('n-api', { operation, payload: bad });
      if (!error) throw new Error(`${operation}: refusal expected`);
      error.code.should.equal(code, `${operation}: ${error.vendorCode} ${error.message}`);
      if (TTLOCK_CODES[error.vendorCode]) TTLOCK_CODES[error.vendorCode].code.should.equal(code);
      error.vendorCode.should.be.a.Number();
      error.vendorMessage.should.be.a.String();
    }
    sim.undocumented.should.eql([]);
  });

  it('works through the neutral nodes as on the other systems', async () => {
    await loadFlow(sim, [
      { id: 'n-open', type: 'smartlock-remote-open', operation: 'open' },
      { id: 'n-lock', type: 'smartlock-remote-open', operation: 'lock' },
      { id: 'n-state', type: 'smartlock-device', operation: 'status' },
      { id: 'n-pw', type: 'smartlock-password', operation: 'create' },
      { id: 'n-card', type: 'smartlock-card', operation: 'issue' },
      { id: 'n-key', type: 'smartlock-users', operation: 'keySend' },
      { id: 'n-fp', type: 'smartlock-fingerprint', operation: 'list' },
    ]);
    (await send('n-open', { payload: { deviceId: LOCK } })).msg.payload.should.eql({ deviceId: LOCK, success: true });
    (await send('n-state', { payload: { deviceId: LOCK } })).msg.payload.open.should.be.true();
    (await send('n-lock', { payload: { deviceId: LOCK } })).msg.payload.success.should.be.true();
    const validFrom = '2030-01-01T14:00:00Z';
    const validUntil = '2030-01-04T11:00:00Z';
    const pw = await send('n-pw', { payload: { deviceId: LOCK, name: 'Guest 7', password: '2486024', validFrom, validUntil } });
    pw.msg.payload.should.match({
      deviceId: LOCK,
      passwordId: /^\d+$/,
      validFrom: formatIso(Date.parse(validFrom), HOST_ZONE), // in the config's zone: TTLock's default is this machine's
      validUntil: formatIso(Date.parse(validUntil), HOST_ZONE),
    });
    // the plain passcode never in the request the msg carries
    JSON.stringify(pw.msg.smartlock.request).should.not.containEql('2486024');
    sim.locks.get(Number(LOCK)).passcodes.get(Number(pw.msg.payload.passwordId)).startDate.should.equal(Date.parse(validFrom));
    (await send('n-card', { payload: { deviceId: LOCK, cardNumber: '12345678', validFrom, validUntil } })).msg.payload.cardId.should.match(/^\d+$/);
    const key = await send('n-key', { payload: { deviceId: LOCK, receiver: '+15550100', name: 'Guest', validFrom, validUntil } });
    key.msg.payload.should.match({ deviceId: LOCK, receiver: '+15550100', keyId: /^\d+$/ });
    (await send('n-fp', { payload: { deviceId: LOCK } })).msg.payload.fingerprints.length.should.equal(1);
  });

  it('gets its token with the md5 of the account password, given as typed or as md5', async () => {
    await loadFlow(sim, [{ id: 'n-open', type: 'smartlock-remote-open', operation: 'open' }]);
    (await send('n-open', { payload: { deviceId: LOCK } })).msg.payload.success.should.be.true();
    const token = sim.requests.find((r) => r.path === '/oauth2/token');
    const form = new URLSearchParams(token.body);
    form.get('password').should.equal(createHash('md5').update(TTLOCK.password).digest('hex'));
    form.get('clientSecret').should.equal(TTLOCK.clientSecret);
    token.body.should.not.containEql(TTLOCK.password);
    await helper.unload();
    const md5 = createHash('md5').update(TTLOCK.password).digest('hex').toUpperCase();
    await loadFlow(sim, [{ id: 'n-open', type: 'smartlock-remote-open', operation: 'open' }], { passwordForm: 'md5' }, { ...TTLOCK, password: md5 });
    (await send('n-open', { payload: { deviceId: LOCK } })).msg.payload.success.should.be.true();
  });

  it('keeps the account of a flow saved while username was a text credential: now a password one, it still signs in', async () => {
    // Credentials are kept by name: a flow saved before holds {username} just as these do.
    await loadFlow(sim, [{ id: 'n-api', type: 'smartlock-api', operation: 'lock/list' }]);
    helper.credentials.getDefinition('smartlock-ttlock').username.should.eql({ type: 'password' });
    // The editor gets has_username, not the value, and sends __PWRD__ back for an unchanged field: the value stays.
    helper.credentials.extract({ id: 'cfg', type: 'smartlock-ttlock', credentials: { clientId: TTLOCK.clientId, username: '__PWRD__', password: '__PWRD__' } });
    helper.credentials.get('cfg').username.should.equal(TTLOCK.username);
    const { error, msg } = await send('n-api', { payload: {} });
    if (error) throw new Error(`${error.code} ${error.message}`);
    msg.payload.devices.length.should.be.above(0);
    new URLSearchParams(sim.requests.find((r) => r.path === '/oauth2/token').body).get('username').should.equal(TTLOCK.username);
    const form = fs.readFileSync(path.join(__dirname, '../dist/nodes/smartlock-systems.html'), 'utf8').split("registerType('smartlock-ttlock'")[1];
    form.should.match(/username: \{ type: "password" \}/);
    form.should.containEql('<input type="password" id="node-config-input-username"');
  });

  it('sends clientId, accessToken and date (ms) with each call: form fields for a POST, the query for a GET', async () => {
    await loadFlow(sim, [{ id: 'n-api', type: 'smartlock-api', operation: '' }]);
    await send('n-api', { operation: 'lock/unlock', payload: { deviceId: LOCK } });
    await send('n-api', { operation: 'lock/listKey', payload: { deviceId: LOCK } });
    const post = sim.requests.find((r) => r.path === '/v3/lock/unlock');
    const get = sim.requests.find((r) => r.path === '/v3/lock/listKey');
    for (const fields of [new URLSearchParams(post.body), new URLSearchParams(get.query)]) {
      fields.get('clientId').should.equal(TTLOCK.clientId);
      sim.tokens.has(fields.get('accessToken')).should.be.true();
      Number(fields.get('date')).should.be.approximately(Date.now(), 60e3);
      fields.get('lockId').should.equal(LOCK);
    }
    get.body.should.equal('');
  });

  it('wrong client secret: AUTH at the Catch node, the secret nowhere in the msg or the log', async () => {
    const wrong = { ...TTLOCK, clientSecret: 'Wr0ngTtlockClientSecret-77' };
    await loadFlow(sim, [{ id: 'n-open', type: 'smartlock-remote-open', operation: 'open' }], {}, wrong);
    const { error, msg } = await send('n-open', { payload: { deviceId: LOCK } });
    error.should.containDeep({ code: 'AUTH', vendorCode: 10001 });
    error.message.should.match(/TTLock open platform does not know these credentials/);
    // the runtime's log down to debug level (50) is what is searched
    helper
      .log()
      .args.some(([entry]) => entry.level === 50)
      .should.be.true();
    const seen = JSON.stringify(msg) + JSON.stringify(helper.log().args);
    for (const secret of [wrong.clientSecret, TTLOCK.clientSecret, TTLOCK.password]) seen.should.not.containEql(secret);
    sim.executed.should.eql({});
  });

  it('wrong account password: AUTH (10007), nothing done', async () => {
    await loadFlow(sim, [{ id: 'n-open', type: 'smartlock-remote-open', operation: 'open' }], {}, { ...TTLOCK, password: 'not-the-password' });
    const { error } = await send('n-open', { payload: { deviceId: LOCK } });
    error.should.containDeep({ code: 'AUTH', vendorCode: 10007 });
    JSON.stringify(error).should.not.containEql('not-the-password');
    sim.locks.get(Number(LOCK)).state.should.equal(0);
  });

  it('device status says whether the lock is locked, and nothing when TTLock does not know (state 2)', async () => {
    await loadFlow(sim, [
      { id: 'n-state', type: 'smartlock-device', operation: 'status' },
      { id: 'n-open', type: 'smartlock-remote-open', operation: 'open' },
      { id: 'n-lock', type: 'smartlock-remote-open', operation: 'lock' },
    ]);
    const status = async () => (await send('n-state', { payload: { deviceId: LOCK } })).msg.payload;
    await send('n-lock', { payload: { deviceId: LOCK } });
    (await status()).should.match({ state: 0, locked: true, open: false });
    await send('n-open', { payload: { deviceId: LOCK } });
    (await status()).should.match({ state: 1, locked: false, open: true });
    sim.locks.get(Number(LOCK)).state = 2;
    const unknown = await status();
    unknown.should.match({ state: 2, open: false });
    unknown.should.not.have.property('locked');
  });

  it('a token TTLock no longer knows is replaced once, and the call goes through', async () => {
    await loadFlow(sim, [{ id: 'n-state', type: 'smartlock-device', operation: 'status' }]);
    (await send('n-state', { payload: { deviceId: LOCK } })).msg.payload.state.should.equal(0);
    sim.revokeTokens();
    (await send('n-state', { payload: { deviceId: LOCK } })).msg.payload.state.should.equal(0);
    sim.tokenRefused['lock/queryOpenState'].should.equal(1);
    sim.executed['oauth2/token'].should.equal(2);
  });

  it('renews a token near its end with grant_type=refresh_token, not the password', async function () {
    await sim.stop();
    sim = await startTtlock({ tokenExpireSeconds: 3 });
    await loadFlow(sim, [{ id: 'n-state', type: 'smartlock-device', operation: 'status' }]);
    (await send('n-state', { payload: { deviceId: LOCK } })).msg.payload.state.should.equal(0);
    await new Promise((r) => setTimeout(r, 2600));
    (await send('n-state', { payload: { deviceId: LOCK } })).msg.payload.state.should.equal(0);
    const grants = sim.requests.filter((r) => r.path === '/oauth2/token').map((r) => new URLSearchParams(r.body));
    grants.map((g) => g.get('grant_type')).should.eql([null, 'refresh_token']);
    grants[1].has('password').should.be.false();
    sim.refreshTokens.has(grants[1].get('refresh_token')).should.be.true();
  });

  it("masks the lock list's lockData (it opens the lock over Bluetooth) in msg.smartlock.response", async () => {
    await loadFlow(sim, [{ id: 'n-api', type: 'smartlock-api', operation: 'lock/list' }]);
    const { msg } = await send('n-api', { payload: {} });
    msg.smartlock.response.list.map((l) => l.lockData).should.eql(['[redacted]', '[redacted]']);
    msg.smartlock.response.list[0].lockAlias.should.equal('Apartment door');
    JSON.stringify(msg).should.not.containEql('sim-lock-data');
  });

  it('the events node reads the lock records: one event per record, kinds from the record types', async () => {
    await loadFlow(sim, [{ id: 'n-events', type: 'smartlock-events', operation: 'query', devices: LOCK, interval: 3600 }]);
    (await pollEvents('n-events')).should.eql([]); // the first poll marks where the log stands
    const t = Date.now() - 1000;
    sim.record(Number(LOCK), 7, 'Guest card', t - 500);
    sim.record(Number(LOCK), 30, '', t);
    const events = await pollEvents('n-events');
    events
      .map((e) => ({ deviceId: e.deviceId, kind: e.kind, method: e.method ?? e.state, user: e.user }))
      .sort((a, b) => a.kind.localeCompare(b.kind))
      .should.eql([
        { deviceId: LOCK, kind: 'door', method: 'closed', user: undefined },
        { deviceId: LOCK, kind: 'unlock', method: 'card', user: 'Guest card' },
      ]);
    (await pollEvents('n-events')).should.eql([]); // each record once
  });
});

describe('TTLock envelope and password', () => {
  const { interpretTtlock, md5Password } = require('../dist/lib/vendors/ttlock/client');
  const res = (body) => ({ status: 200, data: JSON.stringify(body), headers: {} });

  it('md5 of the password as lower-case hex; one given as md5 is only lower-cased', () => {
    md5Password('123456').should.equal('e10adc3949ba59abbe56e057f20f883e'); // the token page's example
    md5Password('E10ADC3949BA59ABBE56E057F20F883E', true).should.equal('e10adc3949ba59abbe56e057f20f883e');
  });

  it('errcode 0 or none is the answer; any other is a refusal read by the code table, as a number or text', () => {
    interpretTtlock(res({ errcode: 0, errmsg: 'none error message' })).should.eql({ errcode: 0, errmsg: 'none error message' });
    interpretTtlock(res({ list: [], total: 0 })).should.eql({ list: [], total: 0 });
    (() => interpretTtlock(res({ errcode: '10004', errmsg: 'invalid grant' }))).should.throw({
      code: 'AUTH',
      vendorCode: 10004,
      vendorMessage: 'invalid grant',
    });
    (() => interpretTtlock(res({ errcode: -1003, errmsg: 'Lock does not exist' }))).should.throw({ code: 'NOT_FOUND' });
    (() => interpretTtlock(res({ errcode: -9999, errmsg: 'new' }))).should.throw({ code: 'VENDOR', message: 'TTLock open platform refused: new' });
    (() => interpretTtlock({ status: 200, data: '<html>', headers: {} })).should.throw({ code: 'VENDOR', vendorCode: 'MALFORMED' });
  });
});
