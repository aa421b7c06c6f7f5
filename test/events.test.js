'use strict';
require('should');
const { helper, startTuya, startAliyun, startHotel, loadFlow, pollEvents } = require('./support/flow');
const { newEvents, toEvent } = require('../dist/lib/events');
const MAPPING = require('../dist/lib/vendors').VENDORS.tuya.module.events;
const { formatLocal, formatIso } = require('../dist/lib/time');

const DEV = 'lock-wifi-1';

const poll = (id = 'n-events') => pollEvents(id);

describe('smartlock-events', function () {
  let sim;
  afterEach(async () => {
    await helper.unload();
    await sim?.stop();
    sim = undefined;
  });

  const flowWith = (extra = {}) => [
    { id: 'n-events', type: 'smartlock-events', operation: 'query', devices: DEV, interval: 3600, ...extra },
    { id: 'n-open', type: 'smartlock-remote-open', operation: 'open', wires: [[]] },
  ];

  it('emits each new record once over three polls, nothing again after a redeploy, and what happened while stopped', async () => {
    sim = await startTuya();
    sim.recordOpen(DEV); // history before the node existed: not emitted
    await loadFlow(sim, flowWith());
    (await poll()).should.eql([]);
    sim.recordOpen(DEV, 'unlock_card', '4', 'Guest');
    const first = await poll();
    first.length.should.equal(1);
    first[0].should.match({ deviceId: DEV, kind: 'unlock', method: 'card', user: 'Guest', credential: { kind: 'card', id: '4' } });
    // ISO 8601 in the config's zone (here this machine's, Tuya's default), its epoch-ms twin the same instant
    first[0].time.should.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    Date.parse(first[0].time).should.equal(first[0].timeMs);
    sim.recordOpen(DEV);
    sim.recordOpen(DEV, 'unlock_password', '2');
    (await poll())
      .map((e) => e.method)
      .sort()
      .should.eql(['fingerprint', 'password']);
    (await poll()).should.eql([]);

    await helper._redNodes.stopFlows();
    sim.recordOpen(DEV, 'unlock_face', '7');
    sim.recordOpen(DEV, 'unlock_key', '1');
    await helper._redNodes.startFlows();
    const afterRestart = await poll();
    afterRestart
      .map((e) => e.method)
      .sort()
      .should.eql(['face', 'key']);
    (await poll()).should.eql([]);
  });

  it('reads Alibaba Cloud IoT event history the same way, alarms included', async () => {
    sim = await startAliyun();
    await loadFlow(sim, [
      { id: 'n-events', type: 'smartlock-events', operation: 'query', devices: 'dev-door-1', interval: 3600 },
      { id: 'n-open', type: 'smartlock-remote-open', operation: 'open', wires: [[]] },
    ]);
    (await poll()).should.eql([]);
    const now = formatLocal(new Date(), 'Asia/Shanghai');
    sim.events.unshift({ iot_id: 'dev-door-1', event_code: 'HijackingAlarm', service_date: now, client_date: now, KeyID: '10', LockType: 2, ms: Date.now() });
    const got = await poll();
    got.length.should.equal(1);
    got[0].should.match({ deviceId: 'dev-door-1', kind: 'alarm', alarm: 'duress', method: 'password', credential: { kind: 'password', id: '10' } });
  });

  it('refuses a vendor without logs with NOT_SUPPORTED and stops polling on close', async () => {
    sim = await startHotel();
    await loadFlow(sim, [{ id: 'n-events', type: 'smartlock-events', operation: 'query', devices: '775032240849920', interval: 5 }]);
    const node = helper.getNode('n-events');
    node.status.lastCall.args[0].should.match({ fill: 'red', text: /does not supp/ });
    const handles = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    await helper.unload();
    process
      .getActiveResourcesInfo()
      .filter((r) => r === 'Timeout')
      .length.should.be.belowOrEqual(handles);
  });

  it('never emits a record twice when the vendor lists it late or at the same second', () => {
    const now = Date.now();
    const base = now - 60_000;
    const ev = (ms, id) => toEvent('d', { time: new Date(ms).toISOString(), recordId: id }, MAPPING, now);
    let cursor = { since: base, seen: [] };
    const floor = base - 120_000;
    let r = newEvents([ev(base, 'a'), ev(base + 1000, 'b')], cursor, { now, floor });
    r.fresh.length.should.equal(2);
    cursor = r.cursor;
    r = newEvents([ev(base, 'a'), ev(base + 1000, 'b'), ev(base + 1000, 'c'), ev(base - 1000, 'late')], cursor, { now, floor });
    r.fresh.map((e) => e.raw.recordId).should.eql(['late', 'c']);
    r.cursor.seen.map(([k]) => k).should.containEql('c');
  });

  it('orders and moves the cursor by instant when times carry different offsets, not by their text', () => {
    const now = Date.UTC(2026, 11, 20, 12);
    // 10:00Z written in Shanghai sorts after 11:00Z written in New York as text; as instants it is first
    const written = (hour, zone, recordId) => toEvent('d', { time: formatIso(Date.UTC(2026, 11, 20, hour), zone), recordId }, MAPPING, now, undefined, zone);
    const shanghai = written(10, 'Asia/Shanghai', 'first');
    const newYork = written(11, 'America/New_York', 'second');
    (shanghai.time > newYork.time).should.be.true();
    const r = newEvents([newYork, shanghai], { since: Date.UTC(2026, 11, 20, 9), seen: [] }, { now, floor: Date.UTC(2026, 11, 20, 8) });
    r.fresh.map((e) => e.id).should.eql(['first', 'second']);
    r.cursor.since.should.equal(Date.UTC(2026, 11, 20, 11));
  });

  it('knows a record without a vendor id as the same in any zone, and as it was known when times were UTC', () => {
    const mapping = { method: [], user: [], id: [] }; // known by content, as the hotel's and Alibaba's records
    const ms = Date.UTC(2026, 11, 20, 6, 0, 0);
    const record = (zone) => ({ time: formatIso(ms, zone), validUntil: formatIso(ms + 864e5, zone), room: '101' });
    const ids = ['Asia/Shanghai', 'Europe/Berlin', 'Asia/Kathmandu', 'UTC'].map((zone) => toEvent('d', record(zone), mapping, ms, undefined, zone).id);
    new Set(ids).size.should.equal(1);
    // before output times had the config's zone, the same record was written in UTC with Z: a cursor saved then still knows it
    const before = { time: new Date(ms).toISOString(), validUntil: new Date(ms + 864e5).toISOString(), room: '101' };
    toEvent('d', before, mapping, ms).id.should.equal(ids[0]);
    toEvent('d', record('Asia/Shanghai'), mapping, ms, undefined, 'Asia/Shanghai').time.should.equal('2026-12-20T14:00:00+08:00');
  });
});
