'use strict';
// The durable store (lib/store): its semantics, and that a crash never loses an acknowledged write nor corrupts the log.
require('should');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const { openStore } = require('../dist/lib/store');
const { storeSemantics } = require('./support/store-semantics');

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
    storeSemantics(() => opened(), {
      // Each refused write left no line in the log.
      writes: () => fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).length,
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
