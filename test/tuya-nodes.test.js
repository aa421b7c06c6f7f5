'use strict';
require('should');
const fs = require('node:fs');
const path = require('node:path');
const { helper, startTuya, loadFlow, send } = require('./support/flow');
const { tuyaCatalog } = require('../dist/lib/vendors/tuya/catalog');
const { TUYA_CODES } = require('../dist/lib/vendors/tuya/errors');

const DEV = 'lock-wifi-1';
const HOUR = 3600e3;

/**
 * Every catalog operation, in an order where each finds what the earlier ones made: the
 * payload that succeeds, what the result must hold, and a payload the service refuses.
 */
function steps(state) {
  const now = Date.now();
  return [
    [
      'osaas.issueCard',
      () => ({ deviceId: DEV, cardNumber: 'CARD-0001' }),
      (p) => {
        state.card = p.cardId;
        p.success.should.be.true();
      },
      { deviceId: 'nope', cardNumber: 'CARD-X' },
      'NOT_FOUND',
    ],
    [
      'osaas.queryCard',
      () => ({ deviceId: DEV, cardId: state.card }),
      (p) => p.validUntil.should.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?[+-]\d\d:\d\d$/),
      { deviceId: DEV, cardId: 'nope' },
    ],
    [
      'osaas.modifyCard',
      () => ({ deviceId: DEV, cardId: state.card, validFrom: now, validUntil: now + 48 * HOUR }),
      (p, sim) =>
        sim.devices
          .get(DEV)
          .cards.get(state.card)
          .end_time.should.equal(now + 48 * HOUR),
      { deviceId: DEV, cardId: 'nope', validUntil: now + HOUR },
    ],
    [
      'osaas.freezeCard',
      () => ({ deviceId: DEV, cardId: state.card }),
      (p, sim) => sim.devices.get(DEV).cards.get(state.card).freeze_status.should.equal(1),
      { deviceId: DEV, cardId: 'nope' },
    ],
    [
      'osaas.unfreezeCard',
      () => ({ deviceId: DEV, cardId: state.card }),
      (p, sim) => sim.devices.get(DEV).cards.get(state.card).freeze_status.should.equal(0),
      { deviceId: DEV, cardId: 'nope' },
    ],
    [
      'osaas.deleteCard',
      () => ({ deviceId: DEV, cardId: state.card }),
      (p, sim) => sim.devices.get(DEV).cards.has(state.card).should.be.false(),
      { deviceId: DEV, cardId: 'nope' },
    ],
    ['doorLock.passwordTicket', () => ({ deviceId: DEV }), (p) => p.ticketId.should.be.a.String(), { deviceId: 'nope' }, 'NOT_FOUND'],
    [
      'doorLock.createTemporaryPassword',
      () => ({ deviceId: DEV, name: 'Guest 12', password: '7654321', validFrom: now, validUntil: now + 24 * HOUR, phone: '13800000000', oneTime: false }),
      (p, sim) => {
        state.pw = p.passwordId;
        sim.devices.get(DEV).passwords.get(Number(p.passwordId)).pin.should.equal('7654321');
      },
      { deviceId: 'nope', name: 'x', password: '7654321', validFrom: now, validUntil: now + HOUR },
      'NOT_FOUND',
    ],
    [
      'doorLock.createTemporaryPasswordWithoutName',
      () => ({ deviceId: DEV, password: '1112223', validFrom: now, validUntil: now + HOUR }),
      (p) => p.passwordId.should.match(/^\d+$/),
      { deviceId: 'nope', password: '1112223', validFrom: now, validUntil: now + HOUR },
      'NOT_FOUND',
    ],
    [
      'doorLock.getTemporaryPassword',
      () => ({ deviceId: DEV, passwordId: state.pw }),
      (p) => p.should.match({ passwordId: state.pw, name: 'Guest 12', phase: 2 }),
      { deviceId: DEV, passwordId: '1' },
    ],
    [
      'doorLock.modifyTemporaryPassword',
      () => ({ deviceId: DEV, passwordId: state.pw, password: '7654000', validFrom: now, validUntil: now + 2 * HOUR }),
      (p, sim) => sim.devices.get(DEV).passwords.get(Number(state.pw)).pin.should.equal('7654000'),
      { deviceId: DEV, passwordId: '1', password: '7654000', validFrom: now, validUntil: now + HOUR },
    ],
    [
      'doorLock.renameTemporaryPassword',
      () => ({ deviceId: DEV, passwordId: state.pw, name: 'Room 12' }),
      (p, sim) => sim.devices.get(DEV).passwords.get(Number(state.pw)).name.should.equal('Room 12'),
      { deviceId: DEV, passwordId: '1', name: 'x' },
    ],
    [
      'doorLock.getTemporaryPasswordList',
      () => ({ deviceId: DEV }),
      (p) => p.passwords.map((x) => x.passwordId).should.containEql(state.pw),
      { deviceId: 'nope' },
      'NOT_FOUND',
    ],
    [
      'doorLock.deleteTemporaryPassword',
      () => ({ deviceId: DEV, passwordId: state.pw }),
      (p, sim) => sim.devices.get(DEV).passwords.get(Number(state.pw)).deleted.should.be.true(),
      { deviceId: DEV, passwordId: '1' },
    ],
    ['doorLock.removalInvalidTempPasswords', () => ({ deviceId: DEV }), (p) => p.success.should.be.true(), { deviceId: 'nope' }, 'NOT_FOUND'],
    ['doorLock.getDynamicPassword', () => ({ deviceId: DEV }), (p) => p.password.should.match(/^\d{8}$/), { deviceId: 'nope' }, 'NOT_FOUND'],
    [
      'doorLock.deleteOfflinePassword',
      (sim) => {
        sim.devices.get(DEV).offline.add('555');
        return { deviceId: DEV, passwordId: '555' };
      },
      (p) => p.clearCode.should.match(/^\d{10}$/),
      { deviceId: DEV, passwordId: '556' },
    ],
    [
      'doorLock.passwordFreeOpen',
      () => ({ deviceId: DEV }),
      (p, sim) => sim.devices.get(DEV).openLogs[0].status.code.should.equal('unlock_remote'),
      { deviceId: 'nope' },
      'NOT_FOUND',
    ],
    ['doorLock.openDoor', () => ({ deviceId: DEV, password: '123456' }), (p) => p.success.should.be.true(), { deviceId: DEV, password: '654321' }],
    [
      'doorLock.cancelPasswordFreeOpen',
      () => ({ deviceId: DEV, reason: 'rejected' }),
      (p, sim) => sim.devices.get(DEV).pendingOpenRequest.should.be.false(),
      { deviceId: 'nope' },
      'NOT_FOUND',
    ],
    [
      'doorLock.remoteUnlocks',
      () => ({ deviceId: DEV }),
      (p) => p.settings.should.containEql({ type: 'remoteUnlockWithoutPwd', enabled: true }),
      { deviceId: 'nope' },
      'NOT_FOUND',
    ],
    [
      'doorLock.remoteUnlockConfig',
      () => ({ deviceId: DEV, type: 'withPassword', enabled: false }),
      (p, sim) => sim.devices.get(DEV).remote.remoteUnlockWithPwd.should.be.false(),
      { deviceId: 'nope', enabled: true },
      'NOT_FOUND',
    ],
    [
      'doorLock.openingLogs',
      () => ({ deviceId: DEV }),
      (p) => {
        p.total.should.equal(2);
        p.records[0].method.should.equal('unlock_remote');
        p.records[0].time.should.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?[+-]\d\d:\d\d$/);
      },
      { deviceId: 'nope' },
      'NOT_FOUND',
    ],
    [
      'doorLock.alarmLogs',
      () => ({ deviceId: DEV, dpCodes: 'alarm_lock' }),
      (p) => p.records[0].should.match({ alarm: 'alarm_lock', value: 'wrong_password' }),
      { deviceId: 'nope' },
      'NOT_FOUND',
    ],
    [
      'doorLock.listRecords',
      () => ({ deviceId: DEV, since: 0, until: now + HOUR }),
      (p) => p.records.length.should.equal(2),
      { deviceId: 'nope' },
      'NOT_FOUND',
    ],
    [
      'doorLock.operateRecords',
      () => ({ deviceId: DEV, pageSize: 1 }),
      (p) => {
        p.records.length.should.equal(1);
        p.hasMore.should.be.true();
      },
      { deviceId: 'nope' },
      'NOT_FOUND',
    ],
    ['doorLock.loglatest', () => ({ deviceId: DEV }), (p) => p.logType.should.equal('unlock_remote'), { deviceId: 'nope' }, 'NOT_FOUND'],
    ['doorLock.getMediaUrl', () => ({ deviceId: DEV, fileType: 'alarm' }), (p) => p.url.should.match(/^http/), { deviceId: 'nope' }, 'NOT_FOUND'],
    ['doorLock.listUsers', () => ({ deviceId: DEV }), (p) => p.users.map((u) => u.name).should.eql(['Owner', 'Guest']), { deviceId: 'nope' }, 'NOT_FOUND'],
    ['doorLock.getUser', () => ({ deviceId: DEV, userId: '101' }), (p) => p.name.should.equal('Guest'), { deviceId: DEV, userId: '999' }],
    ['doorLock.listUnallocatedOpmodes', () => ({ deviceId: DEV }), (p) => p.unlockMethods.length.should.equal(2), { deviceId: 'nope' }, 'NOT_FOUND'],
    [
      'doorLock.allocateOpmode',
      () => ({ deviceId: DEV, userId: '101', unlockList: [{ dp_code: 'unlock_fingerprint', unlock_sn: 3 }] }),
      (p, sim) => sim.devices.get(DEV).allocated.length.should.equal(1),
      { deviceId: DEV, userId: '101', unlockList: [{ dp_code: 'unlock_face', unlock_sn: 9 }] },
    ],
    [
      'doorLock.listUserOpmodes',
      () => ({ deviceId: DEV, userId: '101' }),
      (p) => p.unlockMethods[0].should.match({ dpCode: 'unlock_fingerprint', unlockSn: 3 }),
      { deviceId: 'nope', userId: '1' },
      'NOT_FOUND',
    ],
    [
      'doorLock.setHijack',
      () => ({ deviceId: DEV, unlockType: 'fingerprint', unlockSn: 3 }),
      (p, sim) => sim.devices.get(DEV).allocated[0].unlock_attr.should.equal(1),
      { deviceId: DEV, unlockType: 'card', unlockSn: 3 },
    ],
    [
      'doorLock.removeHijack',
      () => ({ deviceId: DEV, unlockType: 'fingerprint', unlockSn: 3 }),
      (p, sim) => sim.devices.get(DEV).allocated[0].unlock_attr.should.equal(0),
      { deviceId: DEV, unlockType: 'card', unlockSn: 3 },
    ],
    [
      'doorLock.deallocateOpmode',
      () => ({ deviceId: DEV, userId: '101', dpCode: 'unlock_fingerprint', unlockSn: 3 }),
      (p, sim) => sim.devices.get(DEV).allocated.length.should.equal(0),
      { deviceId: DEV, userId: '101', dpCode: 'unlock_card', unlockSn: 9 },
    ],
    [
      'doorLock.createPermissionSharing',
      () => ({ deviceId: DEV, sharer: 'uid-1', permission: { biz_type: 'unlock_ble', available_times: -1 } }),
      (p) => {
        state.share = p;
        p.sharingTicket.should.match(/^[0-9a-f]{32}$/);
      },
      { deviceId: 'nope', sharer: 'u', permission: {} },
      'NOT_FOUND',
    ],
    [
      'doorLock.verifyPermissionSharing',
      () => ({ sharingTicket: state.share.sharingTicket }),
      (p) => p.sharingId.should.equal(state.share.sharingId),
      () => ({ sharingTicket: 'wrong' }),
    ],
    [
      'doorLock.confirmPermissionSharing',
      () => ({ sharingId: state.share.sharingId, sharingTicket: state.share.sharingTicket, receiver: 'uid-2' }),
      (p) => p.bizType.should.equal('unlock_ble'),
      () => ({ sharingId: state.share.sharingId, sharingTicket: 'wrong', receiver: 'uid-2' }),
    ],
    [
      'doorLock.cancelPermissionSharing',
      () => ({ sharingId: state.share.sharingId, sharingTicket: state.share.sharingTicket }),
      (p) => p.success.should.be.true(),
      () => ({ sharingId: state.share.sharingId, sharingTicket: 'wrong' }),
    ],
    [
      'device.status',
      () => ({ deviceId: DEV }),
      (p) => {
        p.status.should.containEql({ code: 'residual_electricity', value: 90 });
        p.state.residual_electricity.should.equal(90); // the same list, readable by code
      },
      { deviceId: 'nope' },
      'NOT_FOUND',
    ],
    [
      'device.control',
      () => ({ deviceId: DEV, commands: [{ code: 'closed_opened', value: 'opened' }] }),
      (p, sim) => sim.devices.get(DEV).status[1].value.should.equal('opened'),
      { deviceId: DEV, commands: [{ code: 'nope', value: 1 }] },
    ],
    [
      'device.getListByIds',
      () => ({ deviceId: `${DEV},lock-wifi-2` }),
      (p) => p.devices.map((d) => d.name).should.eql(['Front door', 'Back door']),
      { deviceId: ',' },
    ],
    [
      'doorLock.getAvailableInstructions',
      () => ({ deviceId: DEV }),
      (p) => p.instructions[0].dpCode.should.equal('unlock_password'),
      { deviceId: 'nope' },
      'NOT_FOUND',
    ],
    [
      'doorLock.unlockInstruction',
      () => ({ deviceId: DEV, bluetoothSn: 7, deviceRandom: 'abc' }),
      (p) => p.nextSn.should.equal(8),
      { deviceId: 'nope', bluetoothSn: 7, deviceRandom: 'abc' },
      'NOT_FOUND',
    ],
    [
      'doorLock.bleOpenInstruction',
      () => ({ deviceId: DEV, bluetoothSn: 9, deviceRandom: 'abc', open: true }),
      (p) => p.nextSn.should.equal(10),
      { deviceId: 'nope', bluetoothSn: 7, deviceRandom: 'abc' },
      'NOT_FOUND',
    ],
    ['doorLock.getIssuedConfig', () => ({ deviceId: DEV }), (p) => p.lockRandom.dp_id.should.equal(70), { deviceId: 'nope' }, 'NOT_FOUND'],
    [
      'doorLock.getSyncableOpmodeTypes',
      () => ({ deviceId: DEV, dpCodes: 'unlock_fingerprint' }),
      (p) => p.distributed.should.be.true(),
      { deviceId: 'nope', dpCodes: 'x' },
      'NOT_FOUND',
    ],
    ['device.pairingAuthKey', () => ({ homeId: '1', uuid: 'u', uid: 'x' }), (p) => p.encryptedAuthKey.should.be.a.String(), null],
    ['timer.currentTime', () => ({}), (p) => Date.parse(p.time).should.be.approximately(Date.now(), 60e3), null],
  ];
}

describe('Tuya through Node-RED nodes', function () {
  let sim;
  beforeEach(async () => {
    sim = await startTuya();
  });
  afterEach(async () => {
    await helper.unload();
    await sim.stop();
  });

  it("device status says the door sensor's state in words; the lock motor's value only as Tuya reports it", async () => {
    await loadFlow(sim, [{ id: 'n-state', type: 'smartlock-device', operation: 'status' }]);
    const status = async () => (await send('n-state', { payload: { deviceId: DEV } })).msg.payload;
    (await status()).should.match({ door: 'closed', state: { closed_opened: 'closed' } });
    const points = sim.devices.get(DEV).status;
    points.find((p) => p.code === 'closed_opened').value = 'open';
    points.push({ code: 'lock_motor_state', value: true });
    const open = await status();
    open.should.match({ door: 'open', state: { closed_opened: 'open', lock_motor_state: true } });
    // Which value of lock_motor_state is locked, Tuya's page does not say: no `locked` is made of it.
    open.should.not.have.property('locked');
    points.find((p) => p.code === 'closed_opened').value = 'unknown';
    (await status()).should.not.have.property('door');
  });

  it("a password's schedule goes out with the config's zone when none is given; Tuya's own shape is taken as it is", async () => {
    await loadFlow(sim, [{ id: 'n-pw', type: 'smartlock-password', operation: 'create' }], { timeZone: 'Europe/Berlin' });
    const base = { deviceId: DEV, name: 'cleaner', password: '4827361', validFrom: Date.now(), validUntil: Date.now() + 30 * 24 * HOUR };
    const made = async (extra) => {
      const { msg, error } = await send('n-pw', { payload: { ...base, ...extra } });
      (error === undefined).should.be.true(error && error.message);
      return sim.devices.get(DEV).passwords.get(Number(msg.payload.passwordId));
    };
    (await made({ schedule: [{ startMinute: 600, endMinute: 720, weekdays: 4 }] })).should.match({
      time_zone: 'Europe/Berlin',
      schedule_list: [{ effective_time: 600, invalid_time: 720, working_day: 4 }],
    });
    (await made({ schedule: [{ effective_time: 540, invalid_time: 600, working_day: 2 }], timeZone: 'Asia/Shanghai' })).should.match({
      time_zone: 'Asia/Shanghai',
      schedule_list: [{ effective_time: 540, invalid_time: 600, working_day: 2 }],
    });
    // No schedule: no zone is added.
    ((await made({})).time_zone === undefined).should.be.true();
  });

  it('covers every catalog operation and every action of the doc', () => {
    const names = steps({})
      .map((s) => s[0])
      .sort();
    names.should.eql(tuyaCatalog.operations.map((o) => o.name).sort());
    // Every action the doc names (its tables and `action:` headings), kept as a fixture so the
    // suite runs without ../shared; re-derived from the doc when it is there.
    const actions = require('./fixtures/tuya-actions.json');
    const docPath = path.join(__dirname, '../../shared/vendor-docs/tuya-smart-lock-actions.txt');
    if (fs.existsSync(docPath)) {
      const doc = fs.readFileSync(docPath, 'utf8');
      const listed = doc.match(/^(?:doorLock|device|timer)\.\s?\w+(?= \|)/gm);
      const headed = doc.match(/^(?:action|acton)\s*:?\s*((?:doorLock|device|timer)\.\w+)/gm).map((l) => l.replace(/^\w+\s*:?\s*/, ''));
      [...new Set([...listed, ...headed].map((a) => a.replace(/\s/g, '')))].sort().should.eql(actions);
    }
    for (const a of actions) names.should.containEql(a);
  });

  it("runs every operation: success, then the service's refusal reaching a Catch node", async () => {
    await loadFlow(sim, [{ id: 'n-api', type: 'smartlock-api', operation: '' }]);
    const state = {};
    for (const [operation, ok, check, bad, mode] of steps(state)) {
      const good = await send('n-api', { operation, payload: ok(sim) });
      if (good.error) throw new Error(`${operation}: ${good.error.code} ${good.error.message}`);
      check(good.msg.payload, sim);
      good.msg.smartlock.should.match({ vendor: 'tuya', operation });
      // pairingAuthKey and currentTime take nothing the service could refuse once validated.
      if (bad === null) continue;
      const { error } = await send('n-api', { operation, payload: typeof bad === 'function' ? bad() : bad });
      if (!error) throw new Error(`${operation}: refusal expected`);
      // a device the project does not have is NOT_FOUND (Tuya's permission deny), never AUTH
      error.code.should.equal(mode ?? TUYA_CODES[error.vendorCode]?.code ?? 'VENDOR', operation);
      error.vendorCode.should.be.a.Number();
      error.vendorMessage.should.be.a.String();
    }
  });

  // The mappings public Tuya pages contradicted, as the pages give them (see lib/vendors/tuya/evidence.ts).
  const CORRECTED = [
    [
      'doorLock.removeHijack',
      (d) => {
        d.allocated.push({ dp_code: 'unlock_card', unlock_sn: 7, user_id: '101', unlock_attr: 1 });
        return { deviceId: DEV, unlockType: 'card', unlockSn: 7 };
      },
      'DELETE',
      `/v1.0/smart-lock/devices/${DEV}/unlock-types/unlock_card/keys/7/hijack`,
    ],
    [
      'doorLock.deallocateOpmode',
      (d) => {
        d.allocated.push({ dp_code: 'unlock_card', unlock_sn: 8, user_id: '101', unlock_attr: 0 });
        return { deviceId: DEV, userId: '101', dpCode: 'unlock_card', unlockSn: 8 };
      },
      'POST',
      `/v1.0/smart-lock/devices/${DEV}/opmodes/actions/cancel-allocate`,
      { user_id: '101', unlock_list: [{ code: 'unlock_card', unlock_sn: 8 }] },
    ],
    [
      'doorLock.listUserOpmodes',
      () => ({ deviceId: DEV, userId: '101' }),
      'GET',
      `/v1.0/smart-lock/devices/${DEV}/opmodes/101`,
      undefined,
      /codes=unlock_fingerprint%2Cunlock_password%2Cunlock_card%2Cunlock_face&page_no=1&page_size=20/,
    ],
    ['timer.currentTime', () => ({}), 'GET', '/v1.0/iot-03/cloud/system-time'],
    [
      'doorLock.deleteOfflinePassword',
      (d) => {
        d.offline.add('777');
        return { deviceId: DEV, passwordId: '777' };
      },
      'POST',
      `/v1.1/devices/${DEV}/door-lock/offline-temp-password`,
      { password_id: '777', name: 'clear', type: 'clear_one' },
    ],
    ['device.getListByIds', () => ({ deviceId: DEV }), 'GET', '/v1.0/devices', undefined, /device_ids=lock-wifi-1&page_no=1&page_size=20/],
    ['doorLock.listUsers', () => ({ deviceId: DEV }), 'GET', `/v1.0/smart-lock/devices/${DEV}/users`, undefined, /codes=unlock_fingerprint/],
  ];

  it('sends the corrected operations to the method and path Tuya documents, through smartlock-api', async () => {
    await loadFlow(sim, [{ id: 'n-api', type: 'smartlock-api', operation: '' }]);
    for (const [operation, input, method, path, body, query] of CORRECTED) {
      const { error, msg } = await send('n-api', { operation, payload: input(sim.devices.get(DEV)) });
      if (error) throw new Error(`${operation}: ${error.code} ${error.message}`);
      const seen = sim.requests.filter((r) => r.path === path && r.method === method);
      seen.length.should.be.above(0, `${operation}: no ${method} ${path} reached the service`);
      const last = seen[seen.length - 1];
      if (body) JSON.parse(last.body).should.eql(body);
      if (query) last.query.should.match(query);
      msg.smartlock.operation.should.equal(operation);
    }
  });

  it('opens through the smart-lock variant when the config chooses it: {ticket_id, open} to password-free/door-operate', async () => {
    const overrides = JSON.stringify({ 'doorLock.passwordFreeOpen': { variant: 'smart-lock' }, 'doorLock.passwordTicket': { variant: 'smart-lock' } });
    await loadFlow(sim, [{ id: 'n-open', type: 'smartlock-remote-open', operation: 'open' }], { overrides });
    sim.devices.get(DEV).remote.remoteUnlockWithoutPwd = true;
    const before = sim.requests.length;
    const { error } = await send('n-open', { payload: { deviceId: DEV } });
    if (error) throw new Error(`${error.code} ${error.message}`);
    const sent = sim.requests.slice(before).map((r) => `${r.method} ${r.path}`);
    sent.should.containEql(`POST /v1.0/smart-lock/devices/${DEV}/password-ticket`);
    sent.should.containEql(`POST /v1.0/smart-lock/devices/${DEV}/password-free/door-operate`);
    const open = sim.requests.slice(before).find((r) => r.path.endsWith('/door-operate'));
    JSON.parse(open.body).should.match({ open: true, ticket_id: /./ });
  });

  describe('hostile input, refused before any request', () => {
    const nested = (depth) => '['.repeat(depth) + ']'.repeat(depth);

    it('a JSON field nested 100 000 deep is VALIDATION naming it, not retried as a network failure', async () => {
      // allocateOpmode is idempotent: read as a network failure, it was sent again.
      const params = { unlockList: { t: 'json', v: nested(100_000) } };
      await loadFlow(sim, [{ id: 'n-api', type: 'smartlock-api', operation: 'doorLock.allocateOpmode', params }]);
      const { error } = await send('n-api', { payload: { deviceId: DEV, userId: '101' } });
      error.should.match({ code: 'VALIDATION', retryable: false, message: 'unlockList nests deeper than 32 levels (or contains itself)' });
      sim.requests.should.have.length(0);
    });

    it('msg.payload values too deep or too large for a JSON parameter are VALIDATION, and nothing is sent', async () => {
      await loadFlow(sim, [{ id: 'n-api', type: 'smartlock-api', operation: '' }]);
      let deep = [];
      for (let i = 1; i < 40; i++) deep = [deep];
      const tooDeep = await send('n-api', { operation: 'device.control', payload: { deviceId: DEV, commands: deep } });
      tooDeep.error.should.match({ code: 'VALIDATION', retryable: false, message: 'commands nests deeper than 32 levels (or contains itself)' });
      const big = [{ code: 'note', value: 'x'.repeat(2 * 1024 * 1024) }];
      const tooBig = await send('n-api', { operation: 'device.control', payload: { deviceId: DEV, commands: big } });
      tooBig.error.should.match({ code: 'VALIDATION', retryable: false, message: 'commands is larger than 1048576 bytes' });
      sim.requests.should.have.length(0);
    });

    it('a 100 000-character msg.operation is named cut to 60 characters', async () => {
      await loadFlow(sim, [{ id: 'n-api', type: 'smartlock-api', operation: '' }]);
      const { error } = await send('n-api', { operation: 'doorLock.' + 'x'.repeat(100_000), payload: {} });
      error.code.should.equal('NOT_SUPPORTED');
      error.message.should.equal(`Tuya Cloud has no operation "doorLock.${'x'.repeat(50)}…"`);
    });
  });
});
