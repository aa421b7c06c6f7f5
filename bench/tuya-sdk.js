'use strict';
// 2. Tuya client against Tuya's official Node SDK (@tuya/tuya-connector-nodejs) on the same
// simulator: device status reads, same count and concurrency, each starting cold (no token).
const { TuyaContext } = require('@tuya/tuya-connector-nodejs');
const { createTuyaClient } = require('../dist/lib');
const { CREDS, startSim, closedLoop, report } = require('./support');

const TOTAL = Number(process.env.BENCH_OPS || 10000);
const CONCURRENCY = 100;
const DEVICE = 'lock-wifi-1';

/** Warms the code up on a throwaway instance, then measures a fresh one from a cold start. */
async function measure(sim, label, make) {
  const warm = make();
  await closedLoop(1000, CONCURRENCY, warm.call);
  warm.close();
  const { call, close } = make();
  await sim.reset();
  const cpu = process.cpuUsage();
  const ms = await closedLoop(TOTAL, CONCURRENCY, call);
  const used = process.cpuUsage(cpu);
  const { received } = await sim.counts();
  close();
  return {
    label,
    cpuMs: (used.user + used.system) / 1000 / TOTAL,
    rate: TOTAL / (ms / 1000),
    tokens: (received.token ?? 0) + (received['token.refresh'] ?? 0),
    ms,
  };
}

async function main() {
  const sim = await startSim('tuya');
  const mine = await measure(sim, 'ours', () => {
    const ours = createTuyaClient({ baseUrl: sim.url, ...CREDS.tuya, maxConcurrent: CONCURRENCY, maxQueue: CONCURRENCY });
    const status = ours.action('device', 'status');
    return { call: () => ours.call(status, { deviceId: DEVICE }), close: () => ours.close() };
  });
  const theirs = await measure(sim, 'sdk', () => {
    const sdk = new TuyaContext({ baseUrl: sim.url, accessKey: CREDS.tuya.accessId, secretKey: CREDS.tuya.accessSecret });
    const call = async () => {
      const res = await sdk.request({ method: 'GET', path: `/v1.0/devices/${DEVICE}/status` });
      if (!res.success) throw new Error(`SDK call refused: ${res.code} ${res.msg}`);
    };
    return { call, close: () => undefined };
  });
  await sim.stop();

  report({
    id: 'tuya-sdk',
    title: 'Tuya: ops/s of this client ÷ the official Node SDK',
    ratio: mine.rate / theirs.rate,
    target: '≥ 1.2',
    pass: mine.rate / theirs.rate >= 1.2,
    detail: `${Math.round(mine.rate)} vs ${Math.round(theirs.rate)} status reads/s, client CPU ${mine.cpuMs.toFixed(2)} vs ${theirs.cpuMs.toFixed(2)} ms/op, ${TOTAL} ops, ${CONCURRENCY} concurrent`,
  });
  report({
    id: 'tuya-tokens',
    title: `Tuya: token requests for ${TOTAL} ops, ${CONCURRENCY} concurrent, cold start`,
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
