'use strict';
// 1. Flow overhead: remote opens per second through a real Node-RED flow (inject → function →
// smartlock-remote-open → function, closed loop) divided by the rate of a bare keep-alive
// axios loop sending the same signed request at the same concurrency.
const http = require('node:http');
const axios = require('axios');
const { createHotelClient } = require('../dist/lib');
const { CREDS, ROOM, startSim, startRed, loopFlow, runLoop, closedLoop, report } = require('./support');

const TOTAL = Number(process.env.BENCH_OPS || 20000);
const CONCURRENCY = 8;

async function main() {
  const sim = await startSim('hotel');
  const hooks = {};
  const red = await startRed({
    flows: loopFlow(
      { type: 'smartlock-remote-open', operation: 'open' },
      { roomId: ROOM },
      { vendor: 'hotel', url: sim.url, config: { maxConcurrent: CONCURRENCY } },
    ),
    credentials: { 'bench-cfg': CREDS.hotel },
    hooks,
  });
  await runLoop(red, hooks, 500, CONCURRENCY); // warm-up
  const flow = await runLoop(red, hooks, TOTAL, CONCURRENCY);
  if (flow.failed) throw new Error(`flow run failed ${flow.failed} times: ${flow.error}`);

  // The same request on the wire: capture what the client sends, then replay it bare.
  const seen = await captureRequest();
  await red.stop();
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const client = axios.create({ baseURL: sim.url, httpAgent: agent });
  const call = async () => {
    const res = await client.post(seen.path, seen.body, { headers: { 'Content-Type': seen.type } });
    if (res.data.code !== 1) throw new Error(`raw call refused: ${JSON.stringify(res.data)}`);
  };
  await closedLoop(500, CONCURRENCY, call);
  const rawMs = await closedLoop(TOTAL, CONCURRENCY, call);
  agent.destroy();
  await sim.stop();

  const flowRate = TOTAL / (flow.ms / 1000);
  const rawRate = TOTAL / (rawMs / 1000);
  report({
    id: 'flow-overhead',
    title: 'Flow overhead: remote opens/s through Node-RED ÷ bare axios loop',
    ratio: flowRate / rawRate,
    target: '≥ 0.85',
    pass: flowRate / rawRate >= 0.85,
    detail: `${Math.round(flowRate)} vs ${Math.round(rawRate)} req/s, ${TOTAL} requests, concurrency ${CONCURRENCY}`,
  });
}

/** The remote-open request as this package sends it: path, content type and body. */
function captureRequest() {
  return new Promise((resolve, reject) => {
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify({ code: 1, msg: 'ok' }));
        server.close();
        resolve({ path: req.url, type: req.headers['content-type'], body });
      });
    });
    server.listen(0, '127.0.0.1', () => {
      const client = createHotelClient({ baseUrl: `http://127.0.0.1:${server.address().port}`, ...CREDS.hotel });
      client
        .call(client.action('remote-open', 'open'), { roomId: ROOM })
        .catch(reject)
        .finally(() => client.close());
    });
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
