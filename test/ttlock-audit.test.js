'use strict';
// TTLock fixes from the independent audit (issue 31, item 4), each against the simulator on
// 127.0.0.1: a passcode's period changed with both dates or neither, permanent passcodes and
// eKeys by an explicit yes, the answer codes no retry within a call can clear, the cn region and
// the sources those facts are read from.
require('should');
const { helper, startTtlock, loadFlow, send } = require('./support/flow');
const { ttlockCatalog } = require('../dist/lib/vendors/ttlock/catalog');
const { TTLOCK_REGIONS } = require('../dist/lib/vendors/ttlock/client');
const { TTLOCK_CODES } = require('../dist/lib/vendors/ttlock/errors');
const { TTLOCK_TOKEN_EVIDENCE, TTLOCK_EVIDENCE, TTLOCK_HOSTS } = require('../dist/lib/vendors/ttlock/evidence');
const { ttlock } = require('../dist/lib/vendors/ttlock');

const LOCK = '163377';
const HOUR = 3600e3;

describe('TTLock audit fixes', function () {
  let sim;
  const door = () => sim.locks.get(Number(LOCK));
  const from = Date.now() + HOUR;
  const until = from + 72 * HOUR;

  beforeEach(async () => {
    sim = await startTtlock();
    await loadFlow(sim, [{ id: 'n-api', type: 'smartlock-api', operation: '' }]);
  });
  afterEach(async () => {
    await helper.unload();
    await sim.stop();
  });

  const call = (operation, payload) => send('n-api', { operation, payload });
  const added = async () => {
    const { msg, error } = await call('keyboardPwd/add', { deviceId: LOCK, password: '2580147', validFrom: from, validUntil: until });
    if (error) throw new Error(error.message);
    return msg.payload.passwordId;
  };

  describe('keyboardPwd/change: both dates or neither', () => {
    for (const [given, missing] of [
      ['validFrom', 'validUntil'],
      ['validUntil', 'validFrom'],
    ]) {
      it(`${given} alone is refused before any request, naming ${missing}`, async () => {
        const passwordId = await added();
        const before = sim.requests.length;
        const { error } = await call('keyboardPwd/change', { deviceId: LOCK, passwordId, [given]: given === 'validFrom' ? from + HOUR : until + HOUR });
        error.should.containDeep({ code: 'VALIDATION', retryable: false });
        error.message.should.equal(`${missing} is missing: change passcode takes ${given} and ${missing} together`);
        error.message.should.not.containEql('\n');
        sim.requests.length.should.equal(before);
        door().passcodes.get(Number(passwordId)).should.match({ startDate: from, endDate: until });
      });
    }

    it('both dates change the period; neither leaves it as it was', async () => {
      const passwordId = await added();
      (await call('keyboardPwd/change', { deviceId: LOCK, passwordId, validFrom: from + HOUR, validUntil: until + HOUR })).should.not.have.property('error');
      door()
        .passcodes.get(Number(passwordId))
        .should.match({ startDate: from + HOUR, endDate: until + HOUR });
      (await call('keyboardPwd/change', { deviceId: LOCK, passwordId, name: 'Renamed' })).should.not.have.property('error');
      door()
        .passcodes.get(Number(passwordId))
        .should.match({ keyboardPwdName: 'Renamed', startDate: from + HOUR, endDate: until + HOUR });
    });

    it('the simulator, like TTLock, answers success to one date and changes nothing', async () => {
      const passwordId = await added();
      const { TtlockSimulator } = require('../dist/lib/vendors/ttlock/simulator');
      sim.should.be.instanceOf(TtlockSimulator);
      // straight to the simulator's handler: the package never sends this
      const handler = sim.handlers['keyboardPwd/change'];
      handler({ keyboardPwdId: String(passwordId), endDate: String(until + 5 * HOUR), changeType: '2' }, door()).should.match({ errcode: 0 });
      door().passcodes.get(Number(passwordId)).should.match({ startDate: from, endDate: until });
    });
  });

  describe('permanent passcodes and eKeys: an explicit yes', () => {
    it('the catalog offers permanent as a yes/no field on add custom passcode and send eKey', () => {
      for (const name of ['keyboardPwd/add', 'key/send']) {
        const op = ttlockCatalog.operations.find((o) => o.name === name);
        op.params.find((p) => p.name === 'permanent').should.match({ type: 'boolean', default: false });
      }
    });

    it('permanent: true adds a passcode of keyboardPwdType 2, without dates', async () => {
      const { msg, error } = await call('keyboardPwd/add', { deviceId: LOCK, password: '7531598', name: 'Owner', permanent: true });
      if (error) throw new Error(error.message);
      msg.payload.should.match({ permanent: true });
      const sent = new URLSearchParams(sim.requests.at(-1).body);
      sent.get('keyboardPwdType').should.equal('2');
      sent.has('startDate').should.be.false();
      sent.has('endDate').should.be.false();
      door().passcodes.get(Number(msg.payload.passwordId)).should.match({ keyboardPwdType: 2, startDate: 0, endDate: 0 });
    });

    it('a passcode with dates is a period one (keyboardPwdType 3)', async () => {
      const passwordId = await added();
      new URLSearchParams(sim.requests.at(-1).body).get('keyboardPwdType').should.equal('3');
      door().passcodes.get(Number(passwordId)).keyboardPwdType.should.equal(3);
    });

    it('permanent: true sends an eKey with startDate and endDate 0', async () => {
      const { msg, error } = await call('key/send', { deviceId: LOCK, receiver: 'guest@example.com', name: 'Family', permanent: true });
      if (error) throw new Error(error.message);
      const sent = new URLSearchParams(sim.requests.at(-1).body);
      [sent.get('startDate'), sent.get('endDate')].should.eql(['0', '0']);
      sent.has('permanent').should.be.false();
      door().keys.get(Number(msg.payload.keyId)).should.match({ startDate: 0, endDate: 0 });
    });

    for (const [operation, base] of [
      ['keyboardPwd/add', { deviceId: LOCK, password: '7531598' }],
      ['key/send', { deviceId: LOCK, receiver: 'guest@example.com', name: 'Family' }],
    ]) {
      it(`${operation}: an empty validUntil without permanent stays a VALIDATION error, nothing sent`, async () => {
        const before = sim.requests.length;
        for (const payload of [{ validFrom: from }, { validFrom: from, validUntil: '' }, { validFrom: from, permanent: false }]) {
          const { error } = await call(operation, { ...base, ...payload });
          error.should.containDeep({ code: 'VALIDATION' });
          error.message.should.match(/^validUntil is required for .+, unless permanent is true$/);
        }
        const { error } = await call(operation, { ...base });
        error.message.should.match(/^validFrom is required/);
        sim.requests.length.should.equal(before);
      });

      it(`${operation}: permanent with a validity is refused, not half read`, async () => {
        const { error } = await call(operation, { ...base, permanent: true, validUntil: until });
        error.should.containDeep({ code: 'VALIDATION' });
        error.message.should.equal('validUntil cannot be given with permanent: true (a permanent one has no validity)');
      });
    }
  });

  describe('codes no retry within a call clears', () => {
    const refusal = (errcode, errmsg) => ({ kind: 'answer', body: { errcode, errmsg, description: errmsg } });
    for (const [errcode, errmsg, code, text] of [
      [30007, 'exceeded the monthty limit for API calls', 'RATE_LIMIT', /^the account's monthly API quota is used up \(/],
      [-3034, 'Wifi lock is not configured', 'VENDOR', /^Wi-Fi lock 163377 has no network configured: set up its Wi-Fi in the TTLock app/],
      [-3035, 'Wifi is in power saving mode', 'VENDOR', /^Wi-Fi lock 163377 is in power-saving mode: turn power saving off in the TTLock app/],
      [
        30008,
        'Cross-site access to user data is prohibited',
        'VALIDATION',
        /^this account is on TTLock's other platform \(.*\): mainland-China accounts need the China region \(cnapi\.ttlock\.com\)/,
      ],
    ]) {
      it(`${errcode}: ${code}, retryable false, asked once, said plainly`, async () => {
        TTLOCK_CODES[errcode].should.match({ code });
        (TTLOCK_CODES[errcode].retryable ?? false).should.be.false();
        sim.inject(refusal(errcode, errmsg), { match: 'lock/queryOpenState', times: 5 });
        const { error } = await call('lock/queryOpenState', { deviceId: LOCK });
        error.should.containDeep({ code, vendorCode: errcode, retryable: false });
        error.message.should.match(text);
        error.message.should.not.containEql('\n');
        sim.received['lock/queryOpenState'].should.equal(1);
      });
    }

    it('the gateway and lock that are busy or offline stay retryable', () => {
      for (const c of ['-2012', '-3002', '-3003', '-3036', '-3037']) TTLOCK_CODES[c].retryable.should.be.true(c);
    });
  });

  describe('regions and sources', () => {
    it('offers cn (cnapi.ttlock.com) next to eu, each preset with its source', () => {
      TTLOCK_REGIONS.should.containEql({ eu: 'https://euapi.ttlock.com', cn: 'https://cnapi.ttlock.com' });
      Object.keys(TTLOCK_HOSTS).sort().should.eql(Object.keys(TTLOCK_REGIONS).sort());
      TTLOCK_HOSTS.cn.should.match(/errorCode\), 30008/);
      ttlock.config.form[0].options.should.containEql('cn');
      for (const lang of ['en-US', 'zh-CN']) {
        ttlock.texts[lang].form.region.should.have.properties(Object.keys(TTLOCK_REGIONS));
        ttlock.texts[lang].help.should.not.match(/older accounts|较早账号/);
      }
      const client = ttlock.createClient({ settings: { region: 'cn' }, credentials: { username: 'u' }, warn: () => {} });
      client.endpoint.should.equal('https://cnapi.ttlock.com u');
    });

    it('the OAuth md5 page cited is the Chinese getAccessToken page, not the RSA one', () => {
      TTLOCK_TOKEN_EVIDENCE.token.source.should.equal('TTLock "获取访问令牌" (https://euopen.ttlock.com/document-pages/cloud/oauth2/getAccessToken)');
      TTLOCK_TOKEN_EVIDENCE.token.source.should.not.containEql('RSA');
    });

    it('keyboardPwd/change cites the page that says one date changes nothing; add and send name their permanent forms', () => {
      TTLOCK_EVIDENCE['keyboardPwd/change'].source.should.containEql('document-pages/cloud/passcode/update');
      TTLOCK_EVIDENCE['keyboardPwd/change'].note.should.match(/without startDate the call succeeds and changes nothing/);
      TTLOCK_EVIDENCE['keyboardPwd/add'].note.should.match(/keyboardPwdType 2 permanent/);
      TTLOCK_EVIDENCE['key/send'].note.should.match(/startDate=endDate=0 is a permanent eKey/);
    });
  });
});
