'use strict';
// TTLock pushes lock records to the app's callback URL (its "lock records notify" page: a form
// POST of notifyType=1, lockId, lockMac and records as JSON text, answered "success"). A real
// Node-RED serves the URL; the TTLock simulator posts to it as TTLock's cloud would.
require('should');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');
const net = require('node:net');
const { startNodeRed } = require('../scripts/demo');
const { TtlockSimulator } = require('../dist/lib/simulators');
const { TTLOCK } = require('./support/flow');
const { until } = require('./support/wait');

const LOCK = 163377;
const KEY = 'k7Qf2-xZ9pLm4_wR8sTt';
const WRONG_SECRET = 'NotTheSecret-4f1c9a77e2d0b5';
/** Unlocks by passcode or card of one guest (by name) or one card (by number). */
const FILTER = { kinds: 'unlock', methods: 'password,card', who: 'Filtered guest, 3210987654' };

/** Collects the events (msg.payload) the events nodes post: those pushed in `got`, those polled in `polled`. */
function collector() {
  const got = [];
  const polled = [];
  // those of the filtering nodes, by path
  const filtered = { '/push-filtered': [], '/poll-filtered': [] };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      (filtered[req.url] ?? (req.url === '/poll' ? polled : got)).push(JSON.parse(body));
      res.end('ok');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ got, polled, filtered, url: `http://127.0.0.1:${server.address().port}`, server })),
  );
}

/** A raw POST to Node-RED, as anyone on the internet could send it. */
function post(url, body, headers = { 'Content-Type': 'application/x-www-form-urlencoded' }) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The form of one lock records callback, as TTLock posts it. */
const notifyForm = (records, fields = {}) =>
  new URLSearchParams({ notifyType: '1', lockId: String(LOCK), lockMac: 'AA:BB:CC:DD:EE:FF', records: JSON.stringify(records), ...fields }).toString();

/** A record as TTLock's notify page lists its fields. */
const record = (user, at = Date.now() - 1000) => ({ lockDate: at, serverDate: at + 500, username: user, recordType: 7, success: 1 });

/**
 * Streams a form body of `total` bytes on a raw socket, as fast as the socket takes it. Resolves
 * once the server closed the connection (or took everything and answered): what it answered
 * and how many bytes the socket took before.
 */
function streamBody(url, path, total) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let answer = '';
    let queued = 0;
    let done = false;
    const finish = (closed) => {
      if (done) return;
      done = true;
      resolve({ answer, taken: socket.bytesWritten, closed });
      socket.destroy();
    };
    socket.on('data', (d) => {
      answer += d;
      if (queued >= total && /\r\n\r\n/.test(answer)) finish(false); // everything was taken: the old behaviour
    });
    socket.on('error', () => undefined); // EPIPE or ECONNRESET: the server hung up, as it should
    socket.on('close', () => finish(true));
    const pump = () => {
      while (!done && queued < total) {
        queued += chunk.length;
        if (!socket.write(chunk)) return void socket.once('drain', pump);
      }
    };
    socket.write(`POST ${path} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${total}\r\n\r\n`);
    pump();
  });
}

describe('TTLock callback as the events node push source, through a real Node-RED', function () {
  this.timeout(120_000);
  let sim;
  let sink;
  let red;
  before(async () => {
    sim = new TtlockSimulator({ ...TTLOCK });
    await sim.start();
    sink = await collector();
    // A zone of its own: pushed events are written in it, as polled ones (issue 21 item 6).
    const cfg = { id: 'cfg', type: 'smartlock-ttlock', region: 'custom', baseUrl: sim.url, timeZone: 'Asia/Kathmandu', configVersion: 2 };
    const nokey = { id: 'cfg2', type: 'smartlock-ttlock', region: 'custom', baseUrl: sim.url, configVersion: 2 };
    const events = (id, config, extra) => ({
      id,
      z: 'tab',
      type: 'smartlock-events',
      vendor: 'ttlock',
      ttlock: config,
      source: 'push',
      devices: '',
      kinds: '',
      configVersion: 2,
      wires: [['post']],
      ...extra,
    });
    red = await startNodeRed({
      userDir: fs.mkdtempSync(path.join(os.tmpdir(), 'smartlock-ttlock-cb-')),
      stdio: 'pipe',
      flows: [
        { id: 'tab', type: 'tab', label: 'door events' },
        cfg,
        nokey,
        events('ev', 'cfg'),
        // No callback key in its config: it polls the lock it lists, and says so.
        events('ev-fallback', 'cfg2', { devices: String(LOCK), interval: 5, wires: [['post-poll']] }),
        // Filters on kinds, methods and who, pushed and polled alike (the nodes above have none: they pass all).
        events('ev-filtered', 'cfg', { ...FILTER, wires: [['post-filtered']] }),
        events('ev-filtered-poll', 'cfg2', { ...FILTER, devices: String(LOCK), interval: 5, wires: [['post-poll-filtered']] }),
        { id: 'post-filtered', z: 'tab', type: 'http request', method: 'POST', ret: 'txt', url: `${sink.url}/push-filtered`, wires: [[]] },
        { id: 'post-poll-filtered', z: 'tab', type: 'http request', method: 'POST', ret: 'txt', url: `${sink.url}/poll-filtered`, wires: [[]] },
        // A wrong client secret: refused at connect, said as AUTH.
        { id: 'cfg3', type: 'smartlock-ttlock', region: 'custom', baseUrl: sim.url, configVersion: 2 },
        events('ev-refused', 'cfg3'),
        { id: 'post', z: 'tab', type: 'http request', method: 'POST', ret: 'txt', url: `${sink.url}/push`, wires: [[]] },
        { id: 'post-poll', z: 'tab', type: 'http request', method: 'POST', ret: 'txt', url: `${sink.url}/poll`, wires: [[]] },
        // Codes made as a flow makes them: the password node, answered with its msg.payload.
        { id: 'codes', z: 'tab', type: 'http in', url: '/codes', method: 'post', wires: [['make-code']] },
        {
          id: 'make-code',
          z: 'tab',
          type: 'smartlock-password',
          vendor: 'ttlock',
          ttlock: 'cfg',
          operation: 'create',
          params: {},
          configVersion: 2,
          wires: [['code-made']],
        },
        { id: 'code-made', z: 'tab', type: 'http response', statusCode: '200', wires: [] },
        // A flow's own endpoint under /smartlock/: the package's route passes it on.
        { id: 'orders', z: 'tab', type: 'http in', url: '/smartlock/orders/new', method: 'post', wires: [['orders-ok']] },
        { id: 'orders-ok', z: 'tab', type: 'http response', statusCode: '200', wires: [] },
      ],
      credentials: { cfg: { ...TTLOCK, callbackKey: KEY }, cfg2: TTLOCK, cfg3: { ...TTLOCK, clientSecret: WRONG_SECRET, callbackKey: `${KEY}-3` } },
    });
    sim.callbackUrl = `${red.url}/smartlock/ttlock/${KEY}`;
    // Connected once the account's lock list was read (it proves the credentials too).
    await until(() => (sim.received['lock/list'] ?? 0) >= 1, 'the lock list read at connect');
  });
  after(async () => {
    await red?.stop();
    await sim?.stop();
    sink?.server.close();
  });

  /** Posts one good record and waits for its event: the only one since `before` (the refused posts before it emitted nothing). */
  async function onlyGoodAfter(before, user) {
    (await post(sim.callbackUrl, notifyForm([record(user)]))).should.eql({ status: 200, body: 'success' });
    await until(() => sink.got.some((m) => m.user === user), user);
    sink.got
      .slice(before)
      .map((m) => m.user)
      .should.eql([user]);
  }

  // First: each config lists a lock's passcodes at its first passcode record, again only a minute later.
  it("names a passcode unlock by the password node's passwordId, pushed and polled, and never its digits", async () => {
    const code = '4927318';
    const made = await post(
      `${red.url}/codes`,
      JSON.stringify({ deviceId: String(LOCK), name: 'Guest 12', password: code, validFrom: '2030-01-01T14:00:00Z', validUntil: '2030-01-04T11:00:00Z' }),
      { 'Content-Type': 'application/json' },
    );
    made.status.should.equal(200);
    const { passwordId } = JSON.parse(made.body);
    passwordId.should.match(/^\d+$/);
    await until(() => (sim.received['lockRecord/list'] ?? 0) >= 1, 'the polling config has read the log once', 20_000);
    const at = Date.now() - 300;
    sim.record(LOCK, 4, 'Guest 12 at the door', at, { keyboardPwd: code });
    sim.record(LOCK, 4, 'Someone guessing', at + 1, { keyboardPwd: '1111999', success: 0 });
    const named = (list) => list.find((m) => m.user === 'Guest 12 at the door');
    await until(() => named(sink.got), 'the pushed event');
    named(sink.got).should.match({ kind: 'unlock', method: 'password', credential: { kind: 'password', id: passwordId } });
    await until(() => named(sink.polled), 'the polled event', 20_000);
    named(sink.polled).should.match({ kind: 'unlock', method: 'password', credential: { kind: 'password', id: passwordId } });
    // A code the lock does not list: a passcode, without an id.
    await until(() => sink.polled.some((m) => m.user === 'Someone guessing'), 'the refused one polled', 20_000);
    sink.polled.find((m) => m.user === 'Someone guessing').credential.should.eql({ kind: 'password' });
    sink.got.find((m) => m.user === 'Someone guessing').credential.should.eql({ kind: 'password' });
    const all = JSON.stringify([sink.got, sink.polled]);
    all.should.not.containEql(code);
    all.should.not.containEql('1111999');
    red.output().should.not.containEql(code);
  });

  it("emits a pushed record once as the neutral event, answers TTLock's 'success', and drops a repeated callback", async () => {
    const r = sim.record(LOCK, 7, 'Guest card', Date.now() - 1000);
    await until(() => sink.got.some((m) => m.method === 'card'), 'the card unlock event');
    const event = sink.got.find((m) => m.method === 'card');
    event.should.match({ deviceId: String(LOCK), kind: 'unlock', method: 'card', user: 'Guest card' });
    Date.parse(event.time).should.equal(r.lockDate);
    event.time.should.endWith('+05:45'); // the config's zone
    event.timeMs.should.equal(r.lockDate); // TTLock stamps in epoch ms: the twin
    sim.callbacks.at(-1).should.eql({ status: 200, body: 'success' });
    // TTLock sends it again (a lost answer): answered, not emitted twice.
    const before = sink.got.length;
    (await sim.notify(LOCK, [r])).should.eql({ status: 200, body: 'success' });
    await new Promise((res) => setTimeout(res, 300));
    sink.got.length.should.equal(before);
  });

  it('reads every record of one callback, two identical ones as two', async () => {
    const at = Date.now() - 500;
    const a = { lockDate: at, serverDate: at + 1000, username: 'Owner thumb', recordType: 8, success: 1, keyboardPwd: '' };
    const before = sink.got.length;
    (await sim.notify(LOCK, [a, a, { ...a, recordType: 30, username: '' }])).status.should.equal(200);
    await until(() => sink.got.length === before + 3, 'three events');
    sink.got
      .slice(before)
      .map((m) => [m.kind, m.method ?? m.state])
      .should.eql([
        ['unlock', 'fingerprint'],
        ['unlock', 'fingerprint'],
        ['door', 'closed'],
      ]);
  });

  it('reads every record type of the table as its row says, an unknown one as operation, success 0 as failed, and never a passcode', async () => {
    const { TTLOCK_RECORD_TABLE } = require('../dist/lib/vendors/ttlock/records');
    const code = '61938274'; // a guest's working passcode, as keyboardPwd of a passcode record
    const at = Date.now() - 5000;
    const types = Object.keys(TTLOCK_RECORD_TABLE);
    const records = types.map((type, i) => ({
      lockDate: at + i,
      serverDate: at + i + 500,
      username: `pushed ${type}`,
      recordType: Number(type),
      success: 1,
      keyboardPwd: TTLOCK_RECORD_TABLE[type].method === 'password' ? code : '',
    }));
    records.push({ lockDate: at + 200, serverDate: at + 700, username: 'pushed unknown', recordType: 998, success: 1 });
    records.push({ lockDate: at + 201, serverDate: at + 701, username: 'pushed refused', recordType: 4, success: 0, keyboardPwd: code });
    const before = sink.got.length;
    (await sim.notify(LOCK, records)).status.should.equal(200);
    await until(() => sink.got.length === before + records.length, 'one event per record');
    const byUser = new Map(sink.got.slice(before).map((e) => [e.user, e]));
    for (const type of types) {
      const rule = TTLOCK_RECORD_TABLE[type];
      byUser
        .get(`pushed ${type}`)
        .should.match({ kind: rule.kind, code: type, ...(rule.state ? { state: rule.state } : {}), ...(rule.alarm ? { alarm: rule.alarm } : {}) });
    }
    byUser.get('pushed 31').should.match({ kind: 'door', state: 'open' });
    byUser.get('pushed 47').should.match({ kind: 'lock', method: 'button' });
    byUser.get('pushed unknown').should.match({ kind: 'operation', code: '998' });
    byUser.get('pushed refused').should.match({ kind: 'failed', method: 'password' });
    JSON.stringify(sink.got.slice(before)).should.not.containEql(code);
  });

  it('ignores a lock the account does not list (another account of the same app), saying it once', async () => {
    const before = sink.got.length;
    const stranger = { lockDate: Date.now(), serverDate: Date.now(), username: 'x', recordType: 4, success: 1 };
    const form = (lockId) => new URLSearchParams({ notifyType: '1', lockId, lockMac: 'AA:BB:CC:DD:EE:FF', records: JSON.stringify([stranger]) }).toString();
    (await post(sim.callbackUrl, form('999001'))).should.eql({ status: 200, body: 'success' });
    (await post(sim.callbackUrl, form('999001'))).should.eql({ status: 200, body: 'success' });
    await until(() => red.output().includes('999001'), 'the warning');
    // said once by the node that pushes all (the filtering one on the same config says it once too)
    red
      .output()
      .split(/\r?\n/)
      .filter((l) => l.includes('999001') && l.includes('[smartlock-events:ev]'))
      .length.should.equal(1);
    sink.got.length.should.equal(before);
  });

  it('refuses what is not a callback of this key: another key, unreadable records, a body over 1 MiB', async () => {
    const before = sink.got.length;
    const body = new URLSearchParams({ notifyType: '1', lockId: String(LOCK), records: '[]' }).toString();
    (await post(`${red.url}/smartlock/ttlock/not-the-key-0123456789`, body)).status.should.equal(404);
    (await post(sim.callbackUrl, new URLSearchParams({ notifyType: '1', lockId: String(LOCK), records: '{"oops"' }).toString())).status.should.equal(400);
    (await post(sim.callbackUrl, `notifyType=1&lockId=${LOCK}&records=${'x'.repeat(1_100_000)}`)).status.should.equal(413);
    (await post(sim.callbackUrl, new URLSearchParams({ notifyType: '3', lockId: String(LOCK), isOnline: '1' }).toString())).should.eql({
      status: 200,
      body: 'success',
    });
    sink.got.length.should.equal(before);
    red.output().should.not.containEql(KEY);
    red.output().should.not.containEql(TTLOCK.clientSecret);
  });

  it('refuses records that are not objects with lockDate and recordType (400), emitting nothing of the post', async () => {
    const before = sink.got.length;
    (await post(sim.callbackUrl, notifyForm([1, 'x', null, true]))).status.should.equal(400);
    (await post(sim.callbackUrl, notifyForm([record('Junk neighbour'), { lockDate: 'soon', recordType: 7 }]))).status.should.equal(400);
    (await post(sim.callbackUrl, notifyForm([{ username: 'no time', recordType: 7 }]))).status.should.equal(400);
    await onlyGoodAfter(before, 'After junk');
  });

  it('reads at most 500 records a callback (what a lock keeps): more is 413 and nothing emitted, 500 are all emitted', async () => {
    const before = sink.got.length;
    const at = Date.now() - 60_000;
    const batch = (n, name) => Array.from({ length: n }, (_, i) => record(`${name} ${i}`, at + i));
    (await post(sim.callbackUrl, notifyForm(batch(501, 'Over')))).status.should.equal(413);
    (await post(sim.callbackUrl, notifyForm(batch(500, 'Batch')))).should.eql({ status: 200, body: 'success' });
    await until(() => sink.got.length === before + 500, 'the 500 events');
    sink.got
      .slice(before)
      .filter((m) => m.user.startsWith('Over'))
      .should.have.length(0);
  });

  it('answers a JSON body 415 although Node-RED parsed it before the route', async () => {
    const before = sink.got.length;
    const json = JSON.stringify({ notifyType: '1', lockId: String(LOCK), records: JSON.stringify([record('By JSON')]) });
    (await post(sim.callbackUrl, json, { 'Content-Type': 'application/json' })).status.should.equal(415);
    // A form field Node-RED's parser reads as an object is no field of a form.
    (await post(sim.callbackUrl, `notifyType=1&lockId=${LOCK}&records[0][lockDate]=1`)).status.should.equal(400);
    await onlyGoodAfter(before, 'By form');
  });

  it('writes vendor values into the log on one line: a newline in notifyType or lockId forges no line', async () => {
    // (short enough to be shown whole: error texts cut a vendor value at 60 characters)
    const forged = (tag) => `\n[error] [smartlock-events:ev] ${tag}\r\u2028x`;
    (await post(sim.callbackUrl, new URLSearchParams({ notifyType: `9${forged('FORGED-TYPE')}`, lockId: String(LOCK) }).toString())).status.should.equal(200);
    (await post(sim.callbackUrl, notifyForm([], { lockId: `4242${forged('FORGED-LOCK')}` }))).status.should.equal(200);
    await until(() => red.output().includes('FORGED-TYPE') && red.output().includes('FORGED-LOCK'), 'both warnings');
    const lines = red.output().split(/\r?\n/);
    lines.find((l) => l.includes('FORGED-TYPE')).should.match(/notifyType 9 .*FORGED-TYPE/);
    lines.find((l) => l.includes('FORGED-LOCK')).should.match(/lock 4242 .*FORGED-LOCK/);
  });

  it("passes what no deployed config listens to on: a flow's own http in at POST /smartlock/orders/new answers", async () => {
    const r = await post(`${red.url}/smartlock/orders/new`, 'item=42');
    r.status.should.equal(200);
    JSON.parse(r.body).should.eql({ item: '42' });
  });

  it("answers 503 (TTLock may send it again) when the account's lock list cannot be read for a new lock id", async () => {
    await new Promise((r) => setTimeout(r, 5_100)); // the last listing is older than the relist pause
    sim.inject({ kind: 'status', status: 503 }, { match: 'lock/list', times: 10 }); // more than the retries
    const body = new URLSearchParams({ notifyType: '1', lockId: '999777', records: '[]' }).toString();
    (await post(sim.callbackUrl, body)).status.should.equal(503);
    sim.clearFaults();
  });

  it('a wrong client secret is AUTH in the log, with neither the secret nor the callback key', async () => {
    await until(() => /\[smartlock-events:ev-refused\] AUTH/.test(red.output()), 'the AUTH error');
    red.output().should.not.containEql(WRONG_SECRET);
    red.output().should.not.containEql(`${KEY}-3`);
  });

  it('a config without a callback key polls the listed locks instead, and says why', async () => {
    red.output().should.containEql('set its callback key');
    red.output().should.containEql('polling the listed locks instead');
    // Its first poll marks where the log stands; what happens after it is emitted by the next.
    await until(() => (sim.received['lockRecord/list'] ?? 0) >= 1, 'the first poll', 20_000);
    const at = Date.now() - 200;
    sim.record(LOCK, 4, 'Cleaner', at);
    await until(() => sink.polled.some((m) => m.user === 'Cleaner' && m.method === 'password' && Date.parse(m.time) === at), 'the polled event', 20_000);
  });

  it('passes on only the kinds, methods and credential or user a node names, pushed and polled alike', async () => {
    await until(() => (sim.received['lockRecord/list'] ?? 0) >= 1, 'the polling configs have read the log once', 20_000);
    const at = Date.now() - 500;
    sim.record(LOCK, 8, 'Filtered guest', at); // a fingerprint: not a method named
    sim.record(LOCK, 35, 'Filtered guest', at + 1, { keyboardPwd: '3210987654' }); // locked by card: not a kind named
    sim.record(LOCK, 7, 'Another guest', at + 2, { keyboardPwd: '555' }); // neither the user nor the card named
    sim.record(LOCK, 7, 'Filtered guest', at + 3, { keyboardPwd: '777' }); // passes by the user
    sim.record(LOCK, 7, 'Card holder', at + 4, { keyboardPwd: '3210987654' }); // passes by the card's number
    const passing = [
      ['Filtered guest', 'card'],
      ['Card holder', 'card'],
    ];
    for (const [name, list] of [
      ['pushed', sink.got],
      ['polled', sink.polled],
    ]) {
      await until(() => list.filter((m) => m.timeMs >= at && m.timeMs <= at + 4).length === 5, `all five ${name} to the unfiltered node`, 20_000);
    }
    for (const path of ['/push-filtered', '/poll-filtered']) {
      await until(() => sink.filtered[path].length === 2, `two through ${path}`, 20_000);
      sink.filtered[path].map((m) => [m.user, m.method]).should.eql(passing);
    }
  });
});

describe('TTLock callback with the editor apart (httpAdminRoot /admin): the route reads the body itself', function () {
  this.timeout(120_000);
  const key = 'apart-K3y-0123456789abcd';
  let sim;
  let red;
  let url;
  before(async () => {
    sim = new TtlockSimulator({ ...TTLOCK });
    await sim.start();
    red = await startNodeRed({
      userDir: fs.mkdtempSync(path.join(os.tmpdir(), 'smartlock-ttlock-apart-')),
      stdio: 'pipe',
      settings: { httpAdminRoot: '/admin' },
      flows: [
        { id: 'tab', type: 'tab', label: 'door events' },
        { id: 'cfg', type: 'smartlock-ttlock', region: 'custom', baseUrl: sim.url, configVersion: 2 },
        {
          id: 'ev',
          z: 'tab',
          type: 'smartlock-events',
          vendor: 'ttlock',
          ttlock: 'cfg',
          source: 'push',
          devices: '',
          kinds: '',
          configVersion: 2,
          wires: [[]],
        },
      ],
      credentials: { cfg: { ...TTLOCK, callbackKey: key } },
    });
    url = `${red.url}/smartlock/ttlock/${key}`;
    await until(() => (sim.received['lock/list'] ?? 0) >= 1, 'the lock list read at connect');
  });
  after(async () => {
    await red?.stop();
    await sim?.stop();
  });

  it('answers a body streamed past 1 MiB 413 and closes the connection long before the sender is done', async () => {
    const total = 64 << 20;
    const { answer, taken, closed } = await streamBody(red.url, `/smartlock/ttlock/${key}`, total);
    answer.should.match(/^HTTP\/1\.1 413 /);
    answer.should.match(/\r\nconnection: close\r\n/i);
    closed.should.be.true();
    // What the socket took: the MiB read, and what the two kernels buffer; never the 64 MiB.
    taken.should.be.below(total / 4);
    // The route still answers a proper callback after.
    (await post(url, notifyForm([record('After the stream')]))).should.eql({ status: 200, body: 'success' });
  });

  it('answers a JSON body 415 here too, unread', async () => {
    const json = JSON.stringify({ notifyType: '1', lockId: String(LOCK), records: '[]' });
    (await post(url, json, { 'Content-Type': 'application/json' })).status.should.equal(415);
    red.output().should.not.containEql(key);
  });
});

describe('the demo (npm start): TTLock posts the rental door events to its Node-RED', function () {
  this.timeout(120_000);
  const { startDemo } = require('../scripts/demo');
  let demo;
  before(async () => {
    demo = await startDemo({ userDir: fs.mkdtempSync(path.join(os.tmpdir(), 'smartlock-demo-cb-')), stdio: 'pipe' });
  });
  after(() => demo?.stop());

  it("the lock panel's record reaches the callback URL, answered 'success', with no warning", async () => {
    const sim = demo.sims.ttlock;
    await until(() => demo.output().includes('Started flows'), 'the flows');
    // The rental example's inject, pressed as the editor does.
    await post(`${demo.url}/inject/e7c0ffee00000014`, '', { 'Content-Type': 'application/json' });
    await until(() => sim.callbacks.length > 0, 'the callback');
    sim.callbacks.should.eql([{ status: 200, body: 'success' }]);
    demo.output().should.not.match(/smartlock-events:e7c0ffee00000012\]/);
  });
});
