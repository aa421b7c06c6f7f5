'use strict';
// Every vendor's transport against a server that cuts answers short, drips, stalls, never ends
// or speaks garbage, with and without a proxy: each call settles within its deadline, the config
// keeps working afterwards, and close() ends whatever is still waiting (token fetches included).
require('should');
const { HostileServer, startProxy, MODES } = require('./support/hostile');
const { startHotel, startTuya, startAliyun, loadFlow, send, helper, APPID, APPSECRET, TUYA, ALIYUN } = require('./support/flow');
const summary = require('./support/summary');
const { createHotelClient } = require('../dist/lib/vendors/hotel/client');
const { createTuyaClient } = require('../dist/lib/vendors/tuya/client');
const { createAliyunClient } = require('../dist/lib/vendors/aliyun/client');

const TIMEOUT_MS = 300;
const TRIES = 2;
/** What a call may take at most: every try's deadline and the backoff between, and slack. */
const BUDGET_MS = TRIES * TIMEOUT_MS + 500 + 1500;

const VENDORS = [
  {
    id: 'hotel',
    start: startHotel,
    path: '/Api/GetRoomList',
    op: 'GetRoomList',
    input: {},
    client: (url, limits) => createHotelClient({ baseUrl: url, appid: APPID, appsecret: APPSECRET, timeZone: 'Asia/Shanghai', ...limits }),
  },
  {
    id: 'tuya',
    start: startTuya,
    path: '/status',
    op: 'device.status',
    input: { deviceId: 'lock-wifi-1' },
    tokenPath: '/v1.0/token',
    client: (url, limits) => createTuyaClient({ baseUrl: url, ...TUYA, ...limits }),
  },
  {
    id: 'aliyun',
    start: startAliyun,
    path: '/entrance/paas/user/query',
    op: '/entrance/paas/user/query',
    input: {},
    tokenPath: '/cloud/token',
    client: (url, limits) => createAliyunClient({ baseUrl: url, ...ALIYUN, projectId: 'a1sim-project', timeZone: 'Asia/Shanghai', ...limits }),
  },
];

/** The call's outcome, or 'unsettled' if it is still running after `ms`. */
function within(promise, ms) {
  let timer;
  const late = new Promise((resolve) => {
    timer = setTimeout(() => resolve('unsettled'), ms);
  });
  return Promise.race([
    promise.then(
      (v) => ({ ok: v }),
      (e) => e,
    ),
    late,
  ]).finally(() => clearTimeout(timer));
}

/** Hooks that start a simulator with a hostile server in front of it, and stop both; the two as `.sim`, `.hostile`. */
function inFrontOf(start) {
  const ends = {};
  before(async () => {
    ends.sim = await start();
    ends.hostile = new HostileServer(ends.sim.url);
    await ends.hostile.start();
  });
  after(async () => {
    await ends.hostile.stop();
    await ends.sim.stop();
  });
  return ends;
}

const counts = { unsettled: 0, wedged: 0 };
after(() => summary.add('hostile', counts));

for (const v of VENDORS) {
  describe(`${v.id} transport against a hostile server`, function () {
    this.timeout(60_000);
    const ends = inFrontOf(v.start);

    for (const proxied of [false, true]) {
      it(`settles every misbehaviour within its deadline and keeps working${proxied ? ', through an HTTP proxy' : ''}`, async () => {
        const proxy = proxied ? await startProxy() : undefined;
        const saved = process.env.HTTP_PROXY;
        if (proxy) process.env.HTTP_PROXY = proxy.url;
        const client = v.client(ends.hostile.url, { timeoutMs: TIMEOUT_MS, maxTries: TRIES, maxConcurrent: 2 });
        try {
          const call = () => client.call(client.operation(v.op), v.input);
          ends.hostile.set('pass');
          (await call()).should.have.property('payload');
          for (const mode of MODES) {
            ends.hostile.set(mode, v.path);
            // More calls than the config has slots: a call that never settled would hold one.
            const outcomes = await Promise.all([1, 2, 3].map(() => within(call(), BUDGET_MS)));
            for (const out of outcomes) {
              if (out === 'unsettled') counts.unsettled++;
              out.should.not.equal('unsettled', `${mode}: a call did not settle`);
              out.should.have.property('code');
              ['NETWORK', 'TIMEOUT', 'VENDOR'].should.containEql(out.code, `${mode}: ${out.message}`);
            }
            ends.hostile.set('pass');
            const healthy = await within(call(), BUDGET_MS);
            if (!healthy.ok) counts.wedged++;
            healthy.should.have.property('ok');
          }
          if (proxy) proxy.forwarded.should.be.above(MODES.length);
        } finally {
          client.close();
          if (saved === undefined) delete process.env.HTTP_PROXY;
          else process.env.HTTP_PROXY = saved;
          await proxy?.stop();
        }
      });
    }

    if (v.tokenPath) {
      it('a cut-off token answer fails the waiting calls, and the next call gets a token once the endpoint is healthy', async () => {
        const client = v.client(ends.hostile.url, { timeoutMs: TIMEOUT_MS, maxTries: TRIES });
        try {
          ends.hostile.set('truncate', v.tokenPath);
          const outcomes = await Promise.all([1, 2, 3, 4].map(() => within(client.call(client.operation(v.op), v.input), BUDGET_MS * 2)));
          for (const out of outcomes) {
            out.should.not.equal('unsettled');
            out.should.match({ code: 'NETWORK' });
          }
          ends.hostile.set('pass');
          const healthy = await within(client.call(client.operation(v.op), v.input), BUDGET_MS);
          if (!healthy.ok) counts.wedged++;
          healthy.should.have.property('ok');
        } finally {
          client.close();
        }
      });

      it('close() ends calls waiting on a stalled token fetch at once', async () => {
        const client = v.client(ends.hostile.url, { timeoutMs: 60_000 });
        ends.hostile.set('stall', v.tokenPath);
        const calls = [1, 2, 3].map(() => within(client.call(client.operation(v.op), v.input), 2000));
        await new Promise((r) => setTimeout(r, 200));
        client.close();
        for (const out of await Promise.all(calls)) {
          out.should.not.equal('unsettled');
          out.should.match({ code: 'NETWORK' });
        }
        ends.hostile.set('pass');
      });
    }
  });
}

describe('limits a config cannot hold', function () {
  const ends = inFrontOf(startHotel);

  it('a timeout of 0 still ends a stalled call, and a queue of 0 still admits a msg', async () => {
    const client = createHotelClient({
      baseUrl: ends.hostile.url,
      appid: APPID,
      appsecret: APPSECRET,
      timeZone: 'Asia/Shanghai',
      timeoutMs: 0,
      maxQueue: 0,
      maxTries: 1,
    });
    try {
      ends.hostile.set('stall');
      const out = await within(client.call(client.operation('GetRoomList'), {}), 5000);
      out.should.not.equal('unsettled');
      out.should.match({ code: 'TIMEOUT' });
      ends.hostile.set('pass');
      (await client.call(client.operation('GetRoomList'), {})).payload.should.have.property('rooms');
    } finally {
      client.close();
    }
  });
});

describe('a node whose server cuts answers short', function () {
  this.timeout(30_000);
  after(() => helper.unload()); // before the hooks below stop the servers
  const ends = inFrontOf(startHotel);

  it('reports each msg to Catch with a red status, and its config still serves later msgs', async () => {
    // The simulator is reached through the hostile server: the config node only sees its URL.
    await loadFlow({ url: ends.hostile.url }, [{ id: 'lister', type: 'smartlock-users', operation: 'rooms' }], { timeout: 1, maxConcurrent: 2, maxQueue: 2 });
    ends.hostile.set('truncate');
    const outcomes = await Promise.all([1, 2, 3, 4].map(() => send('lister', { payload: {} }, 30, 10_000)));
    for (const { error } of outcomes) error.should.match({ code: 'NETWORK', retryable: true });
    ends.hostile.set('pass');
    const { msg, error } = await send('lister', { payload: {} });
    (error === undefined).should.be.true(error?.message);
    msg.payload.should.have.property('rooms');
  });
});
