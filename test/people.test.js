'use strict';
// What a person meets at run time (issue 21): the payload's times honoured, errors as one line
// they can act on, statuses that say how and when, failures of a push stream in the log once.
const should = require('should');
const net = require('node:net');
const request = require('supertest');
const { helper, modules, startHotel, startTuya, startTtlock, loadFlow, send, TUYA, APPSECRET } = require('./support/flow');
const { TUYA_CODES } = require('../dist/lib/vendors/tuya/errors');
const { ALIYUN_CODES } = require('../dist/lib/vendors/aliyun/errors');
const { VENDORS } = require('../dist/lib/vendors');
const { MESSAGES } = require('../dist/lib/messages');
const DOC_CODES = require('./fixtures/doc-error-codes.json');

const DEV = 'lock-wifi-1';
const ROOM = '775032240849920'; // the hotel simulator's first room
const HOUR = 3600e3;
const CLOCK = /\d\d:\d\d:\d\d$/;

/** What a node said in the log at error level (the debug sidebar shows the same). */
const loggedErrors = (id) =>
  helper
    .log()
    .args.map(([entry]) => entry)
    .filter((e) => e.level === helper.log().ERROR && e.id === id);

/** A port nothing listens on. */
async function closedPort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('what a person meets at run time', function () {
  this.timeout(30_000);
  let sim;
  afterEach(async () => {
    await helper.unload();
    await sim?.stop();
    sim = undefined;
  });

  it("a new password node takes the payload's validFrom (the editor no longer pre-fills now)", async () => {
    sim = await startTuya();
    // The fields as a new node's dialog saves them (test/browser.test.js checks the dialog).
    const params = { validFrom: { v: '', t: 'str' }, validUntil: { v: '', t: 'str' }, oneTime: { v: 'payload.oneTime', t: 'msg' } };
    await loadFlow(sim, [{ id: 'pw', type: 'smartlock-password', operation: 'create', params }]);
    const from = Date.parse('2026-12-20T14:00:00Z');
    const { msg, error } = await send('pw', { payload: { deviceId: DEV, name: 'Guest', password: '7654321', validFrom: from, validUntil: from + 48 * HOUR } });
    should(error).be.undefined();
    new Date(msg.payload.validFrom).getTime().should.equal(from);
    // Left empty and not in the payload: said, not silently now.
    const missing = await send('pw', { payload: { deviceId: DEV, name: 'Guest', password: '7654321', validUntil: from } });
    missing.error.should.match({ code: 'VALIDATION', message: /validFrom/ });
  });

  it('errors reach Catch with the contract fields and no stack, and the log as one line', async () => {
    sim = await startTuya();
    await loadFlow(sim, [{ id: 'st', type: 'smartlock-device', operation: 'status' }]);
    const { error } = await send('st', { payload: { deviceId: '1-101' } });
    error.should.match({
      code: 'NOT_FOUND',
      vendorCode: 1106,
      vendorMessage: 'permission deny',
      message: 'device 1-101 is not in this project, or the id is wrong',
    });
    error.should.not.have.properties('stack', 'cause');
    await helper.unload();
    // Without a Catch node the log (and the debug sidebar) get the line, not an Error object.
    await helper.load(
      modules,
      [
        { id: 'cfg', type: 'smartlock-tuya', region: 'custom', baseUrl: sim.url, lockType: 'wifi' },
        { id: 'tab', type: 'tab' },
        { id: 'st', z: 'tab', type: 'smartlock-device', vendor: 'tuya', tuya: 'cfg', operation: 'status', params: {}, wires: [] },
      ],
      { cfg: TUYA },
    );
    helper.getNode('st').receive({ payload: { deviceId: '1-101' } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const logged = loggedErrors('st').map((e) => e.msg);
    logged.should.eql(['device 1-101 is not in this project, or the id is wrong']);
  });

  it('a wrong Tuya secret is AUTH about the signature; a wrong hotel room shows the platform text plainly', async () => {
    sim = await startTuya();
    await loadFlow(sim, [{ id: 'st', type: 'smartlock-device', operation: 'status' }], {}, { ...TUYA, accessSecret: 'W'.repeat(32) });
    const { error } = await send('st', { payload: { deviceId: DEV } });
    error.should.match({ code: 'AUTH', message: 'Tuya Cloud refused the signature: check the Access ID and Access Secret' });
    await helper.unload();
    await sim.stop();
    sim = await startHotel();
    await loadFlow(sim, [{ id: 'open', type: 'smartlock-remote-open' }]);
    const room = await send('open', { payload: { roomId: '1-999' } });
    room.error.should.match({ code: 'VENDOR', vendorMessage: /.+/ });
    room.error.message.should.equal(`Hotel card-lock platform refused: ${room.error.vendorMessage}`);
  });

  it('a network failure names the URL; a URL with credentials in it is refused unsent, without them', async () => {
    const port = await closedPort();
    sim = await startHotel();
    await loadFlow(sim, [{ id: 'open', type: 'smartlock-remote-open' }], { baseUrl: `http://127.0.0.1:${port}` });
    (await send('open', { payload: { roomId: '1-101' } })).error.should.match({
      code: 'NETWORK',
      message: `cannot reach http://127.0.0.1:${port} (ECONNREFUSED)`,
    });
    await helper.unload();
    await loadFlow(sim, [{ id: 'open', type: 'smartlock-remote-open' }], { baseUrl: `http://admin:hunter2@127.0.0.1:${port}` });
    const { error } = await send('open', { payload: { roomId: '1-101' } });
    error.should.match({ code: 'VALIDATION', message: /^credentials do not belong in the URL/ });
    JSON.stringify(error).should.not.containEql('hunter2');
  });

  it('statuses say how it ended and when; a long reason is not cut at 48 characters', async () => {
    sim = await startHotel();
    await loadFlow(sim, [{ id: 'open', type: 'smartlock-remote-open' }]);
    const node = helper.getNode('open');
    const shown = [];
    node.on('call:status', (call) => shown.push(call.args[0]));
    await send('open', { payload: { roomId: ROOM } });
    shown[shown.length - 1].should.match({ fill: 'green', shape: 'dot', text: /^done · / });
    shown[shown.length - 1].text.should.match(CLOCK);
    await send('open', { payload: {} });
    const red = shown[shown.length - 1];
    red.should.match({ fill: 'red', shape: 'ring' });
    red.text.should.startWith('VALIDATION: ');
    red.text.should.match(CLOCK);
    red.text.length.should.be.above(48);
  });

  it('a push stream that fails is said in the log once, not on every retry', async function () {
    this.timeout(20_000);
    const port = await closedPort();
    sim = await startTuya();
    await loadFlow(sim, [{ id: 'ev', type: 'smartlock-events', source: 'push', configVersion: 2 }], { eventsUrl: `ws://127.0.0.1:${port}/ws/` });
    await new Promise((resolve) => setTimeout(resolve, 4500)); // the first try and two retries (1 s, 2 s)
    const logged = loggedErrors('ev');
    logged.length.should.equal(1);
    String(logged[0].msg).should.match(/^NETWORK: /);
  });

  it("the editor lists a deployed config's rooms for an id field: ids and names only, never a secret", async () => {
    sim = await startHotel();
    await loadFlow(sim, [{ id: 'open', type: 'smartlock-remote-open' }]);
    const admin = request(helper._httpAdmin);
    const res = await admin.get('/smartlock/cfg/choices/roomId').expect(200);
    res.body.should.containEql({ value: ROOM, label: `1-101 · ${ROOM}` });
    res.text.should.not.containEql(APPSECRET);
    (await admin.get('/smartlock/no-such-config/choices/roomId').expect(404)).body.message.should.match(/^deploy this lock configuration first/);
    (await admin.get('/smartlock/cfg/choices/cardId').expect(404)).body.message.should.equal('no list of values for cardId: type it');
    const asked = sim.received.GetRoomList;
    await admin.get('/smartlock/cfg/choices/deviceId').expect(200);
    await admin.get('/smartlock/cfg/choices/roomId').expect(200);
    sim.received.GetRoomList.should.equal(asked + 1); // kept a minute per field, not asked per keystroke
  });

  it("the editor's routes: an inherited name is no field, ?refresh asks no more often, a failed list is kept briefly, every failure is JSON", async () => {
    sim = await startHotel();
    await loadFlow(sim, [{ id: 'open', type: 'smartlock-remote-open' }]);
    const admin = request(helper._httpAdmin);
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const res = await admin.get(`/smartlock/cfg/choices/${name}`).expect(404).expect('Content-Type', /json/);
      res.body.message.should.equal(`no list of values for ${name}: type it`);
      res.text.should.not.match(/ at |\.js:\d+|<html/i);
    }
    (await admin.get('/smartlock/%E0/choices/roomId').expect(400).expect('Content-Type', /json/)).text.should.not.match(/ at |URIError/);
    await admin.get('/smartlock/cfg/choices/roomId').expect(200);
    const asked = sim.received.GetRoomList;
    for (let i = 0; i < 20; i++) await admin.get('/smartlock/cfg/choices/roomId?refresh').expect(200);
    sim.received.GetRoomList.should.equal(asked); // the once-a-minute limit holds for every caller
    await helper.unload();
    // Refused credentials: ten dialogs opened at once ask the system once (its one call, no retries).
    await loadFlow(sim, [{ id: 'open', type: 'smartlock-remote-open' }], {}, { appid: 'wrong', appsecret: 'wrong' });
    const before = sim.received.GetRoomList ?? 0;
    const answers = await Promise.all(Array.from({ length: 10 }, () => admin.get('/smartlock/cfg/choices/roomId')));
    answers.map((r) => r.status).should.eql(Array(10).fill(502));
    answers[0].body.should.have.properties('message', 'code');
    (sim.received.GetRoomList - before).should.equal(1);
    await admin.get('/smartlock/cfg/choices/roomId').expect(502);
    (sim.received.GetRoomList - before).should.equal(1);
  });

  it('the catalog is kept once per language served, whatever ?lang= says', async () => {
    sim = await startHotel();
    await loadFlow(sim, [{ id: 'open', type: 'smartlock-remote-open' }]);
    const admin = request(helper._httpAdmin);
    const english = (await admin.get('/smartlock/catalog').expect(200)).body;
    (await admin.get('/smartlock/catalog?lang=xx-YY').expect(200)).body.should.eql(english);
    (await admin.get('/smartlock/catalog?lang=zh-CN').expect(200)).body.should.not.eql(english);
    global.gc();
    const heap = process.memoryUsage().heapUsed;
    for (let i = 0; i < 1000; i++) await admin.get(`/smartlock/catalog?lang=q${i}-AB`).expect(200);
    global.gc();
    // 1 000 copies of the ~41 KB body would be 40 MB; one per language served is nothing.
    (process.memoryUsage().heapUsed - heap).should.be.below(20e6);
  });

  it("TTLock's lock ids are picked from the account's locks", async () => {
    sim = await startTtlock();
    await loadFlow(sim, [{ id: 'open', type: 'smartlock-remote-open' }]);
    const res = await request(helper._httpAdmin).get('/smartlock/cfg/choices/deviceId').expect(200);
    res.body.should.containEql({ value: '163377', label: 'Apartment door · 163377' });
  });

  it('an events node that cannot start says why in the log', async () => {
    sim = await startTuya();
    await loadFlow(sim, [{ id: 'ev', type: 'smartlock-events', source: 'push', kinds: 'unlock, explosion', configVersion: 2 }]);
    const logged = loggedErrors('ev').map((e) => e.msg);
    logged.length.should.equal(1);
    logged[0].should.match(/^unknown event kind "explosion" \(kinds: unlock, lock, failed, door, alarm, /);
  });
});

describe('vendor answer codes', () => {
  it('every failure code the vendor docs name has a row in its system table', () => {
    const tables = { tuya: TUYA_CODES, aliyun: ALIYUN_CODES };
    const samples = ['tuya-smart-lock-actions'].flatMap((doc) =>
      require(`./fixtures/doc-samples/${doc}.json`)
        .samples.filter((s) => s.kind === 'error')
        .map((s) => ({ vendor: 'tuya', code: s.body.code, doc })),
    );
    const missing = [...DOC_CODES.codes, ...samples].filter((c) => !tables[c.vendor][c.code]).map((c) => `${c.vendor} ${c.code} (${c.doc})`);
    missing.should.eql([]);
  });

  it('every row says an existing text with a source, and AUTH only for credentials, signatures, tokens or the clock', () => {
    const credentialTexts = ['signatureRefused', 'idRefused', 'tokenRefused', 'clockRefused', 'unauthorized', 'identityMissing', 'accountRefused'];
    for (const v of Object.values(VENDORS)) {
      for (const [code, row] of Object.entries(v.module.errors ?? {})) {
        MESSAGES.should.have.property(row.says);
        row.source.should.be.a.String().and.not.be.empty();
        if (row.code === 'AUTH') credentialTexts.should.containEql(row.says, `${v.module.id} ${code}`);
      }
    }
  });
});
