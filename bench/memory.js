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
  const first = await runLoop(red, hooks, 1000, 8);
  const before = sample();
  const rest = await runLoop(red, hooks, TOTAL - 1000, 8);
  const after = sample();
  await red.stop();
  await sim.stop();
  if (first.failed || rest.failed) throw new Error(`${first.failed + rest.failed} msgs failed: ${rest.error ?? first.error}`);
  const growth = Math.max(after.rss - before.rss, after.heap - before.heap);
  report({
    id: 'memory', title: `Memory growth from 1 000 to ${TOTAL.toLocaleString('en')} msgs through a flow`,
    ratio: growth, unit: 'MB', target: '≤ 10 MB', pass: growth <= 10,
    detail: `RSS ${before.rss.toFixed(1)} → ${after.rss.toFixed(1)} MB, heap ${before.heap.toFixed(1)} → ${after.heap.toFixed(1)} MB`,
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
