'use strict';
// Saved flows are a contract: a node saved by 0.1.0 (no configVersion) is upgraded to the
// current shape at deploy and when its editor dialog opens; one saved by a newer release fails
// loudly at deploy.
require('should');
const fs = require('node:fs');
const path = require('node:path');
const request = require('supertest');
const { helper, startHotel, loadFlow, send } = require('./support/flow');
const { allTypes } = require('./support/types');
const { CONFIG_VERSION, CONFIG_CHANGES, migrateConfig } = require('../dist/lib/migrations');

const FIXTURES = path.join(__dirname, 'fixtures/flows-0.1.0');
const EXAMPLES = path.join(__dirname, '../examples');
const nodesOf = (dir) =>
  fs
    .readdirSync(dir)
    .flatMap((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')))
    .filter((n) => n.type?.startsWith('smartlock-'));

describe('config migrations', () => {
  it('the table ends at the current version, one step at a time', () => {
    CONFIG_CHANGES.map((c) => c.to).should.eql(Array.from({ length: CONFIG_VERSION }, (_, i) => i + 1));
  });

  it('upgrades a 0.1.0 config of every node type to the current shape', () => {
    const saved = nodesOf(FIXTURES);
    const types = new Set(saved.map((n) => n.type));
    // every type 0.1.0 had (TTLock's config and the stay node came later)
    for (const type of allTypes().filter((t) => t !== 'smartlock-ttlock' && t !== 'smartlock-stay')) types.has(type).should.be.true(type);
    for (const node of saved) {
      (node.configVersion === undefined).should.be.true(`${node.id} is a 0.1.0 node`);
      const current = migrateConfig(node.type, node);
      current.configVersion.should.equal(CONFIG_VERSION);
      const { configVersion, ...rest } = current;
      // What a 0.1.0 node did stays what it does: an events node keeps polling.
      const added = node.type === 'smartlock-events' ? { source: 'poll' } : {};
      rest.should.eql({ ...node, ...added }, `${node.type} ${node.id}`);
      configVersion.should.equal(CONFIG_VERSION);
    }
  });

  it('an events node saved before push existed polls; one saved with a source keeps it', () => {
    migrateConfig('smartlock-events', { type: 'smartlock-events', configVersion: 1, devices: 'd1' }).source.should.equal('poll');
    migrateConfig('smartlock-events', { type: 'smartlock-events', devices: 'd1' }).source.should.equal('poll');
    migrateConfig('smartlock-events', { type: 'smartlock-events', configVersion: 1, source: 'push' }).source.should.equal('push');
    migrateConfig('smartlock-events', { type: 'smartlock-events', configVersion: 2, source: 'push' }).source.should.equal('push');
    (migrateConfig('smartlock-card', { type: 'smartlock-card', configVersion: 1 }).source === undefined).should.be.true();
  });

  it('ships the examples in the current shape', () => {
    for (const node of nodesOf(EXAMPLES)) migrateConfig(node.type, node).should.equal(node, `${node.type} ${node.id}`);
  });

  it('applies renamed operations, fields, field values and options, and leaves a node already in the new shape alone', () => {
    const changes = [
      { to: 1, note: 'test' },
      {
        to: 2,
        note: 'test',
        operations: { 'smartlock-users': { hijackOff: 'duressOff' }, 'smartlock-api': { 'doorLock.old': 'doorLock.new' } },
        params: { duressOff: { unlockNo: 'unlockSn' }, '*': { room: 'roomId' } },
        values: { 'doorLock.removeHijack': { unlockType: { fingerprint: 'unlock_fingerprint' } } },
        options: { 'smartlock-tuya': { region: { 'eu-old': 'eu' } } },
      },
    ];
    const old = { type: 'smartlock-users', operation: 'hijackOff', params: { unlockNo: { v: '3', t: 'str' }, room: { v: 'payload.r', t: 'msg' } } };
    const apiNode = { type: 'smartlock-api', operation: 'doorLock.old', configVersion: 1, params: {} };
    migrateConfig('smartlock-users', old, changes, 2).should.eql({
      type: 'smartlock-users',
      operation: 'duressOff',
      params: { unlockSn: { v: '3', t: 'str' }, roomId: { v: 'payload.r', t: 'msg' } },
      configVersion: 2,
    });
    migrateConfig('smartlock-api', apiNode, changes, 2).operation.should.equal('doorLock.new');
    const hijack = {
      type: 'smartlock-api',
      operation: 'doorLock.removeHijack',
      params: { unlockType: { v: 'fingerprint', t: 'str' }, other: { v: 'fingerprint', t: 'msg' } },
    };
    migrateConfig('smartlock-api', hijack, changes, 2).params.should.eql({
      unlockType: { v: 'unlock_fingerprint', t: 'str' },
      other: { v: 'fingerprint', t: 'msg' },
    });
    migrateConfig('smartlock-tuya', { type: 'smartlock-tuya', region: 'eu-old' }, changes, 2).region.should.equal('eu');
    const current = { type: 'smartlock-users', operation: 'duressOff', configVersion: 2, params: { unlockSn: { v: '3', t: 'str' } } };
    migrateConfig('smartlock-users', current, changes, 2).should.equal(current);
    migrateConfig('smartlock-users', { ...current, configVersion: 1 }, changes, 2).should.eql(current);
    old.operation.should.equal('hijackOff'); // the saved object itself is not changed
  });

  it('refuses a version from a newer release or one that is not a number', () => {
    (() => migrateConfig('smartlock-card', { configVersion: CONFIG_VERSION + 1 })).should.throw({ code: 'VALIDATION', message: /saved by a newer release/ });
    (() => migrateConfig('smartlock-card', { configVersion: 'two' })).should.throw({ code: 'VALIDATION' });
    migrateConfig('smartlock-card', { configVersion: '' }).configVersion.should.equal(CONFIG_VERSION);
  });
});

describe('config migrations in a running Node-RED', function () {
  this.timeout(20_000);
  let sim;
  before(async () => {
    sim = await startHotel();
  });
  afterEach(() => helper.unload());
  after(() => sim.stop());

  it('a node saved by a newer release fails loudly at deploy: red status, an error in the log, VALIDATION for each msg', async () => {
    await loadFlow(sim, [{ id: 'future', type: 'smartlock-users', operation: 'rooms', configVersion: CONFIG_VERSION + 1 }]);
    const node = helper.getNode('future');
    node.status.lastCall.args[0].should.match({ fill: 'red', text: /newer release/ });
    // one line in the log (and the debug sidebar), not an Error object with a stack
    const logged = helper.log().args.filter(([entry]) => entry.level === helper.log().ERROR && entry.id === 'future');
    logged.map(([entry]) => entry.msg).should.matchAny(/^this node was saved by a newer release/);
    const { error } = await send('future', { payload: {} });
    error.should.match({ code: 'VALIDATION', message: /newer release/ });
    (sim.received.GetRoomList ?? 0).should.equal(0);
  });

  it('a config node saved by a newer release makes its action nodes fail, not guess', async () => {
    await loadFlow(sim, [{ id: 'rooms2', type: 'smartlock-users', operation: 'rooms' }], { configVersion: CONFIG_VERSION + 1 });
    const { error } = await send('rooms2', { payload: {} });
    error.should.match({ code: 'VALIDATION', message: /newer release/ });
  });

  it('serves the editor the same migration: POST smartlock/migrate upgrades, and refuses a future version', async () => {
    await loadFlow(sim, [{ id: 'any', type: 'smartlock-users', operation: 'rooms' }]);
    const saved = nodesOf(FIXTURES).find((n) => n.type === 'smartlock-card');
    const ok = await request(helper._httpAdmin).post('/smartlock/migrate').send({ type: saved.type, config: saved }).expect(200);
    ok.body.should.eql({ config: { ...saved, configVersion: CONFIG_VERSION }, version: CONFIG_VERSION });
    const future = await request(helper._httpAdmin)
      .post('/smartlock/migrate')
      .send({ type: 'smartlock-card', config: { configVersion: 99 } })
      .expect(409);
    future.body.message.should.match(/newer release/);
    await request(helper._httpAdmin).post('/smartlock/migrate').send({ type: 'inject', config: {} }).expect(400);
  });
});
