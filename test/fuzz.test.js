'use strict';
// Bad input: 1000 random payloads per palette node, each msg ending in exactly one output or
// one error, no crash, no unhandled rejection, and every VALIDATION refusal sent nothing.
require('should');
const { helper, startHotel, startTuya, startAliyun, loadFlow } = require('./support/flow');
const summary = require('./support/summary');
const { VENDORS } = require('../dist/lib/vendors');
const { allParams } = require('../dist/lib/catalog');

const N = Number(process.env.FUZZ_CASES || 1000);
const CODES = ['VALIDATION', 'NOT_SUPPORTED', 'AUTH', 'NOT_FOUND', 'VENDOR', 'RATE_LIMIT', 'TIMEOUT', 'NETWORK', 'QUEUE_FULL'];

/** A small seeded generator, so a failure can be replayed with FUZZ_SEED. */
function rng(seed) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

function fuzzValue(r, depth = 0) {
  const pick = (a) => a[Math.floor(r() * a.length)];
  switch (Math.floor(r() * 14)) {
    case 0:
      return pick(['', ' ', '0', '-1', '1e309', 'NaN', 'null', 'true', '../../v1.0/token', '%2F..%2F', 'a?b#c', '..', '.']);
    case 1:
      return 'x'.repeat(Math.floor(r() * 70000));
    case 2:
      return pick(['门锁', '𝄞🔑', 'a\u0000b', '\u202e', '<script>alert(1)</script>', "'; DROP TABLE rooms;--"]);
    case 3:
      return pick([NaN, Infinity, -Infinity, -1, 0, 1.5, 2 ** 53, -(2 ** 31), 1e20, 7]);
    case 4:
      return pick([Date.now(), Date.now() / 1000, Date.now() + 1e12, -86400e3, 4102444800000, 946684800]);
    case 5:
      return pick([true, false, null, undefined]);
    case 6:
      return new Date(pick([Date.now(), NaN, 8.64e15, 0]));
    case 7:
      return depth > 2 ? {} : Object.fromEntries(Array.from({ length: Math.floor(r() * 4) }, (_, i) => [`k${i}`, fuzzValue(r, depth + 1)]));
    case 8:
      return depth > 2 ? [] : Array.from({ length: Math.floor(r() * 5) }, () => fuzzValue(r, depth + 1));
    case 9:
      return JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}');
    case 10:
      return Buffer.from(pick(['', 'GIF89a', '\u0089PNG\r\n\u001a\n', 'xx']));
    case 11:
      return pick(['2026-11-24T12:00:00+08:00', '2026-11-24 12:00', '2026-02-30T00:00:00Z', 'tomorrow', '1714543200', '12345678']);
    case 12:
      return String(Math.floor(r() * 1e8));
    default:
      return pick(['775032240849920', 'lock-wifi-1', 'dev-door-1', 'lock-1', 'visitor-1', '10', 'C-1']);
  }
}

function fuzzPayload(r, names) {
  const roll = r();
  if (roll < 0.05) return fuzzValue(r);
  const payload = roll < 0.1 ? JSON.parse('{"__proto__": {"roomId": "775032240849920"}}') : {};
  for (const name of names) if (r() < 0.6) payload[name] = fuzzValue(r);
  if (r() < 0.2) payload[`extra${Math.floor(r() * 9)}`] = fuzzValue(r);
  return payload;
}

const SIMS = { hotel: startHotel, tuya: startTuya, aliyun: startAliyun };
/** Each palette node with a system that has its headline action. */
const CASES = [
  ['smartlock-card', 'hotel', 'issue'],
  ['smartlock-password', 'tuya', 'create'],
  ['smartlock-face', 'hotel', 'upload'],
  ['smartlock-fingerprint', 'hotel', 'upload'],
  ['smartlock-remote-open', 'tuya', 'open'],
  ['smartlock-logs', 'aliyun', 'query'],
  ['smartlock-keep-open', 'aliyun', 'set'],
  ['smartlock-qrcode', 'aliyun', 'grant'],
  ['smartlock-users', 'aliyun', 'keyBind'],
  ['smartlock-device', 'tuya', 'command'],
  ['smartlock-api', 'hotel', 'MarkRoomCard'],
  ['smartlock-events', 'tuya', 'query'],
];

const table = [];

describe(`fuzz: ${N} random payloads per node`, function () {
  this.timeout(300_000);
  let unhandled = 0;
  const onUnhandled = () => unhandled++;
  before(() => process.on('unhandledRejection', onUnhandled));
  after(() => {
    process.removeListener('unhandledRejection', onUnhandled);
    console.log('\n      node                   cases  outputs  errors  VALIDATION  sent-while-refused  crashes');
    for (const s of table)
      console.log(
        `      ${s.type.padEnd(22)} ${String(s.cases).padStart(5)} ${String(s.outputs).padStart(8)} ${String(s.errors).padStart(7)} ${String(s.validation).padStart(11)} ${String(s.leaked).padStart(19)} ${String(s.crashes).padStart(8)}`,
      );
  });

  for (const [type, vendor, operation] of CASES) {
    it(`${type} (${vendor})`, () =>
      summary.watchCrashes(async () => {
        const sim = await SIMS[vendor]();
        try {
          const extra = type === 'smartlock-events' ? { devices: 'lock-wifi-1' } : {};
          await loadFlow(sim, [{ id: 'n', type, operation, ...extra }], { maxQueue: 5000, maxConcurrent: 8 });
          const op = VENDORS[vendor].catalog.operations.find((o) =>
            type === 'smartlock-api' ? o.name === operation : o.family === type.replace('smartlock-', '').replace('events', 'logs') && o.action === operation,
          );
          const names = [...allParams(op).flatMap((p) => [p.name, p.wire]), 'deviceId', 'cardId', 'validFrom', 'validUntil', 'password'];
          const r = rng(Number(process.env.FUZZ_SEED || 42) + type.length);
          const node = helper.getNode('n');
          const outcomes = new Map();
          const waiting = new Map();
          const record = (kind) => (m) => {
            if (!m._fuzz) return;
            outcomes.set(m._fuzz, [...(outcomes.get(m._fuzz) ?? []), kind === 'error' ? m.error.code : 'output']);
            waiting.get(m._fuzz)?.();
          };
          helper.getNode('out').on('input', record('output'));
          helper.getNode('caught').on('input', record('error'));
          // The events node reads no payload: fewer cases show it survives them.
          const cases = type === 'smartlock-events' ? Math.min(N, 200) : N;
          const s = { type, cases, outputs: 0, errors: 0, validation: 0, leaked: 0, crashes: 0 };
          const received = () => Object.values(sim.received).reduce((a, b) => a + b, 0);
          for (let i = 1; i <= cases; i++) {
            const before = received();
            const done = new Promise((resolve) => waiting.set(i, resolve));
            node.receive({ _fuzz: i, payload: fuzzPayload(r, names) });
            // The events node emits nothing when no record is new: its done() is the outcome then.
            await (type === 'smartlock-events' ? Promise.race([done, new Promise((res) => setTimeout(res, 30))]) : done);
            const codes = outcomes.get(i) ?? [];
            if (codes[0] === 'VALIDATION') {
              s.validation++;
              if (received() !== before) s.leaked++;
            }
          }
          await new Promise((res) => setTimeout(res, 100));
          for (let i = 1; i <= cases; i++) {
            const codes = outcomes.get(i) ?? [];
            if (type !== 'smartlock-events') codes.length.should.equal(1, `msg ${i} ended ${codes.length} times`);
            if (type === 'smartlock-events') codes.length.should.be.belowOrEqual(1);
            for (const c of codes)
              if (c === 'output') s.outputs++;
              else {
                s.errors++;
                CODES.should.containEql(c);
              }
          }
          table.push(s);
          summary.add('fuzz', { fuzzCases: cases });
          s.leaked.should.equal(0);
          unhandled.should.equal(0);
          if (type !== 'smartlock-events') s.validation.should.be.above(N / 4); // the events node reads no payload
        } finally {
          await helper.unload();
          await sim.stop();
        }
      }));
  }
});
