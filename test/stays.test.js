'use strict';
// The stay node through real Node-RED nodes and the simulators over HTTP: a booking in, codes on
// the doors out, kept true through a date change, a door change, a cancellation, a full lock and
// a reconcile. Tuya and TTLock keep a code with its own window and can change it in place.
require('should');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { helper, modules, configFor, startTuya, startTtlock, startHotel, startAliyun, pollEvents } = require('./support/flow');
const { until } = require('./support/wait');
const { BookingCalendarSimulator } = require('../dist/lib/simulators');
const { closeStores } = require('../dist/nodes/shared/store');
const { needRedis, startRedis, freePort } = require('./support/redis');

const SYSTEMS = {
  tuya: {
    start: startTuya,
    locks: ['lock-wifi-1', 'lock-wifi-2'],
    ops: {
      create: 'doorLock.createTemporaryPassword',
      change: 'doorLock.modifyTemporaryPassword',
      revoke: 'doorLock.deleteTemporaryPassword',
      list: 'doorLock.getTemporaryPasswordList',
    },
    /** the codes the lock holds: id → {name, from, until} (seconds) */
    held: (sim, lock) =>
      new Map(
        [...sim.devices.get(lock).passwords.values()]
          .filter((p) => !p.deleted)
          .map((p) => [String(p.password_id), { name: p.name, until: p.invalid_time * 1000 }]),
      ),
    full: { kind: 'answer', body: { success: false, code: 2009, msg: 'the number of passwords exceeds the limit', t: Date.now() } },
    foreign: (sim, lock) => {
      const d = sim.devices.get(lock);
      const id = 900000 + d.passwords.size;
      d.passwords.set(id, { password_id: id, name: 'the owner', pin: '1234567', effective_time: 1, invalid_time: 4102444800, phase: 2 });
      return String(id);
    },
    remove: (sim, lock, id) => (sim.devices.get(lock).passwords.get(Number(id)).deleted = true),
  },
  ttlock: {
    start: startTtlock,
    locks: ['163377', '163379'],
    ops: { create: 'keyboardPwd/add', change: 'keyboardPwd/change', revoke: 'keyboardPwd/delete', list: 'lock/listKeyboardPwd' },
    held: (sim, lock) =>
      new Map([...sim.locks.get(Number(lock)).passcodes.values()].map((p) => [String(p.keyboardPwdId), { name: p.keyboardPwdName, until: p.endDate }])),
    full: { kind: 'answer', body: { errcode: -3009, errmsg: 'The custom passcode storage is full' } },
    foreign: (sim, lock) => {
      const l = sim.locks.get(Number(lock));
      const id = 700000 + l.passcodes.size;
      l.passcodes.set(id, {
        keyboardPwdId: id,
        keyboardPwd: '424242',
        keyboardPwdName: 'the owner',
        keyboardPwdType: 2,
        startDate: 0,
        endDate: 0,
        isCustom: 1,
        sendDate: Date.now(),
      });
      return String(id);
    },
    remove: (sim, lock, id) => sim.locks.get(Number(lock)).passcodes.delete(Number(id)),
  },
};

/**
 * A stay node on a simulator of `S` (two doors: building + apartment), its store fresh per test.
 * Registers the describe's hooks; `h.send(payload | undefined, topic?)` resolves with the
 * outcomes once the node is done; `h.repairs` the reconcile's second output.
 */
function stayNode(system, S, { door: doorOver = {}, extra = [], node: nodeOver = {}, credentials, store } = {}) {
  const h = { sim: undefined, outs: [], repairs: [] };
  const doors = () => [
    { name: 'building', config: 'cfg', lockId: S.locks[0], grant: S.grant ?? 'code', checkIn: '15:00', checkOut: '11:00', buffer: 30, ...doorOver },
    { name: 'apartment', config: 'cfg', lockId: S.locks[1], grant: S.grant ?? 'code', checkIn: '15:00', checkOut: '11:00', buffer: 0, ...doorOver },
  ];
  const load = (h.load = async () => {
    // The suites' own config of the simulator, in a zone with daylight saving.
    const config = configFor(h.sim, { timeZone: 'Europe/Berlin' });
    await helper.load(
      modules,
      [
        config.node,
        { id: 'tab', type: 'tab' },
        { id: 'stay', z: 'tab', type: 'smartlock-stay', doors: doors(), reconcileHours: 0, wires: [['out'], ['repairs']], ...nodeOver },
        { id: 'out', z: 'tab', type: 'helper' },
        { id: 'repairs', z: 'tab', type: 'helper' },
        // Says when the node is done with a msg: a reconcile that runs beside a stay has no status of its own to wait for.
        { id: 'finished', z: 'tab', type: 'complete', scope: ['stay'], uncaught: false, wires: [['completed']] },
        { id: 'completed', z: 'tab', type: 'helper' },
        ...extra,
      ],
      { cfg: config.credentials, ...(credentials ? { stay: credentials() } : {}) },
    );
    h.outs = [];
    h.repairs = [];
    helper.getNode('out').on('input', (m) => h.outs.push(m.payload));
    helper.getNode('repairs').on('input', (m) => h.repairs.push(m.payload));
  });
  /** Sends stays (or asks a reconcile, or a feed poll), resolves with the outcomes once the node has called done (the complete node says), rejects on its red status. */
  h.send = (payload, topic) =>
    new Promise((resolve, reject) => {
      const node = helper.getNode('stay');
      const completed = helper.getNode('completed');
      const before = h.outs.length;
      const ref = Math.random().toString(36).slice(2);
      const failed = (call) => {
        if (call.args[0]?.fill !== 'red') return;
        stop();
        reject(Object.assign(new Error(call.args[0].text), { code: call.args[0].text.split(':')[0] }));
      };
      const finished = (m) => {
        if (m._ref !== ref) return;
        stop();
        // Node-RED delivers a sent msg on a later turn than done(); the repairs two turns later at most.
        const expected = topic ? 0 : Array.isArray(payload) ? payload.length : 1;
        const arrived = () =>
          h.outs.length - before >= expected ? setImmediate(() => setImmediate(() => resolve(h.outs.slice(before)))) : setImmediate(arrived);
        arrived();
      };
      const stop = () => {
        node.off('call:status', failed);
        completed.off('input', finished);
      };
      node.on('call:status', failed);
      completed.on('input', finished);
      node.receive({ payload, topic, _ref: ref });
    });
  /** Vendor requests the simulator has received for the system's credential operations. */
  h.requests = () => Object.values(S.ops).reduce((n, op) => n + (h.sim.received[op] ?? 0), 0);
  after(() => helper.settings({}));
  beforeEach(async () => {
    // A store of each test's own (a new simulator holds none of another test's codes): found through settings.js,
    // a file unless `store()` names a shared one ({ store, storePrefix }).
    if (store) helper.settings({ smartlock: store() });
    else {
      h.storeFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), `smartlock-stays-${system}-`)), 'store.jsonl');
      helper.settings({ smartlock: { storeFile: h.storeFile } });
    }
    h.sim = await S.start();
    if (system === 'ttlock') h.sim.addLock({ lockId: 163379, lockAlias: 'Building door', lockName: 'B1', lockMac: 'C5:40:E0:9C:8C:C3', online: true });
    await load();
  });
  afterEach(async () => {
    await helper.unload();
    await h.sim.stop();
  });
  h.stay = (over = {}) => ({
    id: `S-${system}-${Math.random().toString(36).slice(2, 8)}`,
    guest: { name: 'Ada', phone: '+4915550100' },
    from: '2026-12-20',
    until: '2026-12-23',
    ...over,
  });
  return h;
}

/** A stay's life, run on every backend: new (and the same again), changed dates and doors, cancelled. */
function lifecycle(S, h) {
  it('a new stay: a code per door with the lock’s own window, named for the stay; the same stay again asks no lock', async () => {
    const s = h.stay();
    const [o] = await h.send(s);
    o.should.match({ id: s.id, state: 'active', status: 'confirmed' });
    o.doors.map((d) => d.door).should.eql(['building', 'apartment']);
    for (const [i, d] of o.doors.entries()) {
      d.code.should.match(/^\d{6,7}$/);
      const held = S.held(h.sim, S.locks[i]).get(d.passwordId);
      held.name.should.equal(`stay:${s.id}`);
      held.until.should.equal(Date.parse(i === 0 ? '2026-12-23T10:30:00Z' : '2026-12-23T10:00:00Z'));
    }
    o.doors[0].from.should.equal('2026-12-20 14:30');
    o.text.should.startWith('Ada: building code ');
    const asked = h.requests();
    const [again] = await h.send(s);
    again.requests.should.equal(0);
    h.requests().should.equal(asked);
    again.doors.map((d) => d.code).should.eql(o.doors.map((d) => d.code));
  });

  it('changed dates: changed in place, the guest’s code and id the same; changed doors: added and revoked per door', async () => {
    const s = h.stay();
    const [o] = await h.send(s);
    const [moved] = await h.send({ ...s, until: '2026-12-24' });
    (h.sim.received[S.ops.change] ?? 0).should.equal(2);
    moved.doors.map((d) => [d.passwordId, d.code]).should.eql(o.doors.map((d) => [d.passwordId, d.code]));
    S.held(h.sim, S.locks[1]).get(o.doors[1].passwordId).until.should.equal(Date.parse('2026-12-24T10:00:00Z'));
    const [fewer] = await h.send({ ...s, until: '2026-12-24', doors: ['apartment'] });
    fewer.doors.map((d) => d.door).should.eql(['apartment']);
    S.held(h.sim, S.locks[0]).has(o.doors[0].passwordId).should.be.false();
  });

  it('cancelled or checked out: every code of the stay revoked at the lock', async () => {
    for (const status of ['cancelled', 'checked-out']) {
      const s = h.stay();
      const [o] = await h.send(s);
      const [gone] = await h.send({ id: s.id, status });
      gone.should.match({ state: 'revoked', doors: [] });
      for (const [i, d] of o.doors.entries()) S.held(h.sim, S.locks[i]).has(d.passwordId).should.be.false();
    }
  });
}

for (const [system, S] of Object.entries(SYSTEMS)) {
  describe(`stays on ${system}: a booking in, a code per door out, kept true`, function () {
    this.timeout(30_000);
    const h = stayNode(system, S);
    const send = (...a) => h.send(...a);
    const requests = () => h.requests();
    const stay = (over) => h.stay(over);

    lifecycle(S, h);

    it('a full lock: the stay is partial, the other door keeps its code; the next reconcile makes it', async () => {
      h.sim.inject(S.full, { match: S.ops.create, times: 1 });
      const s = stay();
      const [o] = await send(s);
      o.state.should.equal('partial');
      o.doors[0].should.match({ door: 'building', state: 'refused' });
      o.doors[0].reason.should.be.a.String();
      o.doors[1].should.match({ door: 'apartment', state: 'active' });
      await send(undefined, 'reconcile');
      h.repairs.should.containDeep([{ stay: s.id, door: 'building', did: 'create', why: 'retry', ok: true }]);
      const [now] = await send(s);
      now.state.should.equal('active');
      now.doors[0].code.should.equal(o.doors[0].code); // the code the guest may already have been told
    });

    it('a reconcile: a code deleted at the lock is made again, one made for no stay revoked, one it did not make untouched; one list per door', async () => {
      const s = stay();
      const [o] = await send(s);
      S.remove(h.sim, S.locks[1], o.doors[1].passwordId);
      const foreign = S.foreign(h.sim, S.locks[0]);
      const ghost = await send(stay());
      await send({ id: ghost[0].id, status: 'cancelled' });
      // The package's own code for a stay it no longer knows (its record lost): named, so revoked.
      const orphan = S.foreign(h.sim, S.locks[0]);
      if (system === 'tuya') h.sim.devices.get(S.locks[0]).passwords.get(Number(orphan)).name = 'stay:gone';
      else h.sim.locks.get(Number(S.locks[0])).passcodes.get(Number(orphan)).keyboardPwdName = 'stay:gone';
      const lists = h.sim.received[S.ops.list] ?? 0;
      await send(undefined, 'reconcile');
      (h.sim.received[S.ops.list] - lists).should.equal(2);
      h.repairs
        .map((r) => `${r.did} ${r.stay}/${r.door} (${r.why})`)
        .sort()
        .should.eql([`create ${s.id}/apartment (missing)`, `revoke gone/building (not a stay)`].sort());
      S.held(h.sim, S.locks[0]).has(foreign).should.be.true();
      S.held(h.sim, S.locks[0]).has(orphan).should.be.false();
      const [now] = await send({ ...s });
      now.doors[1].code.should.equal(o.doors[1].code);
      S.held(h.sim, S.locks[1]).has(now.doors[1].passwordId).should.be.true();
    });

    it('a create whose answer was lost (made, the connection dropped): settled from the lock’s list, never made twice', async () => {
      h.sim.inject({ kind: 'resetAfter' }, { match: S.ops.create, times: 1 });
      const s = stay();
      const [o] = await send(s);
      o.state.should.not.equal('active');
      await send(undefined, 'reconcile');
      const named = [...S.held(h.sim, S.locks[0]).values()].filter((p) => p.name === `stay:${s.id}`);
      named.length.should.equal(1);
      h.repairs.map((r) => r.did).should.eql(['settle']); // found in the list: adopted, not made again, not revoked as an orphan
      const [now] = await send(s);
      now.state.should.equal('active');
    });

    it('a reconcile beside a stay’s apply leaves that stay to the apply: never settled from a list taken before its create (the crash test’s find)', async () => {
      // The create is slow: the reconcile reads the store while the stay is `creating` and lists the
      // locks before the code is made; it must not then "settle" the stay the apply has finished.
      h.sim.inject({ kind: 'delay', ms: 400 }, { match: S.ops.create, times: 1 });
      const s = stay();
      const applying = send(s);
      await until(() => (h.sim.received[S.ops.create] ?? 0) >= 1, 'the create sent (its intent stored before it)');
      const reconciled = new Promise((resolve) => helper.getNode('completed').on('input', (m) => m.topic === 'reconcile' && resolve()));
      helper.getNode('stay').receive({ topic: 'reconcile' });
      const [o] = await applying;
      await reconciled;
      for (const [i, d] of o.doors.entries()) {
        [...S.held(h.sim, S.locks[i]).entries()]
          .filter(([, p]) => p.name === `stay:${s.id}`)
          .map(([id]) => id)
          .should.eql([d.passwordId]);
      }
      const [now] = await send(s);
      now.should.match({ state: 'active', requests: 0 });
      now.doors.map((d) => d.passwordId).should.eql(o.doors.map((d) => d.passwordId));
    });

    it('a stay that cannot be read refuses the msg whole, saying which field, before any lock is asked', async () => {
      const asked = requests();
      await send([stay(), { id: 'x', guest: 'Bo', from: '2026-12-20', until: '2026-12-19' }]).should.be.rejectedWith({ code: 'VALIDATION' });
      requests().should.equal(asked);
    });
  });
}

describe('stays on tuya through the shared store (Redis at settings.js’s smartlock.store)', function () {
  this.timeout(30_000);
  let server;
  let raw;
  let prefix;
  let n = 0;
  before(async function () {
    if (!needRedis(this)) return;
    server = await startRedis();
    // Required here: the file-backend suites load no Redis client.
    const { Redis } = require('ioredis');
    raw = new Redis(server.url);
  });
  after(async () => {
    await closeStores();
    raw?.disconnect();
    await server?.remove();
  });
  // A project of each test's own on the one Redis, as each file-store test has a file of its own.
  const h = stayNode('tuya', SYSTEMS.tuya, { store: () => ({ store: server.url, storePrefix: (prefix = `stays-${process.pid}-${++n}`) }) });
  afterEach(() => closeStores());

  lifecycle(SYSTEMS.tuya, h);

  it('the stay is kept in Redis under the project’s prefix', async () => {
    const s = h.stay();
    await h.send(s);
    const keys = await raw.zrange(`smartlock:{${prefix}}:keys`, 0, -1);
    keys.filter((k) => k.includes(s.id)).should.have.length(1);
  });

  it('Redis unreachable at deploy: the node says so (NETWORK, where, no password); the next deploy opens it', async () => {
    await helper.unload();
    const port = await freePort();
    helper.settings({ smartlock: { store: `redis://:pw-s3cret@127.0.0.1:${port}/0`, storePrefix: prefix } });
    await h.load();
    const node = helper.getNode('stay');
    await until(() => node.status.args.some(([st]) => st?.fill === 'red'), 'the node to say the store is unreachable');
    const said = helper
      .log()
      .args.filter(([e]) => e.level === helper.log().ERROR && e.id === 'stay')
      .map(([e]) => String(e.msg))
      .join('\n');
    said.should.containEql(`the shared store (Redis at 127.0.0.1:${port}) is unreachable`);
    said.should.not.containEql('s3cret');
    await helper.unload();
    helper.settings({ smartlock: { store: server.url, storePrefix: prefix } });
    await h.load();
    (await h.send(h.stay()))[0].state.should.equal('active');
  });
});

/** Now and a while on, as ISO times: a stay that has begun (a slot's code is sent at once). */
const isoIn = (ms) => new Date(Date.now() + ms).toISOString();
const HOUR = 3_600_000;
/** `2026-12-20 14:30:00` in Berlin, as the hotel and Alibaba platforms take local times. */
const berlin = (ms) => new Date(ms).toLocaleString('sv-SE', { timeZone: 'Europe/Berlin' });

describe('stays on the hotel platform: a code in a numbered slot, sent when its window begins', function () {
  this.timeout(30_000);
  const S = {
    start: startHotel,
    locks: ['775032240849920', '775032240849921'],
    ops: { create: 'GatewayUploadOnline', revoke: 'GatewayStopOnline' },
  };
  const h = stayNode('hotel', S, { door: { slots: '3-4' } });
  /** what a room holds: slot → {pwd, unValid} */
  const held = (i) => h.sim.rooms.get(S.locks[i]).online;
  const offline = { kind: 'answer', body: { code: 0, msg: '网关不在线' } };

  it('a stay that has begun: a code per door in the first free slot, its end the stay’s; the same stay again asks no lock', async () => {
    const s = h.stay({ from: isoIn(-HOUR), until: isoIn(48 * HOUR) });
    const [o] = await h.send(s);
    o.should.match({
      state: 'active',
      doors: [
        { door: 'building', state: 'active', slot: 3 },
        { door: 'apartment', state: 'active', slot: 3 },
      ],
    });
    for (const [i, d] of o.doors.entries()) {
      d.code.should.match(/^[1-9]\d{6}$/);
      held(i)
        .get(3)
        .should.eql({ pwd: d.code, unValid: berlin(Date.parse(s.until) + (i === 0 ? 30 : 0) * 60_000).slice(0, 19) });
    }
    const asked = h.requests();
    (await h.send(s))[0].requests.should.equal(0);
    h.requests().should.equal(asked);
    // A second guest takes the next slot; the range full, a third is refused at that door, saying why.
    const [second] = await h.send(h.stay({ from: isoIn(-HOUR), until: isoIn(HOUR) }));
    second.doors.map((d) => d.slot).should.eql([4, 4]);
    const [third] = await h.send(h.stay({ from: isoIn(-HOUR), until: isoIn(HOUR) }));
    third.state.should.equal('partial');
    third.doors[0].reason.should.match(/slot the stays may use \(3-4\)/);
  });

  it('a later end: the same slot sent again with the same code (changed in place); a door removed, its slot stopped; cancelled, every slot stopped', async () => {
    const s = h.stay({ from: isoIn(-HOUR), until: isoIn(24 * HOUR) });
    const [o] = await h.send(s);
    const later = isoIn(72 * HOUR);
    const [moved] = await h.send({ ...s, until: later });
    moved.doors.map((d) => [d.slot, d.code]).should.eql(o.doors.map((d) => [d.slot, d.code]));
    held(1)
      .get(3)
      .unValid.should.equal(berlin(Date.parse(later)).slice(0, 19));
    await h.send({ ...s, until: later, doors: ['apartment'] });
    held(0).has(3).should.be.false();
    const [gone] = await h.send({ id: s.id, status: 'checked-out' });
    gone.should.match({ state: 'revoked', doors: [] });
    held(1).has(3).should.be.false();
    // The slots are free again: the next stay takes 3.
    (await h.send(h.stay({ from: isoIn(-HOUR), until: isoIn(HOUR) })))[0].doors[0].slot.should.equal(3);
  });

  it('a stay that begins later: its code chosen and given now, sent when the window begins, not before; cancelled before, nothing sent', async () => {
    const s = h.stay({ from: isoIn(3000), until: isoIn(24 * HOUR) });
    const [o] = await h.send({ ...s, doors: ['apartment'] });
    o.should.match({ state: 'active', doors: [{ door: 'apartment', state: 'scheduled', slot: 3 }] });
    o.doors[0].code.should.match(/^\d{7}$/);
    o.requests.should.equal(0);
    held(1).size.should.equal(0);
    await until(() => held(1).get(3)?.pwd === o.doors[0].code, 'the code sent when its window begins');
    const [now] = await h.send({ ...s, doors: ['apartment'] });
    now.doors[0].should.match({ state: 'active', code: o.doors[0].code, passwordId: '3' });
    const early = h.stay({ from: isoIn(24 * HOUR), until: isoIn(48 * HOUR) });
    await h.send(early);
    const asked = h.requests();
    (await h.send({ id: early.id, status: 'cancelled' }))[0].should.match({ state: 'revoked', requests: 0 });
    h.requests().should.equal(asked);
  });

  it('a gateway offline: the stay partial, the other door kept; the next reconcile sends it with the same code', async () => {
    h.sim.inject(offline, { match: S.ops.create, times: 1 });
    const s = h.stay({ from: isoIn(-HOUR), until: isoIn(HOUR) });
    const [o] = await h.send(s);
    o.state.should.equal('partial');
    o.doors[0].should.match({ door: 'building', state: 'refused', reason: /网关不在线/ });
    await h.send(undefined, 'reconcile');
    h.repairs.should.containDeep([{ stay: s.id, door: 'building', did: 'create', why: 'retry', ok: true }]);
    held(0).get(3).pwd.should.equal(o.doors[0].code);
  });
});

describe('stays on Alibaba Cloud IoT: a QR code per door, granted with the stay’s window', function () {
  this.timeout(30_000);
  const S = {
    start: startAliyun,
    locks: ['dev-door-1', 'dev-door-2'],
    grant: 'qr',
    ops: {
      person: '/entrance/paas/user/modify',
      generate: '/homelink/common/qrcode/generate',
      grant: '/entrance/paas/perm/qrcode/config',
      revoke: '/entrance/paas/perm/qrcode/remove',
    },
  };
  const h = stayNode('aliyun', S);
  const grantOf = (code, i) => h.sim.qrCodes.get(code)?.grants.get(S.locks[i]);

  it('a new stay: a QR code per door granted for the stay’s window, a person for the guest; the same stay again asks nothing', async () => {
    const s = h.stay();
    const [o] = await h.send(s);
    o.should.match({
      state: 'active',
      doors: [
        { door: 'building', state: 'active' },
        { door: 'apartment', state: 'active' },
      ],
    });
    h.sim.persons.get(`stay:${s.id}`).name.should.equal('Ada');
    for (const [i, d] of o.doors.entries()) {
      d.qrImage.should.startWith('data:image/png;base64,');
      grantOf(d.code, i).should.match({
        effectiveTime: i === 0 ? '2026-12-20 14:30:00' : '2026-12-20 15:00:00',
        expiryTime: i === 0 ? '2026-12-23 11:30:00' : '2026-12-23 11:00:00',
      });
    }
    o.text.should.match(/^Ada: building QR code \w+, 2026-12-20 14:30 to 2026-12-23 11:30; apartment QR code/);
    (await h.send(s))[0].requests.should.equal(0);
  });

  it('new dates: the same QR code granted again with the new window; cancelled, revoked at each door', async () => {
    const s = h.stay();
    const [o] = await h.send(s);
    const [moved] = await h.send({ ...s, until: '2026-12-24' });
    moved.doors.map((d) => d.code).should.eql(o.doors.map((d) => d.code));
    grantOf(o.doors[1].code, 1).expiryTime.should.equal('2026-12-24 11:00:00');
    const [gone] = await h.send({ id: s.id, status: 'cancelled' });
    gone.should.match({ state: 'revoked', doors: [] });
    for (const [i, d] of o.doors.entries()) (grantOf(d.code, i) === undefined).should.be.true();
  });

  it('a door the platform refuses: partial, the other door kept; the next reconcile grants it', async () => {
    const refused = [{ iotId: S.locks[0], code: '6205', message: 'device offline' }];
    h.sim.inject({ kind: 'answer', body: { code: 200, id: 'r-1', data: refused } }, { match: S.ops.grant, times: 1 });
    const s = h.stay();
    const [o] = await h.send(s);
    o.state.should.equal('partial');
    o.doors[0].should.match({ door: 'building', state: 'refused', reason: /device offline/ });
    o.doors[1].state.should.equal('active');
    await h.send(undefined, 'reconcile');
    const [now] = await h.send(s);
    now.state.should.equal('active');
    grantOf(now.doors[0].code, 0).should.be.ok();
  });
});

describe('the guest named at the door: an event of a stay’s code carries the stay, its first unlock `firstEntry`', function () {
  this.timeout(30_000);
  const S = SYSTEMS.ttlock;
  const h = stayNode('ttlock', S, {
    extra: [
      {
        id: 'events',
        z: 'tab',
        type: 'smartlock-events',
        vendor: 'ttlock',
        ttlock: 'cfg',
        source: 'poll',
        operation: 'query',
        devices: S.locks[1],
        interval: 3600,
        wires: [['seen']],
      },
      { id: 'seen', z: 'tab', type: 'helper' },
    ],
  });

  it('names the stay and its guest on every event of its code; flags the first unlock once, remembered across a redeploy', async () => {
    await pollEvents('events', 'seen');
    const s = h.stay({ from: isoIn(-HOUR), until: isoIn(24 * HOUR) });
    const [o] = await h.send(s);
    const code = o.doors[1].code;
    const t = Date.now() - 30_000;
    h.sim.record(Number(S.locks[1]), 4, 'Ada', t, { keyboardPwd: code });
    h.sim.record(Number(S.locks[1]), 4, 'Ada', t + 100, { keyboardPwd: code });
    h.sim.record(Number(S.locks[1]), 4, 'someone', t + 200, { keyboardPwd: '5550123', success: 0 });
    const events = await pollEvents('events', 'seen');
    events
      .map((e) => [e.kind, e.stay, e.firstEntry])
      .should.eql([
        ['unlock', { id: s.id, guest: 'Ada' }, true],
        ['unlock', { id: s.id, guest: 'Ada' }, undefined],
        ['failed', undefined, undefined],
      ]);
    JSON.stringify(events).should.not.containEql(code);
    // The store remembers the entry (a restart reads it back): after a redeploy the next unlock is not the first.
    await until(() => fs.readFileSync(h.storeFile, 'utf8').includes('"entered":'), 'the entry stored');
    await helper.unload();
    await h.load();
    await pollEvents('events', 'seen');
    h.sim.record(Number(S.locks[1]), 4, 'Ada', Date.now() - 1000, { keyboardPwd: code });
    const [later] = await pollEvents('events', 'seen');
    later.should.match({ kind: 'unlock', stay: { id: s.id, guest: 'Ada' } });
    later.should.not.have.property('firstEntry');
  });
});

describe('recurring access for staff: a stay with a weekly schedule, on the system’s own schedule', function () {
  this.timeout(30_000);
  const S = SYSTEMS.tuya;
  const h = stayNode('tuya', S);
  const password = (i, id) => h.sim.devices.get(S.locks[i]).passwords.get(Number(id));

  it('Tuesdays 10:00-12:00: the code carries the schedule and the door’s zone; another day changes it in place, the code the same', async () => {
    const cleaner = { id: 'cleaner-anna', guest: 'Anna', from: '2026-12-01', until: '2027-06-30', weekly: [{ days: ['tue'], from: '10:00', until: '12:00' }] };
    const [o] = await h.send(cleaner);
    o.state.should.equal('active');
    password(1, o.doors[1].passwordId).should.match({
      time_zone: 'Europe/Berlin',
      schedule_list: [{ effective_time: 600, invalid_time: 720, working_day: 0b100 }],
    });
    (await h.send(cleaner))[0].requests.should.equal(0);
    const [moved] = await h.send({ ...cleaner, weekly: [{ days: ['tue', 'thu'], from: '09:30', until: '12:00' }] });
    moved.doors.map((d) => [d.passwordId, d.code]).should.eql(o.doors.map((d) => [d.passwordId, d.code]));
    (h.sim.received[S.ops.change] ?? 0).should.equal(2);
    password(1, o.doors[1].passwordId).schedule_list.should.eql([{ effective_time: 570, invalid_time: 720, working_day: 0b10100 }]);
  });

  it('a weekly that cannot be read (over midnight, an unknown day) refuses the msg, saying the shape, before any lock is asked', async () => {
    for (const weekly of [[{ days: ['tue'], from: '22:00', until: '02:00' }], [{ days: ['someday'], from: '10:00', until: '12:00' }], []]) {
      await h.send(h.stay({ weekly })).should.be.rejectedWith({ code: 'VALIDATION' });
    }
    h.requests().should.equal(0);
  });
});

describe('a weekly stay at a door whose system cannot repeat a credential weekly', function () {
  this.timeout(30_000);
  const h = stayNode('hotel', { start: startHotel, locks: ['775032240849920', '775032240849921'], ops: { create: 'GatewayUploadOnline' } });

  it('is refused whole, naming the door and the system, before any lock is asked', async () => {
    const err = await h.send(h.stay({ weekly: [{ days: ['tue'], from: '10:00', until: '12:00' }] })).then(
      () => undefined,
      (e) => e,
    );
    err.should.have.property('code', 'VALIDATION');
    err.message.should.match(/door "building": Hotel card-lock platform cannot repeat a credential weekly/);
    h.requests().should.equal(0);
  });
});

describe('stays from a booking feed: a calendar’s bookings become codes on the doors, kept true as the feed changes', function () {
  this.timeout(30_000);
  let feed;
  const S = SYSTEMS.ttlock;
  const h = stayNode('ttlock', S, { node: { feedMinutes: 60, missedPolls: 2 }, credentials: () => ({ feedUrl: feed.feedUrl }) });
  before(async () => {
    feed = new BookingCalendarSimulator('f3c9a1b2d4e5');
    await feed.start();
  });
  after(() => feed.stop());
  const later = (days) => new Date(Date.now() + days * 24 * HOUR).toISOString().slice(0, 10);
  /** Every credential the locks hold that the package named for a stay: door → stay ids. */
  const heldStays = () => S.locks.map((lock) => [...S.held(h.sim, lock).values()].map((p) => p.name.replace(/^stay:/, '')).sort());

  it('bookings in, codes out; an extension keeps the code; a booking gone for 2 polls is revoked; a failing feed changes nothing and says so once', async () => {
    feed.bookings = [
      { uid: 'air-1', from: later(10), until: later(13), summary: 'Reserved', reservation: 'HMAAA11111', phoneLast4: '4321' },
      { uid: 'air-2', from: later(15), until: later(17), summary: 'Reserved', reservation: 'HMBBB22222' },
      { uid: 'air-block', from: later(20), until: later(380), summary: 'Airbnb (Not available)' },
    ];
    await h.send(undefined, 'feed');
    h.outs
      .map((o) => [o.id, o.guest.name, o.state])
      .should.eql([
        ['air-1', 'guest HMAAA11111', 'active'],
        ['air-2', 'guest HMBBB22222', 'active'],
      ]);
    heldStays().should.eql([
      ['air-1', 'air-2'],
      ['air-1', 'air-2'],
    ]);
    const code = h.outs[0].doors[1].code;
    // The platform re-issues the first booking's UID when it is extended; the second is cancelled; a third arrives.
    feed.bookings = [
      { uid: 'air-1-new', from: later(10), until: later(14), summary: 'Reserved', reservation: 'HMAAA11111' },
      { uid: 'air-3', from: later(30), until: later(32), summary: 'Reserved', reservation: 'HMCCC33333' },
      feed.bookings[2],
    ];
    const before = h.outs.length;
    await h.send(undefined, 'feed');
    const changed = h.outs.slice(before);
    changed.map((o) => o.id).should.eql(['air-1', 'air-3']);
    changed[0].doors[1].code.should.equal(code);
    heldStays()[1].should.eql(['air-1', 'air-2', 'air-3']); // air-2 missing once: kept
    // A failing feed: nothing changes, and one warning for two failures.
    feed.inject({ kind: 'status', status: 500 }, { match: 'calendar', times: 4 });
    const warned = [];
    helper.getNode('stay').on('call:warn', (c) => warned.push(String(c.args[0])));
    await h.send(undefined, 'feed');
    await h.send(undefined, 'feed');
    warned.length.should.equal(1);
    warned[0].should.not.containEql(feed.token);
    heldStays()[1].should.eql(['air-1', 'air-2', 'air-3']);
    await h.send(undefined, 'feed');
    heldStays().should.eql([
      ['air-1', 'air-3'],
      ['air-1', 'air-3'],
    ]);
    h.outs.slice(-1)[0].should.match({ id: 'air-2', state: 'revoked' });
  });
});

describe('stays on TTLock as app keys: an eKey to the guest’s own account, with the stay’s window', function () {
  this.timeout(30_000);
  const S = { ...SYSTEMS.ttlock, grant: 'ekey', ops: { create: 'key/send', revoke: 'key/delete' } };
  const h = stayNode('ttlock', S);
  /** the eKeys a lock holds: [{keyId, username, keyName, startDate, endDate}] */
  const keys = (i) => [...h.sim.locks.get(Number(S.locks[i])).keys.values()].filter((k) => k.keyName.startsWith('stay:'));

  it('sends an eKey per door to the guest’s email; new dates send it again (the system replaces it), one eKey left; cancelled, deleted', async () => {
    const s = h.stay({ guest: { name: 'Ada', email: 'guest@example.com' } });
    const [o] = await h.send(s);
    o.should.match({
      state: 'active',
      doors: [
        { door: 'building', account: 'guest@example.com' },
        { door: 'apartment', account: 'guest@example.com' },
      ],
    });
    o.text.should.startWith('Ada: building app key for guest@example.com, 2026-12-20 14:30 to 2026-12-23 11:30');
    keys(1).should.match([{ username: 'guest@example.com', keyName: `stay:${s.id}`, endDate: Date.parse('2026-12-23T10:00:00Z') }]);
    (await h.send(s))[0].requests.should.equal(0);
    const [moved] = await h.send({ ...s, until: '2026-12-24' });
    moved.state.should.equal('active');
    keys(1).should.match([{ username: 'guest@example.com', endDate: Date.parse('2026-12-24T10:00:00Z') }]);
    keys(1).should.have.length(1);
    const [gone] = await h.send({ id: s.id, status: 'cancelled' });
    gone.should.match({ state: 'revoked', doors: [] });
    keys(0).should.eql([]);
    keys(1).should.eql([]);
  });

  it('a guest with neither email nor phone: the doors refuse, saying why; no request', async () => {
    const [o] = await h.send(h.stay({ guest: 'Bo' }));
    o.state.should.equal('partial');
    o.doors[0].reason.should.match(/needs an email or a phone/);
    h.requests().should.equal(0);
  });
});

describe('staff in the stay dialog: weekday and time pickers become a weekly code on every door, at deploy', function () {
  this.timeout(30_000);
  const S = SYSTEMS.tuya;
  const over = {};
  const h = stayNode('tuya', S, { node: over });
  const anna = { name: 'Anna', days: [2], from: '10:00', until: '12:00', since: '2026-12-01', till: '2027-06-30' };
  before(() => (over.staff = [anna]));
  const held = (i) => [...h.sim.devices.get(S.locks[i]).passwords.values()].filter((p) => !p.deleted && p.name === 'stay:staff:Anna');

  it('a staff row is a code on each door with the schedule in the door’s zone; the same at a redeploy asks nothing; the row removed, revoked', async () => {
    await until(() => held(0).length === 1 && held(1).length === 1, 'the staff code made at deploy');
    held(1)[0].should.match({ time_zone: 'Europe/Berlin', schedule_list: [{ effective_time: 600, invalid_time: 720, working_day: 0b100 }] });
    await until(() => h.outs.some((o) => o.id === 'staff:Anna' && o.state === 'active'), 'the staff outcome sent');
    const asked = h.requests();
    await helper.unload();
    await h.load();
    await until(() => h.outs.some((o) => o.id === 'staff:Anna'), 'applied again');
    h.requests().should.equal(asked);
    over.staff = [];
    await helper.unload();
    await h.load();
    await until(() => held(0).length === 0 && held(1).length === 0, 'the removed row revoked');
  });
});
