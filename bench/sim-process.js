'use strict';
// One vendor simulator in its own process, so that its CPU is not charged to the client side
// being measured. Driven over IPC by bench/support.js.
const path = require('node:path');

const { HotelSimulator, TuyaSimulator, TuyaPushSimulator, AliyunSimulator, TtlockSimulator } = require(path.resolve(__dirname, '../dist/lib/simulators'));
const [vendor, optionsJson] = process.argv.slice(2);
const options = JSON.parse(optionsJson || '{}');

function create() {
  if (vendor === 'hotel') return new HotelSimulator(options.appid, options.appsecret);
  if (vendor === 'tuya') {
    const tuya = new TuyaSimulator(options);
    for (let i = 1; i <= (options.devices ?? 0); i++) tuya.addDevice(`bench-lock-${i}`, `Lock ${i}`);
    return tuya;
  }
  if (vendor === 'ttlock') {
    const ttlock = new TtlockSimulator(options);
    for (let i = 1; i <= (options.devices ?? 0); i++) {
      ttlock.addLock({
        lockId: 900000 + i,
        lockAlias: `Lock ${i}`,
        lockName: `B${i}`,
        lockMac: `C5:40:E0:00:00:${String(i % 100).padStart(2, '0')}`,
        online: true,
      });
    }
    return ttlock;
  }
  if (vendor === 'tuyaPush') return new TuyaPushSimulator(options);
  return new AliyunSimulator(options);
}

const sim = create();
if (vendor === 'aliyun') sim.persons.set('bench-person', { identityId: 'bench-person', name: 'Bench' });

process.on('message', (m) => {
  const answer = (value) => process.send({ id: m.id, value });
  if (m.cmd === 'counts') answer(vendor === 'tuyaPush' ? sim.counts : { received: sim.received, executed: sim.executed });
  // The message service: `count` reports of one data point, `every` ms apart (0: at once); each stamped when sent.
  else if (m.cmd === 'report') {
    let left = m.count;
    const one = () => sim.report(m.devId, [{ code: 'unlock_fingerprint', value: left }]);
    if (!m.every) {
      while (left-- > 0) one();
      answer(null);
    } else {
      const timer = setInterval(() => {
        one();
        if (--left <= 0) {
          clearInterval(timer);
          answer(null);
        }
      }, m.every);
    }
  } else if (m.cmd === 'hold') answer(sim.hold());
  else if (m.cmd === 'release') answer(sim.release());
  else if (m.cmd === 'reset') answer(sim.resetCounts());
  else if (m.cmd === 'inject') answer(sim.inject(m.fault, { ...m.options, times: m.options?.times ?? Infinity }));
  else if (m.cmd === 'clear') answer(sim.clearFaults());
  else if (m.cmd === 'cpu') answer(process.cpuUsage());
  else if (m.cmd === 'stop')
    sim
      .stop()
      .then(() => answer(null))
      .then(() => process.exit(0));
});

sim.start().then((url) => process.send({ ready: url }));
