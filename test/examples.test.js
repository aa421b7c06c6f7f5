'use strict';
require('should');
const path = require('node:path');
const { helper, modules, startHotel, startTuya, startAliyun, APPID, APPSECRET, TUYA, ALIYUN } = require('./support/flow');
const core = ['common/20-inject.js', 'common/90-comment.js', 'function/15-change.js'].map((f) => require(`@node-red/nodes/core/${f}`));

const ROOM = '775032240849920';

/** An example flow as shipped, its debug nodes swapped for test sinks and its configs aimed at the simulators. */
function example(file, urls) {
  const flow = require(path.join('..', 'examples', file));
  return flow.map((n) => {
    if (n.type === 'debug') return { id: n.id, z: n.z, type: 'helper', name: n.name };
    if (n.type === 'smartlock-hotel') return { ...n, baseUrl: urls.hotel };
    if (n.type === 'smartlock-tuya') return { ...n, baseUrl: urls.tuya };
    if (n.type === 'smartlock-aliyun') return { ...n, baseUrl: urls.aliyun };
    return { ...n };
  });
}

const CREDENTIALS = { 'smartlock-hotel': { appid: APPID, appsecret: APPSECRET }, 'smartlock-tuya': TUYA, 'smartlock-aliyun': ALIYUN };

async function load(file, urls) {
  const flow = example(file, urls);
  const credentials = Object.fromEntries(flow.filter((n) => CREDENTIALS[n.type]).map((n) => [n.id, CREDENTIALS[n.type]]));
  await helper.load([...core, ...modules], flow, credentials);
  return (name) => helper.getNode(flow.find((n) => n.name === name).id);
}

function next(node) {
  return new Promise((resolve) => node.once('input', resolve));
}

describe('example flows run against the simulator', function () {
  let sim;
  let tuya;
  let aliyun;
  before(async () => {
    sim = await startHotel();
    tuya = await startTuya();
    aliyun = await startAliyun();
  });
  afterEach(() => helper.unload());
  after(async () => {
    await sim.stop();
    await tuya.stop();
    await aliyun.stop();
  });

  it('hotel check-in / check-out: card and offline password at check-in, card revoked at check-out', async () => {
    const byName = await load('hotel-check-in-check-out.json', { hotel: sim.url });

    const checkedIn = byName('checked in');
    const results = [];
    checkedIn.on('input', (m) => results.push(m.payload));
    const errors = [];
    byName('error').on('input', (m) => errors.push(m.error));
    byName('check-in 1-101').receive({});
    while (results.length + errors.length < 2) await new Promise((r) => setTimeout(r, 10));
    errors.should.eql([]);
    const card = results.find((p) => p.cardId);
    const password = results.find((p) => p.password);
    card.roomId.should.equal(ROOM);
    sim.cards.get(card.cardId).rm_id.should.equal(ROOM);
    sim.offline.get(password.passwordId).active.should.be.true();
    (new Date(card.validUntil) - new Date(card.validFrom)).should.be.within(86_399_000, 86_401_000);

    const out = next(byName('checked out'));
    byName('check-out 1-101').receive({});
    (await out).payload.cardId.should.equal(card.cardId);
    sim.cards.has(card.cardId).should.be.false();

    const rooms = next(byName('rooms'));
    byName('list rooms').receive({});
    (await rooms).payload.rooms.length.should.equal(4);
  });

  it('Tuya remote open and passwords: opens, creates a day-long password, reads the unlock log', async () => {
    const byName = await load('tuya-remote-open-and-passwords.json', { tuya: tuya.url });
    const results = [];
    byName('result').on('input', (m) => results.push(m.payload));
    const errors = [];
    byName('error').on('input', (m) => errors.push(m.error));
    for (const [inject, count] of [['open front door', 1], ['password for a day', 2], ['unlock log', 3]]) {
      byName(inject).receive({});
      while (results.length + errors.length < count) await new Promise((r) => setTimeout(r, 10));
    }
    errors.should.eql([]);
    results[0].success.should.be.true();
    tuya.devices.get('lock-wifi-1').passwords.get(Number(results[1].passwordId)).pin.should.equal('2580147');
    results[2].total.should.equal(1);
  });

  it('Alibaba Cloud IoT visitor QR pass: grants two doors, revokes, opens and holds open', async () => {
    const byName = await load('aliyun-visitor-qr-and-keep-open.json', { aliyun: aliyun.url });
    const results = [];
    byName('result').on('input', (m) => results.push(m.payload));
    const errors = [];
    byName('error').on('input', (m) => errors.push(m.error));
    const press = async (name) => {
      const n = results.length + errors.length;
      byName(name).receive({});
      while (results.length + errors.length <= n) await new Promise((r) => setTimeout(r, 10));
    };
    await press('visitor pass');
    errors.should.eql([]);
    results[0].results.map((r) => r.code).should.eql([200, 200]);
    const [qr] = [...aliyun.qrCodes.keys()];
    aliyun.qrCodes.get(qr).grants.size.should.equal(2);
    await press('revoke pass');
    aliyun.qrCodes.get(qr).grants.size.should.equal(0);
    await press('open door');
    aliyun.events[0].event_code.should.equal('RemoteUnlockNotification');
    await press('hold open');
    aliyun.keepOpen.get('dev-door-1').should.be.true();
    await press('release');
    aliyun.keepOpen.get('dev-door-1').should.be.false();
    errors.should.eql([]);
  });
});
