'use strict';
// 6. Scaling: remote opens/s through Node-RED against a simulator that answers after 20 ms, at
// per-config concurrency limits 1, 4, 16 and 64. Each figure is divided by the ceiling the limit
// sets (limit ÷ 20 ms): near 1 means the limit, not the code, bounds the throughput; the CPU
// share of Node-RED's process shows when the machine becomes the bound instead.
const { CREDS, ROOM, startSim, startRed, loopFlow, runLoop, report } = require('./support');

const LATENCY_MS = 20;
const LEVELS = [1, 4, 16, 64];

async function main() {
  const sim = await startSim('hotel');
  await sim.inject({ kind: 'delay', ms: LATENCY_MS });
  const hooks = {};
  const flows = LEVELS.flatMap((c) =>
    loopFlow(
      { type: 'smartlock-remote-open', operation: 'open' },
      { roomId: ROOM },
      { vendor: 'hotel', url: sim.url, config: { maxConcurrent: c }, prefix: `c${c}` },
    ),
  );
  const credentials = Object.fromEntries(LEVELS.map((c) => [`c${c}-cfg`, CREDS.hotel]));
  const red = await startRed({ flows, credentials, hooks });
  const rows = [];
  for (const c of LEVELS) {
    // Twice the limit in flight, so the config's queue always has the next msg waiting.
    await runLoop(red, hooks, 4 * c, 2 * c, `c${c}`);
    const total = Math.max(200, 100 * c);
    const cpu = process.cpuUsage();
    const r = await runLoop(red, hooks, total, 2 * c, `c${c}`);
    const used = process.cpuUsage(cpu);
    if (r.failed) throw new Error(`${r.failed} msgs failed at concurrency ${c}: ${r.error}`);
    const rate = total / (r.ms / 1000);
    rows.push({ c, rate, efficiency: rate / ((c * 1000) / LATENCY_MS), cpu: (used.user + used.system) / 1000 / r.ms });
  }
  await red.stop();
  await sim.stop();
  const worst = Math.min(...rows.map((r) => r.efficiency));
  report({
    id: 'scaling',
    title: `Scaling: throughput ÷ (limit ÷ ${LATENCY_MS} ms) at limits ${LEVELS.join(', ')}`,
    ratio: rows.map((r) => r.efficiency.toFixed(2)).join(' / '),
    target: '≈ 1 where CPU allows',
    pass: worst >= 0.8,
    detail: rows.map((r) => `${r.c}: ${Math.round(r.rate)}/s at ${Math.round(100 * r.cpu)}% of a core`).join(', '),
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
