'use strict';
// 3. Memory: RSS and heap after 100 000 remote opens through a flow, minus after 1 000, with a
// forced GC before each sample. Run with --expose-gc (bench/run.js does).
const { CREDS, ROOM, startSim, startRed, loopFlow, runLoop, gc, report } = require('./support');

const TOTAL = Number(process.env.BENCH_OPS || 100000);
const MB = 1024 * 1024;

function sample() {
  gc();
  const m = process.memoryUsage();
  return { rss: m.rss / MB, heap: m.heapUsed / MB };
}

async function main() {
  if (!global.gc) throw new Error('run with node --expose-gc');
  const sim = await startSim('hotel');
  const hooks = {};
  const red = await startRed({
    flows: loopFlow({ type: 'smartlock-remote-open', operation: 'open' }, { roomId: ROOM }, { vendor: 'hotel', url: sim.url, config: { maxConcurrent: 8 } }),
    credentials: { 'bench-cfg': CREDS.hotel },
    hooks,
  });
  // Samples at 1 000 and then every quarter, so a leak (steady growth) shows apart from
  // warm-up (growth that stops).
  const marks = [...new Set([1000, TOTAL / 4, TOTAL / 2, (3 * TOTAL) / 4, TOTAL].map(Math.round))].filter((m) => m >= 1000).sort((a, b) => a - b);
  const samples = [];
  let done = 0;
  for (const mark of marks) {
    const r = await runLoop(red, hooks, mark - done, 8);
    if (r.failed) throw new Error(`${r.failed} msgs failed: ${r.error}`);
    done = mark;
    samples.push(sample());
  }
  await red.stop();
  await sim.stop();
  const [before, after] = [samples[0], samples[samples.length - 1]];
  const growth = Math.max(after.rss - before.rss, after.heap - before.heap);
  report({
    id: 'memory',
    title: `Memory growth from 1 000 to ${TOTAL.toLocaleString('en')} msgs through a flow`,
    ratio: growth,
    unit: 'MB',
    target: '≤ 10 MB',
    pass: growth <= 10,
    detail: `RSS ${samples.map((m) => m.rss.toFixed(0)).join(' → ')} MB, heap ${samples.map((m) => m.heap.toFixed(1)).join(' → ')} MB at ${marks.map((m) => `${m / 1000}k`).join(', ')} msgs`,
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
