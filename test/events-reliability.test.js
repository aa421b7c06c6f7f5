'use strict';
// smartlock-events loses nothing: every page is read (a long backlog over several polls), one
// record with an absurd or unreadable time neither stops the node nor hides later events, and a
// huge interval does not turn into polling without pause.
require('should');
const { helper, startTuya, loadFlow, pollEvents } = require('./support/flow');
const summary = require('./support/summary');
const { readLog } = require('../dist/lib/events');
const TUYA_EVENTS = require('../dist/lib/vendors').VENDORS.tuya.module.events;

const DEV = 'lock-wifi-1';
const counts = { eventsLost: 0 };
after(() => summary.add('events', counts));

// Node ids are unique per test: a node's cursor outlives its flow in the process, as on a redeploy.
let flowNo = 0;
const poll = () => pollEvents(`ev${flowNo}`);
const eventsNode = (operation, interval = 3600) => ({ id: `ev${++flowNo}`, type: 'smartlock-events', operation, devices: DEV, interval });

/** Counts what was expected and not emitted (by the unlock's number, kept in `value`). */
function lost(events, expected) {
  const values = new Set(events.map((e) => e.raw.value ?? Object.values(e.raw.dps?.[0] ?? {})[0]));
  const missing = expected.filter((v) => !values.has(v)).length;
  counts.eventsLost += missing;
  return missing;
}

describe('smartlock-events reads everything', function () {
  this.timeout(30_000);
  let sim;
  afterEach(async () => {
    await helper.unload();
    await sim?.stop();
    sim = undefined;
  });

  for (const operation of ['unlock', 'query']) {
    it(`${operation}: 120 unlocks between two polls are 120 events, one each`, async () => {
      sim = await startTuya();
      await loadFlow(sim, [eventsNode(operation)]);
      (await poll()).should.eql([]);
      const expected = Array.from({ length: 120 }, (_, i) => String(1000 + i));
      for (const v of expected) sim.recordOpen(DEV, 'unlock_fingerprint', v);
      const events = await poll();
      events.length.should.equal(120);
      lost(events, expected).should.equal(0);
      new Set(events.map((e) => e.id)).size.should.equal(120);
      (await poll()).should.eql([]);
    });
  }

  it('a backlog longer than one poll reads (20 pages) is finished by the next polls, nothing doubled', async () => {
    sim = await startTuya();
    await loadFlow(sim, [eventsNode('query')]);
    await poll();
    const expected = Array.from({ length: 1130 }, (_, i) => String(5000 + i));
    for (const v of expected) sim.recordOpen(DEV, 'unlock_card', v);
    const first = await poll();
    first.length.should.equal(1000);
    const second = await poll();
    second.length.should.equal(130);
    const all = [...first, ...second];
    new Set(all.map((e) => e.id)).size.should.equal(1130);
    lost(all, expected).should.equal(0);
    sim.recordOpen(DEV, 'unlock_card', '9999');
    (await poll()).map((e) => e.raw.dps[0].unlock_card).should.eql(['9999']);
  });

  it('records dated 5 years ahead, in 2200 and at 1e17 are emitted once, flagged, and the unlocks after them still come', async () => {
    sim = await startTuya();
    await loadFlow(sim, [eventsNode('query')]);
    await poll();
    const logs = sim.devices.get(DEV).openLogs;
    const plant = (id, seconds) =>
      logs.unshift({ record_id: id, status: { code: 'unlock_password', value: '7' }, update_time: seconds, nick_name: 'Clock', user_id: '100' });
    plant('ahead', Math.floor(Date.now() / 1000) + 5 * 365 * 86400);
    plant('y2200', Date.UTC(2200, 0, 1) / 1000);
    plant('e17', 1e14); // gmt_create 1e17 ms: no Date can hold it
    sim.recordOpen(DEV, 'unlock_fingerprint', '42');
    const events = await poll();
    events
      .filter((e) => !e.timeFlag)
      .map((e) => e.raw.dps[0].unlock_fingerprint)
      .should.eql(['42']);
    const flagged = Object.fromEntries(events.filter((e) => e.timeFlag).map((e) => [e.id, e]));
    flagged.should.have.keys('ahead', 'y2200', 'e17');
    flagged.ahead.timeFlag.should.equal('future');
    flagged.y2200.timeFlag.should.equal('future');
    flagged.e17.should.match({ timeFlag: 'unreadable', raw: { time: 1e17 } });
    flagged.e17.time.should.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?[+-]\d\d:\d\d$/); // when it was read, in the zone
    flagged.e17.should.not.have.property('timeMs');
    // The poison stays in the log; the cursor did not follow it.
    (await poll()).should.eql([]);
    sim.recordOpen(DEV, 'unlock_fingerprint', '43');
    sim.recordOpen(DEV, 'unlock_card', '44');
    const later = await poll();
    later
      .map((e) => Object.values(e.raw.dps[0])[0])
      .sort()
      .should.eql(['43', '44']);
    lost([...events, ...later], ['42', '43', '44']).should.equal(0);
  });

  it('an interval of 30 days is held at what a timer can hold, not polled every millisecond', async () => {
    sim = await startTuya();
    await loadFlow(sim, [eventsNode('query', 2_592_000)]);
    await new Promise((r) => setTimeout(r, 1000));
    (sim.received['doorLock.listRecords'] ?? 0).should.equal(0);
  });
});

describe('readLog', () => {
  const page = (records, next) => ({ records, next });
  it('keeps reading from where it stopped, and only then moves on to a new window', async () => {
    const now = Date.now();
    const rec = (i) => ({ recordId: `r${i}`, time: new Date(now - 1000 * i).toISOString() });
    const pages = [[rec(1), rec(2)], [rec(3), rec(4)], [rec(5)]];
    const asked = [];
    const fetch = async (w) => {
      asked.push(w.position);
      const i = w.position - 1;
      return page(pages[i] ?? [], i + 1 < pages.length ? w.position + 1 : undefined);
    };
    let cursor = { since: now - 60_000, seen: [] };
    let r = await readLog('d', cursor, fetch, { now, maxPages: 2, mapping: TUYA_EVENTS });
    r.fresh.map((e) => e.id).should.eql(['r4', 'r3', 'r2', 'r1']);
    r.cursor.resume.should.match({ position: 3 });
    cursor = r.cursor;
    r = await readLog('d', cursor, fetch, { now, maxPages: 2, mapping: TUYA_EVENTS });
    r.fresh.map((e) => e.id).should.eql(['r5']);
    (r.cursor.resume === undefined).should.be.true();
    asked.should.eql([1, 2, 3]);
  });

  it('starts afresh (notes, emits nothing) when the config now points at another service or account', async () => {
    const now = Date.now();
    const fetch = async () => page([{ recordId: 'x1', time: new Date(now - 1000).toISOString() }]);
    const cursor = { endpoint: 'http://127.0.0.1:1 p1', since: now - 600_000, seen: [] };
    const other = await readLog('d', cursor, fetch, { now, maxPages: 2, mapping: TUYA_EVENTS, endpoint: 'http://127.0.0.1:2 p1' });
    other.fresh.should.eql([]);
    other.cursor.endpoint.should.equal('http://127.0.0.1:2 p1');
    const same = await readLog('d', cursor, fetch, { now, maxPages: 2, mapping: TUYA_EVENTS, endpoint: 'http://127.0.0.1:1 p1' });
    same.fresh.map((e) => e.id).should.eql(['x1']);
  });
});
