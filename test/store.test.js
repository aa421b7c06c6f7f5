'use strict';
// The durable store (lib/store): its semantics, and that a crash never loses an acknowledged write nor corrupts the log.
const should = require('should');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const { openStore } = require('../dist/lib/store');

const distStore = path.resolve(__dirname, '../dist/lib/store');

describe('store: embedded file backend', () => {
  let dir;
  let file;
  const open = [];
  async function opened(options = { file }) {
    const store = await openStore(options);
    open.push(store);
    return store;
  }

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'smartlock-store-'));
    file = path.join(dir, 'store.log');
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('semantics', () => {
    it('get, put, versions, delete', async () => {
      const store = await opened();
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
      const store = await opened();
      const value = { ids: [1] };
      await store.put('k', value);
      value.ids.push(2);
      (await store.get('k')).value.ids.push(3);
      (await store.get('k')).value.should.eql({ ids: [1] });
    });

    it('cas: 0 means absent, a wrong version writes nothing, undefined deletes', async () => {
      const store = await opened();
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
      const store = await opened();
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

    it('20 concurrent cas on the same version: exactly one wins', async () => {
      const store = await opened();
      await store.put('token', 'old');
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.cas('token', 1, `new-${i}`)));
      results.filter(Boolean).should.have.length(1);
      const winner = results.indexOf(true);
      (await store.get('token')).should.eql({ value: `new-${winner}`, version: 2 });
    });

    it('lock: no two bodies of the same name overlap; other names are not held up', async () => {
      const store = await opened();
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
      const store = await opened();
      const cycle = {};
      cycle.self = cycle;
      const bad = [() => 1, 10n, { n: 1n }, cycle, undefined, [undefined], NaN, { x: Infinity }, new Map(), Symbol('s')];
      for (const value of bad) await store.put('k', value).should.be.rejectedWith(/not JSON data/);
      await store.cas('k', 0, () => 1).should.be.rejectedWith(/not JSON data/);
      for (const key of ['', 'x'.repeat(513), 42, '\ud800']) await store.put(key, 1).should.be.rejectedWith(/key/);
      (await store.put('x'.repeat(512), 1)).should.equal(1);
      (await store.list('')).map((e) => e.key).should.eql(['x'.repeat(512)]);
      await store.close();
      fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).should.have.length(1);
    });

    it('fails every call after close', async () => {
      const store = await opened();
      await store.put('k', 1);
      await store.close();
      await store.get('k').should.be.rejectedWith(/closed/);
      await store.put('k', 2).should.be.rejectedWith(/closed/);
    });
  });

  describe('the log on disk', () => {
    it('a reopened store sees every write', async () => {
      let store = await opened();
      await store.put('a', { n: 1 });
      await store.put('b', 'bee');
      await store.put('a', { n: 2 });
      await store.delete('b');
      await store.put('c', [1, 'two', null, { three: true }]);
      await store.close();
      store = await opened();
      (await store.list('')).should.eql([
        { key: 'a', value: { n: 2 }, version: 2 },
        { key: 'c', value: [1, 'two', null, { three: true }], version: 1 },
      ]);
      (await store.put('a', 3)).should.equal(3);
    });

    it('ignores a torn last line, cuts it off, and stays usable', async () => {
      let store = await opened();
      await store.put('a', 1);
      await store.put('b', 2);
      await store.close();
      const whole = fs.statSync(file).size;
      fs.appendFileSync(file, '{"key":"c","version":1,"val');
      store = await opened();
      (await store.list('')).map((e) => e.key).should.eql(['a', 'b']);
      fs.statSync(file).size.should.equal(whole);
      await store.put('c', 3);
      await store.close();
      store = await opened();
      (await store.list(''))
        .map((e) => [e.key, e.value])
        .should.eql([
          ['a', 1],
          ['b', 2],
          ['c', 3],
        ]);
      // A last line that is whole but unreadable (a crash can leave zeros) goes the same way.
      await store.close();
      fs.appendFileSync(file, '\0\0\0\0\n');
      store = await opened();
      (await store.list('')).should.have.length(3);
      fs.readFileSync(file, 'utf8').endsWith('}\n').should.be.true();
    });

    it('fails the open on a garbage line in the middle, naming the file and the line', async () => {
      let store = await opened();
      for (const k of ['a', 'b', 'c']) await store.put(k, k);
      await store.close();
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      lines[1] = 'garbage';
      fs.writeFileSync(file, lines.join('\n'));
      const before = fs.readFileSync(file);
      const err = await openStore({ file }).should.be.rejected();
      err.message.should.containEql(file);
      err.message.should.match(/line 2\b/);
      fs.readFileSync(file).equals(before).should.be.true();
      // The failed open let go of the lock file.
      fs.existsSync(`${file}.lock`).should.be.false();
    });

    it('a write that fails half-way is cut off; if even that fails, the store stops writing', async () => {
      let store = await opened();
      await store.put('a', 1);
      // The handle is private: reach it to make the disk fail after half a line.
      const fh = store.fh;
      fh.appendFile = async function (data) {
        await Object.getPrototypeOf(this).appendFile.call(this, data.subarray(0, 10));
        throw Object.assign(new Error('no space left'), { code: 'ENOSPC' });
      };
      await store.put('b', 2).should.be.rejectedWith('no space left');
      delete fh.appendFile;
      await store.put('c', 3);
      await store.close();
      store = await opened();
      (await store.list('')).map((e) => e.key).should.eql(['a', 'c']);

      store.fh.appendFile = async () => Promise.reject(new Error('no space left'));
      store.fh.truncate = async () => Promise.reject(new Error('I/O error'));
      await store.put('d', 4).should.be.rejectedWith('no space left');
      await store.put('e', 5).should.be.rejectedWith(/earlier failure: I\/O error/);
      (await store.get('a')).value.should.equal(1);
    });

    it('drops a snapshot left by a compaction that crashed before its rename', async () => {
      let store = await opened();
      await store.put('a', 1);
      await store.close();
      fs.writeFileSync(`${file}.tmp`, '{"key":"a","version":7,"value":"half');
      store = await opened();
      (await store.get('a')).should.eql({ value: 1, version: 1 });
      fs.existsSync(`${file}.tmp`).should.be.false();
    });

    it('compaction keeps the data and shrinks the log', async function () {
      this.timeout(120000);
      let store = await opened();
      const pad = 'p'.repeat(400);
      let written = 0;
      for (let v = 1; v <= 100; v++) {
        for (let k = 0; k < 50; k++) {
          await store.put(`key/${k}`, { v, k, pad });
          written += Buffer.byteLength(`{"key":"key/${k}","version":${v},"value":${JSON.stringify({ v, k, pad })}}\n`);
        }
      }
      await store.close();
      written.should.be.above(2 * 1024 * 1024);
      fs.statSync(file).size.should.be.below(written / 2);
      fs.existsSync(`${file}.tmp`).should.be.false();
      store = await opened();
      const all = await store.list('key/');
      all.should.have.length(50);
      for (const e of all) e.should.eql({ key: e.key, value: { v: 100, k: Number(e.key.slice(4)), pad }, version: 100 });
    });
  });

  describe('the lock file', () => {
    function holdInChild() {
      const script = path.join(dir, 'hold.js');
      fs.writeFileSync(
        script,
        `const { openStore } = require(${JSON.stringify(distStore)});\n` +
          `openStore({ file: ${JSON.stringify(file)} }).then((s) => { process.stdout.write('open\\n'); process.stdin.on('end', () => s.close()); process.stdin.resume(); });\n`,
      );
      const child = spawn(process.execPath, [script], { stdio: ['pipe', 'pipe', 'inherit'] });
      return new Promise((resolve) => child.stdout.once('data', () => resolve(child)));
    }

    it('a second open fails while the first is open, in this process or another, and succeeds after close', async () => {
      const store = await opened();
      await openStore({ file }).should.be.rejectedWith(new RegExp(`pid ${process.pid}`));
      await store.close();
      const child = await holdInChild();
      const exited = new Promise((r) => child.once('exit', r));
      try {
        const err = await openStore({ file }).should.be.rejected();
        err.message.should.containEql(`process ${child.pid}`);
        err.message.should.containEql(file);
      } finally {
        child.stdin.end();
      }
      await exited;
      fs.existsSync(`${file}.lock`).should.be.false();
      await (await opened()).put('k', 1);
    });

    it('takes over a stale lock: a process that has exited, or our own pid left by an earlier process', async () => {
      const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
      fs.writeFileSync(`${file}.lock`, `${gone.stdout}\n`);
      let store = await opened();
      (await store.put('k', 1)).should.equal(1);
      fs.readFileSync(`${file}.lock`, 'utf8').trim().should.equal(String(process.pid));
      await store.close();
      fs.existsSync(`${file}.lock`).should.be.false();
      fs.writeFileSync(`${file}.lock`, `${process.pid}\n`);
      store = await opened();
      (await store.get('k')).version.should.equal(1);
    });
  });

  describe('crash safety', () => {
    it('a child killed with SIGKILL mid-writes loses no acknowledged write and leaves a log that opens', async function () {
      this.timeout(180000);
      const script = path.join(dir, 'writer.js');
      // Each stay key is written once, a cursor over and over; half of the runs compact often, so that kills land in compactions.
      fs.writeFileSync(
        script,
        `const { FileStore } = require(${JSON.stringify(path.join(distStore, 'file'))});\n` +
          `const [file, run, compact] = process.argv.slice(2);\n` +
          `(async () => {\n` +
          `  const store = await FileStore.open(file, { compactMinBytes: Number(compact) });\n` +
          `  for (let i = 0; ; i++) {\n` +
          `    await store.put('r' + run + '/k' + i, { run: Number(run), i, pad: 'x'.repeat(i % 7 === 0 ? 3000 : 200) });\n` +
          `    process.stdout.write('r' + run + '/k' + i + '\\n');\n` +
          `    await store.put('cursor', { run: Number(run), i, pad: 'c'.repeat(2000) });\n` +
          `  }\n` +
          `})();\n`,
      );
      const printed = new Map();
      let clean = 0;
      let torn = 0;
      let inCompaction = 0;
      for (let run = 0; run < 10; run++) {
        const child = spawn(process.execPath, [script, file, String(run), run % 2 ? '8192' : String(1024 * 1024)], { stdio: ['ignore', 'pipe', 'inherit'] });
        const keys = [];
        let buffered = '';
        child.stdout.setEncoding('utf8');
        child.stdout.on('data', (chunk) => {
          buffered += chunk;
          const lines = buffered.split('\n');
          buffered = lines.pop();
          keys.push(...lines);
        });
        // 'close', not 'exit': only then has everything the child printed been read.
        const exited = new Promise((r) => child.once('close', r));
        await new Promise((r) => child.stdout.once('data', r));
        await new Promise((r) => setTimeout(r, 20 + Math.floor(Math.random() * 300)));
        child.kill('SIGKILL');
        await exited;
        keys.length.should.be.above(0);
        for (const k of keys) printed.set(k, run);

        if (fs.existsSync(`${file}.tmp`)) inCompaction++;
        const size = fs.statSync(file).size;
        const store = await openStore({ file });
        if (fs.statSync(file).size < size) torn++;
        const all = await store.list('');
        await store.close();
        const byKey = new Map(all.map((e) => [e.key, e]));
        let ok = true;
        for (const [k, r] of printed) {
          const e = byKey.get(k);
          if (!e || e.value.run !== r || e.value.i !== Number(k.split('/k')[1])) ok = false;
        }
        // Anything beyond what was printed is a whole write whose acknowledgement the kill cut off.
        const cursor = all.find((e) => e.key === 'cursor');
        if (cursor && (cursor.value.pad.length !== 2000 || !(cursor.value.run < run || cursor.value.i <= keys.length))) ok = false;
        const stays = all.filter((e) => e !== cursor);
        for (const e of stays) {
          const [r, i] = [Number(e.key.slice(1, e.key.indexOf('/'))), Number(e.key.split('/k')[1])];
          if (e.value.run !== r || e.value.i !== i || e.version !== 1 || e.value.pad.length !== (i % 7 === 0 ? 3000 : 200)) ok = false;
        }
        const extra = stays.filter((e) => !printed.has(e.key));
        if (extra.length > 1 || (extra.length === 1 && extra[0].key !== `r${run}/k${keys.length}`)) ok = false;
        // Once there, it is a committed write that later runs must keep.
        for (const e of extra) printed.set(e.key, run);
        if (ok) clean++;
      }
      console.log(`      store crash runs: ${clean}/10 clean (torn last line cut: ${torn}, killed mid-compaction: ${inCompaction})`);
      clean.should.equal(10);
    });
  });
});
