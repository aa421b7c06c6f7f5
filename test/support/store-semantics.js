'use strict';
// The Store interface's semantics, the same for every backend: test/store.test.js runs them on the file store,
// test/redis-store.test.js on Redis. `open()` gives a fresh, empty store that the caller closes after each test;
// `writes()`, if given, counts the values the backend holds (refused writes must leave none).
const should = require('should');

function storeSemantics(open, { writes } = {}) {
  it('get, put, versions, delete', async () => {
    const store = await open();
    should(await store.get('stay/1')).be.undefined();
    (await store.put('stay/1', { room: '101' })).should.equal(1);
    (await store.put('stay/1', { room: '102' })).should.equal(2);
    (await store.get('stay/1')).should.eql({ value: { room: '102' }, version: 2 });
    await store.delete('stay/1');
    should(await store.get('stay/1')).be.undefined();
    await store.delete('stay/1');
    (await store.put('stay/1', 'again')).should.equal(1);
  });

  it('hands out copies: changing a value read or put does not change the store', async () => {
    const store = await open();
    const value = { ids: [1] };
    await store.put('k', value);
    value.ids.push(2);
    (await store.get('k')).value.ids.push(3);
    (await store.get('k')).value.should.eql({ ids: [1] });
  });

  it('cas: 0 means absent, a wrong version writes nothing, undefined deletes', async () => {
    const store = await open();
    (await store.cas('c', 1, 'x')).should.be.false();
    (await store.cas('c', 0, 'first')).should.be.true();
    (await store.cas('c', 0, 'second')).should.be.false();
    (await store.get('c')).should.eql({ value: 'first', version: 1 });
    (await store.cas('c', 1, 'next')).should.be.true();
    (await store.cas('c', 1, undefined)).should.be.false();
    (await store.cas('c', 2, undefined)).should.be.true();
    should(await store.get('c')).be.undefined();
    (await store.cas('c', 0, undefined)).should.be.true();
  });

  it('list: by prefix, sorted by key, with versions', async () => {
    const store = await open();
    for (const k of ['stay/b', 'stay/a', 'cursor/x', 'stay/c']) await store.put(k, k.toUpperCase());
    await store.put('stay/a', 'A2');
    await store.delete('stay/c');
    (await store.list('stay/')).should.eql([
      { key: 'stay/a', value: 'A2', version: 2 },
      { key: 'stay/b', value: 'STAY/B', version: 1 },
    ]);
    (await store.list('')).map((e) => e.key).should.eql(['cursor/x', 'stay/a', 'stay/b']);
    (await store.list('none/')).should.eql([]);
  });

  it('list: keys beyond ASCII, in JavaScript string order (UTF-16 code units), a key equal to the prefix included', async () => {
    const store = await open();
    const keys = ['u/\uffff', 'u/\u{1f600}', 'u/é', 'u/z', 'u/', 'u/é/1', 'u0', 'u/[x', 'v/'];
    for (const k of keys) await store.put(k, k);
    const want = keys.filter((k) => k.startsWith('u/')).sort();
    (await store.list('u/')).map((e) => e.key).should.eql(want);
    (await store.list('u/é')).map((e) => e.key).should.eql(['u/é', 'u/é/1']);
    (await store.list('u/\u{1f600}')).map((e) => e.value).should.eql(['u/\u{1f600}']);
    (await store.list('')).map((e) => e.key).should.eql([...keys].sort());
  });

  it('20 concurrent cas on the same version: exactly one wins', async () => {
    const store = await open();
    await store.put('token', 'old');
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.cas('token', 1, `new-${i}`)));
    results.filter(Boolean).should.have.length(1);
    const winner = results.indexOf(true);
    (await store.get('token')).should.eql({ value: `new-${winner}`, version: 2 });
  });

  it('lock: no two bodies of the same name overlap; other names are not held up', async () => {
    const store = await open();
    let inside = 0;
    let most = 0;
    const order = [];
    const body = (i) => async () => {
      inside++;
      most = Math.max(most, inside);
      await new Promise((r) => setTimeout(r, 2 + (i % 3)));
      order.push(i);
      inside--;
      return i;
    };
    const other = store.lock('other', async () => 'free');
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => store.lock('stay/1', body(i))));
    results.should.eql([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    order.should.eql(results);
    most.should.equal(1);
    (await other).should.equal('free');
    // A body that throws releases the lock.
    await store.lock('stay/1', async () => Promise.reject(new Error('boom'))).should.be.rejectedWith('boom');
    (await store.lock('stay/1', async () => 'after')).should.equal('after');
  });

  it('refuses values JSON would not keep, and bad keys, before writing anything', async () => {
    const store = await open();
    const cycle = {};
    cycle.self = cycle;
    const bad = [() => 1, 10n, { n: 1n }, cycle, undefined, [undefined], NaN, { x: Infinity }, new Map(), Symbol('s')];
    for (const value of bad) await store.put('k', value).should.be.rejectedWith(/not JSON data/);
    await store.cas('k', 0, () => 1).should.be.rejectedWith(/not JSON data/);
    for (const key of ['', 'x'.repeat(513), 42, '\ud800']) await store.put(key, 1).should.be.rejectedWith(/key/);
    (await store.put('x'.repeat(512), 1)).should.equal(1);
    (await store.list('')).map((e) => e.key).should.eql(['x'.repeat(512)]);
    await store.close();
    if (writes) (await writes()).should.equal(1);
  });

  it('fails every call after close', async () => {
    const store = await open();
    await store.put('k', 1);
    await store.close();
    await store.get('k').should.be.rejectedWith(/closed/);
    await store.put('k', 2).should.be.rejectedWith(/closed/);
  });
}

module.exports = { storeSemantics };
