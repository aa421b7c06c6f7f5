'use strict';
// The shared store on Redis (issue #32): the same semantics as the file store, and what only a store shared by
// several Node-REDs must show: two stores on one Redis agree on cas and on locks, a lock holder that dies lets go
// after the TTL, and a Redis that goes away makes calls fail at once (NETWORK) until it is back, with no reopen.
// Runs Debian's redis-server on an ephemeral port (test/support/redis.js); skipped where it is missing, except in CI.
const should = require('should');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { Redis } = require('ioredis');
const { openStore, chooseStore } = require('../dist/lib/store');
const { storeSemantics } = require('./support/store-semantics');
const { needRedis, startRedis, freePort } = require('./support/redis');
const { until } = require('./support/wait');

const distRedis = path.resolve(__dirname, '../dist/lib/store/redis');

describe('store: Redis backend', function () {
  this.timeout(60_000);
  let server;
  let raw;
  let n = 0;
  const open = [];
  /** A prefix no other test uses: each test is a project of its own on the one Redis. */
  const fresh = () => `test-${process.pid}-${++n}`;
  async function opened(options = {}) {
    const store = await openStore({ redis: server.url, prefix: fresh(), ...options });
    open.push(store);
    return store;
  }

  before(async function () {
    if (!needRedis(this)) return;
    server = await startRedis();
    raw = new Redis(server.url);
  });
  after(async () => {
    raw?.disconnect();
    await server?.remove();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });

  describe('semantics (the same tests as the file store)', () => {
    let prefix;
    storeSemantics(
      () => {
        prefix = fresh();
        return opened({ prefix });
      },
      // Each refused write left no value in Redis.
      { writes: async () => (await raw.keys(`smartlock:{${prefix}}:v:*`)).length },
    );
  });

  it('keeps a project under smartlock:{prefix}: as JSON text with an index of its keys; another prefix sees none of it', async () => {
    const prefix = fresh();
    const a = await opened({ prefix });
    const b = await opened();
    await a.put('stay/1', { room: '101' });
    (await raw.hgetall(`smartlock:{${prefix}}:v:stay/1`)).should.eql({ v: '1', j: '{"room":"101"}' });
    (await raw.zrange(`smartlock:{${prefix}}:keys`, 0, -1)).should.eql(['stay/1']);
    should(await b.get('stay/1')).be.undefined();
    (await b.list('')).should.eql([]);
    await a.delete('stay/1');
    (await raw.keys(`smartlock:{${prefix}}:*`)).should.eql([]);
  });

  describe('two Node-REDs on one Redis', () => {
    it('20 concurrent cas on the same version across both stores: exactly one wins', async () => {
      const prefix = fresh();
      const [a, b] = [await opened({ prefix }), await opened({ prefix })];
      await a.put('token', 'old');
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).cas('token', 1, `new-${i}`)));
      results.filter(Boolean).should.have.length(1);
      const winner = results.indexOf(true);
      (await a.get('token')).should.eql({ value: `new-${winner}`, version: 2 });
      (await b.get('token')).should.eql({ value: `new-${winner}`, version: 2 });
    });

    it('a lock taken through both: bodies never overlap, all run, other names are not held up', async () => {
      const prefix = fresh();
      const [a, b] = [await opened({ prefix }), await opened({ prefix })];
      let inside = 0;
      let most = 0;
      const ran = [];
      const body = (i) => async () => {
        inside++;
        most = Math.max(most, inside);
        // Read-modify-write: overlapping bodies would lose increments.
        const seen = (await a.get('count'))?.value ?? 0;
        await new Promise((r) => setTimeout(r, 2 + (i % 3)));
        await (i % 2 ? a : b).put('count', seen + 1);
        ran.push(i);
        inside--;
        return i;
      };
      const other = b.lock('other', async () => 'free');
      const results = await Promise.all(Array.from({ length: 16 }, (_, i) => (i % 2 ? a : b).lock('stay/1', body(i))));
      results.should.eql(Array.from({ length: 16 }, (_, i) => i));
      most.should.equal(1);
      ran.should.have.length(16);
      (await a.get('count')).value.should.equal(16);
      (await other).should.equal('free');
      // Released: nothing of the lock is left in Redis.
      (await raw.keys(`smartlock:{${prefix}}:lock:*`)).should.eql([]);
    });

    it('a lock holder that dies (its process killed, the lock never released) lets go after the TTL, not before', async () => {
      const prefix = fresh();
      const ttl = 1000;
      const script =
        `const { RedisStore } = require(${JSON.stringify(distRedis)});\n` +
        `RedisStore.open({ redis: ${JSON.stringify(server.url)}, prefix: ${JSON.stringify(prefix)}, lockTtlMs: ${ttl} })` +
        `.then((s) => s.lock('door', () => { process.stdout.write('held\\n'); return new Promise(() => {}); }));\n`;
      const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      const exited = new Promise((r) => child.once('exit', r));
      try {
        await new Promise((resolve, reject) => {
          child.stdout.once('data', resolve);
          child.once('exit', () => reject(new Error('the holder exited')));
        });
        const b = await opened({ prefix, lockTtlMs: ttl });
        let got = 0;
        const taking = b.lock('door', async () => (got = Date.now()));
        // Held past two TTLs: the living holder renews it.
        await new Promise((r) => setTimeout(r, 2.5 * ttl));
        got.should.equal(0);
        const killed = Date.now();
        child.kill('SIGKILL');
        await exited;
        await taking;
        // Loosely: not before its last renewal ran out (a third of the TTL at least), and well within a few TTLs.
        (got - killed).should.be.above(ttl / 3 - 50);
        (got - killed).should.be.below(10 * ttl);
      } finally {
        child.kill('SIGKILL');
      }
    });

    it('a lock lost while held (expired, or taken by another): the body still resolves, and the loss is said', async () => {
      const prefix = fresh();
      const warnings = [];
      const a = await opened({ prefix, lockTtlMs: 300, warn: (m) => warnings.push(m) });
      const result = await a.lock('door', async () => {
        // As if the holder had stalled past the TTL and another process had taken the lock.
        await raw.set(`smartlock:{${prefix}}:lock:door`, 'someone-else');
        await until(() => warnings.length > 0, 'the failed renewal to be said');
        return 'done';
      });
      result.should.equal('done');
      warnings.should.have.length(1);
      warnings[0].should.match(/the lock "door" on the shared store \(Redis at 127\.0\.0\.1:\d+\) was lost while held/);
      // Another's lock is not ours to release.
      (await raw.get(`smartlock:{${prefix}}:lock:door`)).should.equal('someone-else');
    });
  });

  it('close() waits for the writes in flight, then later calls fail', async () => {
    const prefix = fresh();
    const a = await openStore({ redis: server.url, prefix });
    const writes = Array.from({ length: 50 }, (_, i) => a.put(`k/${String(i).padStart(2, '0')}`, i));
    await a.close();
    (await Promise.all(writes)).should.eql(Array(50).fill(1));
    await a.put('k/x', 1).should.be.rejectedWith(/closed/);
    (await (await opened({ prefix })).list('k/')).should.have.length(50);
  });

  describe('when Redis is unreachable, or refuses the login', () => {
    it('an open fails at once with NETWORK, naming host:port and never the password', async () => {
      const port = await freePort();
      const started = Date.now();
      const err = await openStore({ redis: `redis://someone:s3cret-pass@127.0.0.1:${port}/0` }).should.be.rejected();
      err.should.match({ name: 'LockError', code: 'NETWORK' });
      err.message.should.startWith(`the shared store (Redis at 127.0.0.1:${port}) is unreachable: `);
      err.message.should.not.containEql('s3cret');
      (Date.now() - started).should.be.below(6_000);
    });

    it('a wrong password: AUTH, the password in no message; the right one opens', async () => {
      const own = await startRedis(['--requirepass', 'right-s3cret']);
      try {
        const err = await openStore({ redis: `redis://:wrong-s3cret@127.0.0.1:${own.port}/0` }).should.be.rejected();
        err.should.match({ name: 'LockError', code: 'AUTH' });
        err.message.should.startWith(`the shared store (Redis at 127.0.0.1:${own.port}) refused the login: `);
        err.message.should.not.containEql('s3cret');
        const store = await openStore({ redis: { host: '127.0.0.1', port: own.port, password: 'right-s3cret' }, prefix: fresh() });
        (await store.put('k', 1)).should.equal(1);
        await store.close();
      } finally {
        await own.remove();
      }
    });

    it('killed mid-test: every call fails within the command timeout with NETWORK; restarted on its port: works again, not reopened', async () => {
      const own = await startRedis();
      const warnings = [];
      const commandTimeout = 2_000;
      const store = await openStore({ redis: { host: '127.0.0.1', port: own.port, commandTimeout }, prefix: fresh(), warn: (m) => warnings.push(m) });
      open.push(store);
      try {
        await store.put('stay/1', 'before');
        await own.stop();
        for (const call of [
          () => store.get('stay/1'),
          () => store.put('stay/1', 'during'),
          () => store.cas('stay/1', 1, 'during'),
          () => store.delete('stay/1'),
          () => store.list('stay/'),
          () => store.lock('door', async () => 'ran'),
        ]) {
          const started = Date.now();
          const err = await call().should.be.rejected();
          err.should.match({ name: 'LockError', code: 'NETWORK', retryable: true });
          err.message.should.startWith(`the shared store (Redis at 127.0.0.1:${own.port}) is unreachable: `);
          (Date.now() - started).should.be.below(commandTimeout + 1_000);
        }
        await own.start();
        // ioredis reconnects by itself (its retries are at most 2 s apart here): the same store works again.
        await until(
          () =>
            store.put('stay/1', 'after').then(
              () => true,
              () => false,
            ),
          'the store to work again',
        );
        // A Redis restarted without persistence holds nothing: the first write is version 1 again.
        (await store.get('stay/1')).should.eql({ value: 'after', version: 1 });
        (await store.lock('door', async () => 'ran')).should.equal('ran');
        warnings.some((w) => /is unreachable: the connection closed.*; reconnecting/.test(w)).should.be.true();
        warnings.some((w) => /is reachable again/.test(w)).should.be.true();
        await store.close();
      } finally {
        await own.remove();
      }
    });
  });

  it('a Redis Cluster (one node holding every slot): a project’s keys share a slot, so the scripts run', async () => {
    // Announcing its address: a lone node knows none to put in CLUSTER SLOTS, where ioredis looks.
    const node = await startRedis(['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-announce-ip', '127.0.0.1']);
    const admin = new Redis(node.url);
    try {
      await admin.call('CLUSTER', 'ADDSLOTSRANGE', '0', '16383');
      await until(async () => /cluster_state:ok/.test(await admin.call('CLUSTER', 'INFO')), 'the cluster to be ok');
      const prefix = fresh();
      const store = await openStore({ redis: { cluster: [{ host: '127.0.0.1', port: node.port }] }, prefix });
      open.push(store);
      (await store.put('stay/b', 'B')).should.equal(1);
      (await store.cas('stay/a', 0, 'A')).should.be.true();
      (await store.list('stay/')).map((e) => e.key).should.eql(['stay/a', 'stay/b']);
      (await store.lock('stay/a', async () => store.put('stay/a', 'A2'))).should.equal(2);
      await store.delete('stay/b');
      (await store.list('')).should.eql([{ key: 'stay/a', value: 'A2', version: 2 }]);
      // Every key of the project hashes to one slot: on a cluster of several nodes, one node holds them all.
      const slots = new Set();
      for (const key of [`smartlock:{${prefix}}:v:stay/a`, `smartlock:{${prefix}}:keys`, `smartlock:{${prefix}}:lock:x`]) {
        slots.add(await admin.call('CLUSTER', 'KEYSLOT', key));
      }
      slots.size.should.equal(1);
      await store.close();
    } finally {
      admin.disconnect();
      await node.remove();
    }
  });

  it('settings.js chooses: a redis:// or rediss:// URL or options pick Redis under a prefix; nothing picks the file; anything else is refused', () => {
    const file = () => '/tmp/store.jsonl';
    chooseStore(undefined, undefined, file).options.should.eql({ file: '/tmp/store.jsonl' });
    chooseStore('redis://h:6379/0', undefined, file).options.should.eql({ redis: 'redis://h:6379/0', prefix: 'default' });
    chooseStore('rediss://h:6380', 'hotel-a', file).options.should.eql({ redis: 'rediss://h:6380', prefix: 'hotel-a' });
    const tls = { host: 'h', port: 6380, tls: { servername: 'h' } };
    chooseStore(tls, 'p', file).options.should.eql({ redis: tls, prefix: 'p' });
    chooseStore({ cluster: [{ host: 'h', port: 7000 }] }, undefined, file).options.redis.should.eql({ cluster: [{ host: 'h', port: 7000 }] });
    // Two settings naming the same Redis and prefix are one store; another prefix is another.
    chooseStore('redis://h/0', 'p', file).id.should.equal(chooseStore('redis://h/0', 'p', file).id);
    chooseStore('redis://h/0', 'p', file).id.should.not.equal(chooseStore('redis://h/0', 'q', file).id);
    (() => chooseStore('redis:/h', undefined, file)).should.throw(/redis:\/\/ or rediss:\/\/ URL/);
    (() => chooseStore(['redis://h'], undefined, file)).should.throw(/smartlock.store/);
    (() => chooseStore('redis://h', 7, file)).should.throw(/storePrefix/);
  });
});
