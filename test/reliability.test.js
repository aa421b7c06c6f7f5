'use strict';
// Faults: 2100 msgs against the three simulators while they misbehave at random, token
// endpoints, token revocation and expiry included. Every msg ends in exactly one output or one
// error with a contract code; remote open and device commands (not idempotent) never reach the
// service twice.
require('should');
const { helper, startHotel, startTuya, startAliyun, loadFlow } = require('./support/flow');
const summary = require('./support/summary');

const PER_VENDOR = Number(process.env.RELIABILITY_MSGS || 700);
const CODES = ['VALIDATION', 'NOT_SUPPORTED', 'AUTH', 'VENDOR', 'RATE_LIMIT', 'TIMEOUT', 'NETWORK', 'QUEUE_FULL'];
const FAULTS = [
  { kind: 'status', status: 500 },
  { kind: 'status', status: 502 },
  { kind: 'status', status: 503 },
  { kind: 'reset' },
  { kind: 'resetAfter' },
  { kind: 'delay', ms: 700 },
  { kind: 'delay', ms: 50 },
  { kind: 'malformed' },
  { kind: 'html' },
  { kind: 'empty' },
];
const IDEMPOTENT_ONLY = [
  { kind: 'status', status: 429, headers: { 'Retry-After': '0' } },
  { kind: 'status', status: 429 },
];

const VENDORS = {
  hotel: {
    start: startHotel,
    once: ['smartlock-remote-open', 'open', 'GatewayOpen', { deviceId: '775032240849920' }],
    read: ['smartlock-users', 'rooms', 'GetRoomList', {}],
  },
  tuya: {
    start: startTuya,
    token: { op: 'token', revoke: (sim) => sim.tokens.clear() },
    once: ['smartlock-device', 'command', 'device.control', { deviceId: 'lock-wifi-1', commands: [{ code: 'closed_opened', value: 'opened' }] }],
    read: ['smartlock-device', 'status', 'device.status', { deviceId: 'lock-wifi-1' }],
  },
  aliyun: {
    start: startAliyun,
    token: { op: '/cloud/token', revoke: (sim) => sim.cloudTokens.clear() },
    once: ['smartlock-remote-open', 'open', '/cloud/thing/service/invoke', { deviceId: 'dev-door-1' }],
    read: ['smartlock-keep-open', 'get', '/entrance/paas/keepopen/get', { deviceId: 'dev-door-1' }],
  },
};

const table = [];

describe(`reliability: ${PER_VENDOR * 3} msgs under random faults`, function () {
  this.timeout(600_000);
  after(() => {
    console.log('\n      vendor   msgs  faults  token-events  outputs  errors  resent-non-idempotent  codes');
    for (const t of table)
      console.log(
        `      ${t.vendor.padEnd(7)} ${String(t.msgs).padStart(5)} ${String(t.faults).padStart(7)} ${String(t.tokenEvents).padStart(13)} ${String(t.outputs).padStart(8)} ${String(t.errors).padStart(7)} ${String(t.resent).padStart(22)}  ${JSON.stringify(t.codes)}`,
      );
  });

  for (const [vendor, v] of Object.entries(VENDORS)) {
    it(`${vendor}: one outcome per msg, no non-idempotent resend`, () =>
      summary.watchCrashes(async () => {
        const sim = await v.start();
        try {
          await loadFlow(
            sim,
            [
              { id: 'n-once', type: v.once[0], operation: v.once[1] },
              { id: 'n-read', type: v.read[0], operation: v.read[1] },
            ],
            { timeout: 0.4, maxConcurrent: 8, maxQueue: 5000 },
          );
          const outcomes = new Map();
          const waiters = new Map();
          const record = (kind) => (m) => {
            if (m._n === undefined) return;
            outcomes.set(m._n, [...(outcomes.get(m._n) ?? []), kind === 'error' ? m.error.code : 'output']);
            waiters.get(m._n)?.();
          };
          helper.getNode('out').on('input', record('output'));
          helper.getNode('caught').on('input', record('error'));
          let seed = 7 + vendor.length;
          const r = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
          let faults = 0;
          let tokenEvents = 0;
          let onceMsgs = 0;
          const pending = [];
          for (let i = 0; i < PER_VENDOR; i++) {
            const once = r() < 0.5;
            const [, , op, payload] = once ? v.once : v.read;
            if (r() < 0.35) {
              const pool = once ? FAULTS : [...FAULTS, ...IDEMPOTENT_ONLY];
              sim.inject(pool[Math.floor(r() * pool.length)], { match: op });
              faults++;
            }
            if (v.token && r() < 0.04) {
              // The token endpoint fails, or the token is revoked or expires under the running calls.
              const event = r();
              if (event < 0.5) {
                sim.inject(FAULTS[Math.floor(r() * FAULTS.length)], { match: v.token.op });
                faults++;
              } else if (event < 0.75) v.token.revoke(sim);
              else sim.expireTokens();
              tokenEvents++;
            }
            if (once) onceMsgs++;
            pending.push(new Promise((resolve) => waiters.set(i, resolve)));
            helper.getNode(once ? 'n-once' : 'n-read').receive({ _n: i, payload });
            if (pending.length % 16 === 0) await Promise.all(pending.slice(-16));
          }
          await Promise.all(pending);
          await new Promise((res) => setTimeout(res, 1000)); // late duplicates would show here
          const t = { vendor, msgs: PER_VENDOR, faults, tokenEvents, outputs: 0, errors: 0, resent: 0, codes: {} };
          for (let i = 0; i < PER_VENDOR; i++) {
            const seen = outcomes.get(i) ?? [];
            seen.length.should.equal(1, `msg ${i}: ${JSON.stringify(seen)}`);
            if (seen[0] === 'output') t.outputs++;
            else {
              t.errors++;
              CODES.should.containEql(seen[0]);
              t.codes[seen[0]] = (t.codes[seen[0]] ?? 0) + 1;
            }
          }
          // Every non-idempotent msg reached the service at most once (a request refused for its
          // token did nothing and may be sent again with a new one).
          t.resent = Math.max(0, (sim.received[v.once[2]] ?? 0) - (sim.tokenRefused[v.once[2]] ?? 0) - onceMsgs);
          table.push(t);
          summary.add('faults', { faults, msgs: t.msgs, outputs: t.outputs, errors: t.errors, duplicates: t.resent });
          t.resent.should.equal(0);
          if (v.token) tokenEvents.should.be.above(10);
        } finally {
          sim.clearFaults();
          await helper.unload();
          await sim.stop();
        }
      }));
  }
});
