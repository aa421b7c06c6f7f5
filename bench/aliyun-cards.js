'use strict';
// 4. Alibaba card grants: 10 000 cards in one msg are sent 1000 per request; requests counted
// by the simulator, against one request per card.
const { createAliyunClient } = require('../dist/lib');
const { CREDS, startSim, report } = require('./support');

const CARDS = Number(process.env.BENCH_CARDS || 10000);

async function main() {
  const sim = await startSim('aliyun', { projectId: 'a1sim-project' });
  const client = createAliyunClient({ baseUrl: sim.url, ...CREDS.aliyun, projectId: 'a1sim-project', timeZone: 'Asia/Shanghai' });
  const until = Date.now() + 24 * 3600_000;
  const cards = Array.from({ length: CARDS }, (_, i) => ({ personId: 'bench-person', deviceId: 'dev-door-1', cardId: `card-${i}`, validUntil: until }));
  await sim.reset();
  const t0 = performance.now();
  const result = await client.call(client.action('card', 'issue'), { cards });
  const ms = performance.now() - t0;
  const { received } = await sim.counts();
  client.close();
  await sim.stop();
  const requests = received['/entrance/paas/perm/card/batchmodify'] ?? 0;
  const failures = result.payload.failures?.length ?? 0;
  if (failures) throw new Error(`${failures} cards refused`);
  report({
    id: 'aliyun-cards',
    title: `Alibaba: requests to grant ${CARDS.toLocaleString('en')} cards`,
    ratio: requests,
    unit: 'requests',
    target: '10',
    pass: requests === Math.ceil(CARDS / 1000),
    detail: `${Math.round(ms)} ms wall, ${CARDS / requests}× fewer requests than one per card (cloud token: ${received['/cloud/token'] ?? 0} more)`,
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
