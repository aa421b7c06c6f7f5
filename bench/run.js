#!/usr/bin/env node
'use strict';
// `npm run bench`: each benchmark in its own Node process (clean heap, --expose-gc), then one
// table of the figures. Everything talks to simulators on 127.0.0.1.
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');

const BENCHES = ['flow-overhead', 'tuya-sdk', 'memory', 'aliyun-cards', 'load-time', 'scaling', 'push', 'face', 'stays'];

function runOne(name) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', path.join(__dirname, `${name}.js`)], { stdio: ['ignore', 'pipe', 'inherit'] });
    const results = [];
    let buffer = '';
    child.stdout.on('data', (d) => {
      buffer += d;
      const lines = buffer.split('\n');
      buffer = lines.pop();
      for (const line of lines) if (line.startsWith('BENCH ')) results.push(JSON.parse(line.slice(6)));
    });
    child.on('exit', (code) => (code === 0 ? resolve(results) : reject(new Error(`bench ${name} failed (exit ${code})`))));
  });
}

const fmt = (v) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(2)) : String(v));

async function main() {
  const only = process.argv.slice(2);
  const t0 = Date.now();
  const rows = [];
  for (const name of BENCHES.filter((b) => !only.length || only.includes(b))) {
    process.stderr.write(`bench ${name}…\n`);
    rows.push(...(await runOne(name)));
  }
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  console.log(
    `\nMeasured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} × ${cpu}, Node ${process.version}, ${Math.round((Date.now() - t0) / 1000)} s in all\n`,
  );
  console.log('| Benchmark | Figure | Target | Met | Measured |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) {
    // pass null: the row has nothing to meet (a figure only, or a system a bench cannot run)
    const unit = r.unit && r.ratio === 1 && r.unit !== 'ms' ? r.unit.replace(/s$/, '') : r.unit; // "1 ms", not "1 m"
    console.log(`| ${r.title} | ${fmt(r.ratio)}${unit ? ` ${unit}` : ''} | ${r.target} | ${r.pass === null ? '—' : r.pass ? 'yes' : 'no'} | ${r.detail} |`);
  }
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
