'use strict';
// Push events: Tuya's message service (Pulsar WebSocket consumer API) through the simulator on
// 127.0.0.1, the shared stream of a config node, and the events node in push mode.
require('should');
const nodeCrypto = require('node:crypto');
const { helper, startTuya, loadFlow, TUYA } = require('./support/flow');
const { TuyaPushSimulator } = require('../dist/lib/simulators');
const { PushHub } = require('../dist/lib/push');
const { TuyaPushTransport, decryptTuyaData, maskedTextFrames, tuyaPushPassword, tuyaPushUrl, tuyaPushEvents } = require('../dist/lib/vendors/tuya/push');
const { wait, until } = require('./support/wait');

const DEV = 'lock-wifi-1';

describe('push events: the Tuya message service wire', () => {
  it('derives the handshake password and the Failover topic URL as the SDKs do', () => {
    // md5(accessId + md5(secret)), hex, characters 8 to 23 (docs/evidence/tuya-message-service.md, point 3)
    const md5 = (s) => nodeCrypto.createHash('md5').update(s).digest('hex');
    tuyaPushPassword('abc', 'secret').should.equal(md5(`abc${md5('secret')}`).substring(8, 24));
    tuyaPushPassword('abc', 'secret').should.have.length(16);
    tuyaPushUrl({ url: 'wss://mqe.tuyacn.com:8285/', accessId: 'abc' }).should.equal(
      'wss://mqe.tuyacn.com:8285/ws/v2/consumer/persistent/abc/out/event/abc-sub?subscriptionType=Failover&ackTimeoutMillis=30000',
    );
    tuyaPushUrl({ url: 'wss://mqe.tuyaeu.com:8285', accessId: 'abc', env: 'test', ackTimeoutMs: 3000 }).should.equal(
      'wss://mqe.tuyaeu.com:8285/ws/v2/consumer/persistent/abc/out/event-test/abc-sub?subscriptionType=Failover&ackTimeoutMillis=3000',
    );
  });

  it('defaults the push host only for the four data centers the SDKs give (cn, us, eu, in); the others need the URL', () => {
    // docs/evidence/tuya-message-service.md, point 1: the Node and Python SDKs and a third-party enum list exactly these four.
    const { tuya } = require('../dist/lib/vendors/tuya');
    const urlOf = (region, eventsUrl) => tuya.push({ settings: { region, eventsUrl }, credentials: TUYA, warn: () => {} }).url;
    urlOf('cn').should.startWith('wss://mqe.tuyacn.com:8285/ws/v2/consumer/');
    urlOf('us').should.startWith('wss://mqe.tuyaus.com:8285/');
    urlOf('eu').should.startWith('wss://mqe.tuyaeu.com:8285/');
    urlOf('in').should.startWith('wss://mqe.tuyain.com:8285/');
    for (const region of ['us-e', 'eu-w', 'custom']) (() => urlOf(region)).should.throw({ code: 'VALIDATION', message: /push events URL/ });
    urlOf('eu-w', 'wss://mq.example.test:8285/').should.startWith('wss://mq.example.test:8285/ws/v2/');
  });

  it('writes acks as masked text frames a WebSocket server reads, of every length form, each with its own mask', () => {
    const { Receiver } = require('ws');
    const texts = ['', '{"messageId":"CAEQAQ=="}', 'x'.repeat(125), 'é'.repeat(63), 'y'.repeat(126), 'z'.repeat(65535), 'w'.repeat(65536), '门锁'];
    const got = [];
    const server = new Receiver({ isServer: true }); // a server refuses unmasked client frames
    server.on('message', (data, isBinary) => got.push({ text: data.toString('utf8'), isBinary }));
    server.on('error', (e) => {
      throw e;
    });
    const buf = maskedTextFrames(texts);
    server.write(buf);
    got.should.eql(texts.map((text) => ({ text, isBinary: false })));
    // Two frames of the same text differ on the wire (a fresh mask each).
    const two = maskedTextFrames(['same text', 'same text']);
    two
      .subarray(2, 6 + 9)
      .equals(two.subarray(15 + 2, 15 + 6 + 9))
      .should.be.false();
  });

  it('decrypts data encrypted AES-128-ECB and AES-128-GCM with characters 8-23 of the secret', () => {
    const secret = TUYA.accessSecret;
    const key = Buffer.from(secret.substring(8, 24));
    const plain = '{"devId":"d1","status":[]}';
    // Built here with node's crypto directly, not with the package's encryptor.
    const ecb = nodeCrypto.createCipheriv('aes-128-ecb', key, null);
    decryptTuyaData(Buffer.concat([ecb.update(plain), ecb.final()]).toString('base64'), secret).should.equal(plain);
    const iv = nodeCrypto.randomBytes(12);
    const gcm = nodeCrypto.createCipheriv('aes-128-gcm', key, iv);
    const body = Buffer.concat([gcm.update(plain), gcm.final()]);
    decryptTuyaData(Buffer.concat([iv, body, gcm.getAuthTag()]).toString('base64'), secret, 'aes_gcm').should.equal(plain);
    // A tag that does not match is refused, not read as garbage.
    const bad = Buffer.concat([iv, body, Buffer.alloc(16)]).toString('base64');
    (() => decryptTuyaData(bad, secret, 'aes_gcm')).should.throw();
  });

  it('reads a status report as one event per data point, and device events as operations', () => {
    const now = Date.UTC(2026, 11, 1);
    const events = tuyaPushEvents(
      'm1',
      4,
      {
        devId: DEV,
        status: [
          { code: 'unlock_fingerprint', value: 3, t: now - 1000 },
          { code: 'alarm_lock', value: 'pry', t: now },
          { code: 'hijack', value: 'unlock_fingerprint-02', t: now },
          { code: 'doorbell', value: true, t: now },
          { code: 'residual_electricity', value: 40, t: now },
          { code: 'closed_opened', value: 'open', t: Date.UTC(2200, 0, 1) },
        ],
      },
      now,
      'Asia/Shanghai',
    );
    events
      .map((e) => [e.kind, e.alarm ?? e.method ?? e.state ?? e.code, e.credential, e.id])
      .should.eql([
        ['unlock', 'fingerprint', { kind: 'fingerprint', id: '3' }, 'm1/0'],
        ['alarm', 'tamper', undefined, 'm1/1'],
        // the hijack's value names the unlock under duress and its number ("Get lock alarm records", id=Katuevseqfpdg)
        ['alarm', 'duress', { kind: 'fingerprint', id: '02' }, 'm1/2'],
        ['doorbell', 'doorbell', undefined, 'm1/3'],
        ['battery', 'residual_electricity', undefined, 'm1/4'],
        ['door', 'open', undefined, 'm1/5'],
      ]);
    // in the config's zone, with the stamp Tuya sent as its ms twin
    events[0].should.match({ time: '2026-12-01T07:59:59+08:00', timeMs: now - 1000 });
    events[5].timeFlag.should.equal('future'); // a lock clock in the year 2200: kept, flagged
    const online = tuyaPushEvents('m2', 20, { devId: DEV, bizCode: 'online', bizData: { time: now } }, now);
    online.should.match([{ kind: 'operation', code: 'online', id: 'm2', time: '2026-12-01T00:00:00+00:00', timeMs: now }]); // no zone given: UTC
  });
});

describe('push events: what Tuya sends, by its public shape', () => {
  const { TUYA_DATA_POINTS } = require('../dist/lib/vendors/tuya/push');
  const now = Date.UTC(2026, 11, 1);

  it('reads an IoT Core property report (protocol 1000: devId inside bizData, properties[] of code, value, time)', () => {
    // Shape: Tuya "Message Types" (id=Kavqerli65a1u) protocol 1000 / devicePropertyMessage, as public consumers read it
    // (docs/evidence/tuya-message-service.md, point 6).
    const data = {
      bizCode: 'devicePropertyMessage',
      bizData: {
        devId: 'vdevo1700000000001',
        productId: 'pk0000000001',
        properties: [
          { code: 'unlock_card', dpId: 5, time: now - 1000, value: 3 },
          { code: 'residual_electricity', dpId: 10, time: now, value: 80 },
        ],
      },
      ts: now,
    };
    tuyaPushEvents('m1', 1000, data, now)
      .map((e) => [e.deviceId, e.kind, e.method ?? e.code, e.credential?.id, e.id, e.time])
      .should.eql([
        ['vdevo1700000000001', 'unlock', 'card', '3', 'm1/0', '2026-11-30T23:59:59+00:00'],
        ['vdevo1700000000001', 'battery', 'residual_electricity', undefined, 'm1/1', '2026-12-01T00:00:00+00:00'],
      ]);
    tuyaPushEvents('m1', 1000, data, now)[0].raw.bizData.properties.should.have.length(1);
    // protocol 1001: a device event, devId inside bizData
    tuyaPushEvents('m2', 1001, { bizCode: 'deviceOnline', bizData: { devId: 'vdevo1700000000001' }, ts: now }, now).should.match([
      { deviceId: 'vdevo1700000000001', kind: 'operation', code: 'deviceOnline', id: 'm2', time: '2026-12-01T00:00:00+00:00', timeMs: now },
    ]);
  });

  it('reads data points by a table with a source per row: a request is no unlock, a setting or an unknown code is an operation', () => {
    const point = (code, value) => tuyaPushEvents('m', 4, { devId: DEV, status: [{ code, value, t: now }] }, now)[0];
    point('unlock_request', 30).should.match({ kind: 'request', code: 'unlock_request' }); // "apply remote unlock"
    (point('unlock_request', 30).user === undefined).should.be.true();
    point('open_inside', true).should.match({ kind: 'unlock', method: 'inside' });
    (point('open_inside', true).user === undefined).should.be.true();
    point('unlock_switch', 'combination').kind.should.equal('operation'); // a setting
    point('unlock_offline_clear', 1).kind.should.equal('operation'); // offline codes cleared
    point('unlock_offline_clear_single', 1).kind.should.equal('operation');
    point('unlock_something_new', 4).should.match({ kind: 'operation', code: 'unlock_something_new' }); // never an unlock
    point('unlock_phone_remote', 1).should.match({ kind: 'unlock', method: 'remote', credential: { kind: 'remote', id: '1' } });
    point('alarm_lock', 'wrong_password').should.match({ kind: 'failed', method: 'password' }); // a refused attempt
    point('alarm_lock', 'something_new').should.match({ kind: 'alarm', alarm: 'something_new' });
    for (const [code, row] of Object.entries(TUYA_DATA_POINTS)) row.source.should.match(/\S{8,}/, code);
  });
});

describe('push events: one stream per config', function () {
  let push;
  const hubs = [];
  beforeEach(async () => {
    push = new TuyaPushSimulator({ ...TUYA, ackTimeoutMs: 300 });
    await push.start();
  });
  afterEach(async () => {
    for (const h of hubs.splice(0)) h.close();
    await push.stop();
  });

  const hub = (creds = TUYA, options = {}) => {
    const h = new PushHub(new TuyaPushTransport({ url: push.url, ...creds, heartbeatMs: 60_000 }), { minDelayMs: 50, maxDelayMs: 400, ...options });
    hubs.push(h);
    return h;
  };
  const listener = (into, extra = {}) => ({ wants: () => true, deliver: (e) => into.push(e), state: () => {}, warn: () => {}, ...extra });

  it('acknowledges a message only after its events were delivered', async () => {
    const got = [];
    let unackedAtDelivery;
    hub().subscribe(
      listener(got, {
        deliver: (e) => {
          unackedAtDelivery = push.unacked();
          got.push(e);
        },
      }),
    );
    await until(() => push.consumers() === 1, 'the consumer');
    push.report(DEV, [{ code: 'unlock_card', value: 4 }], { em: 'aes_gcm' });
    await until(() => push.counts.acked === 1, 'the ack');
    unackedAtDelivery.should.equal(1);
    got.should.match([{ deviceId: DEV, kind: 'unlock', method: 'card', credential: { kind: 'card', id: '4' } }]);
    push.unacked().should.equal(0);
  });

  it('emits a redelivered message once (its ack was lost), and acknowledges it again', async () => {
    const got = [];
    const h = hub();
    h.subscribe(listener(got));
    await until(() => push.consumers() === 1, 'the consumer');
    push.loseAcks(1);
    push.report(DEV, [{ code: 'unlock_password', value: 2 }]);
    await until(() => push.counts.redelivered >= 1 && push.unacked() === 0, 'the redelivery and its ack');
    got.length.should.equal(1);
    h.counts.duplicates.should.be.aboveOrEqual(1);
  });

  it('an IoT Core frame (protocol 1000) on the wire is emitted and acknowledged', async () => {
    const got = [];
    hub().subscribe(listener(got));
    await until(() => push.consumers() === 1, 'the consumer');
    const key = Buffer.from(TUYA.accessSecret.substring(8, 24));
    const c = nodeCrypto.createCipheriv('aes-128-ecb', key, null);
    const inner = {
      bizCode: 'devicePropertyMessage',
      bizData: { devId: DEV, properties: [{ code: 'unlock_fingerprint', value: 2, time: Date.now() }] },
      ts: Date.now(),
    };
    const data = Buffer.concat([c.update(JSON.stringify(inner)), c.final()]).toString('base64');
    push.raw(
      JSON.stringify({ messageId: 'iot-core-1', payload: Buffer.from(JSON.stringify({ protocol: 1000, pv: '2.0', t: Date.now(), data })).toString('base64') }),
    );
    await until(() => got.length === 1, 'the event');
    got[0].should.match({ deviceId: DEV, kind: 'unlock', method: 'fingerprint', credential: { kind: 'fingerprint', id: '2' }, id: 'iot-core-1' });
  });

  it('a message that cannot be read is said and acknowledged; the stream goes on', async () => {
    const got = [];
    const warnings = [];
    hub().subscribe(listener(got, { warn: (e) => warnings.push(e.message) }));
    await until(() => push.consumers() === 1, 'the consumer');
    push.raw('not json');
    push.raw(JSON.stringify({ messageId: 'bad-1', payload: Buffer.from('{"data":"AAAA"}').toString('base64') }));
    push.report(DEV, [{ code: 'unlock_face', value: 1 }]);
    await until(() => got.length === 1, 'the good event');
    warnings.should.have.length(2);
    warnings[1].should.match(/^push message bad-1 could not be read/);
    warnings.join(' ').should.not.containEql(TUYA.accessSecret.slice(8, 24));
  });

  it('one ECB decipher serves a connection: a partial block, a bad padding or a GCM message between two reports spoils neither', async () => {
    const got = [];
    const warnings = [];
    hub().subscribe(listener(got, { warn: (e) => warnings.push(e.message) }));
    await until(() => push.consumers() === 1, 'the consumer');
    const key = Buffer.from(TUYA.accessSecret.substring(8, 24));
    const frame = (id, data) => JSON.stringify({ messageId: id, payload: Buffer.from(JSON.stringify({ protocol: 4, data })).toString('base64') });
    const noPadding = (plain) => {
      const c = nodeCrypto.createCipheriv('aes-128-ecb', key, null).setAutoPadding(false);
      return Buffer.concat([c.update(plain), c.final()]).toString('base64');
    };
    push.report(DEV, [{ code: 'unlock_card', value: 1 }]);
    push.raw(frame('partial', Buffer.alloc(20, 7).toString('base64'))); // 20 bytes: a block and a bit
    push.raw(frame('bad-padding', noPadding(`${'{"devId":"x"}'.padEnd(15, ' ')}\u0000`))); // last byte 0: no PKCS#7 padding
    push.raw(frame('padding-lies', noPadding(`{"devId":"x"}${'\u0002'.repeat(2)}\u0003`))); // ends 02 02 03: says 3, has 1
    push.report(DEV, [{ code: 'unlock_card', value: 2 }], { em: 'aes_gcm' });
    push.report(DEV, [{ code: 'unlock_card', value: 3 }]);
    await until(() => got.length === 3 && warnings.length === 3, 'three events and three warnings');
    got.map((e) => e.credential.id).should.eql(['1', '2', '3']);
    warnings[0].should.match(/^push message partial could not be read \(wrong final block length/);
    warnings[1].should.match(/^push message bad-padding could not be read \(bad decrypt/);
    warnings[2].should.match(/^push message padding-lies could not be read \(bad decrypt/);
    await until(() => push.unacked() === 0, 'every message acknowledged, the unreadable ones too');
  });

  it('reconnects after the server drops the connection: nothing lost, nothing doubled', async () => {
    const got = [];
    const h = hub();
    h.subscribe(listener(got));
    await until(() => push.consumers() === 1, 'the consumer');
    push.report(DEV, [{ code: 'unlock_card', value: 1 }]);
    await until(() => got.length === 1, 'the first event');
    push.dropConnections();
    push.report(DEV, [{ code: 'unlock_card', value: 2 }]); // while no one listens
    await until(() => got.length === 2, 'the event sent while disconnected');
    push.report(DEV, [{ code: 'unlock_card', value: 3 }], { em: 'aes_gcm' });
    await until(() => got.length === 3, 'the third event');
    await wait(400); // an ack timeout: nothing comes twice
    got.map((e) => e.credential.id).should.eql(['1', '2', '3']);
    h.counts.connects.should.equal(2);
  });

  it('refused credentials: AUTH, and it waits the longest delay instead of storming', async () => {
    const states = [];
    hub({ ...TUYA, accessSecret: 'WrongSecret-0000000000000000000' }, { maxDelayMs: 2000 }).subscribe(listener([], { state: (s) => states.push(s) }));
    await until(() => states.some((s) => s.state === 'reconnecting'), 'the refusal');
    await wait(300);
    push.counts.refused.should.equal(1);
    const refused = states.find((s) => s.state === 'reconnecting');
    refused.error.code.should.equal('AUTH');
    refused.inMs.should.be.aboveOrEqual(1000); // half of maxDelayMs at least, not the 50 ms a network failure waits first
  });

  it('Failover: two consumers of one subscription, one gets the stream, the other takes over without a loss', async () => {
    const a = [];
    const b = [];
    const first = hub();
    first.subscribe(listener(a));
    await until(() => push.consumers() === 1, 'the first consumer');
    hub().subscribe(listener(b));
    await until(() => push.consumers() === 2, 'the second consumer');
    for (let i = 1; i <= 5; i++) push.report(DEV, [{ code: 'unlock_card', value: i }]);
    await until(() => a.length === 5, 'five events on the first');
    b.should.have.length(0);
    first.close(); // the instance goes away
    for (let i = 6; i <= 10; i++) push.report(DEV, [{ code: 'unlock_card', value: i }]);
    await until(() => b.length === 5, 'five events on the second');
    [...a, ...b].map((e) => Number(e.credential.id)).should.eql([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('keeps the ids it emitted in its store, so a restarted hub drops a redelivery', async () => {
    let saved = [];
    const store = { load: () => saved, save: (ids) => (saved = ids) };
    const got = [];
    const one = hub(TUYA, { store });
    one.subscribe(listener(got));
    await until(() => push.consumers() === 1, 'the consumer');
    push.loseAcks(1);
    push.report(DEV, [{ code: 'unlock_card', value: 7 }]);
    await until(() => got.length === 1, 'the event');
    one.close(); // Node-RED stops before the ack arrived
    saved.should.have.length(1);
    const again = [];
    const two = hub(TUYA, { store });
    two.subscribe(listener(again));
    await until(() => push.unacked() === 0, 'the redelivery acknowledged');
    again.should.have.length(0);
    two.counts.duplicates.should.equal(1);
  });
});

describe('push events: the redelivery window', () => {
  // A transport that hands the hub whatever the test sends: message ids only, no socket.
  const hubOf = (options) => {
    let handlers;
    const hub = new PushHub({ connect: (h) => ((handlers = h), Promise.resolve({ close() {} })) }, options);
    const emitted = [];
    hub.subscribe({ wants: () => true, deliver: (e) => emitted.push(e.id), state: () => {}, warn: () => {} });
    const send = (...ids) => {
      for (const id of ids) handlers.message({ id, events: [{ id, deviceId: DEV, kind: 'unlock' }], ack: () => {} });
    };
    return { hub, emitted, send, ready: () => until(() => handlers, 'the connection') };
  };

  it('remembers the last `window` ids, oldest forgotten first, across a store reload', async () => {
    let saved = ['s1', 's2'];
    const store = { load: () => saved, save: (ids) => (saved = ids) };
    const one = hubOf({ window: 3, store });
    await one.ready();
    one.send('s1', 's2', 'a', 'b'); // s1 and s2 loaded: dropped; a and b emitted, s1 forgotten
    one.send('s1', 's2'); // s1 again is new (forgotten) and pushes s2 out; so s2 is new too, and pushes a out
    one.emitted.should.eql(['a', 'b', 's1', 's2']);
    one.hub.close();
    saved.should.eql(['b', 's1', 's2']);
    const two = hubOf({ window: 3, store });
    await two.ready();
    two.send('b', 's1', 's2', 'a');
    two.emitted.should.eql(['a']);
    two.hub.close();
  });

  it('a window of 0 remembers nothing', async () => {
    const h = hubOf({ window: 0 });
    await h.ready();
    h.send('a', 'a');
    h.emitted.should.eql(['a', 'a']);
    h.hub.close();
  });
});

describe('push events through Node-RED', function () {
  let sim;
  let push;
  beforeEach(async () => {
    push = new TuyaPushSimulator(TUYA);
    await push.start();
    sim = (await startTuya()).reportTo(push);
  });
  afterEach(async () => {
    await helper.unload();
    await sim.stop();
    await push.stop();
  });

  const events = (extra) => ({ id: 'n-events', type: 'smartlock-events', operation: 'query', source: 'push', configVersion: 2, ...extra });

  it('an unlock at the lock reaches the flow as one msg, the same shape as polling; the stream is shared by the nodes of a config', async () => {
    const flow = await loadFlow(
      sim,
      [events({ devices: DEV }), events({ id: 'n-alarms', kinds: 'alarm', wires: [['alarms']] }), { id: 'alarms', type: 'helper' }],
      {
        eventsUrl: push.url,
        timeZone: 'Asia/Kathmandu', // pushed events are written in the config's zone, as polled ones
      },
    );
    await until(() => push.consumers() === 1, 'the shared connection');
    const got = [];
    flow.out.on('input', (m) => got.push(m));
    const alarms = [];
    helper.getNode('alarms').on('input', (m) => alarms.push(m.payload));
    sim.recordOpen(DEV, 'unlock_fingerprint', '3'); // the lock logs it and pushes it
    push.report('lock-wifi-2', [{ code: 'unlock_card', value: 1 }]); // another lock: not listed
    push.report(DEV, [{ code: 'alarm_lock', value: 'pry' }], { em: 'aes_gcm' });
    await until(() => got.length === 2 && alarms.length === 1, 'the events');
    got[0].topic.should.equal(`${DEV}/unlock`);
    got[0].payload.should.match({ deviceId: DEV, kind: 'unlock', method: 'fingerprint', credential: { kind: 'fingerprint', id: '3' } });
    Object.keys(got[0].payload).sort().should.eql(['credential', 'deviceId', 'id', 'kind', 'method', 'raw', 'time', 'timeMs']);
    got[0].payload.time.should.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?\+05:45$/);
    Date.parse(got[0].payload.time).should.equal(got[0].payload.timeMs);
    got[1].payload.should.match({ kind: 'alarm', alarm: 'tamper', code: 'alarm_lock' });
    alarms.should.match([{ kind: 'alarm', alarm: 'tamper', code: 'alarm_lock' }]);
    // Numbered msgs, 16 hex digits as Node-RED's own: each one its own id.
    for (const m of got) m._msgid.should.match(/^[0-9a-f]{16}$/);
    got[0]._msgid.should.not.equal(got[1]._msgid);
    await until(() => push.unacked() === 0, 'every message acknowledged');
    helper.getNode('n-events').status.lastCall.args[0].should.match({ fill: 'green' });
  });

  it('a full deploy keeps the emitted ids in the process: 20 redelivered messages are not emitted again (memory context)', async () => {
    await push.stop();
    // No redelivery on the same connection: the lost acks' messages come again only to the next consumer.
    push = new TuyaPushSimulator({ ...TUYA, ackTimeoutMs: 600_000 });
    await push.start();
    let flow = await loadFlow(sim, [events({ devices: DEV })], { eventsUrl: push.url });
    await until(() => push.consumers() === 1, 'the connection');
    const got = [];
    flow.out.on('input', (m) => got.push(m.payload));
    push.loseAcks(20); // emitted, but the acks never arrive: the service sends them again
    for (let i = 1; i <= 20; i++) push.report(DEV, [{ code: 'unlock_card', value: i }]);
    await until(() => got.length === 20, 'twenty events');
    // What a restart keeps: the ids are in the config node's context, which a persistent store (localfilesystem) writes to disk.
    const context = helper.getNode('cfg').context();
    await until(() => got.every((e) => (context.get('pushSeen') || []).includes(e.id)), 'the ids in the context');
    await helper.unload(); // a full deploy: every node stopped, the memory context emptied
    flow = await loadFlow(sim, [events({ devices: DEV })], { eventsUrl: push.url });
    const again = [];
    flow.out.on('input', (m) => again.push(m.payload));
    await until(() => push.counts.redelivered >= 20 && push.unacked() === 0, 'the redeliveries acknowledged');
    push.counts.redelivered.should.equal(20); // all to the new flow
    again.should.have.length(0);
  });

  it('wrong credentials show a red AUTH status, once', async () => {
    await loadFlow(sim, [events({ devices: DEV })], { eventsUrl: push.url }, { ...TUYA, accessSecret: 'WrongSecret-0000000000000000000' });
    const node = helper.getNode('n-events');
    await until(() => node.status.args.some((a) => a[0].fill === 'red'), 'the red status');
    node.status.args.find((a) => a[0].fill === 'red')[0].text.should.match(/^AUTH: /);
    await wait(300);
    push.counts.refused.should.equal(1);
  });

  it('push where the system has none fails at deploy, saying to poll', async () => {
    const { startHotel } = require('./support/flow');
    const hotel = await startHotel();
    try {
      await loadFlow(hotel, [events({ devices: 'room-1' })]);
      const node = helper.getNode('n-events');
      node.status.lastCall.args[0].should.match({ fill: 'red', text: /no push events/ });
    } finally {
      await helper.unload();
      await hotel.stop();
    }
  });

  it('a custom data center without a push URL fails at deploy, saying which URL is missing', async () => {
    await loadFlow(sim, [events({ devices: DEV })]); // region custom, no eventsUrl
    helper.getNode('n-events').status.lastCall.args[0].should.match({ fill: 'red', text: /push events URL/ });
    push.counts.connects.should.equal(0);
  });

  it('closing the flow disconnects', async () => {
    await loadFlow(sim, [events({ devices: DEV })], { eventsUrl: push.url });
    await until(() => push.consumers() === 1, 'the connection');
    await helper.unload();
    await until(() => push.consumers() === 0, 'the disconnect');
  });
});

describe('push events: Alibaba Cloud IoT AMQP subscription', function () {
  const { AliyunPushSimulator } = require('../dist/lib/simulators');
  const { AliyunPushTransport, aliyunPushLogin, aliyunPushEvents } = require('../dist/lib/vendors/aliyun/push');
  const { ALIYUN } = require('./support/flow');
  let amqp;
  const hubs = [];
  beforeEach(async () => {
    amqp = new AliyunPushSimulator(ALIYUN);
    await amqp.start();
  });
  afterEach(async () => {
    for (const h of hubs.splice(0)) h.close();
    await amqp.stop();
  });
  const hub = (creds = {}, options = {}) => {
    const h = new PushHub(new AliyunPushTransport({ url: amqp.url, appKey: ALIYUN.appKey, appSecret: ALIYUN.appSecret, ...creds }), {
      minDelayMs: 50,
      maxDelayMs: 400,
      ...options,
    });
    hubs.push(h);
    return h;
  };
  const listener = (into, extra = {}) => ({ wants: () => true, deliver: (e) => into.push(e), state: () => {}, warn: () => {}, ...extra });

  it('signs the login both ways the sources show', () => {
    const hmac = (algo, text) => nodeCrypto.createHmac(algo, 'sec').update(text).digest('base64');
    aliyunPushLogin({ appKey: 'ak', appSecret: 'sec' }, 'c1', 1700000000000).should.eql({
      username: 'c1|authMode=appkey,signMethod=SHA256,random=1700000000000,appKey=ak,groupId=ak|',
      password: hmac('sha256', 'random=1700000000000'),
    });
    aliyunPushLogin({ appKey: 'ak', appSecret: 'sec', auth: 'aksign', group: 'g1', instanceId: 'iot-1' }, 'c1', 1700000000000).should.eql({
      username: 'c1|authMode=aksign,signMethod=hmacsha1,timestamp=1700000000000,authId=ak,iotInstanceId=iot-1,consumerGroupId=g1|',
      password: hmac('sha1', 'authId=ak&timestamp=1700000000000'),
    });
  });

  it('aksign as IoT Platform documents it: consumer group DEFAULT_GROUP unless set, the instance id, and no living-link default URL', () => {
    // "AMQP客户端接入说明" (help.aliyun.com/document_detail/142489): username
    // clientId|authMode=aksign,signMethod=hmacsha1,timestamp=…,authId=<AccessKey ID>,iotInstanceId=…,consumerGroupId=…| with
    // "DEFAULT_GROUP or a group you created"; the endpoint per account or instance (docs/evidence/aliyun-amqp-push.md, points 1, 2, 4).
    aliyunPushLogin({ appKey: 'LTAI-id', appSecret: 'sec', auth: 'aksign' }, 'c1', 1700000000000).username.should.equal(
      'c1|authMode=aksign,signMethod=hmacsha1,timestamp=1700000000000,authId=LTAI-id,iotInstanceId=,consumerGroupId=DEFAULT_GROUP|',
    );
    aliyunPushLogin({ appKey: 'ak', appSecret: 'sec' }, 'c1', 1).username.should.match(/,groupId=ak\|$/); // appkey: the AppKey, as living-link clients do
    const { aliyun } = require('../dist/lib/vendors/aliyun');
    const push = (settings) => aliyun.push({ settings, credentials: ALIYUN, warn: () => {} });
    (() => push({ host: 'cn', eventsAuth: 'aksign' })).should.throw({ code: 'VALIDATION', message: /amqps:\/\/.*Endpoint/ });
    const t = push({ host: 'cn', eventsAuth: 'aksign', eventsUrl: 'amqps://1234.iot-amqp.cn-shanghai.aliyuncs.com:5671', eventsInstance: 'iot-cn-0001' });
    aliyunPushLogin(t.o, 'c1', 1).username.should.match(/,iotInstanceId=iot-cn-0001,consumerGroupId=DEFAULT_GROUP\|$/);
    push({ host: 'cn' }).o.url.should.equal('amqps://ilop.iot-amqp.cn-shanghai.aliyuncs.com:5671');
  });

  it('reads lock events, property posts and device status as events', () => {
    const now = Date.UTC(2026, 11, 1);
    aliyunPushEvents(
      'm1',
      '/pk/dn/thing/event/DoorOpenNotification/post',
      { iotId: 'dev-door-1', identifier: 'DoorOpenNotification', value: { KeyID: '3', LockType: 1 }, time: now },
      now,
    ).should.match([
      { deviceId: 'dev-door-1', kind: 'unlock', method: 'fingerprint', credential: { kind: 'fingerprint', id: '3' }, code: 'DoorOpenNotification', id: 'm1' },
    ]);
    aliyunPushEvents(
      'm2',
      '/pk/dn/thing/event/HijackingAlarm/post',
      { iotId: 'd', identifier: 'HijackingAlarm', value: { KeyID: '5' }, time: now },
      now,
    )[0].should.match({ kind: 'alarm', alarm: 'duress' });
    aliyunPushEvents('m3', '/pk/dn/thing/event/TamperAlarm/post', { iotId: 'd', identifier: 'TamperAlarm', value: {}, time: now }, now)[0].should.match({
      kind: 'alarm',
      alarm: 'tamper',
    });
    aliyunPushEvents(
      'm4',
      '/pk/dn/thing/event/property/post',
      { iotId: 'd', items: { BatteryPercentage: { value: 20, time: now }, LockState: { value: 1, time: now } } },
      now,
    )
      .map((e) => [e.kind, e.method, e.id])
      .should.eql([
        ['battery', 'BatteryPercentage', 'm4/0'],
        ['operation', 'LockState', 'm4/1'],
      ]);
    aliyunPushEvents('m5', '/as/mqtt/status/pk/dn', { iotId: 'd', status: 'offline', time: now }, now)[0].should.match({
      kind: 'operation',
      method: 'offline',
    });
  });

  it('reads a device status in both shapes; one in a shape not known is still an event, and said once', async () => {
    const now = Date.UTC(2026, 11, 1);
    // IoT Platform "数据格式" (help.aliyun.com 73736): topic /as/mqtt/status/${productKey}/${deviceName}, status a text.
    aliyunPushEvents(
      'm1',
      '/as/mqtt/status/pk/dn',
      {
        status: 'offline',
        iotId: 'd',
        productKey: 'pk',
        deviceName: 'dn',
        time: '2026-12-01 08:00:00.000',
        utcTime: '2026-12-01T00:00:00.000Z',
        lastTime: '2026-12-01 07:59:00.000',
      },
      now,
      undefined,
      'Asia/Shanghai',
    )[0]
      .should.match({ kind: 'operation', method: 'offline', time: '2026-12-01T08:00:00+08:00' }) // in the config's zone
      .and.not.have.property('timeMs'); // utcTime is text: no ms twin
    // The older living-link push as a public consumer reads it: status {value, time} and action; the values are
    // those of living-link's /thing/status/get (help.aliyun.com 177870: 1 online, 3 offline).
    aliyunPushEvents('m2', '/pk/dn/mqtt/status', { iotId: 'd', status: { value: '1', time: now }, action: 'online' }, now)[0].should.match({
      kind: 'operation',
      method: 'online',
      time: '2026-12-01T00:00:00+00:00',
      timeMs: now,
    });
    aliyunPushEvents('m3', '/pk/dn/mqtt/status', { iotId: 'd', status: { value: 3, time: now } }, now)[0].method.should.equal('offline');
    // Through the transport: a status the package cannot read is emitted as state and said once, not per message.
    const got = [];
    const warnings = [];
    hub().subscribe(listener(got, { warn: (e) => warnings.push(e.message) }));
    await until(() => amqp.consumers() === 1, 'the consumer');
    amqp.publish('/as/mqtt/status/a1sim-lock/dev-door-1', { iotId: 'dev-door-1', state: { online: true } });
    amqp.publish('/as/mqtt/status/a1sim-lock/dev-door-1', { iotId: 'dev-door-1', state: { online: false } });
    await until(() => got.length === 2 && amqp.unaccepted() === 0, 'both as events, accepted');
    got
      .map((e) => [e.kind, e.method])
      .should.eql([
        ['operation', 'status'],
        ['operation', 'status'],
      ]);
    warnings.should.have.length(1);
    warnings[0].should.match(/has a device status without a status text or value \(keys: iotId, state\): sent as a state event/);
  });

  it('accepts a delivery only after its events were delivered; a retried message is emitted once', async () => {
    const got = [];
    let unacceptedAtDelivery;
    hub().subscribe(listener(got, { deliver: (e) => ((unacceptedAtDelivery = amqp.unaccepted()), got.push(e)) }));
    await until(() => amqp.consumers() === 1, 'the consumer');
    const id = amqp.event('dev-door-1', 'DoorOpenNotification', { KeyID: '3', LockType: 1 });
    await until(() => amqp.counts.accepted === 1, 'the accept');
    unacceptedAtDelivery.should.equal(1);
    amqp.publish(
      '/a1sim-lock/dev-door-1/thing/event/DoorOpenNotification/post',
      { iotId: 'dev-door-1', identifier: 'DoorOpenNotification', value: {} },
      undefined,
      id,
    );
    await until(() => amqp.counts.accepted === 2, 'the retry accepted');
    got.should.have.length(1);
    got[0].should.match({ deviceId: 'dev-door-1', kind: 'unlock', method: 'fingerprint', credential: { kind: 'fingerprint', id: '3' } });
  });

  it('reconnects after the gateway drops the connection: nothing lost, nothing doubled', async () => {
    const got = [];
    const h = hub();
    h.subscribe(listener(got));
    await until(() => amqp.consumers() === 1, 'the consumer');
    amqp.event('dev-door-1', 'DoorOpenNotification', { KeyID: '1', LockType: 3 });
    await until(() => got.length === 1, 'the first event');
    amqp.dropConnections();
    await until(() => amqp.consumers() === 0, 'the drop');
    amqp.event('dev-door-1', 'DoorOpenNotification', { KeyID: '2', LockType: 3 });
    await until(() => got.length === 2, 'the event sent while disconnected');
    got.map((e) => e.credential.id).should.eql(['1', '2']);
    h.counts.connects.should.equal(2);
  });

  it('a wrong AppSecret: AUTH, one try until the longest delay', async () => {
    const states = [];
    hub({ appSecret: 'wrong' }, { maxDelayMs: 2000 }).subscribe(listener([], { state: (s) => states.push(s) }));
    await until(() => states.some((s) => s.state === 'reconnecting'), 'the refusal');
    await wait(300);
    amqp.counts.refused.should.equal(1);
    states.find((s) => s.state === 'reconnecting').error.code.should.equal('AUTH');
  });

  it('one consumer group shared by two clients: each message to one of them, none lost', async () => {
    const a = [];
    const b = [];
    hub().subscribe(listener(a));
    hub().subscribe(listener(b));
    await until(() => amqp.consumers() === 2, 'two consumers');
    for (let i = 0; i < 10; i++) amqp.event('dev-door-1', 'DoorOpenNotification', { KeyID: String(i), LockType: 2 });
    await until(() => a.length + b.length === 10 && amqp.unaccepted() === 0, 'ten events');
    [...a, ...b]
      .map((e) => Number(e.credential.id))
      .sort((x, y) => x - y)
      .should.eql([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('through Node-RED: an Alibaba config with push events', async () => {
    const { startAliyun, loadFlow: load } = require('./support/flow');
    const rest = await startAliyun();
    try {
      const flow = await load(rest, [{ id: 'n-events', type: 'smartlock-events', source: 'push', devices: 'dev-door-1', configVersion: 2 }], {
        eventsUrl: amqp.url,
      });
      await until(() => amqp.consumers() === 1, 'the connection');
      const got = [];
      flow.out.on('input', (m) => got.push(m.payload));
      amqp.event('dev-door-2', 'DoorOpenNotification', { KeyID: '9', LockType: 1 }); // not listed
      amqp.event('dev-door-1', 'HijackingAlarm', { KeyID: '4', LockType: 1 });
      await until(() => got.length === 1 && amqp.unaccepted() === 0, 'the alarm');
      got[0].should.match({ deviceId: 'dev-door-1', kind: 'alarm', alarm: 'duress', method: 'fingerprint', credential: { kind: 'fingerprint', id: '4' } });
    } finally {
      await helper.unload();
      await rest.stop();
    }
  });
});
