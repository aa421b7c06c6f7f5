'use strict';
// Issue 21 item 6: every output time is ISO 8601 in the config's zone (lib/time.ts formatIso),
// with an exact epoch-ms twin where the vendor stamped in epoch; events, polled or pushed, too.
// Through real nodes and the simulators; the expected texts are worked out here, not by formatIso.
require('should');
const { helper, startTuya, startHotel, loadFlow, send, pollEvents } = require('./support/flow');

const DEV = 'lock-wifi-1';
const ROOM = '775032240849920';
const HOUR = 3600e3;

/** `ms` as the wall clock of a zone `offsetMs` from UTC, in the package's format (seconds unless ms). */
function wallAt(ms, offsetMs, offset) {
  const text = new Date(ms + offsetMs).toISOString();
  return (ms % 1000 === 0 ? text.slice(0, 19) : text.slice(0, 23)) + offset;
}

describe('times in the config zone, through the nodes', function () {
  let sim;
  afterEach(async () => {
    await helper.unload();
    await sim?.stop();
    sim = undefined;
  });

  const tuyaFlow = [
    { id: 'n-logs', type: 'smartlock-logs', operation: 'query' },
    { id: 'n-events', type: 'smartlock-events', operation: 'query', source: 'poll', devices: DEV, interval: 3600 },
  ];

  /** One unlock read twice: as a logs result and as a polled event. */
  async function readUnlock(zone) {
    sim = await startTuya();
    await loadFlow(sim, tuyaFlow, zone === undefined ? {} : { timeZone: zone });
    (await pollEvents('n-events')).should.eql([]); // the first poll marks where the log stands
    sim.recordOpen(DEV, 'unlock_card', '4', 'Guest');
    const stamp = sim.devices.get(DEV).openLogs[0].update_time * 1000; // Tuya stamps in epoch seconds
    const [event] = await pollEvents('n-events');
    const result = (await send('n-logs', { payload: { deviceId: DEV, since: Date.now() - HOUR } })).msg.payload;
    const record = result.records.find((r) => r.timeMs === stamp);
    await helper.unload();
    await sim.stop();
    sim = undefined;
    return { stamp, event, record };
  }

  it('a result time and an event time are the config zone wall clock with its offset, each with its exact ms twin', async () => {
    const { stamp, event, record } = await readUnlock('Asia/Shanghai');
    const shanghai = wallAt(stamp, 8 * HOUR, '+08:00');
    record.should.match({ time: shanghai, timeMs: stamp });
    event.should.match({ deviceId: DEV, kind: 'unlock', time: shanghai, timeMs: stamp });
    event.should.not.have.property('timeFlag');
    Date.parse(event.time).should.equal(stamp);
  });

  it('another zone in the config changes the offset, not the instant (+05:45, and Tuya default: this machine)', async () => {
    const kathmandu = await readUnlock('Asia/Kathmandu');
    const nepal = wallAt(kathmandu.stamp, 5.75 * HOUR, '+05:45');
    kathmandu.record.should.match({ time: nepal, timeMs: kathmandu.stamp });
    kathmandu.event.should.match({ time: nepal, timeMs: kathmandu.stamp });

    const newYork = await readUnlock('America/New_York');
    newYork.event.time.should.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-0[45]:00$/);
    newYork.record.time.should.equal(newYork.event.time);
    Date.parse(newYork.event.time).should.equal(newYork.stamp);

    // no zone set: Tuya's default, this machine's zone
    const host = await readUnlock(undefined);
    const offsetMin = -new Date(host.stamp).getTimezoneOffset();
    const sign = offsetMin < 0 ? '-' : '+';
    const abs = Math.abs(offsetMin);
    const hhmm = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
    host.event.should.match({ time: wallAt(host.stamp, offsetMin * 60e3, hhmm), timeMs: host.stamp });
  });

  it("the hotel's lock clock and the validity it echoes are in the config's zone (Asia/Shanghai by default, Europe/Berlin when set)", async () => {
    sim = await startHotel();
    const nodes = [{ id: 'n-online', type: 'smartlock-password', operation: 'create' }];
    const payload = { roomId: ROOM, slot: 3, password: '12345678', validUntil: '2026-11-24T04:00:00Z' };

    await loadFlow(sim, nodes);
    const china = (await send('n-online', { payload })).msg.payload;
    china.validUntil.should.equal('2026-11-24T12:00:00+08:00');
    china.lockTime.should.equal(wallAt(china.lockTimeMs, 8 * HOUR, '+08:00'));
    await helper.unload();

    await loadFlow(sim, nodes, { timeZone: 'Europe/Berlin' });
    const berlin = (await send('n-online', { payload: { ...payload, slot: 4 } })).msg.payload;
    berlin.validUntil.should.equal('2026-11-24T05:00:00+01:00'); // winter: CET
    // the lock clock is now: CET or, in summer, CEST
    const offset = berlin.lockTime.slice(-6);
    offset.should.be.oneOf('+01:00', '+02:00');
    berlin.lockTime.should.equal(wallAt(berlin.lockTimeMs, (offset === '+01:00' ? 1 : 2) * HOUR, offset));
  });
});
