'use strict';
// 2. Tuya client against Tuya's official Node SDK (@tuya/tuya-connector-nodejs) on the same
// simulator: device status reads, same count and concurrency, each starting cold (no token),
// then taking turns.
const { TuyaContext } = require('@tuya/tuya-connector-nodejs');
const { createTuyaClient } = require('../dist/lib');
const { CREDS, startSim, closedLoop, report } = require('./support');

const TOTAL = Number(process.env.BENCH_OPS || 10000);
const CONCURRENCY = 100;
const DEVICE = 'lock-wifi-1';

const ROUNDS = 5;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Each client from a cold start (no token, no socket: the token count is read there), then
 * ROUNDS rounds of TOTAL / ROUNDS reads taking turns, so a shared machine's drift falls on both
 * alike; rates and CPU per call are the medians of the rounds.
 */
async function compare(sim, clients) {
  const runs = Object.fromEntries(Object.keys(clients).map((k) => [k, { rates: [], cpu: [], tokens: 0 }]));
  const made = {};
  for (const make of Object.values(clients)) {
    const warm = make(); // JIT warm-up on a throwaway instance
    await closedLoop(1000, CONCURRENCY, warm.call);
    warm.close();
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const [k, make] of Object.entries(clients)) {
      if (round === 0) {
        made[k] = make();
        await sim.reset();
      }
      const per = Math.floor(TOTAL / ROUNDS);
      const cpu = process.cpuUsage();
      const ms = await closedLoop(per, CONCURRENCY, made[k].call);
      const used = process.cpuUsage(cpu);
      runs[k].rates.push(per / (ms / 1000));
      runs[k].cpu.push((used.user + used.system) / 1000 / per);
      if (round === 0) {
        const { received } = await sim.counts();
        runs[k].tokens = (received.token ?? 0) + (received['token.refresh'] ?? 0);
      }
    }
  }
  for (const c of Object.values(made)) c.close();
  return Object.fromEntries(Object.entries(runs).map(([k, r]) => [k, { rate: median(r.rates), cpuMs: median(r.cpu), tokens: r.tokens }]));
}

async function main() {
  const sim = await startSim('tuya');
  const { ours: mine, sdk: theirs } = await compare(sim, {
    ours: () => {
      const ours = createTuyaClient({ baseUrl: sim.url, ...CREDS.tuya, maxConcurrent: CONCURRENCY, maxQueue: CONCURRENCY });
      const status = ours.action('device', 'status');
      return { call: () => ours.call(status, { deviceId: DEVICE }), close: () => ours.close() };
    },
    sdk: () => {
      const sdk = new TuyaContext({ baseUrl: sim.url, accessKey: CREDS.tuya.accessId, secretKey: CREDS.tuya.accessSecret });
      const call = async () => {
        const res = await sdk.request({ method: 'GET', path: `/v1.0/devices/${DEVICE}/status` });
        if (!res.success) throw new Error(`SDK call refused: ${res.code} ${res.msg}`);
      };
      return { call, close: () => undefined };
    },
  });
  await sim.stop();

  report({
    id: 'tuya-sdk',
    title: 'Tuya: ops/s of this client ÷ the official Node SDK',
    ratio: mine.rate / theirs.rate,
    target: '≥ 1.2',
    pass: mine.rate / theirs.rate >= 1.2,
    detail: `${Math.round(mine.rate)} vs ${Math.round(theirs.rate)} status reads/s, client CPU ${mine.cpuMs.toFixed(2)} vs ${theirs.cpuMs.toFixed(2)} ms/op (medians of ${ROUNDS} alternating rounds), ${TOTAL} ops each, ${CONCURRENCY} concurrent`,
  });
  report({
    id: 'tuya-tokens',
    title: `Tuya: token requests for ${Math.floor(TOTAL / ROUNDS)} ops, ${CONCURRENCY} concurrent, cold start`,
    ratio: mine.tokens,
    target: '1 (SDK: printed)',
    pass: mine.tokens === 1,
    unit: 'requests',
    detail: `this client ${mine.tokens}, official SDK ${theirs.tokens}`,
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
