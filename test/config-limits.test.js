'use strict';
// Config edges: how Alibaba's API gateway refusals read (RATE_LIMIT / VENDOR / AUTH), token
// lifetimes a service may answer (0, negative, not a number, missing, absurd, empty tokens), and
// the editor's ranges for the transport limits and the events interval, with their help lines.
require('should');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { helper, startHotel, startTuya, startAliyun, loadFlow, send, TUYA, ALIYUN } = require('./support/flow');
const { createTuyaClient } = require('../dist/lib/vendors/tuya/client');
const { createAliyunClient, gatewayError } = require('../dist/lib/vendors/aliyun/client');
const { TokenKeeper, TOKEN_LIFETIME, lifetimeMs, usableLifetime } = require('../dist/lib/token');
const { TRANSPORT_LIMITS } = require('../dist/lib/transport');
const { vendorModules } = require('../dist/lib/vendors');
const { editorCatalog } = require('../dist/nodes/shared/editor-api');

const root = path.join(__dirname, '..');
const DOOR = 'dev-door-1';
const TUYA_DEV = 'lock-wifi-1';
const fast = { backoffMs: 5, maxDelayMs: 50 };

const aliyunClient = (sim, extra = {}) =>
  createAliyunClient({ baseUrl: sim.url, ...ALIYUN, projectId: sim.opts.projectId, timeZone: 'Asia/Shanghai', ...fast, ...extra });
const tuyaClient = (sim, extra = {}) => createTuyaClient({ baseUrl: sim.url, ...TUYA, projectId: sim.opts.projectId, ...fast, ...extra });
/** The call's LockError (the test fails if the call succeeds). */
const failure = (promise) =>
  promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e) => e,
  );
const gatewayFault = (status, message) => ({ kind: 'status', status, body: '', headers: { 'X-Ca-Error-Message': message } });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

describe('Alibaba API gateway refusals', function () {
  this.timeout(20_000);

  describe('the mapping, by status and X-Ca-Error-Message', () => {
    const read = (status, message) => gatewayError({ status, headers: { 'x-ca-error-message': message } });
    const cases = [
      // throttling: refused before the backend acted
      [403, 'Throttled by USER Flow Control', 'RATE_LIMIT', true, false],
      [403, 'Throttled by APP Flow Control', 'RATE_LIMIT', true, false],
      [403, 'Throttled by API Flow Control', 'RATE_LIMIT', true, false],
      [403, 'Throttled by DOMAIN Flow Control', 'RATE_LIMIT', true, false],
      [429, 'Throttled by API Flow Control', 'RATE_LIMIT', true, false],
      [429, 'Too Many Requests', 'RATE_LIMIT', true, false],
      [403, 'THROTTLED BY user FLOW CONTROL', 'RATE_LIMIT', true, false],
      // the backend failing: retryable, but it may have acted
      [503, 'Backend service not available', 'VENDOR', true, true],
      [504, 'Backend service timeout', 'VENDOR', true, true],
      [502, 'Bad Gateway', 'VENDOR', true, true],
      [500, 'Internal Error', 'VENDOR', true, true],
      // keys and clock
      [400, 'Invalid Signature, Server StringToSign:POST#application/json#', 'AUTH', false, true],
      [400, 'Invalid AppKey', 'AUTH', false, true],
      [400, 'Invalid Timestamp', 'AUTH', false, true],
      [400, 'Timestamp Expired', 'AUTH', false, true],
      [400, 'Nonce Used', 'AUTH', false, true],
      [400, 'Invalid Content-MD5', 'AUTH', false, true],
      [401, 'Empty Signature', 'AUTH', false, true],
      [403, 'Unauthorized', 'AUTH', false, true],
      [403, 'Quota Exhausted', 'AUTH', false, true],
      [401, 'anything at all', 'AUTH', false, true],
      [400, 'invalid signature', 'AUTH', false, true],
      // anything else
      [400, 'Invalid Url', 'VENDOR', false, true],
      [404, 'Api Not Found', 'VENDOR', false, true],
      [413, 'Request body too Large', 'VENDOR', false, true],
    ];
    for (const [status, message, code, retryable, sent] of cases) {
      it(`${status} "${message}" is ${code}${retryable ? ', retryable' : ''}${sent ? '' : ', unsent'}`, () => {
        const err = read(status, message);
        err.should.match({ code, retryable, sent, vendorCode: `HTTP ${status}`, vendorMessage: message });
        err.message.should.equal(`Alibaba Cloud API gateway refused the request: ${message.split(',')[0]}`);
      });
    }

    it('leaves an answer without X-Ca-Error-Message to the generic HTTP mapping', () => {
      (gatewayError({ status: 503, headers: {} }) === undefined).should.be.true();
      (gatewayError({ status: 403, headers: { 'x-ca-error-message': '' } }) === undefined).should.be.true();
    });
  });

  describe('over HTTP, against the simulator', () => {
    let sim;
    let client;
    beforeEach(async () => {
      sim = await startAliyun();
    });
    afterEach(async () => {
      client?.close();
      client = undefined;
      await sim.stop();
    });
    const query = () => client.call(client.operation('/entrance/paas/user/query'), { pageSize: 10 });
    const open = () => client.call(client.operation('/cloud/thing/service/invoke'), { deviceId: DOOR });

    it('backs off and resends a throttled query, and even a throttled remote open (the gateway never passed it on), which runs once', async () => {
      client = aliyunClient(sim);
      sim.inject(gatewayFault(403, 'Throttled by USER Flow Control'), { match: '/entrance/paas/user/query', times: 1 });
      (await query()).payload.total.should.be.a.Number();
      sim.received['/entrance/paas/user/query'].should.equal(2);
      sim.inject(gatewayFault(429, 'Throttled by API Flow Control'), { match: '/cloud/thing/service/invoke', times: 1 });
      (await open()).payload.should.be.an.Object();
      sim.received['/cloud/thing/service/invoke'].should.equal(2);
      sim.executed['/cloud/thing/service/invoke'].should.equal(1);
    });

    it('reports RATE_LIMIT after the last try when the throttling lasts', async () => {
      client = aliyunClient(sim, { maxTries: 3 });
      sim.inject(gatewayFault(403, 'Throttled by APP Flow Control'), { match: '/entrance/paas/user/query', times: Infinity });
      const err = await failure(query());
      err.should.match({ code: 'RATE_LIMIT', retryable: true, vendorCode: 'HTTP 403', vendorMessage: 'Throttled by APP Flow Control' });
      sim.received['/entrance/paas/user/query'].should.equal(3);
    });

    it('throttles a cloud-token request too, and retries it', async () => {
      client = aliyunClient(sim);
      sim.inject(gatewayFault(403, 'Throttled by API Flow Control'), { match: '/cloud/token', times: 1 });
      (await query()).payload.total.should.be.a.Number();
      sim.received['/cloud/token'].should.equal(2);
      sim.executed['/cloud/token'].should.equal(1);
    });

    it('resends a query after "Backend service not available" but never a remote open after "Backend service timeout"', async () => {
      client = aliyunClient(sim);
      sim.inject(gatewayFault(503, 'Backend service not available'), { match: '/entrance/paas/user/query', times: 1 });
      (await query()).payload.total.should.be.a.Number();
      sim.received['/entrance/paas/user/query'].should.equal(2);
      sim.inject(gatewayFault(504, 'Backend service timeout'), { match: '/cloud/thing/service/invoke', times: 1 });
      const err = await failure(open());
      err.should.match({ code: 'VENDOR', retryable: true, vendorCode: 'HTTP 504', vendorMessage: 'Backend service timeout' });
      sim.received['/cloud/thing/service/invoke'].should.equal(1);
    });

    it("reports the gateway's own signature and AppKey refusals as AUTH, sent once", async () => {
      client = aliyunClient(sim, { appSecret: 'not-the-secret' });
      const bad = await failure(query());
      bad.should.match({ code: 'AUTH', retryable: false, vendorCode: 'HTTP 400' });
      bad.vendorMessage.should.startWith('Invalid Signature, Server StringToSign:');
      sim.received['/cloud/token'].should.equal(1);
      client.close();
      client = aliyunClient(sim, { appKey: 'nobody' });
      (await failure(query())).should.match({ code: 'AUTH', vendorMessage: 'Invalid AppKey' });
      sim.received['/cloud/token'].should.equal(2);
    });

    it('reports Nonce Used, Invalid Timestamp and Invalid Content-MD5 as AUTH, not retried', async () => {
      client = aliyunClient(sim);
      await query(); // the cloud token is in hand
      for (const message of ['Nonce Used', 'Invalid Timestamp', 'Invalid Content-MD5']) {
        sim.resetCounts();
        sim.inject(gatewayFault(400, message), { match: '/entrance/paas/user/query', times: 1 });
        (await failure(query())).should.match({ code: 'AUTH', retryable: false, vendorCode: 'HTTP 400', vendorMessage: message });
        sim.received['/entrance/paas/user/query'].should.equal(1);
      }
    });

    it('reports another gateway refusal as VENDOR, not retried', async () => {
      client = aliyunClient(sim);
      sim.inject(gatewayFault(400, 'Invalid Url'), { match: '/entrance/paas/user/query', times: 1 });
      (await failure(query())).should.match({ code: 'VENDOR', retryable: false, vendorCode: 'HTTP 400', vendorMessage: 'Invalid Url' });
      sim.received['/entrance/paas/user/query'].should.equal(1);
    });
  });
});

describe('token lifetimes', function () {
  this.timeout(30_000);

  describe('TokenKeeper', () => {
    it('reads a lifetime field only when it is a number or a numeric string', () => {
      lifetimeMs(7200, 1000).should.equal(7_200_000);
      lifetimeMs('7200', 1000).should.equal(7_200_000);
      lifetimeMs(7_200_000, 1).should.equal(7_200_000);
      for (const v of [undefined, null, '', '  ', 'abc', true, {}, []]) Number.isNaN(lifetimeMs(v, 1000)).should.be.true(String(v));
    });

    it('bounds a lifetime by the floor, the default and the ceiling', () => {
      const { floorMs, defaultMs, ceilingMs } = TOKEN_LIFETIME;
      for (const ms of [0, -5000, NaN, Infinity, -Infinity]) usableLifetime(ms).should.equal(defaultMs, String(ms));
      usableLifetime(1).should.equal(floorMs);
      usableLifetime(7_200_000).should.equal(7_200_000);
      usableLifetime(1e15).should.equal(ceilingMs);
      ceilingMs.should.equal(30 * 24 * 3600e3);
      defaultMs.should.equal(600e3);
    });

    for (const [what, lifetime] of [
      ['0', 0],
      ['negative', -5000],
      ['NaN', NaN],
      ['sub-millisecond', 0.001],
    ]) {
      it(`fetches once for 20 calls when the token's lifetime is ${what}`, async () => {
        let fetched = 0;
        const keeper = new TokenKeeper(
          async () => ({ accessToken: `t${++fetched}`, refreshToken: 'r', expiresAt: Date.now() + lifetime }),
          async () => {
            throw new Error('no refresh expected');
          },
        );
        for (let i = 0; i < 20; i++) (await keeper.get()).should.equal('t1');
        fetched.should.equal(1);
      });
    }

    it('still forgets a refused token at once, whatever lifetime it was given', async () => {
      let fetched = 0;
      const keeper = new TokenKeeper(
        async () => ({ accessToken: `t${++fetched}`, refreshToken: '', expiresAt: NaN }),
        async () => {
          throw new Error('no refresh expected');
        },
      );
      (await keeper.get()).should.equal('t1');
      keeper.invalidate('t1');
      (await keeper.get()).should.equal('t2');
    });
  });

  describe('Tuya token answers', () => {
    let sim;
    let client;
    afterEach(async () => {
      client?.close();
      client = undefined;
      await sim.stop();
    });
    const status = () => client.call(client.operation('device.status'), { deviceId: TUYA_DEV });

    for (const [what, lifetime] of [
      ['0', 0],
      ['-5', -5],
      ['"abc"', 'abc'],
      ['null', null],
      ['missing', undefined],
      ['10^12 s', 1e12],
    ]) {
      it(`expire_time ${what}: 20 calls make 1 token request`, async () => {
        sim = await startTuya({ tokenLifetime: lifetime });
        client = tuyaClient(sim);
        for (let i = 0; i < 20; i++) (await status()).payload.status.should.be.an.Array();
        sim.received.token.should.equal(1);
        (sim.received['token.refresh'] === undefined).should.be.true();
        sim.received['device.status'].should.equal(20);
      });
    }

    it('refuses an empty access_token as AUTH noToken', async () => {
      sim = await startTuya();
      client = tuyaClient(sim);
      sim.inject(
        {
          kind: 'status',
          status: 200,
          body: JSON.stringify({ success: true, t: Date.now(), result: { access_token: '', refresh_token: 'r', expire_time: 7200 } }),
        },
        { match: 'token', times: 1 },
      );
      const err = await failure(status());
      err.should.match({ code: 'AUTH', vendorCode: 'MALFORMED', message: 'Tuya Cloud sent no usable access token' });
      (sim.received['device.status'] === undefined).should.be.true();
      (await status()).payload.status.should.be.an.Array(); // the next call fetches a real one
    });
  });

  describe('Alibaba cloud-token answers', () => {
    let sim;
    let client;
    afterEach(async () => {
      client?.close();
      client = undefined;
      await sim.stop();
    });
    const query = () => client.call(client.operation('/entrance/paas/user/query'), { pageSize: 10 });

    for (const field of ['expireIn', 'expiresIn']) {
      for (const [what, lifetime] of [
        ['0', 0],
        ['-5', -5],
        ['"abc"', 'abc'],
        ['missing', undefined],
      ]) {
        it(`${field} ${what}: 20 calls make 1 token request`, async () => {
          sim = await startAliyun({ tokenLifetime: lifetime, tokenLifetimeField: field });
          client = aliyunClient(sim);
          for (let i = 0; i < 20; i++) (await query()).payload.total.should.be.a.Number();
          sim.received['/cloud/token'].should.equal(1);
          (sim.received['/cloud/token/refresh'] === undefined).should.be.true();
        });
      }

      it(`reads the lifetime from ${field} (ms): a 1.5 s token is renewed before it expires`, async () => {
        sim = await startAliyun({ cloudTokenExpireMs: 1500, tokenLifetimeField: field });
        client = aliyunClient(sim);
        await query();
        await sleep(1300); // past 80 % of the lifetime, the renewal point
        await query();
        const renewals = (sim.received['/cloud/token'] ?? 0) + (sim.received['/cloud/token/refresh'] ?? 0);
        renewals.should.equal(2);
        Object.keys(sim.tokenRefused).should.eql([]); // renewed ahead, not healed after a refusal
      });
    }

    it('refuses an empty cloudToken as AUTH noToken', async () => {
      sim = await startAliyun();
      client = aliyunClient(sim);
      sim.inject(
        { kind: 'status', status: 200, body: JSON.stringify({ id: '1', code: 200, message: 'success', data: { cloudToken: '', expireIn: 7_200_000 } }) },
        { match: '/cloud/token', times: 1 },
      );
      const err = await failure(query());
      err.should.match({ code: 'AUTH', vendorCode: 'MALFORMED', message: 'Alibaba Cloud IoT sent no usable cloud token' });
      (sim.received['/entrance/paas/user/query'] === undefined).should.be.true();
      (await query()).payload.total.should.be.a.Number();
    });
  });
});

describe('editor ranges and help', () => {
  /** resources/smartlock-editor.js run with just enough of a browser for it to load. */
  function loadEditorHelpers(catalog = { families: {}, vendors: {}, configVersion: 1 }) {
    const window = {};
    const pending = { then: () => pending };
    const $ = { ajax: (o) => o.success(catalog), Deferred: () => ({ resolve: () => ({ promise: () => pending }) }) };
    vm.runInNewContext(fs.readFileSync(path.join(root, 'resources/smartlock-editor.js'), 'utf8'), { window, $, RED: {} });
    return window.SmartLock;
  }

  it('SmartLock.range takes empty or a number within the range (a whole one when asked)', () => {
    const { range } = loadEditorHelpers();
    const timeout = range(0.1, 300);
    for (const v of ['', ' ', undefined, null, 0.1, '0.1', 10, '300', 300]) timeout(v).should.be.true(`timeout ${v}`);
    for (const v of [0, '0', 0.05, 300.5, -1, 'abc', '10s', NaN, Infinity, '1e9']) timeout(v).should.be.false(`timeout ${v}`);
    const queue = range(1, 100000, true);
    for (const v of [1, '500', 100000]) queue(v).should.be.true(`queue ${v}`);
    for (const v of [0, 2.5, '100001']) queue(v).should.be.false(`queue ${v}`);
  });

  it("each config node validates its limits with the runtime's TRANSPORT_LIMITS, and loads the helper first", () => {
    const want = {
      timeout: [TRANSPORT_LIMITS.timeoutMs[0] / 1000, TRANSPORT_LIMITS.timeoutMs[1] / 1000],
      maxConcurrent: TRANSPORT_LIMITS.maxConcurrent,
      ratePerSecond: TRANSPORT_LIMITS.ratePerSecond,
      maxQueue: TRANSPORT_LIMITS.maxQueue,
    };
    const html = fs.readFileSync(path.join(root, 'dist/nodes/smartlock-systems.html'), 'utf8');
    for (const type of vendorModules().map((v) => v.config.type)) {
      html.indexOf('smartlock-editor.js"></script>').should.be.within(0, html.indexOf(`RED.nodes.registerType('${type}', {`), type);
      html.should.not.containEql('RED.validators.number()');
      for (const [field, [lo, hi]] of Object.entries(want)) {
        const own = html.slice(html.indexOf(`RED.nodes.registerType('${type}', {`));
        const m = new RegExp(`\\b${field}: \\{ value: [^,]+, validate: SmartLock\\.range\\(([^)]*)\\) \\}`).exec(own);
        (m !== null).should.be.true(`${type} ${field}`);
        m[1].split(',').slice(0, 2).map(Number).should.eql([lo, hi], `${type} ${field}`);
      }
    }
  });

  it('a URL with user:password@ is refused in every config form that takes one, with the reason', () => {
    const { settingCheck } = loadEditorHelpers(editorCatalog());
    const en = { 'smartlock.invalid.urlCredentials': 'credentials do not belong in the URL: use the fields for them' };
    const node = (region) => ({ region, host: region, _: (key) => en[key] ?? key });
    const said = 'credentials do not belong in the URL: use the fields for them';
    for (const type of ['smartlock-hotel', 'smartlock-tuya', 'smartlock-aliyun', 'smartlock-ttlock']) {
      const check = settingCheck(type, 'baseUrl');
      check.call(node('custom'), 'http://u:p@127.0.0.1:19952', {}).should.equal(said, type);
      check.call(node('custom'), 'https://user@lock.example.com/api', {}).should.equal(said, type);
      check.call(node('custom'), 'http://127.0.0.1:19952', {}).should.be.true(type);
      check.call(node('custom'), 'http://127.0.0.1:19952/path@x', {}).should.be.true(type);
    }
    settingCheck('smartlock-tuya', 'eventsUrl').call(node('cn'), 'wss://id:secret@mqe.tuyacn.com:8285/', {}).should.equal(said);
  });

  it("the events node validates its interval from 5 s to 2147483 s (Node's longest timer)", () => {
    const html = fs.readFileSync(path.join(root, 'dist/nodes/smartlock-events.html'), 'utf8');
    /interval: \{ value: 60, validate: SmartLock\.range\(5, 2147483\) \}/.test(html).should.be.true();
    (2147483 * 1000).should.be.belowOrEqual(2 ** 31 - 1);
    const check = loadEditorHelpers().range(5, 2147483);
    check(5).should.be.true();
    check(2147483).should.be.true();
    check(4).should.be.false();
    check(2147484).should.be.false();
  });

  it('the help says the same ranges, in English and Chinese', () => {
    for (const lang of ['en-US', 'zh-CN']) {
      const helps = fs.readFileSync(path.join(root, 'dist/nodes/locales', lang, 'smartlock-systems.html'), 'utf8');
      for (const type of vendorModules().map((v) => v.config.type)) {
        const help = helps.split(`data-help-name="${type}"`)[1].split('</script>')[0];
        for (const text of ['0.1–300', '1–64', '0–1000', '1–100000']) help.should.containEql(text, `${lang} ${type}`);
      }
      fs.readFileSync(path.join(root, 'dist/nodes/locales', lang, 'smartlock-events.html'), 'utf8').should.match(/5\D{1,4}2147483/);
    }
  });
});

describe('a base URL holding user:password@', function () {
  afterEach(() => helper.unload());

  for (const [vendor, start] of [
    ['hotel', startHotel],
    ['tuya', startTuya],
  ]) {
    it(`${vendor}: the config reports a configuration error, no request goes out, the password is said nowhere`, async () => {
      const sim = await start();
      try {
        const url = new URL(sim.url);
        url.username = 'admin';
        url.password = 'Hunter2-in-url';
        const nodes = [{ id: 'n-api', type: 'smartlock-api', operation: vendor === 'hotel' ? 'GetRoomList' : 'timer.currentTime' }];
        await loadFlow(sim, nodes, { baseUrl: url.href });
        const { error } = await send('n-api', { payload: {} });
        error.should.match({ code: 'VALIDATION', retryable: false, message: 'credentials do not belong in the URL (baseUrl): use the fields for them' });
        JSON.stringify(error).should.not.containEql('Hunter2');
        sim.requests.should.have.length(0);
      } finally {
        await sim.stop();
      }
    });
  }
});
